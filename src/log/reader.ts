// Streaming reader for supervisors: verifies schema, sequence and hash chain of every line while
// keeping memory flat (a fixed read buffer, no per-file line arrays, nothing kept per record).
//
// A terminal's files are read together, in name order, so the chain is checked across days. Each
// line yields a `record` item, a `problem` item, or both (a valid record whose seq or prev does not
// follow: the record is still data — it may be the session's logout — and the break is reported).
import * as fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { hashLine } from './chain.js';
import { GENESIS, LogRecord, RECORD_VERSION } from '../domain/record.js';
import { problem, type ProblemCode, type ProblemItem, type ReadItem } from './items.js';
import { SealCheck, SessionOrderCheck, type SealStatus } from './terminal-checks.js';
import { UuidSet } from './uuid-set.js';

export type { ProblemCode, ProblemItem, ReadItem, RecordItem } from './items.js';
export type { SealStatus } from './terminal-checks.js';

/** Where the chain stands: the last line's seq and hash; null = unknown, so that check is skipped. */
export interface ChainHead {
  seq: number | null;
  hash: string | null;
}
/** Nothing known yet (a reader starting at any file): the first record is taken as it is. */
export const unknownHead = (): ChainHead => ({ seq: null, hash: null });
/** Before a terminal's very first record. */
export const startHead = (): ChainHead => ({ seq: 0, hash: GENESIS });

const NUL = 0;
/** A record older than the one before it by more than this: the clock was set back. */
export const CLOCK_BACK_MS = 5 * 60_000;
const NL = 10;
/** A line longer than this cannot be a record of ours: it is skipped instead of buffered. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
/** Chunks read between two turns of the event loop. */
const YIELD_EVERY = 8;

/** `payload.reason: Too big ...`: the first zod issue, short, with its path. */
function schemaMessage(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid record';
  const where = issue.path.length ? issue.path.map(String).join('.') : '(record)';
  const msg = issue.message.length > 120 ? `${issue.message.slice(0, 117)}...` : issue.message;
  return `${where}: ${msg}`;
}

// Fast path for valid records: zod's safeParse costs more than JSON.parse itself and would put
// verification below the throughput budget. zod 4.6 compiles a schema ahead of time (`z.compile`)
// into a validator that gives the same verdict several times faster; a record it accepts is used
// as it was parsed. A record it rejects goes through safeParse, which writes the message.
type Pred = (v: unknown) => boolean;

const FAST_OK = (data: LogRecord): ReturnType<typeof LogRecord.safeParse> => ({ success: true, data, error: undefined });

let fastRecord: Pred | undefined;
/** The compiled LogRecord validator (built once, on first use). */
export function fastRecordCheck(): Pred {
  if (!fastRecord) {
    const compiled = z.compile(LogRecord);
    fastRecord = (v) => compiled.safeParse(v).success;
  }
  return fastRecord;
}

/**
 * Checks lines one at a time against the chain. Used by the reader (many files of one terminal) and
 * by the writer's scan at open. Pushes items to `out`.
 */
export class ChainVerifier {
  head: ChainHead;
  /** True when the last line checked was a valid record that followed the chain. */
  lastClean = false;
  /**
   * Seq → line hash of records already read, kept only while copies of a file may follow, so that
   * an identical copy (a file collected twice) is skipped instead of reported as a repeat.
   */
  known: Map<number, string> | null = null;
  /** Records skipped as identical copies of already-read lines. */
  duplicates = 0;
  /** The timestamp of the last valid record (clock-back check). */
  private lastTs: string | null = null;
  /** Where the last valid record is (a chain break names that line). */
  private lastAt: { file: string; line: number } | null = null;
  private readonly fast = fastRecordCheck();

  constructor(
    head: ChainHead = unknownHead(),
    /** The terminal these lines belong to; a record naming another terminal is reported. */
    public terminal?: string,
  ) {
    this.head = head;
  }

