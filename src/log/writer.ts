// The durable append writer: one file per terminal per local day (`DIR/TERMINAL/YYYY-MM-DD.jsonl`),
// one hash chain and one seq across that terminal's files.
//
// Rules (DESIGN.md §4, notes/durability.md §2 and §6):
// - one record = one Buffer = one writeSync loop on an fd opened with 'a', then fsyncSync before
//   append() returns; a new file's folder is fsynced too;
// - any write or fsync error is fatal for the writer: it throws LogWriteError now and on every later
//   append (never retry and pretend);
// - at open, a torn tail of the newest file is copied aside to `.broken`, truncated and followed by
//   a `repair` record; a bad line in the middle is reported, never rewritten.
import * as fs from 'node:fs';
import path from 'node:path';
import { t, type Locale, type MessageKey, type Params } from '../i18n/index.js';
import { UserError } from '../errors.js';
import { hashLine } from './chain.js';
import { ChainVerifier, type ProblemItem, type ReadItem, unknownHead } from './reader.js';
import { GENESIS, LogRecord, RECORD_VERSION, type NewRecord } from './record.js';
import { isoWithOffset, localDay } from './time.js';

/** The few fs calls that touch the disk for writing: a seam so tests can inject EIO/ENOSPC. */
export interface LogIo {
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
}

export const nodeIo: LogIo = {
  openSync: (p, flags, mode) => fs.openSync(p, flags, mode),
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
};

export type LogWriteOp = 'open' | 'write' | 'fsync' | 'repair' | 'damaged' | 'failed';

const OP_KEY: Record<LogWriteOp, MessageKey> = {
  open: 'log.error.open',
  write: 'log.error.write',
  fsync: 'log.error.write',
  repair: 'log.error.repair',
  damaged: 'log.error.damaged',
  failed: 'log.error.failed',
};

/**
 * The log cannot be written (read-only folder, permission, disk full, I/O error, a damaged file it
 * must not continue). `code` is the errno code (`EIO`, `ENOSPC`, `EACCES`, ...) or `ELOGDAMAGED`;
 * `key`/`params` give the translated message for the screen.
 */
export class LogWriteError extends Error {
  readonly key: MessageKey;
  readonly params: Params;
  constructor(
    readonly op: LogWriteOp,
    readonly code: string,
    readonly path: string,
    options: { cause?: unknown; line?: number } = {},
  ) {
    super(`log ${op} failed (${code}): ${path}${options.line !== undefined ? `:${options.line}` : ''}`, {
      cause: options.cause,
    });
    this.name = 'LogWriteError';
    this.key = OP_KEY[op];
    this.params = { code, path, ...(options.line !== undefined ? { line: options.line } : {}) };
  }
}

/** The screen's sentence for an error from the log (open, append): translated, naming code and path. */
export function describeLogError(error: unknown, locale: Locale): string {
  if (error instanceof LogWriteError || error instanceof UserError) return t(locale, error.key, error.params);
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return t(locale, 'log.error.other', { message: code ? `${code}: ${message}` : message });
}

const errno = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code ? code : 'EIO';
};

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
  /** Append one record durably (written and fsynced) and return it as written. */
  append(rec: NewRecord): LogRecord;
  /** Valid records of the newest file as read at open, plus the ones appended since. */
  records(): LogRecord[];
  close(): void;
}

export interface OpenLogOptions {
  dir: string;
  terminal: string;
  now?: () => Date;
  io?: LogIo;
}

const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.jsonl$/;
const MODE_DIR = 0o700;
const MODE_FILE = 0o600;
const NL = 10;
const isWin = process.platform === 'win32';

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

/** fsync a folder so a new entry in it survives power loss (not possible on Windows: tolerated). */
function fsyncDir(io: LogIo, dir: string): void {
  let fd: number | undefined;
  try {
    fd = io.openSync(dir, 'r');
    io.fsyncSync(fd);
  } catch (e) {
    const code = errno(e);
    if (isWin && (code === 'EPERM' || code === 'EISDIR' || code === 'EACCES')) return;
    throw e;
  } finally {
    if (fd !== undefined) {
      try {
        io.closeSync(fd);
      } catch {
        // closing a read-only folder handle cannot lose data
      }
    }
  }
}

function writeAll(io: LogIo, fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) {
    const n = io.writeSync(fd, buf, off, buf.length - off);
    if (!(n > 0)) throw Object.assign(new Error(`write returned ${n}`), { code: 'EIO' });
    off += n;
  }
}

