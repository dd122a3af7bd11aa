// One terminal's files read as a whole — verified, checked, folded — with a compact result: its
// problems, its sessions (for report), where its records stand (for verify). This is the unit of
// work a worker thread takes (one terminal's chain at a time), and what the sequential path runs
// too, so both give the same.
//
// Terminals are independent but for one thing: a session id started on a terminal read earlier is a
// duplicate (SessionOrderCheck's `seen`). A group is read with its own `seen`; `readGroups` checks its
// session-starts against those of the terminals before it and, in the rare case one repeats, reads
// that terminal again in order with the shared set, so the result is exactly the sequential one.
import { SessionFold, type FoldedSession } from '../log/fold.js';
import type { ProblemItem } from '../log/items.js';
import { ChainVerifier, copiesOf, newReadBuffer, unknownHead, verifiedLines, type FileEntry } from '../log/reader.js';
import { SealCheck, SessionOrderCheck, type IdSet, type SealStatus } from '../log/terminal-checks.js';
import { UuidSet } from '../log/uuid-set.js';

export interface GroupJob {
  terminal: string;
  files: FileEntry[];
  /** Enrolled seal keys of this terminal: [fingerprint, key hex]. */
  keys: [string, string][];
  /** Fold sessions (report); verify only needs problems and heads. */
  fold: boolean;
  /** Heads remembered by verify, per record terminal: [terminal, seq, hash]. */
  anchors: [string, number, string][];
}

/** Where one record terminal's records stand in a group (verify's head check). */
export interface Span {
  terminal: string;
  minSeq: number;
  maxSeq: number;
  /** The newest record (highest seq): where, and its timestamp. */
  file: string;
  line: number;
  ts: string;
  /** A record continues the remembered head. */
  linked: boolean;
  /** The first record seen: its seq and place, and how many problems came before it. */
  first: { seq: number; file: string; line: number; at: number };
}

export interface GroupResult {
  terminal: string;
  problems: ProblemItem[];
  sessions: FoldedSession[];
  /** Ids of the session-starts checked against `seen`, in order. */
  starts: string[];
  records: number;
  seals: SealStatus;
  spans: Span[];
}

export async function readGroup(job: GroupJob, seen: IdSet = new UuidSet()): Promise<GroupResult> {
  const { terminal } = job;
  const keys = job.keys.length > 0 ? new Map(job.keys.map(([fp, hex]) => [fp, Buffer.from(hex, 'hex')])) : undefined;
  const anchors = new Map(job.anchors.map(([t, seq, hash]) => [t, { seq, hash }]));
  const verifier = new ChainVerifier(unknownHead(), terminal);
  const starts: string[] = [];
  const order = new SessionOrderCheck(seen, new UuidSet(), [], (it) => starts.push(it.record.session!));
  const seals = new SealCheck(terminal, keys);
  // With each session's interrupt and skip reasons: every report format shows them.
  const fold = job.fold ? new SessionFold({ details: true }) : null;
  const problems: ProblemItem[] = [];
  const spans = new Map<string, Span>();
  let records = 0;
  const reading = newReadBuffer();
  const mayBeCopy = copiesOf(job.files);
  for (const entry of job.files) {
    if (mayBeCopy(entry)) verifier.known ??= new Map();
    for await (const out of verifiedLines(entry.file, verifier, terminal, reading)) {
      order.scan(out);
      seals.scan(out);
      for (const it of out) {
        it.group = terminal;
        if (it.kind === 'problem') problems.push(it);
        else {
          records++;
          const r = it.record;
          let span = spans.get(r.terminal);
          if (!span) {
            span = { terminal: r.terminal, minSeq: r.seq, maxSeq: 0, file: it.file, line: it.line, ts: r.ts, linked: false, first: { seq: r.seq, file: it.file, line: it.line, at: problems.length } };
            spans.set(r.terminal, span);
          }
          if (r.seq < span.minSeq) span.minSeq = r.seq;
          if (r.seq > span.maxSeq) {
            span.maxSeq = r.seq;
            span.file = it.file;
            span.line = it.line;
            span.ts = r.ts;
          }
          const anchor = anchors.get(r.terminal);
          if (anchor && r.seq === anchor.seq + 1 && r.prev === anchor.hash) span.linked = true;
        }
        fold?.push(it);
      }
    }
  }
  return { terminal, problems, sessions: fold ? fold.flush() : [], starts, records, seals: seals.end(), spans: [...spans.values()] };
}
