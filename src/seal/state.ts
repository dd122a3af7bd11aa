// Where seal keys live. On a terminal: only the current epoch's key, in its own 0600 file under the
// state folder, replaced crash-safely at every ratchet (temp file, fsync, rename, fsync the folder)
// so the old key is gone. On the supervisor's machine: the enrolment keys (K0) of the terminals
// they check. File I/O of the terminal's key goes through the log's file-system seam (tests put an
// in-memory disk with crash semantics behind it).
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { ensureFolder, errnoCode, exists, fsyncDir, nodeFs, type LogFs, writeAll } from '../log/fs.js';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const Fingerprint = z.string().regex(/^[0-9a-f]{16}$/);

export const TerminalKeyFile = z.strictObject({
  version: z.literal(1),
  terminal: z.string().min(1).max(64),
  fingerprint: Fingerprint,
  epoch: z.int().nonnegative(),
  key: Hex64,
  since: z.string(),
});
export type TerminalKeyFile = z.infer<typeof TerminalKeyFile>;

/** The current epoch's key of one terminal, as the writer uses it. */
export interface EpochKey {
  fingerprint: string;
  epoch: number;
  key: Buffer;
}

/** The terminal's seal key in its state folder: read it, replace it crash-safely. */
export class TerminalKey {
  constructor(
    readonly file: string,
    readonly terminal: string,
    private readonly io: LogFs,
  ) {}

  /** The key as stored, or null when the terminal is not enrolled. A damaged file is a UserError. */
  read(): EpochKey | null {
    let text: string;
    try {
      text = this.io.readFileSync(this.file).toString('utf8');
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return null;
      throw new UserError('seal.error.keyUnreadable', { file: this.file, detail: errnoCode(e) });
    }
    let parsed;
    try {
      parsed = TerminalKeyFile.safeParse(JSON.parse(text));
    } catch {
      throw new UserError('seal.error.keyUnreadable', { file: this.file, detail: 'JSON' });
    }
    if (!parsed.success) throw new UserError('seal.error.keyUnreadable', { file: this.file, detail: 'schema' });
    return { fingerprint: parsed.data.fingerprint, epoch: parsed.data.epoch, key: Buffer.from(parsed.data.key, 'hex') };
  }

  exists(): boolean {
    return exists(this.io, this.file);
  }

  /** Replace the key: the new one is durable and the old one gone, or the old one stays (an error). */
  write(k: EpochKey, since: string): void {
    const dir = path.dirname(this.file);
    ensureFolder(this.io, dir);
    const body: TerminalKeyFile = { version: 1, terminal: this.terminal, fingerprint: k.fingerprint, epoch: k.epoch, key: k.key.toString('hex'), since };
    const tmp = `${this.file}.tmp`;
    const fd = this.io.openSync(tmp, 'w', 0o600);
    try {
      writeAll(this.io, fd, Buffer.from(`${JSON.stringify(body)}\n`));
      this.io.fsyncSync(fd);
    } finally {
      this.io.closeSync(fd);
    }
    this.io.renameSync(tmp, this.file);
    fsyncDir(this.io, dir);
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