  /** One complete line: bytes `start..end` of `buf`, without its `\n`. Returns the valid record, if any. */
  line(buf: Buffer, start: number, end: number, file: string, lineNo: number, out: ReadItem[], base = 0): LogRecord | null {
    const bytes = buf.subarray(start, end);
    const hash = hashLine(bytes);
    const head = this.head;
    let json: unknown;
    try {
      json = JSON.parse(buf.toString('utf8', start, end));
    } catch {
      const hasNul = bytes.indexOf(NUL) !== -1;
      out.push(
        problem(
          file,
          lineNo,
          'bad-json',
          end === start ? 'empty line' : hasNul ? 'not valid JSON (NUL bytes)' : 'not valid JSON',
          { detail: end === start ? 'empty' : hasNul ? 'NUL' : '' },
          this.terminal,
        ),
      );
      this.afterBad(null);
      return null;
    }
    const fast = this.fast;
    const parsed = fast(json) ? FAST_OK(json as LogRecord) : LogRecord.safeParse(json);
    if (!parsed.success) {
      const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
      const session = typeof o.session === 'string' ? o.session : undefined;
      const terminal = typeof o.terminal === 'string' && o.terminal ? o.terminal : this.terminal;
      const seq = Number.isSafeInteger(o.seq) ? (o.seq as number) : null;
      if (typeof o.v === 'number' && o.v !== RECORD_VERSION) {
        out.push(
          problem(file, lineNo, 'unknown-version', `unknown record version ${o.v}`, { version: o.v }, terminal, session),
        );
      } else {
        const msg = schemaMessage(parsed.error);
        out.push(problem(file, lineNo, 'schema', `schema: ${msg}`, { detail: msg }, terminal, session));
      }
      this.afterBad(seq);
      return null;
    }
    const r = parsed.data;

    // An identical copy of a line already read (same seq, same bytes): skip it silently.
    if (this.known !== null && head.seq !== null && r.seq <= head.seq) {
      if (this.known.get(r.seq) === hash) {
        this.duplicates++;
        this.lastClean = true;
        return null;
      }
    }

    let code: ProblemCode | null = null;
    let text = '';
    let params: Record<string, string | number> = {};
    if (this.terminal !== undefined && r.terminal !== this.terminal) {
      code = 'terminal-mismatch';
      text = `record of terminal ${r.terminal} in the log of ${this.terminal}`;
      params = { found: r.terminal, expected: this.terminal };
    } else if (r.seq === 1 ? r.prev !== GENESIS : r.prev === GENESIS) {
      code = 'chain-break';
      text = r.seq === 1 ? 'chain break: seq 1 must have the genesis prev' : `chain break: genesis prev at seq ${r.seq}`;
      params = r.seq === 1
        ? { seq: r.seq, before: '-', expected: GENESIS.slice(0, 12), found: r.prev.slice(0, 12) }
        : { seq: r.seq, before: this.lastAt ? String(this.lastAt.line) : '?', expected: (head.hash ?? '?').slice(0, 12), found: GENESIS.slice(0, 12) };
    } else if (head.seq !== null && r.seq !== head.seq + 1) {
      const expected = head.seq + 1;
      code = r.seq > expected ? 'seq-gap' : 'seq-repeat';
      text =
        r.seq > expected
          ? `seq gap: expected ${expected}, found ${r.seq}`
          : `seq repeated or out of order: expected ${expected}, found ${r.seq}`;
      params = { expected, found: r.seq };
    } else if (head.hash !== null && r.prev !== head.hash) {
      // Which two lines, and what was expected: the changed record is usually the one before.
      const before = this.lastAt ? `${this.lastAt.file === file ? '' : `${this.lastAt.file}:`}${this.lastAt.line}` : '?';
      code = 'chain-break';
      text = `chain break between line ${before} and this line: prev should be ${head.hash.slice(0, 12)}…, is ${r.prev.slice(0, 12)}…`;
      params = { seq: r.seq, before, expected: head.hash.slice(0, 12), found: r.prev.slice(0, 12) };
    }
    if (code !== null) {
      out.push(problem(file, lineNo, code, text, params, r.terminal, r.session ?? undefined));
      this.lastClean = false;
    } else {
      this.lastClean = true;
    }
    if (this.known !== null) this.known.set(r.seq, hash);
    // Time going backwards by more than a clock correction: the terminal's clock was set back, and
    // the times of what follows mislead. (Compared as strings first: equal offsets sort as text.)
    const lastTs = this.lastTs;
    if (lastTs !== null && r.ts < lastTs) {
      const back = Date.parse(lastTs) - Date.parse(r.ts);
      if (back > CLOCK_BACK_MS) {
        out.push(problem(file, lineNo, 'clock-back', `time goes back ${Math.round(back / 60_000)} min (previous record: ${lastTs})`, { minutes: Math.round(back / 60_000), previous: lastTs }, r.terminal, r.session ?? undefined));
      }
    }
    this.lastTs = r.ts;
    this.lastAt = { file, line: lineNo };
    this.head = { seq: r.seq, hash };
    // Made whole here, with its group, so every record item has one shape (no later property added).
    out.push({ kind: 'record', file, line: lineNo, record: r, hash, start: base + start, end: base + end + 1, group: this.terminal });
    return r;
  }

