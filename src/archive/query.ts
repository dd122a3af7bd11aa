// Reading the archive's index: sessions as the report and the review list them, their reviews, and
// the integrity problems, in the raw-path report's order (terminal by terminal, sessions in log order,
// problems in reading order). Filters are SQL; flags and outcomes are read as the fold stored them.
import path from 'node:path';
import type { FoldedSession, SessionDetails } from '../log/fold.js';
import type { ProblemCode, ProblemItem } from '../log/items.js';
import type { LogRecord } from '../domain/record.js';
import type { ReportFilter } from '../report/options.js';
import { maskFlags, type SessionOutcome } from '../domain/flags.js';
import type { Db } from './db.js';

export interface SessionRowDb {
  terminal: string;
  id: string;
  operator: string | null;
  checklist: string | null;
  checklist_version: string | null;
  started_at: string | null;
  ended_at: string | null;
  outcome: SessionOutcome;
  flags: number;
  problems: number;
  start_seen: number;
  first_seq: number;
  last_seq: number | null;
  last_type: LogRecord['type'] | null;
  first_file: string;
  first_line: number;
  first_offset: number;
  last_file: string;
  last_line: number;
  last_end: number;
  /** JSON of the session's interrupt and skip reasons (SessionDetails). */
  interrupts: string;
  skips: string;
}

const COLUMNS = `terminal, id, operator, checklist, checklist_version, started_at, ended_at, outcome, flags, problems, start_seen,
  first_seq, last_seq, last_type, first_file, first_line, first_offset, last_file, last_line, last_end, interrupts, skips`;

/** The WHERE clause of a report filter (a duplicate id's second use is never a session). */
function where(f: ReportFilter): { sql: string; params: Record<string, string> } {
  const parts = ['duplicate = 0'];
  const params: Record<string, string> = {};
  if (f.terminal !== undefined) {
    parts.push('terminal = @terminal');
    params.terminal = f.terminal;
  }
  if (f.operator !== undefined) {
    parts.push('operator = @operator');
    params.operator = f.operator;
  }
  if (f.flagged) parts.push('flags <> 0');
  if (f.since !== undefined) {
    parts.push('day >= @since');
    params.since = f.since;
  }
  if (f.until !== undefined) {
    parts.push('day <= @until');
    params.until = f.until;
  }
  return { sql: parts.join(' AND '), params };
}

/**
 * Matching sessions in report order, one row at a time (the statement streams). Read as arrays and
 * made into objects here: better-sqlite3 builds a row object key by key, which for these 22 columns
 * costs twice what the rest of reading the row does; a literal gets its shape at once.
 */
export function* sessionRows(db: Db, filter: ReportFilter): Generator<SessionRowDb> {
  const w = where(filter);
  const rows = db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE ${w.sql} ORDER BY terminal, first_seq`).raw().iterate(w.params) as Iterable<unknown[]>;
  for (const r of rows) {
    yield {
      terminal: r[0] as string,
      id: r[1] as string,
      operator: r[2] as string | null,
      checklist: r[3] as string | null,
      checklist_version: r[4] as string | null,
      started_at: r[5] as string | null,
      ended_at: r[6] as string | null,
      outcome: r[7] as SessionOutcome,
      flags: r[8] as number,
      problems: r[9] as number,
      start_seen: r[10] as number,
      first_seq: r[11] as number,
      last_seq: r[12] as number | null,
      last_type: r[13] as LogRecord['type'] | null,
      first_file: r[14] as string,
      first_line: r[15] as number,
      first_offset: r[16] as number,
      last_file: r[17] as string,
      last_line: r[18] as number,
      last_end: r[19] as number,
      interrupts: r[20] as string,
      skips: r[21] as string,
    };
  }
}

/** One session's row. */
export function sessionRow(db: Db, terminal: string, id: string): SessionRowDb | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE terminal = ? AND id = ?`).get(terminal, id) as SessionRowDb | undefined;
}

/** A row as the fold handed the session out. */
/** A session's reasons as the index keeps them (the not-applicable items marked among the skips). */
function detailsOf(r: SessionRowDb): SessionDetails {
  const all = JSON.parse(r.skips) as (SessionDetails['skips'][number] & { notApplicable?: true })[];
  return {
    interrupts: JSON.parse(r.interrupts) as SessionDetails['interrupts'],
    skips: all.filter((k) => !k.notApplicable),
    notApplicable: all.filter((k) => k.notApplicable).map(({ section, item }) => ({ section, item })),
  };
}

