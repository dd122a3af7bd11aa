// The durable append writer: one file per terminal per local day (`DIR/TERMINAL/YYYY-MM-DD.jsonl`),
// one hash chain and one seq across that terminal's files.
//
// Rules (docs/durability.md):
// - one step's records (and its seal) = one Buffer = one writeSync loop on an fd opened with 'a',
//   then fsyncSync before appendAll() returns; a new file's folder is fsynced too;
// - any write or fsync error is fatal for the writer: it throws LogWriteError now and on every later
//   append (never retry and pretend);
// - at open (open-scan.ts, repair.ts), a torn tail of the newest file is copied aside to `.broken`, truncated and followed by
//   a `repair` record; a bad line in the middle is reported, never rewritten.
import path from 'node:path';
import { LogWriteError, type RepairPayload } from './write-error.js';
import { scanNewest, scanOlder } from './open-scan.js';
import { dropUnacknowledged, moveAside } from './repair.js';
import { UserError } from '../errors.js';
import { hashLine } from './chain.js';
import { ensureFolder, errnoCode as errno, exists, fsyncDir, MODE_FILE, nodeFs, writeAll, type LogFs } from './fs.js';
import type { ProblemItem } from './items.js';
import { GENESIS, LogRecord, RECORD_VERSION, type NewRecord } from '../domain/record.js';
import { isoWithOffset, localDay } from './time.js';
import { ratchet, sealTag } from '../seal/key.js';
import type { EpochKey, TerminalKey } from '../seal/state.js';


/**
 * Where the log stood after the last append that was acknowledged (written and fsynced): the file,
 * its size then, and the last record's seq and line hash. A writer that failed hands this to the
 * next open, which moves anything after it aside (see `openLog`).
 */
export interface Acknowledged {
  file: string;
  size: number;
  seq: number;
  hash: string;
}

export interface LogWriter {
  readonly terminal: string;
  /** The terminal's folder. */
  readonly folder: string;
  /** The file the next append goes to (unless the day changes); it may not exist yet. */
  readonly file: string;
  /** The last record: its seq (0 before the first) and the hash of its line (GENESIS before the first). */
  readonly head: { seq: number; hash: string };
  /** Damage found at open (bad lines in the middle, a break from the previous day's file). */
  readonly problems: readonly ProblemItem[];
  /** The error that stopped this writer, if any; every append then throws. */
  readonly failure: LogWriteError | null;
  /** Where the log stood after the last acknowledged append (or the open). */
  readonly acknowledged: Acknowledged;
  /** The newest record's timestamp (epoch ms), or null before the first record. */
  readonly newestAt: number | null;
  /** Append one record durably (written and fsynced) and return it as written. */
  append(rec: NewRecord): LogRecord;
  /**
   * Append the records of one step durably: all in one write and one fsync, so that a failure
   * leaves none of them acknowledged. Returns them as written.
   */
  appendAll(recs: readonly NewRecord[]): LogRecord[];
  /**
   * The valid records read at open, from the file of the newest session-start on (no session was
   * open before it), plus the ones appended since.
   */
  records(): LogRecord[];
  close(): void;
}

export interface OpenLogOptions {
  dir: string;
  terminal: string;
  now?: () => Date;
  io?: LogFs;
  /**
   * Checked before every append: false when this process no longer holds the terminal's kiosk lock
   * (then nothing is written). `lockFile` names the lock in the error.
   */
  holdsLock?: () => boolean;
  lockFile?: string;
  /** The failed writer's `acknowledged`: bytes after it are moved aside (never acknowledged). */
  acknowledged?: Acknowledged;
  /** Repairs of an earlier open whose records could not be written (LogWriteError.carry). */
  carry?: readonly RepairPayload[];
  /** The terminal's seal key (when it is enrolled): appends are sealed forward-secure. */
  seal?: TerminalKey;
}

/** A seal is added at every logout and sign-out, and at least this often while records are written. */
export const SEAL_EVERY_MS = 15 * 60_000;