  /** Where the verifier stands, as plain data (the archive goes on from it at the next collect). */
  snapshot(): VerifierSnapshot {
    return { seq: this.head.seq, hash: this.head.hash, lastTs: this.lastTs, lastAt: this.lastAt, lastClean: this.lastClean };
  }

  static from(s: VerifierSnapshot, terminal: string): ChainVerifier {
    const v = new ChainVerifier({ seq: s.seq, hash: s.hash }, terminal);
    v.lastTs = s.lastTs;
    v.lastAt = s.lastAt;
    v.lastClean = s.lastClean;
    return v;
  }

  /** After a line that is not a valid record: its seq (if readable) stands, its prev cannot be checked. */
  private afterBad(seq: number | null): void {
    this.head = { seq, hash: null };
    this.lastClean = false;
  }

  /** An unterminated last line: never a record, and the chain head does not move. */
  torn(bytes: number, file: string, lineNo: number, out: ReadItem[]): void {
    out.push(
      problem(file, lineNo, 'torn-tail', `torn tail: ${bytes} bytes without a final newline`, { bytes }, this.terminal),
    );
    this.lastClean = false;
  }

  tooLong(file: string, lineNo: number, out: ReadItem[]): void {
    out.push(
      problem(file, lineNo, 'line-too-long', `line longer than ${MAX_LINE_BYTES} bytes`, { max: MAX_LINE_BYTES }, this.terminal),
    );
    this.afterBad(null);
  }
}

export interface VerifierSnapshot {
  seq: number | null;
  hash: string | null;
  lastTs: string | null;
  lastAt: { file: string; line: number } | null;
  lastClean: boolean;
}

/** Checks a whole in-memory file (or any buffer of lines). */
export function scanBuffer(buf: Buffer, file: string, verifier: ChainVerifier, out: ReadItem[], firstLine = 1): void {
  let start = 0;
  let lineNo = firstLine - 1;
  for (;;) {
    const nl = buf.indexOf(NL, start);
    if (nl === -1) break;
    lineNo++;
    verifier.line(buf, start, nl, file, lineNo, out);
    start = nl + 1;
  }
  if (start < buf.length) verifier.torn(buf.length - start, file, lineNo + 1, out);
}

/**
 * Reads one file synchronously (small files, tests, tools). The chain is verified within the file;
 * its first record is taken as it is unless `head` says where the chain stood.
 */
export function readLogFile(file: string, head: ChainHead = unknownHead()): ReadItem[] {
  const out: ReadItem[] = [];
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    out.push(unreadable(file, e));
    return out;
  }
  const terminal = firstTerminal(buf);
  const verifier = new ChainVerifier(head, terminal);
  scanBuffer(buf, file, verifier, out);
  if (terminal !== undefined) for (const it of out) it.group = terminal;
  return out;
}

function unreadable(file: string, e: unknown): ProblemItem {
  const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
  return problem(file, 0, 'unreadable', `cannot read file (${code})`, { code }, undefined);
}

/** The `terminal` of the first line, when that line parses. */
function firstTerminal(buf: Buffer): string | undefined {
  return peekFirst(buf).terminal;
}

function peekFirst(buf: Buffer): { terminal?: string; seq?: number } {
  const nl = buf.indexOf(NL);
  if (nl === -1) return {};
  try {
    const o = JSON.parse(buf.toString('utf8', 0, nl)) as Record<string, unknown>;
    const res: { terminal?: string; seq?: number } = {};
    if (o && typeof o.terminal === 'string' && o.terminal) res.terminal = o.terminal;
    if (o && Number.isSafeInteger(o.seq)) res.seq = o.seq as number;
    return res;
  } catch {
    return {};
  }
}

export interface FileEntry {
  file: string;
  terminal: string;
  firstSeq: number | undefined;
}

/**
 * Which of a terminal's files may be copies of one another (the same day name, or the same first
 * seq): while reading those, line hashes are remembered so that an identical copy is skipped rather
 * than reported as repeated records.
 */
