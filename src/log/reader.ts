// Streaming reader for supervisors: verifies schema, sequence and hash chain of every line while
// keeping memory flat (a fixed read buffer, no per-file line arrays, nothing kept per record).
//
// A terminal's files are read together, in name order, so the chain is checked across days. Each
// line yields a `record` item, a `problem` item, or both (a valid record whose seq or prev does not
// follow: the record is still data — it may be the session's logout — and the break is reported).
// The checks of one line are the chain verifier's (chain-verifier.ts); which files, and in which
// order, is discovery.ts; this file reads them.
import * as fs from 'node:fs';
import { ChainVerifier, MAX_LINE_BYTES, unknownHead, type ChainHead } from './chain-verifier.js';
import { collectLogFiles, copiesOf, firstTerminal, groupByTerminal } from './discovery.js';
import { problem, type ProblemItem, type ReadItem } from './items.js';
import { SealCheck, SessionOrderCheck, type SealStatus } from './terminal-checks.js';
import { UuidSet } from './uuid-set.js';

export * from './chain-verifier.js';
export * from './discovery.js';
export type { ProblemCode, ProblemItem, ReadItem, RecordItem } from './items.js';
export type { SealStatus } from './terminal-checks.js';

const NL = 10;
const CHUNK_BYTES = 1024 * 1024;
/**
 * Items handed on at a time. A whole 1 MiB chunk's records (about 3,000) outlive a worker's small
 * young generation, so each scavenge copied them all and most were promoted; a few hundred die young.
 */
export const BATCH_ITEMS = 256;
/** Chunks read between two turns of the event loop. */
const YIELD_EVERY = 8;

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
      let out: ReadItem[] = [];
      let start = 0;
      let nl = view.indexOf(NL, len);
      while (nl !== -1) {
        if (out.length >= BATCH_ITEMS) {
          yield out;
          out = [];
        }
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
          ...problem(file, lineNo + 1, 'torn-tail', `torn tail: more than ${MAX_LINE_BYTES} bytes without a final newline`, { bytes: MAX_LINE_BYTES, over: 1 }, terminal),
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
