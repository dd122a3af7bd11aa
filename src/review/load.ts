// Reading a log set for the review screen. Memory: each session is kept as a small summary row (the
// fold without its records), plus the names of the files that hold its records; a session's records
// are read again, from just those files, when its timeline is opened.
import { statSync } from 'node:fs';
import { SeqSet, SessionFold, type FoldedSession } from '../log/fold.js';
import { readLogBatches, type ProblemItem, type RecordItem } from '../log/reader.js';
import type { SealKeys } from '../seal/state.js';
import type { Flag, SessionOutcome } from '../domain/flags.js';
import { counterDay, startMs } from '../report/dates.js';

/** One session as the review list keeps it. */
export interface SessionRow {
  readonly id: string;
  readonly terminal: string;
  readonly operator: string | null;
  readonly checklist: string | null;
  readonly checklistVersion: string | null;
  /** ISO 8601 with offset, as logged; null when only bad lines named the session. */
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly outcome: SessionOutcome;
  readonly flags: readonly Flag[];
  /** The start as epoch milliseconds (null when unknown). */
  readonly startMs: number | null;
  /** The start's day on the counter's clock (as logged, whatever this machine's zone), `YYYY-MM-DD` ('' when unknown). */
  readonly day: string;
  /** The log files holding the session's records and problems, in the order read. */
  readonly files: readonly string[];
}

export interface LoadedSet {
  rows: SessionRow[];
  /** Integrity problems found in the logs (bad lines, chain breaks, torn tails...). */
  problems: number;
  records: number;
}

/** One copy of each repeated string (terminal and staff ids, checklist ids and versions). */
export class Interner {
  private readonly seen = new Map<string, string>();
  get<T extends string | null>(s: T): T {
    if (s === null) return s;
    const known = this.seen.get(s);
    if (known !== undefined) return known as T;
    this.seen.set(s, s);
    return s;
  }
}

/**
 * A folded session as a row (the fold's extra fields are dropped). `day`, when the caller already
 * has it (the archive's index keeps it), saves reading the start's wall clock again.
 */
export function toRow(
  s: Pick<FoldedSession, 'id' | 'terminal' | 'operator' | 'checklist' | 'checklistVersion' | 'startedAt' | 'endedAt' | 'outcome' | 'flags'>,
  files: readonly string[],
  strings: Interner = new Interner(),
  day?: string | null,
): SessionRow {
  const ms = startMs(s.startedAt);
  return {
    id: s.id,
    terminal: strings.get(s.terminal),
    operator: strings.get(s.operator),
    checklist: strings.get(s.checklist),
    checklistVersion: strings.get(s.checklistVersion),
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    outcome: s.outcome,
    flags: s.flags,
    startMs: ms,
    day: ms === null ? '' : (day ?? counterDay(s.startedAt)),
    files,
  };
}

const NO_FILES: readonly string[] = Object.freeze([]);

export interface LoadOptions {
  /**
   * Called after each batch read with the sessions and records so far, and the share of the bytes
   * read (0..1, by whole files), for a progress line.
   */
  onProgress?: (sessions: number, records: number, share: number) => void;
  /** Stop reading (the screen was closed while loading): the files are closed, the rows so far returned. */
  signal?: AbortSignal;
  /** Enrolled seal keys (sessions in a sealed range that does not verify are flagged). */
  sealKeys?: SealKeys;
}

/**
 * Folds every log file in `files` into session rows: the report's reader and fold (same flags,
 * same deduplication), in one streaming pass.
 */
export async function loadSessions(files: readonly string[], opts: LoadOptions = {}): Promise<LoadedSet> {
  const fold = new SessionFold();
  const rows: SessionRow[] = [];
  // The files of the sessions still open in the fold; a finished session takes its list along.
  const spans = new Map<string, string[]>();
  let problems = 0;
  let records = 0;
  // Progress by bytes, counted per file read to its end (the items name their file).
  const sizes = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    let size = 0;
    try {
      size = statSync(f).size;
    } catch {
      // An unreadable file is reported by the reader.
    }
    sizes.set(f, size);
    total += size;
  }
  let bytesDone = 0;
  let current: string | null = null;
  const note = (session: string, file: string) => {
    const list = spans.get(session);
    if (list === undefined) spans.set(session, [file]);
    else if (list[list.length - 1] !== file && !list.includes(file)) list.push(file);
  };
  const strings = new Interner();
  const finish = (s: FoldedSession) => {
    const files = spans.get(s.id) ?? NO_FILES;
    spans.delete(s.id);
    rows.push(toRow(s, files, strings));
  };
  // Records of one session come in runs: note its file once per run, not once per record.
  let lastSession: string | null = null;
  let lastFile: string | null = null;
  if (files.length > 0) {
    for await (const batch of readLogBatches(files, opts.sealKeys ? { sealKeys: opts.sealKeys } : {})) {
      for (const item of batch) {
        if (item.file !== current) {
          if (current !== null) bytesDone += sizes.get(current) ?? 0;
          current = item.file;
        }
        if (item.kind === 'record') {
          records++;
          const session = item.record.session;
          if (session !== null && (session !== lastSession || item.file !== lastFile)) {
            note(session, item.file);
            lastSession = session;
            lastFile = item.file;
          }
        } else {
          problems++;
          if (item.session !== undefined) note(item.session, item.file);
        }
        const done = fold.push(item);
        for (const s of done) finish(s);
      }
      opts.onProgress?.(rows.length + fold.openCount, records, total > 0 ? Math.min(1, bytesDone / total) : 1);
      if (opts.signal?.aborted) break;
    }
  }
  for (const s of fold.flush()) finish(s);
  return { rows, problems, records };
}

/** A session's records and its problems, in the order they stand in the log. */
export type TimelineItem = RecordItem | ProblemItem;

/**
 * The records and problems of one session, read again from the files that hold them (records
 * deduplicated on terminal and seq, as the fold does). A problem line that names no session belongs
 * to the session open on its terminal at that point, as the fold counts it.
 */
export async function readTimeline(row: Pick<SessionRow, 'id' | 'files'>, sealKeys?: SealKeys): Promise<TimelineItem[]> {
  const out: TimelineItem[] = [];
  if (row.files.length === 0) return out;
  const seen = new Map<string, SeqSet>();
  const current = new Map<string, string>();
  for await (const batch of readLogBatches(row.files, sealKeys ? { sealKeys } : {})) {
    for (const item of batch) {
      if (item.kind === 'problem') {
        const owner = item.session ?? (item.terminal !== undefined ? current.get(item.terminal) : undefined);
        if (owner === row.id || item.related?.includes(row.id)) out.push(item);
        continue;
      }
      const r = item.record;
      let seqs = seen.get(r.terminal);
      if (!seqs) seen.set(r.terminal, (seqs = new SeqSet()));
      if (!seqs.add(r.seq) || r.session === null || r.type === 'review') continue;
      if (r.session === row.id) out.push(item);
      // After its logout a session no longer owns the problems that follow.
      if (r.type === 'logout') {
        if (current.get(r.terminal) === r.session) current.delete(r.terminal);
      } else current.set(r.terminal, r.session);
    }
  }
  return out;
}