export function copiesOf(entries: readonly FileEntry[]): (e: FileEntry) => boolean {
  const count = new Map<string, number>();
  const keys = (e: FileEntry) => [`n:${path.basename(e.file)}`, ...(e.firstSeq !== undefined ? [`s:${e.firstSeq}`] : [])];
  for (const e of entries) for (const k of keys(e)) count.set(k, (count.get(k) ?? 0) + 1);
  return (e) => keys(e).some((k) => count.get(k)! > 1);
}

/** Files under `paths` (folders recursively, `*.jsonl` only), each real file once. */
export function collectLogFiles(paths: readonly string[]): string[] {
  const seen = new Set<string>();
  const files: string[] = [];
  const add = (p: string) => {
    let real: string;
    try {
      real = fs.realpathSync(p);
    } catch {
      real = path.resolve(p);
    }
    if (seen.has(real)) return;
    seen.add(real);
    files.push(p);
  };
  const walk = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.jsonl')) add(p);
      else if (e.isSymbolicLink()) {
        try {
          const st = fs.statSync(p);
          if (st.isDirectory()) walk(p);
          else if (st.isFile() && e.name.endsWith('.jsonl')) add(p);
        } catch {
          // A dangling link is not a log.
        }
      }
    }
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new UserError('log.error.pathNotFound', { path: p });
    }
    if (st.isDirectory()) walk(p);
    else add(p); // a file named explicitly is read whatever its name
  }
  return files;
}

