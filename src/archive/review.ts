// `review` on the archive: the list comes from the index (one row per session, as stored), and a
// session's timeline reads just the bytes its records are in (the index keeps where its first
// record starts and its last one ends) next to the problems the fold attributed to it.
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { SeqSet } from '../log/fold.js';
import type { ReadItem, RecordItem } from '../log/items.js';
import { ChainVerifier, unknownHead } from '../log/reader.js';
import { Interner, toRow, type LoadedSet, type SessionRow, type TimelineItem } from '../review/load.js';
import type { Review } from '../review/log.js';
import type { Db } from './db.js';
import { maskFlags, type Flag } from '../domain/flags.js';
import { reviewsById, sessionProblems, sessionRow } from './query.js';

type ListRow = [string, string, string | null, string | null, string | null, string | null, string | null, SessionRow['outcome'], number, string | null];

/**
 * Every session of the archive as the review list keeps it: only the columns it shows, as arrays
 * (a row object per session costs twice as much at 100,000 sessions), in the table's order: the
 * list sorts them itself (src/review/model.ts, an order without ties), and reading them in the
 * report's order through its index costs a tenth more.
 */
export function loadArchiveSessions(db: Db): LoadedSet {
  const strings = new Interner();
  const rows: SessionRow[] = [];
  const list = db
    .prepare('SELECT terminal, id, operator, checklist, checklist_version, started_at, ended_at, outcome, flags, day FROM sessions WHERE duplicate = 0')
    .raw()
    .iterate() as Iterable<ListRow>;
  for (const [terminal, id, operator, checklist, version, startedAt, endedAt, outcome, flags, day] of list) {
    rows.push(
      toRow(
        { id, terminal, operator, checklist, checklistVersion: version, startedAt, endedAt, outcome, flags: flagsOf(flags) },
        NO_FILES,
        strings,
        day,
      ),
    );
  }
  const problems = (db.prepare('SELECT (SELECT COUNT(*) FROM problems) + (SELECT COUNT(*) FROM conflicts)').pluck().get() as number) ?? 0;
  const records = (db.prepare('SELECT COALESCE(SUM(records), 0) FROM terminals').pluck().get() as number) ?? 0;
  return { rows, problems, records };
}

const NO_FILES: readonly string[] = Object.freeze([]);

/** Flags from their stored bits, one array per distinct set (most sessions share a few). */
const flagSets = new Map<number, Flag[]>();
const flagsOf = (mask: number): Flag[] => {
  let f = flagSets.get(mask);
  if (!f) flagSets.set(mask, (f = maskFlags(mask)));
  return f;
};

/** The follow-ups in the index, as the review screen keeps them. */
export function archiveReviews(db: Db): Map<string, Review[]> {
  const out = new Map<string, Review[]>();
  for (const [id, list] of reviewsById(db)) out.set(id, list.map((r) => ({ ...r })));
  return out;
}

/** Problems that concern the line before its record (a break): shown before it, as the reader reports them. */
const BEFORE = new Set(['chain-break', 'seq-gap', 'seq-repeat', 'terminal-mismatch', 'clock-back']);

/** One session's records (from its byte range in the archived files) and its problems, in log order. */
export function readArchiveTimeline(db: Db, root: string, row: Pick<SessionRow, 'id' | 'terminal'>): TimelineItem[] {
  const s = sessionRow(db, row.terminal, row.id);
  if (!s) return [];
  const files = db
    .prepare('SELECT name, size FROM files WHERE terminal = ? ORDER BY name')
    .all(row.terminal) as { name: string; size: number }[];
  const rel = (name: string) => path.posix.join(path.posix.dirname(s.first_file), name);
  const span = files.filter((f) => rel(f.name) >= s.first_file && rel(f.name) <= s.last_file);
  const records: RecordItem[] = [];
  const seqs = new SeqSet();
  const verifier = new ChainVerifier(unknownHead(), row.terminal);
  for (const f of span) {
    const name = rel(f.name);
    const from = name === s.first_file ? s.first_offset : 0;
    const to = name === s.last_file ? s.last_end : f.size;
    const firstLine = name === s.first_file ? s.first_line : 1;
    const buf = readRange(path.join(root, name), from, to);
    const out: ReadItem[] = [];
    let start = 0;
    let line = firstLine;
    for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
      verifier.line(buf, start, nl, path.join(root, name), line++, out, from);
      start = nl + 1;
    }
    for (const it of out) {
      if (it.kind !== 'record' || it.record.session !== row.id || it.record.type === 'review') continue;
      if (seqs.add(it.record.seq)) records.push(it);
    }
  }
  const problems = sessionProblems(db, root, row.terminal, row.id);
  const fileNo = new Map(files.map((f, i) => [path.join(root, rel(f.name)), i]));
  const key = (it: TimelineItem) => (fileNo.get(it.file) ?? -1) * 1e9 + it.line;
  const merged: TimelineItem[] = [];
  let p = 0;
  for (const r of records) {
    while (p < problems.length && (key(problems[p]!) < key(r) || (key(problems[p]!) === key(r) && BEFORE.has(problems[p]!.code)))) merged.push(problems[p++]!);
    merged.push(r);
  }
  while (p < problems.length) merged.push(problems[p++]!);
  return merged;
}

function readRange(file: string, from: number, to: number): Buffer {
  const buf = Buffer.allocUnsafe(Math.max(0, to - from));
  const fd = openSync(file, 'r');
  try {
    let n = 0;
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, from + n);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