export function toFolded(r: SessionRowDb): FoldedSession {
  return {
    id: r.id,
    terminal: r.terminal,
    operator: r.operator,
    checklist: r.checklist,
    checklistVersion: r.checklist_version,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    outcome: r.outcome,
    logoutConfirmed: r.outcome !== 'open',
    flags: maskFlags(r.flags),
    startSeen: r.start_seen === 1,
    lastSeq: r.last_seq,
    lastType: r.last_type,
    problems: r.problems,
    firstSeq: r.first_seq,
    first: { file: r.first_file, line: r.first_line, offset: r.first_offset },
    last: { file: r.last_file, line: r.last_line, offset: r.last_end },
    details: detailsOf(r),
  };
}

export interface IndexedReview {
  session: string;
  terminal: string;
  at: string;
  reviewer: string;
  note: string;
}

/** Every review, per session, oldest first (as the review log's reader gives them). */
export function reviewsById(db: Db): Map<string, IndexedReview[]> {
  const out = new Map<string, IndexedReview[]>();
  for (const r of db.prepare('SELECT session, terminal, at, reviewer, note FROM reviews ORDER BY log, seq').iterate() as Iterable<IndexedReview>) {
    const list = out.get(r.session);
    if (list) list.push(r);
    else out.set(r.session, [r]);
  }
  for (const list of out.values()) if (list.length > 1) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return out;
}

interface ProblemRowDb {
  terminal: string;
  ord: number;
  file: string;
  line: number;
  code: ProblemCode;
  problem: string;
  params: string;
  session: string | null;
  item_terminal: string | null;
  related: string | null;
  range_from: number | null;
  range_to: number | null;
}

function toProblem(root: string, r: ProblemRowDb): ProblemItem {
  const item: ProblemItem = { kind: 'problem', file: path.join(root, r.file), line: r.line, problem: r.problem, code: r.code, params: JSON.parse(r.params) as Record<string, string | number> };
  if (r.session !== null) item.session = r.session;
  if (r.item_terminal !== null) item.terminal = r.item_terminal;
  if (r.related !== null) item.related = JSON.parse(r.related) as string[];
  if (r.range_from !== null && r.range_to !== null) item.range = [r.range_from, r.range_to];
  item.group = r.terminal;
  return item;
}

/**
 * The integrity problems, in the order a raw-path report over the archived files lists them
 * (optionally only one terminal's), then the conflicts found while collecting. Files are read in name
 * order and problems found in line order, so position order is reading order; on one line, the
 * order they were found in (their number; a reused id's comes last).
 */
export function* problemItems(db: Db, root: string, terminal?: string): Generator<ProblemItem> {
  const rows = (terminal === undefined
    ? db.prepare('SELECT * FROM problems ORDER BY terminal, file, line, ord < 0, ord').iterate()
    : db.prepare('SELECT * FROM problems WHERE terminal = ? ORDER BY file, line, ord < 0, ord').iterate(terminal)) as Iterable<ProblemRowDb>;
  for (const r of rows) yield toProblem(root, r);
  const conflicts = (terminal === undefined
    ? db.prepare('SELECT * FROM conflicts ORDER BY terminal, file, copy').iterate()
    : db.prepare('SELECT * FROM conflicts WHERE terminal = ? ORDER BY file, copy').iterate(terminal)) as Iterable<{ terminal: string; file: string; copy: string; line: number }>;
  for (const c of conflicts) {
    yield {
      kind: 'problem',
      file: path.join(root, c.file),
      line: c.line,
      code: 'archive-conflict',
      problem: `a different version of this file was collected (from line ${c.line}); both are kept: ${path.join(root, c.copy)}`,
      params: { line: c.line, copy: path.join(root, c.copy) },
      terminal: c.terminal,
      group: c.terminal,
    };
  }
}

/** The problems that concern one session (what its timeline shows next to its records). */
export function sessionProblems(db: Db, root: string, terminal: string, id: string): ProblemItem[] {
  const rows = db
    .prepare('SELECT p.* FROM problem_sessions s JOIN problems p ON p.terminal = s.terminal AND p.ord = s.ord WHERE s.terminal = ? AND s.session = ? ORDER BY p.file, p.line, p.ord < 0, p.ord')
    .all(terminal, id) as ProblemRowDb[];
  return rows.map((r) => toProblem(root, r));
}