/** The sealing state of a writer: the current epoch's key, and what the next seal covers. */
interface Sealing {
  store: TerminalKey;
  key: EpochKey;
  /** The first seq not sealed yet. */
  from: number;
  /** When the last seal (or the enrolment) was written. */
  lastAt: number;
}

const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.jsonl$/;

/** A terminal id becomes a folder name: keep it to one harmless path segment. */
const SAFE_TERMINAL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Serialize in the fixed key order of the contract (exported for the bench generator: same bytes, same chain). */
export function serialize(r: LogRecord): { line: string; record: LogRecord } {
  const ordered = {
    v: r.v,
    seq: r.seq,
    ts: r.ts,
    terminal: r.terminal,
    operator: r.operator,
    session: r.session,
    type: r.type,
    payload: r.payload,
    prev: r.prev,
  } as LogRecord;
  return { line: JSON.stringify(ordered), record: ordered };
}

const tsMs = (r: LogRecord | undefined): number | null => (r ? Date.parse(r.ts) : null);

class Writer implements LogWriter {
  readonly folder: string;
  file: string;
  problems: ProblemItem[] = [];
  failure: LogWriteError | null = null;
  acknowledged: Acknowledged;
  newestAt: number | null;
  private seq: number;
  private hash: string;
  private fd: number | null = null;
  private fdFile: string | null = null;
  /** Day of the open file; never goes back (a clock set back keeps writing the newer file). */
  private day: string;
  private readonly recs: LogRecord[];
  private closed = false;
  /** Set when the terminal is enrolled for sealing. */
  sealing: Sealing | null = null;

  constructor(
    readonly terminal: string,
    folder: string,
    private readonly now: () => Date,
    private readonly io: LogFs,
    head: { seq: number; hash: string },
    records: LogRecord[],
    day: string,
    private readonly lock: { held: () => boolean; file: string } | null,
  ) {
    this.folder = folder;
    this.seq = head.seq;
    this.hash = head.hash;
    this.recs = records;
    this.day = day;
    this.file = path.join(folder, `${day}.jsonl`);
    this.acknowledged = { file: this.file, size: 0, seq: head.seq, hash: head.hash };
    this.newestAt = tsMs(records.at(-1));
  }

  get head() {
    return { seq: this.seq, hash: this.hash };
  }

  records(): LogRecord[] {
    return this.recs.slice();
  }

  /**
   * Open (creating if needed) the file of `day` for appending. Its folder is fsynced when the file is
   * new, or when `syncFolder` says so (at open: a file found may be one whose creation an earlier,
   * failed folder fsync never made durable).
   */
  openFile(day: string, syncFolder = false): void {
    const file = path.join(this.folder, `${day}.jsonl`);
    if (this.fd !== null) {
      const old = this.fd;
      this.fd = null;
      this.fdFile = null;
      try {
        this.io.closeSync(old);
      } catch {
        // Its records were fsynced when appended; a close error loses nothing.
      }
    }
    this.day = day;
    this.file = file;
    let existed: boolean;
    let fd: number;
    try {
      existed = exists(this.io, file);
      fd = this.io.openSync(file, 'a', MODE_FILE);
    } catch (e) {
      throw this.fail(new LogWriteError('open', errno(e), file, { cause: e }));
    }
    this.fd = fd;
    this.fdFile = file;
    try {
      if (!existed || syncFolder) fsyncDir(this.io, this.folder);
      this.acknowledged = { file, size: this.io.fstatSync(fd).size, seq: this.seq, hash: this.hash };
    } catch (e) {
      throw this.fail(new LogWriteError('fsync', errno(e), this.folder, { cause: e }));
    }
  }

  append(rec: NewRecord): LogRecord {
    return this.appendAll([rec])[0]!;
  }