/** `20261127T144143123`: a file-name-safe local stamp for `.broken` copies. */
function stamp(d: Date): string {
  return isoWithOffset(d).slice(0, 23).replace(/[-:.]/g, '');
}

interface FileScan {
  records: LogRecord[];
  /** seq/hash of the last valid record line (any chain state), or null. */
  last: { seq: number; hash: string } | null;
}

/** The valid records of an older file, and its last one (where the chain continues from). */
function scanOlder(file: string, terminal: string): FileScan {
  const buf = fs.readFileSync(file);
  const verifier = new ChainVerifier(unknownHead(), terminal);
  const records: LogRecord[] = [];
  let last: FileScan['last'] = null;
  let start = 0;
  let lineNo = 0;
  const sink: ReadItem[] = [];
  for (let nl = buf.indexOf(NL); nl !== -1; nl = buf.indexOf(NL, start)) {
    lineNo++;
    const r = verifier.line(buf, start, nl, file, lineNo, sink);
    sink.length = 0;
    if (r) {
      records.push(r);
      last = { seq: r.seq, hash: verifier.head.hash! };
    }
    start = nl + 1;
  }
  return { records, last };
}

class Writer implements LogWriter {
  readonly folder: string;
  file: string;
  problems: ProblemItem[] = [];
  failure: LogWriteError | null = null;
  private seq: number;
  private hash: string;
  private fd: number | null = null;
  private fdFile: string | null = null;
  /** Day of the open file; never goes back (a clock set back keeps writing the newer file). */
  private day: string;
  private readonly recs: LogRecord[];
  private closed = false;

  constructor(
    readonly terminal: string,
    folder: string,
    private readonly now: () => Date,
    private readonly io: LogIo,
    head: { seq: number; hash: string },
    records: LogRecord[],
    day: string,
  ) {
    this.folder = folder;
    this.seq = head.seq;
    this.hash = head.hash;
    this.recs = records;
    this.day = day;
    this.file = path.join(folder, `${day}.jsonl`);
  }

  get head() {
    return { seq: this.seq, hash: this.hash };
  }

  records(): LogRecord[] {
    return this.recs.slice();
  }

  /** Open (creating if needed) the file of `day` for appending. */
  openFile(day: string): void {
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
    const existed = fs.existsSync(file);
    let fd: number;
    try {
      fd = this.io.openSync(file, 'a', MODE_FILE);
    } catch (e) {
      throw this.fail(new LogWriteError('open', errno(e), file, { cause: e }));
    }
    this.fd = fd;
    this.fdFile = file;
    if (!existed) {
      try {
        fsyncDir(this.io, this.folder);
      } catch (e) {
        throw this.fail(new LogWriteError('fsync', errno(e), this.folder, { cause: e }));
      }
    }
  }

