// Where seal keys live. On a terminal: only the current epoch's key, in its own 0600 file under the
// state folder. On the supervisor's machine: the enrolment keys (K0) of the terminals they check.
// File I/O of the terminal's key goes through the log's file-system seam (tests put an in-memory disk
// with crash semantics behind it).
//
// The terminal's key file is one 512-byte block of two 256-byte slots, written in place with one
// write and one fsync at every ratchet: the new key into one slot, the other slot blanked in the same
// write, so the old key is gone as soon as the new one is durable. A temp file, fsync, rename and
// folder fsync per ratchet measured 0.87 ms here (a new file's first fsync and the folder fsync are
// the costly part), three times an append; the in-place block costs 0.21 ms. The block fits one
// disk sector, which devices write whole; should a write still tear, each slot carries its own
// checksum and the valid slot with the higher epoch is the key (a key behind the log is moved on at
// the next open). The file is created once, at enrolment, through a temp file and a rename.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { LoggedId } from '../domain/ids.js';
import { UserError } from '../errors.js';
import { ensureFolder, errnoCode, exists, fsyncDir, nodeFs, type LogFs, writeAll } from '../log/fs.js';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const Fingerprint = z.string().regex(/^[0-9a-f]{16}$/);

const Slot = z.strictObject({
  v: z.literal(1),
  terminal: LoggedId,
  fingerprint: Fingerprint,
  epoch: z.int().nonnegative(),
  key: Hex64,
  since: z.string().max(40),
  /** SHA-256 (first 16 hex) of the slot's JSON without this field: a torn slot is never taken. */
  sum: z.string().regex(/^[0-9a-f]{16}$/),
});

/** The current epoch's key of one terminal, as the writer uses it. */
export interface EpochKey {
  fingerprint: string;
  epoch: number;
  key: Buffer;
}

const SLOT = 256;
const BLOCK = 2 * SLOT;
const blank = () => Buffer.from(`${' '.repeat(SLOT - 1)}\n`);
const sumOf = (json: string) => createHash('sha256').update(json).digest('hex').slice(0, 16);

function slotBytes(terminal: string, k: EpochKey, since: string): Buffer {
  const body = { v: 1, terminal, fingerprint: k.fingerprint, epoch: k.epoch, key: k.key.toString('hex'), since: since.slice(0, 40) };
  const json = JSON.stringify({ ...body, sum: sumOf(JSON.stringify(body)) });
  if (json.length > SLOT - 1) throw new RangeError('seal key slot too long');
  return Buffer.from(`${json.padEnd(SLOT - 1)}\n`);
}

function parseSlot(bytes: Buffer): EpochKey | null {
  try {
    const parsed = Slot.safeParse(JSON.parse(bytes.toString('utf8').trim()));
    if (!parsed.success) return null;
    const { sum, ...body } = parsed.data;
    if (sumOf(JSON.stringify(body)) !== sum) return null;
    return { fingerprint: body.fingerprint, epoch: body.epoch, key: Buffer.from(body.key, 'hex') };
  } catch {
    return null;
  }
}

/** The terminal's seal key in its state folder: read it, replace it crash-safely. */
export class TerminalKey {
  /** The slot the key is in (the next write goes to the other one). */
  private slot = 0;

  constructor(
    readonly file: string,
    readonly terminal: string,
    private readonly io: LogFs,
  ) {}

  /** The key as stored, or null when the terminal is not enrolled. A file without a valid key is a UserError. */
  read(): EpochKey | null {
    let bytes: Buffer;
    try {
      bytes = this.io.readFileSync(this.file);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return null;
      throw new UserError('seal.error.keyUnreadable', { file: this.file, detail: errnoCode(e) });
    }
    const slots = [parseSlot(bytes.subarray(0, SLOT)), parseSlot(bytes.subarray(SLOT, BLOCK))];
    const best = slots[0] && (!slots[1] || slots[0].epoch >= slots[1].epoch) ? 0 : slots[1] ? 1 : -1;
    if (best < 0) throw new UserError('seal.error.keyUnreadable', { file: this.file, detail: 'no valid key' });
    this.slot = best;
    return slots[best]!;
  }

  exists(): boolean {
    return exists(this.io, this.file);
  }