  appendAll(recs: readonly NewRecord[]): LogRecord[] {
    if (this.closed) throw new Error('log writer is closed');
    if (this.failure) {
      throw new LogWriteError('failed', this.failure.code, this.failure.path, { cause: this.failure });
    }
    if (recs.length === 0) return [];
    if (this.lock && !this.lock.held()) {
      throw this.fail(new LogWriteError('lock', 'ELOCKLOST', this.lock.file));
    }
    const at = this.now();
    // A bad record is a programming error: LogRecord.parse throws (a ZodError), nothing is written.
    let seq = this.seq;
    let hash = this.hash;
    const out: LogRecord[] = [];
    const lines: Buffer[] = [];
    for (const rec of recs) {
      const parsed = LogRecord.parse({
        v: RECORD_VERSION,
        seq: seq + 1,
        ts: isoWithOffset(at),
        terminal: this.terminal,
        operator: rec.operator,
        session: rec.session,
        type: rec.type,
        payload: rec.payload,
        prev: hash,
      });
      const { line, record } = serialize(parsed);
      const bytes = Buffer.from(line, 'utf8');
      lines.push(bytes, NEWLINE);
      seq = record.seq;
      hash = hashLine(bytes);
      out.push(record);
    }
    // The seal goes into the same write as what it seals (a logout, a sign-out, or 15 minutes on).
    const sealing = this.sealing;
    const seal = sealing !== null && (recs.some((r) => r.type === 'logout' || r.type === 'sign-out') || at.getTime() - sealing.lastAt >= SEAL_EVERY_MS);
    if (seal) {
      const fields = { terminal: this.terminal, fingerprint: sealing.key.fingerprint, epoch: sealing.key.epoch, from: sealing.from, to: seq, hash, ts: isoWithOffset(at) };
      const parsed = LogRecord.parse({
        v: RECORD_VERSION,
        seq: seq + 1,
        ts: fields.ts,
        terminal: this.terminal,
        operator: null,
        session: null,
        type: 'seal',
        payload: { fingerprint: fields.fingerprint, epoch: fields.epoch, from: fields.from, to: fields.to, hash: fields.hash, tag: sealTag(sealing.key.key, fields) },
        prev: hash,
      });
      const { line, record } = serialize(parsed);
      const bytes = Buffer.from(line, 'utf8');
      lines.push(bytes, NEWLINE);
      seq = record.seq;
      hash = hashLine(bytes);
      out.push(record);
    }
    const bytes = Buffer.concat(lines);

    const recDay = localDay(at);
    const day = recDay > this.day ? recDay : this.day;
    if (this.fd === null || day !== this.day) this.openFile(day);
    const fd = this.fd!;
    const file = this.fdFile!;
    try {
      writeAll(this.io, fd, bytes);
    } catch (e) {
      throw this.fail(new LogWriteError('write', errno(e), file, { cause: e }));
    }
    try {
      this.io.fsyncSync(fd);
    } catch (e) {
      throw this.fail(new LogWriteError('fsync', errno(e), file, { cause: e }));
    }
    this.seq = seq;
    this.hash = hash;
    this.acknowledged = { file, size: this.acknowledged.file === file ? this.acknowledged.size + bytes.length : bytes.length, seq, hash };
    this.newestAt = at.getTime();
    this.recs.push(...out);
    if (seal) this.moveKeyOn(sealing, seq + 1, at);
    return out;
  }

  /**
   * After a seal is durable: the key moves on (one way) and replaces the old one on disk. If that
   * write fails, the key moves on in memory anyway (never a second seal of one epoch); the next
   * ratchet writes it, and the next open heals a file left behind (its epoch behind the log's).
   */
  private moveKeyOn(sealing: Sealing, nextFrom: number, at: Date): void {
    sealing.key = { fingerprint: sealing.key.fingerprint, epoch: sealing.key.epoch + 1, key: ratchet(sealing.key.key) };
    sealing.from = nextFrom;
    sealing.lastAt = at.getTime();
    try {
      sealing.store.write(sealing.key, isoWithOffset(at));
    } catch {
      // healed later (see above)
    }
  }

  /** Mark the writer failed for good and drop its fd (its state after an error is unknown). */
  private fail(err: LogWriteError): LogWriteError {
    this.failure = err;
    if (this.fd !== null) {
      const fd = this.fd;
      this.fd = null;
      this.fdFile = null;
      try {
        this.io.closeSync(fd);
      } catch {
        // already failed
      }
    }
    return err;
  }