  append(rec: NewRecord): LogRecord {
    if (this.closed) throw new Error('log writer is closed');
    if (this.failure) {
      throw new LogWriteError('failed', this.failure.code, this.failure.path, { cause: this.failure });
    }
    const at = this.now();
    // A bad record is a programming error: LogRecord.parse throws (a ZodError), nothing is written.
    const parsed = LogRecord.parse({
      v: RECORD_VERSION,
      seq: this.seq + 1,
      ts: isoWithOffset(at),
      terminal: this.terminal,
      operator: rec.operator,
      session: rec.session,
      type: rec.type,
      payload: rec.payload,
      prev: this.hash,
    });
    const { line, record } = serialize(parsed);
    const bytes = Buffer.from(`${line}\n`, 'utf8');

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
    this.seq = record.seq;
    this.hash = hashLine(bytes.subarray(0, bytes.length - 1));
    this.recs.push(record);
    return record;
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

/**
 * Open the terminal's log for appending: find its newest file, verify it, repair a torn tail (copy
 * aside, truncate, `repair` record), and continue the chain. Throws LogWriteError when the folder
 * cannot be written or the newest file is damaged in a way it must not continue.
 */
export function openLog(opts: OpenLogOptions): LogWriter {
  const { dir, terminal } = opts;
  const now = opts.now ?? (() => new Date());
  const io = opts.io ?? nodeIo;
  if (!SAFE_TERMINAL.test(terminal) || terminal === '.' || terminal === '..') {
    throw new UserError('log.error.badTerminal', { terminal });
  }
  const folder = path.join(dir, terminal);

  // Folders: 0700, and the new entries made durable.
  let created: string | undefined;
  try {
    created = fs.mkdirSync(folder, { recursive: true, mode: MODE_DIR });
  } catch (e) {
    throw new LogWriteError('open', errno(e), folder, { cause: e });
  }
  if (created !== undefined) {
    // Every folder from `created` down to `folder` is new: fsync each one's parent.
    const chain: string[] = [];
    for (let p = folder; ; p = path.dirname(p)) {
      chain.push(path.dirname(p));
      if (path.resolve(p) === path.resolve(created) || path.dirname(p) === p) break;
    }
    for (const parent of chain) {
      try {
        fsyncDir(io, parent);
      } catch (e) {
        throw new LogWriteError('open', errno(e), parent, { cause: e });
      }
    }
  }

  let names: string[];
  try {
    names = fs
      .readdirSync(folder)
      .filter((n) => DAY_FILE.test(n))
      .sort();
  } catch (e) {
    throw new LogWriteError('open', errno(e), folder, { cause: e });
  }

  const today = localDay(now());
  const problems: ProblemItem[] = [];
  let head: { seq: number; hash: string } = { seq: 0, hash: GENESIS };
  let records: LogRecord[] = [];
  let repair: { file: string; brokenFile: string; bytes: number } | null = null;

  // Where the chain stood before the newest file: the last valid record of an older file.
  let base: { seq: number; hash: string } = { seq: 0, hash: GENESIS };
  let baseRecords: LogRecord[] = [];
  try {
    for (let i = names.length - 2; i >= 0; i--) {
      const scan = scanOlder(path.join(folder, names[i]!), terminal);
      if (scan.last) {
        base = scan.last;
        baseRecords = scan.records;
        break;
      }
    }
  } catch (e) {
    throw new LogWriteError('open', errno(e), folder, { cause: e });
  }
  head = base;
  records = baseRecords;

  const newestName = names[names.length - 1];
  let day = today;
  if (newestName !== undefined) {
    const newest = path.join(folder, newestName);
    const newestDay = newestName.slice(0, 10);
    if (newestDay > day) day = newestDay;
    let buf: Buffer;
    try {
      buf = fs.readFileSync(newest);
    } catch (e) {
      throw new LogWriteError('open', errno(e), newest, { cause: e });
    }
    const scan = scanNewest(buf, newest, terminal, base);
    problems.push(...scan.problems);
    if (scan.records.length > 0) records = scan.records;
    if (scan.kind === 'clean') {
      head = scan.head ?? base;
    } else if (scan.kind === 'torn') {
      head = scan.head ?? base;
      repair = repairTail(io, newest, buf, scan.validEnd, now());
    } else if (scan.kind === 'damaged-continue') {
      head = { seq: Math.max(scan.maxSeq, base.seq), hash: scan.lastHash };
    } else {
      throw new LogWriteError('damaged', 'ELOGDAMAGED', newest, { line: scan.firstBadLine });
    }
  }

  const writer = new Writer(terminal, folder, now, io, head, records, day);
  writer.problems = problems;
  // Fail now, not at the first session: open (creating if needed) the file the next record goes
  // to. A read-only folder, a permission problem or a full disk shows here, before any session.
  // (Should the day change before the first append, that file stays empty: readers skip it, and
  // the next open takes its chain and records from the older file.)
  writer.openFile(day);
  if (repair) {
    writer.append({ type: 'repair', payload: repair, operator: null, session: null });
  }
  return writer;
}

type NewestScan =
  | { kind: 'clean'; head: ChainHeadKnown | null; records: LogRecord[]; problems: ProblemItem[] }
  | { kind: 'torn'; head: ChainHeadKnown | null; validEnd: number; records: LogRecord[]; problems: ProblemItem[] }
  | { kind: 'damaged-continue'; maxSeq: number; lastHash: string; records: LogRecord[]; problems: ProblemItem[] }
  | { kind: 'damaged-refuse'; firstBadLine: number; records: LogRecord[]; problems: ProblemItem[] };

interface ChainHeadKnown {
  seq: number;
  hash: string;
}

/**
 * The valid prefix of the newest file: newline-terminated lines that parse, validate and chain.
 * Its first line is chained to the older file's last record when there is one; a break there is
 * reported but does not make the newest file's own records invalid.
 */
function scanNewest(buf: Buffer, file: string, terminal: string, base: ChainHeadKnown): NewestScan {
  const verifier = new ChainVerifier(unknownHead(), terminal);
  const problems: ProblemItem[] = [];
  const crossFile: ProblemItem[] = [];
  const prefix: LogRecord[] = [];
  const all: LogRecord[] = [];
  let validEnd = 0;
  let prefixHead: ChainHeadKnown | null = null;
  let inPrefix = true;
  let firstBadLine = 0;
  let laterValid = false;
  let lastLineValid = false;
  let lastHash = '';
  let maxSeq = 0;
  let start = 0;
  let lineNo = 0;
  const out: ReadItem[] = [];
  for (let nl = buf.indexOf(NL); nl !== -1; nl = buf.indexOf(NL, start)) {
    lineNo++;
    out.length = 0;
    const r = verifier.line(buf, start, nl, file, lineNo, out);
    if (r && lineNo === 1 && base.seq > 0 && (r.seq !== base.seq + 1 || r.prev !== base.hash)) {
      crossFile.push({
        kind: 'problem',
        file,
        line: 1,
        code: r.seq !== base.seq + 1 ? (r.seq > base.seq + 1 ? 'seq-gap' : 'seq-repeat') : 'chain-break',
        problem: `does not continue the previous file (seq ${base.seq}): found seq ${r.seq}`,
        params: { expected: base.seq + 1, found: r.seq, seq: r.seq },
        terminal,
        ...(r.session ? { session: r.session } : {}),
      });
    }
    if (r) {
      all.push(r);
      maxSeq = Math.max(maxSeq, r.seq);
      lastHash = verifier.head.hash!;
    }
    if (inPrefix && r && verifier.lastClean) {
      prefix.push(r);
      validEnd = nl + 1;
      prefixHead = { seq: r.seq, hash: verifier.head.hash! };
    } else {
      if (inPrefix) {
        inPrefix = false;
        firstBadLine = lineNo;
      }
      if (r) laterValid = true;
      for (const it of out) if (it.kind === 'problem') problems.push(it);
    }
    lastLineValid = r !== null;
    start = nl + 1;
  }
  const tornBytes = buf.length - start;
  if (tornBytes > 0) {
    lastLineValid = false;
    if (inPrefix) firstBadLine = lineNo + 1;
  }
  if (inPrefix && tornBytes === 0) return { kind: 'clean', head: prefixHead, records: prefix, problems: crossFile };
  if (!laterValid) {
    // Nothing valid after the prefix: a torn tail (a crash mid-write, NUL bytes, garbage).
    return { kind: 'torn', head: prefixHead, validEnd, records: prefix, problems: crossFile };
  }
  problems.unshift(...crossFile);
  if (tornBytes > 0) {
    out.length = 0;
    verifier.torn(tornBytes, file, lineNo + 1, out);
    for (const it of out) if (it.kind === 'problem') problems.push(it);
  }
  if (lastLineValid) return { kind: 'damaged-continue', maxSeq, lastHash, records: all, problems };
  return { kind: 'damaged-refuse', firstBadLine, records: all, problems };
}

/** Copy the torn tail aside (durably), then truncate the file to its valid prefix and fsync it. */
function repairTail(
  io: LogIo,
  file: string,
  buf: Buffer,
  validEnd: number,
  at: Date,
): { file: string; brokenFile: string; bytes: number } {
  const torn = buf.subarray(validEnd);
  const folder = path.dirname(file);
  let broken = `${file}.${stamp(at)}.broken`;
  let fd: number | undefined;
  try {
    for (let n = 1; ; n++) {
      try {
        fd = io.openSync(broken, 'wx', MODE_FILE);
        break;
      } catch (e) {
        if (errno(e) !== 'EEXIST' || n > 100) throw e;
        broken = `${file}.${stamp(at)}-${n}.broken`;
      }
    }
    writeAll(io, fd, torn);
    io.fsyncSync(fd);
  } catch (e) {
    throw new LogWriteError('repair', errno(e), broken, { cause: e });
  } finally {
    if (fd !== undefined) {
      try {
        io.closeSync(fd);
      } catch {
        // the copy was fsynced
      }
    }
  }
  fd = undefined;
  try {
    fsyncDir(io, folder);
    fd = io.openSync(file, 'r+');
    fs.ftruncateSync(fd, validEnd);
    io.fsyncSync(fd);
  } catch (e) {
    throw new LogWriteError('repair', errno(e), file, { cause: e });
  } finally {
    if (fd !== undefined) {
      try {
        io.closeSync(fd);
      } catch {
        // truncation was fsynced
      }
    }
  }
  return { file: path.basename(file), brokenFile: path.basename(broken), bytes: torn.length };
}
