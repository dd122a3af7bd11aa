// Reading a terminal's log at open: the older files' valid records, and the newest file's valid
// prefix (clean, torn at its end, or damaged in its middle), so the writer knows where the chain
// goes on and whether a tail must be repaired.
import type { LogRecord } from '../domain/record.js';
import { ChainVerifier, unknownHead } from './chain-verifier.js';
import type { LogFs } from './fs.js';
import type { ProblemItem, ReadItem } from './items.js';

const NL = 10;

export interface FileScan {
  records: LogRecord[];
  /** seq/hash of the last valid record line (any chain state), or null. */
  last: { seq: number; hash: string } | null;
}

/** The valid records of an older file, and its last one (where the chain continues from). */
export function scanOlder(io: LogFs, file: string, terminal: string): FileScan {
  const buf = io.readFileSync(file);
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

export type NewestScan =
  | { kind: 'clean'; head: ChainHeadKnown | null; records: LogRecord[]; problems: ProblemItem[] }
  | { kind: 'torn'; head: ChainHeadKnown | null; validEnd: number; records: LogRecord[]; problems: ProblemItem[] }
  | { kind: 'damaged-continue'; maxSeq: number; lastHash: string; records: LogRecord[]; problems: ProblemItem[] }
  | { kind: 'damaged-refuse'; firstBadLine: number; records: LogRecord[]; problems: ProblemItem[] };

export interface ChainHeadKnown {
  seq: number;
  hash: string;
}

/**
 * The valid prefix of the newest file: newline-terminated lines that parse, validate and chain.
 * Its first line is chained to the older file's last record when there is one; a break there is
 * reported but does not make the newest file's own records invalid.
 */
export function scanNewest(buf: Buffer, file: string, terminal: string, base: ChainHeadKnown): NewestScan {
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