  close(): void {
    this.closed = true;
    if (this.fd !== null) {
      const fd = this.fd;
      this.fd = null;
      this.fdFile = null;
      this.io.closeSync(fd);
    }
  }
}

const NEWLINE = Buffer.from('\n');

/**
 * Open the terminal's log for appending: find its newest file, verify it, repair a torn tail (copy
 * aside, truncate, `repair` record), and continue the chain. After a failed writer (`acknowledged`),
 * bytes it wrote but never acknowledged are moved aside the same way first, so the log holds exactly
 * what the screen showed as done. Throws LogWriteError when the folder cannot be written or the
 * newest file is damaged in a way it must not continue.
 */
export function openLog(opts: OpenLogOptions): LogWriter {
  const { dir, terminal } = opts;
  const now = opts.now ?? (() => new Date());
  const io = opts.io ?? nodeFs;
  if (!SAFE_TERMINAL.test(terminal) || terminal === '.' || terminal === '..') {
    throw new UserError('log.error.badTerminal', { terminal });
  }
  const folder = path.join(dir, terminal);
  const repairs: RepairPayload[] = [...(opts.carry ?? [])];
  const failOpen = (e: unknown, where: string): never => {
    if (e instanceof LogWriteError) throw new LogWriteError(e.op, e.code, e.path, { cause: e, carry: repairs });
    throw new LogWriteError('open', errno(e), where, { cause: e, carry: repairs });
  };

  // Folders: 0700, and the new entries made durable.
  try {
    ensureFolder(io, folder);
  } catch (e) {
    failOpen(e, folder);
  }

  let names: string[] = [];
  try {
    names = io
      .readdirSync(folder)
      .filter((n) => DAY_FILE.test(n))
      .sort();
  } catch (e) {
    failOpen(e, folder);
  }

  if (opts.acknowledged) {
    try {
      names = dropUnacknowledged(io, folder, names, opts.acknowledged, now(), repairs);
    } catch (e) {
      failOpen(e, folder);
    }
  }

  const today = localDay(now());
  const problems: ProblemItem[] = [];
  let head: { seq: number; hash: string } = { seq: 0, hash: GENESIS };
  let records: LogRecord[] = [];

  // Where the chain stood before the newest file: the last valid record of an older file. And the
  // records the kiosk needs at start: back to the newest session-start, since no session was open
  // when that one started (so a session left open in an older file is still found).
  // (Sealed: back to the newest seal or enrolment too, which says where the next seal starts.)
  let key: EpochKey | null = null;
  try {
    key = opts.seal?.read() ?? null;
  } catch {
    // A damaged key file: the log goes on unsealed (verify shows where the seals stop).
  }
  const enough = (rs: readonly LogRecord[]) =>
    rs.some((r) => r.type === 'session-start') && (key === null || rs.some((r) => r.type === 'seal' || r.type === 'seal-init'));
  let base: { seq: number; hash: string } | null = null;
  const older: LogRecord[][] = [];
  try {
    for (let i = names.length - 2; i >= 0; i--) {
      const scan = scanOlder(io, path.join(folder, names[i]!), terminal);
      base ??= scan.last;
      older.unshift(scan.records);
      if (enough(older.flat())) break;
    }
  } catch (e) {
    failOpen(e, folder);
  }
  base ??= { seq: 0, hash: GENESIS };
  head = base;
  const baseRecords = older.flat();
  records = baseRecords;

  const newestName = names[names.length - 1];
  let day = today;
  if (newestName !== undefined) {
    const newest = path.join(folder, newestName);
    const newestDay = newestName.slice(0, 10);
    if (newestDay > day) day = newestDay;
    let buf: Buffer = Buffer.alloc(0);
    try {
      // What a kiosk that died wrote but never got fsynced (its fsync failed) may still sit in the
      // page cache: make it durable before trusting it, or a power cut could take back a logout
      // this open has already counted.
      syncFile(io, newest);
      buf = io.readFileSync(newest);
    } catch (e) {
      failOpen(e, newest);
    }
    const scan = scanNewest(buf, newest, terminal, base);
    problems.push(...scan.problems);
    // The newest file's own records, after the older ones unless it holds all that is needed itself.
    records = enough(scan.records) ? scan.records : [...baseRecords, ...scan.records];
    if (scan.kind === 'clean') {
      head = scan.head ?? base;
    } else if (scan.kind === 'torn') {
      head = scan.head ?? base;
      try {
        repairs.push(moveAside(io, newest, buf, scan.validEnd, now(), 'torn-tail'));
      } catch (e) {
        failOpen(e, newest);
      }
    } else if (scan.kind === 'damaged-continue') {
      head = { seq: Math.max(scan.maxSeq, base.seq), hash: scan.lastHash };
    } else {
      throw new LogWriteError('damaged', 'ELOGDAMAGED', newest, { line: scan.firstBadLine, carry: repairs });
    }
  }

  const lock = opts.holdsLock ? { held: opts.holdsLock, file: opts.lockFile ?? folder } : null;
  const writer = new Writer(terminal, folder, now, io, head, records, day, lock);
  writer.problems = problems;
  const enrol = key && opts.seal ? resumeSealing(writer, opts.seal, key, records, now()) : null;
  // Fail now, not at the first session: open (creating if needed) the file the next record goes
  // to. A read-only folder, a permission problem or a full disk shows here, before any session.
  // (Should the day change before the first append, that file stays empty: readers skip it, and
  // the next open takes its chain and records from the older file.)
  try {
    writer.openFile(day, true);
    const first: NewRecord[] = repairs.map((payload) => ({ type: 'repair', payload, operator: null, session: null }) as NewRecord);
    // An enrolment the log does not hold yet (seal init, or a crash before its record): it comes first.
    if (enrol) first.push({ type: 'seal-init', payload: { fingerprint: enrol.fingerprint }, operator: null, session: null });
    if (first.length > 0) {
      const written = writer.appendAll(first);
      const init = written.find((r) => r.type === 'seal-init');
      if (init && writer.sealing) {
        writer.sealing.from = init.seq;
        writer.sealing.lastAt = Date.parse(init.ts);
      }
    }
  } catch (e) {
    failOpen(e, writer.file);
  }
  return writer;
}