  /**
   * Replace the key: one write of the whole block (the new key in the other slot, this one blanked)
   * and one fsync. A new file (enrolment) is made whole first: temp file, fsync, rename, folder fsync.
   */
  write(k: EpochKey, since: string): void {
    const next = 1 - this.slot;
    const block = next === 0 ? Buffer.concat([slotBytes(this.terminal, k, since), blank()]) : Buffer.concat([blank(), slotBytes(this.terminal, k, since)]);
    if (!this.exists()) {
      const dir = path.dirname(this.file);
      ensureFolder(this.io, dir);
      const tmp = `${this.file}.tmp`;
      const fd = this.io.openSync(tmp, 'w', 0o600);
      try {
        writeAll(this.io, fd, block);
        this.io.fsyncSync(fd);
      } finally {
        this.io.closeSync(fd);
      }
      this.io.renameSync(tmp, this.file);
      fsyncDir(this.io, dir);
    } else {
      const fd = this.io.openSync(this.file, 'r+');
      try {
        if (this.io.writeAtSync(fd, block, 0) !== BLOCK) throw Object.assign(new Error('short write of the seal key'), { code: 'EIO' });
        this.io.fsyncSync(fd);
      } finally {
        this.io.closeSync(fd);
      }
    }
    this.slot = next;
  }

  /** Forget the key (an enrolment that could not be completed). */
  remove(): void {
    this.io.unlinkSync(this.file);
  }
}

export const terminalKeyFile = (stateDir: string, terminal: string) => path.join(stateDir, 'seal', `${terminal}.json`);

// ---- the supervisor's enrolled keys --------------------------------------------------------------

const Enrolment = z.strictObject({ fingerprint: Fingerprint, key: Hex64, enrolledAt: z.string() });
const EnrolledFile = z.strictObject({ version: z.literal(1), terminals: z.record(z.string(), z.array(Enrolment)) });

/** Per terminal, its enrolment keys (K0) by fingerprint. */
export type SealKeys = ReadonlyMap<string, ReadonlyMap<string, Buffer>>;

export const enrolledKeysFile = (stateDir: string) => path.join(stateDir, 'seal-keys.json');

/** The keys enrolled on this machine (the supervisor's), for verify, report and review. */
export function enrolledKeys(stateDir: string, io: LogFs = nodeFs): SealKeys {
  return loadEnrolled(enrolledKeysFile(stateDir), io).keys;
}

export function loadEnrolled(file: string, io: LogFs): { keys: SealKeys; raw: z.infer<typeof EnrolledFile> } {
  let text: string;
  try {
    text = io.readFileSync(file).toString('utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return { keys: new Map(), raw: { version: 1, terminals: {} } };
    throw new UserError('seal.error.keysUnreadable', { file, detail: errnoCode(e) });
  }
  let parsed;
  try {
    parsed = EnrolledFile.safeParse(JSON.parse(text));
  } catch {
    throw new UserError('seal.error.keysUnreadable', { file, detail: 'JSON' });
  }
  if (!parsed.success) throw new UserError('seal.error.keysUnreadable', { file, detail: 'schema' });
  const keys = new Map<string, Map<string, Buffer>>();
  for (const [terminal, list] of Object.entries(parsed.data.terminals)) {
    keys.set(terminal, new Map(list.map((e) => [e.fingerprint, Buffer.from(e.key, 'hex')])));
  }
  return { keys, raw: parsed.data };
}

/** Add an enrolment (atomically: temp file, fsync, rename); the same key twice is kept once. */
export function saveEnrolment(file: string, io: LogFs, terminal: string, fp: string, k0: Buffer, at: string): boolean {
  const { raw } = loadEnrolled(file, io);
  const list = raw.terminals[terminal] ?? [];
  if (list.some((e) => e.fingerprint === fp)) return false;
  raw.terminals[terminal] = [...list, { fingerprint: fp, key: k0.toString('hex'), enrolledAt: at }];
  const dir = path.dirname(file);
  ensureFolder(io, dir);
  const tmp = `${file}.tmp`;
  const fd = io.openSync(tmp, 'w', 0o600);
  try {
    writeAll(io, fd, Buffer.from(`${JSON.stringify(raw, null, 2)}\n`));
    io.fsyncSync(fd);
  } finally {
    io.closeSync(fd);
  }
  io.renameSync(tmp, file);
  fsyncDir(io, dir);
  return true;
}