/** Reads the first line of a file to learn its terminal and first seq (a few KB at most). */
function peekFile(file: string): { terminal?: string; seq?: number } {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.allocUnsafe(16 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return peekFirst(buf.subarray(0, n));
  } catch {
    return {};
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Groups files per terminal (the records' own `terminal`, else the folder name), in name order. */
export function groupByTerminal(files: readonly string[]): Map<string, FileEntry[]> {
  const groups = new Map<string, FileEntry[]>();
  for (const file of files) {
    const peek = peekFile(file);
    const terminal = peek.terminal ?? path.basename(path.dirname(path.resolve(file)));
    let g = groups.get(terminal);
    if (!g) groups.set(terminal, (g = []));
    g.push({ file, terminal, firstSeq: peek.seq });
  }
  const sorted = new Map<string, FileEntry[]>();
  for (const t of [...groups.keys()].sort()) {
    const g = groups.get(t)!;
    g.sort((a, b) => {
      const an = path.basename(a.file);
      const bn = path.basename(b.file);
      if (an !== bn) return an < bn ? -1 : 1;
      return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
    });
    sorted.set(t, g);
  }
  return sorted;
}

/**
 * The items of all logs under `paths`, in batches (one per read chunk): the fast form for consumers
 * that loop over many items. `readLogs` yields the same items one by one.
 */
export interface ReadOptions {
  /** Enrolled seal keys per terminal (by fingerprint): seals of those terminals are checked with them. */
  sealKeys?: ReadonlyMap<string, ReadonlyMap<string, Buffer>>;
  /** Called when a terminal's files have all been read, with how its seals stand. */
  onSeals?: (status: SealStatus) => void;
}

export async function* readLogBatches(paths: readonly string[], opts: ReadOptions = {}): AsyncGenerator<ReadItem[]> {
  const groups = groupByTerminal(collectLogFiles(paths));
  const reading: ReadBuffer = { buf: Buffer.allocUnsafe(CHUNK_BYTES) };
  const seen = new UuidSet();
  for (const [terminal, entries] of groups) {
    const verifier = new ChainVerifier(unknownHead(), terminal);
    const order = new SessionOrderCheck(seen);
    const seals = new SealCheck(terminal, opts.sealKeys?.get(terminal));
    const mayBeCopy = copiesOf(entries);
    for (const entry of entries) {
      if (mayBeCopy(entry)) verifier.known ??= new Map();
      for await (const out of verifiedLines(entry.file, verifier, terminal, reading)) {
        order.scan(out);
        seals.scan(out);
        for (const it of out) if (it.kind === 'problem') it.group = terminal;
        yield out;
      }
    }
    opts.onSeals?.(seals.end());
  }
}

/** The read buffer, kept between files (it grows for long lines and stays grown). */
export interface ReadBuffer {
  buf: Buffer;
}

export const newReadBuffer = (): ReadBuffer => ({ buf: Buffer.allocUnsafe(CHUNK_BYTES) });

/**
 * One file's lines through the chain verifier, read in chunks from byte `from.offset` (line
 * `from.line` already read before it): batches of the verifier's items, each record with the offset
 * just after its line; then a torn tail if the file ends without a newline, or an unreadable file.
 */
export async function* verifiedLines(
  file: string,
  verifier: ChainVerifier,
  terminal: string,
  reading: ReadBuffer,
  from: { offset: number; line: number } = { offset: 0, line: 0 },
  /** The name items carry (default: `file`); the archive names its files relative to itself. */
  name: string = file,
): AsyncGenerator<ReadItem[]> {
  // Plain synchronous reads of 1 MiB from the page cache take a fraction of a millisecond; the
  // thread-pool round trip of an async read costs more than that, and left the reader idle for a
  // tenth of its time. Every few chunks the reader still yields to the event loop (a drawing
  // screen, a signal), and on worker threads it has the thread to itself.
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    yield [{ ...unreadable(name, e), terminal, group: terminal }];
    return;
  }
  file = name; // opened: from here on the file is named as the items name it
  try {
    let len = 0; // bytes of an unfinished line kept at the start of buf
    let base = from.offset; // the file offset of buf[0]
    let pos = from.offset; // where the next read starts
    let lineNo = from.line;
    let skipping = false; // inside an over-long line: drop bytes until its newline
    let chunks = 0;
    for (;;) {
      let buf = reading.buf;
      if (len === buf.length) {
        if (buf.length >= MAX_LINE_BYTES) {
          // Not a record of ours: drop its bytes until its newline, then report it.
          skipping = true;
          base += len;
          len = 0;
        } else {
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, len);
          reading.buf = buf = bigger;
        }
      }
      let bytesRead: number;
      try {
        bytesRead = fs.readSync(fd, buf, len, buf.length - len, pos);
        if (++chunks % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      } catch (e) {
        yield [{ ...unreadable(file, e), terminal, group: terminal }];
        len = 0;
        break;
      }
      if (bytesRead === 0) break;
      pos += bytesRead;
      const end = len + bytesRead;
      const view = buf.subarray(0, end);
      const out: ReadItem[] = [];
      let start = 0;
      let nl = view.indexOf(NL, len);
      while (nl !== -1) {
        lineNo++;
        if (skipping) {
          skipping = false;
          verifier.tooLong(file, lineNo, out);
        } else {
          verifier.line(view, start, nl, file, lineNo, out, base);
        }
        start = nl + 1;
        nl = view.indexOf(NL, start);
      }
      if (start > 0) view.copy(buf, 0, start, end);
      base += start;
      len = end - start;
      if (skipping) {
        base += len;
        len = 0;
      }
      if (out.length) yield out;
    }
    if (skipping) {
      yield [
        {
          ...problem(file, lineNo + 1, 'torn-tail', `torn tail: more than ${MAX_LINE_BYTES} bytes without a final newline`, { bytes: MAX_LINE_BYTES }, terminal),
          group: terminal,
        },
      ];
    } else if (len > 0) {
      const out: ReadItem[] = [];
      verifier.torn(len, file, lineNo + 1, out);
      for (const it of out) if (it.kind === 'problem') it.group = terminal;
      yield out;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * One terminal's log held in memory (a test, a tool), checked as `readLogBatches` checks files:
 * the chain from its first line, the order of its sessions, each item marked with its terminal.
 */
export function readTerminalBuffer(terminal: string, file: string, buf: Buffer, keys?: ReadonlyMap<string, Buffer>): ReadItem[] {
  const out: ReadItem[] = [];
  scanBuffer(buf, file, new ChainVerifier(unknownHead(), terminal), out);
  new SessionOrderCheck(new UuidSet()).scan(out);
  new SealCheck(terminal, keys).scan(out);
  for (const it of out) it.group = terminal;
  return out;
}

/**
 * Streams every record and problem of the logs under `paths` (files or folders; folders are walked
 * for `*.jsonl`). Files are grouped per terminal and read in name order, so the hash chain and the
 * seq are verified across a terminal's days. Memory stays flat whatever the input size.
 */
export async function* readLogs(paths: string[]): AsyncGenerator<ReadItem> {
  for await (const batch of readLogBatches(paths)) {
    for (const item of batch) yield item;
  }
}