/**
 * Where sealing stands, from the log: the newest enrolment of this key and the newest seal after it.
 * A key file behind the log (a kill between a seal and its ratchet, a failed key write) is moved on
 * to the epoch after the newest seal first: an epoch is never sealed twice. Returns the key to enrol
 * when the log does not name it yet.
 */
function resumeSealing(writer: Writer, store: TerminalKey, stored: EpochKey, records: readonly LogRecord[], at: Date): EpochKey | null {
  let init: LogRecord | null = null;
  let last: Extract<LogRecord, { type: 'seal' }> | null = null;
  for (const r of records) {
    if (r.type === 'seal-init' && r.payload.fingerprint === stored.fingerprint) {
      init = r;
      last = null;
    } else if (r.type === 'seal' && r.payload.fingerprint === stored.fingerprint) last = r;
  }
  let key = stored;
  const next = last ? last.payload.epoch + 1 : 0;
  if (key.epoch < next) {
    while (key.epoch < next) key = { fingerprint: key.fingerprint, epoch: key.epoch + 1, key: ratchet(key.key) };
    try {
      store.write(key, isoWithOffset(at));
    } catch {
      // it moves on in memory; the next ratchet writes it
    }
  }
  const from = last ? last.seq + 1 : (init?.seq ?? writer.head.seq + 1);
  const lastAt = Date.parse((last ?? init)?.ts ?? isoWithOffset(at));
  writer.sealing = { store, key, from, lastAt };
  return init === null && last === null ? key : null;
}

function syncFile(io: LogFs, file: string): void {
  const fd = io.openSync(file, 'r+');
  try {
    io.fsyncSync(fd);
  } finally {
    io.closeSync(fd);
  }
}


export { describeLogError, LogWriteError, type LogWriteOp, type RepairPayload } from './write-error.js';
