// `review` on the archive: the list comes from the index a page at a time (one row per session, as
// stored), and a session's timeline reads just the bytes its records are in (the index keeps where
// its first record starts and its last one ends) next to the problems the fold attributed to it.
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { SeqSet } from '../log/fold.js';
import type { ReadItem, RecordItem } from '../log/items.js';
import { ChainVerifier, unknownHead } from '../log/reader.js';
import type { Statement } from 'better-sqlite3';
import { Interner, toRow, type SessionRow, type TimelineItem } from '../review/load.js';
import type { Review } from '../review/log.js';
import { choicesFrom, resolveFilters, type Choices, type ResolvedFilters } from '../review/filters.js';
import { pageStart, type ListPage, type ListQuery, type ListSource } from '../review/source.js';
import { byId, type Stats } from '../review/stats.js';
import type { Db } from './db.js';
import { maskFlags, type Flag } from '../domain/flags.js';
import { reviewsById, sessionProblems, sessionRow } from './query.js';

/** A row's place in the list order: group, start unknown, start (ms), terminal, id. */
type Key = [number, number, number, string, string];
type ListRow = [
  ...[terminal: string, id: string, operator: string | null, checklist: string | null, version: string | null],
  ...[startedAt: string | null, endedAt: string | null, outcome: SessionRow['outcome'], flags: number, day: string | null],
  ...[group: number, startUnknown: number, startMs: number],
];

/** Reviewed: in the index, or in this run (`@reviewed`, a JSON array of session ids). */
const REVIEWED = '(EXISTS (SELECT 1 FROM reviews r WHERE r.session = s.id) OR s.id IN (SELECT value FROM json_each(@reviewed)))';
/** The list's order, as src/review/order.ts sorts: group, start (unknown last), terminal, id. */
const GROUP = `CASE WHEN s.flags = 0 THEN 2 WHEN ${REVIEWED} THEN 1 ELSE 0 END`;
const ORDER_KEY = `${GROUP}, s.start_ms IS NULL, COALESCE(s.start_ms, 0), s.terminal, s.id`;
const ORDER_DESC = `${GROUP} DESC, s.start_ms IS NULL DESC, COALESCE(s.start_ms, 0) DESC, s.terminal DESC, s.id DESC`;
/** The columns the review list shows, then the rest of the row's key, in ListRow's order. */
const LIST_COLUMNS = `s.terminal, s.id, s.operator, s.checklist, s.checklist_version, s.started_at, s.ended_at, s.outcome, s.flags, s.day,
  ${GROUP}, s.start_ms IS NULL, COALESCE(s.start_ms, 0)`;

/**
 * How a range of the list is read: from its start or its end (OFFSET), or from a row whose place
 * and key are known, forward or back ("seek"). SQLite sorts a LIMIT with a heap of LIMIT + OFFSET
 * rows, but a deep OFFSET in a million rows is a full sort that spills to disk (seconds), so a page
 * next to the last one is read from the last one's first or last row, and a page near the end
 * backwards from the end.
 */
type Read = { from: { at: number; key: Key } | null; forward: boolean; inclusive: boolean; skip: number; limit: number };

type Params = Record<string, string | number>;

/** The WHERE clause of the review's filters, resolved as the list in memory resolves them. */
function whereOf(r: ResolvedFilters | null): { sql: string; params: Params } {
  const parts = ['s.duplicate = 0'];
  const params: Params = {};
  if (r !== null) {
    if (r.flags === 'any') parts.push('s.flags <> 0');
    else if (r.flags === 'none') parts.push('s.flags = 0');
    else if (r.flags !== null) {
      parts.push('(s.flags & @mask) <> 0');
      params.mask = r.flags;
    }
    if (r.terminals !== null) {
      parts.push('s.terminal IN (SELECT value FROM json_each(@terminals))');
      params.terminals = JSON.stringify([...r.terminals]);
    }
    if (r.operators !== null) {
      parts.push('s.operator IN (SELECT value FROM json_each(@operators))');
      params.operators = JSON.stringify([...r.operators]);
    }
    if (r.day !== '') {
      parts.push("substr(COALESCE(s.day, ''), 1, length(@day)) = @day");
      params.day = r.day;
    }
  }
  return { sql: parts.join(' AND '), params };
}

/**
 * The cheapest reads of positions [offset, offset + limit) of a list of `total`: from the start, from
 * the end, or from a known row before or after the range (each costs a pass over the filtered rows
 * plus a heap of `skip + limit`); a range around a known row is read in two, back from it and on
 * from it (its focus, after a review moved it).
 */
export function planReads(offset: number, limit: number, total: number, points: readonly { at: number; key: Key }[]): Read[] {
  if (limit <= 0) return [];
  const end = offset + limit;
  const options: Read[][] = [
    [{ from: null, forward: true, inclusive: false, skip: offset, limit }],
    [{ from: null, forward: false, inclusive: false, skip: total - end, limit }],
  ];
  for (const p of points) {
    if (p.at < offset) options.push([{ from: p, forward: true, inclusive: false, skip: offset - p.at - 1, limit }]);
    else if (p.at >= end) options.push([{ from: p, forward: false, inclusive: false, skip: p.at - end, limit }]);
    else {
      const before: Read[] = p.at > offset ? [{ from: p, forward: false, inclusive: false, skip: 0, limit: p.at - offset }] : [];
      options.push([...before, { from: p, forward: true, inclusive: true, skip: 0, limit: end - p.at }]);
    }
  }
  // A pass costs about what a heap of a thousand rows does.
  const cost = (reads: Read[]) => reads.reduce((n, r) => n + 1000 + r.skip + r.limit, 0);
  return options.reduce((best, o) => (cost(o) < cost(best) ? o : best));
}

/**
 * The review list of the archive, answered by the index page by page: filters, order and the
 * header's numbers are SQL, and only the rows of a page become objects, so listing a city's year
 * costs a sort in SQLite, not a million rows in memory. The order and the numbers are the ones the
 * list in memory gives for the same sessions (a property test holds them together).
 */
export class ArchiveSource implements ListSource {
  private known: Choices | null = null;
  /** Sessions reviewed in this run: they sort among the reviewed whether or not the index has the review yet. */
  private readonly reviewedNow = new Set<string>();
  private readonly statements = new Map<string, Statement>();
  private readonly strings = new Interner();
  /** The last filters' length and numbers (paging does not count again). */
  private last: { key: string; total: number; stats: Stats } | null = null;
  /** The index's `data_version` the counts and places below were read at (another commit changes it). */
  private version: number | null = null;
  /** Rows of the list `list` whose places are known (the last page's first and last, a focus). */
  private anchors: { list: string; points: { at: number; key: Key }[] } | null = null;

  constructor(private readonly db: Db) {}

  /**
   * The filters' values, read when first asked for (the filter line opened): terminals and days
   * from their indexes (each value once, then one session that is not a duplicate's second use);
   * staff ids have no index and are read from the table.
   */
  get choices(): Choices {
    if (this.known) return this.known;
    const distinct = (column: string, indexed: boolean) =>
      this.db
        .prepare(
          indexed
            ? `SELECT v.x FROM (SELECT DISTINCT ${column} AS x FROM sessions WHERE ${column} IS NOT NULL AND ${column} <> '') v
               WHERE EXISTS (SELECT 1 FROM sessions s WHERE s.${column} = v.x AND s.duplicate = 0)`
            : `SELECT DISTINCT ${column} FROM sessions WHERE duplicate = 0 AND ${column} IS NOT NULL AND ${column} <> ''`,
        )
        .pluck()
        .all() as string[];
    return (this.known = choicesFrom(distinct('terminal', true), distinct('operator', false), distinct('day', true)));
  }

  /** Every session: the unfiltered list's length (counted once, with the first page's numbers). */
  get all(): number {
    this.sync();
    return this.counted(whereOf(null).sql, { reviewed: JSON.stringify([...this.reviewedNow]) }).total;
  }

  /**
   * A page, read in one transaction (its counts and rows from the same commit). A collect may
   * commit between two pages: then the counts are taken again and no row's place is assumed, so
   * the list goes on from the same position in what the index now holds.
   */
  page(query: ListQuery): ListPage {
    return this.db.transaction(() => {
      this.sync();
      return this.pageNow(query);
    })();
  }

  /** Forget the counts and the places read before another connection's commit. */
  private sync(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version === this.version) return;
    this.version = version;
    this.last = null;
    this.anchors = null;
  }

  private pageNow(query: ListQuery): ListPage {
    const where = whereOf(resolveFilters(query.filters, () => this.choices));
    const params: Params = { ...where.params, reviewed: JSON.stringify([...this.reviewedNow]) };
    const { key: listKey, total, stats } = this.counted(where.sql, params);
    // Rows whose place is known in this list (the last page's ends): a page next to them seeks.
    if (this.anchors?.list !== listKey) this.anchors = { list: listKey, points: [] };
    const points = this.anchors.points;
    let focusAt: number | undefined;
    if (query.focus) {
      const f = { ...params, terminal: query.focus.terminal, id: query.focus.id };
      const k = this.statement(`SELECT ${GROUP}, s.start_ms IS NULL, COALESCE(s.start_ms, 0) FROM sessions s WHERE ${where.sql} AND s.terminal = @terminal AND s.id = @id`)
        .raw()
        .get(f) as [number, number, number] | undefined;
      focusAt = -1;
      if (k) {
        focusAt = this.statement(`SELECT COUNT(*) FROM sessions s WHERE ${where.sql} AND (${ORDER_KEY}) < (@g, @n, @m, @terminal, @id)`)
          .pluck()
          .get({ ...f, g: k[0], n: k[1], m: k[2] }) as number;
        points.push({ at: focusAt, key: [k[0], k[1], k[2], query.focus.terminal, query.focus.id] });
      }
    }
    const offset = pageStart(query, focusAt ?? -1, total);
    const limit = Math.max(0, Math.min(query.limit, total - offset));
    const listed: ListRow[] = [];
    for (const read of planReads(offset, limit, total, points)) listed.push(...this.read(where.sql, params, read));
    const rows: SessionRow[] = [];
    for (const [terminal, id, operator, checklist, version, startedAt, endedAt, outcome, flags, day] of listed) {
      rows.push(toRow({ id, terminal, operator, checklist, checklistVersion: version, startedAt, endedAt, outcome, flags: flagsOf(flags) }, NO_FILES, this.strings, day));
    }
    const ends = listed.length > 0 ? [listed[0]!, listed[listed.length - 1]!] : [];
    this.anchors.points = ends.map((r, i) => ({ at: i === 0 ? offset : offset + listed.length - 1, key: [r[10], r[11], r[12], r[0], r[1]] }));
    return { total, stats, offset, rows, ...(focusAt !== undefined ? { focusAt } : {}) };
  }

  /** One range of the list, in list order. */
  private read(where: string, params: Params, r: Read): ListRow[] {
    const seek = r.from === null ? '' : ` AND (${ORDER_KEY}) ${r.forward ? '>' : '<'}${r.inclusive ? '=' : ''} (@g, @n, @m, @t, @i)`;
    const sql = `SELECT ${LIST_COLUMNS} FROM sessions s WHERE ${where}${seek} ORDER BY ${r.forward ? ORDER_KEY : ORDER_DESC} LIMIT @limit OFFSET @skip`;
    const k = r.from?.key;
    const got = this.statement(sql)
      .raw()
      .all({ ...params, limit: r.limit, skip: r.skip, ...(k ? { g: k[0], n: k[1], m: k[2], t: k[3], i: k[4] } : {}) }) as ListRow[];
    return r.forward ? got : got.reverse();
  }

  reviewed(review: Review): void {
    this.reviewedNow.add(review.session);
    this.last = null;
    this.anchors = null;
  }

  /** The list's length and the header's numbers for these filters (as src/review/stats.ts counts them). */
  private counted(where: string, params: Params): { key: string; total: number; stats: Stats } {
    const key = JSON.stringify([where, params]);
    if (this.last?.key === key) return this.last;
    const perTerminal = this.statement(
      `SELECT s.terminal, COUNT(*), SUM(s.flags <> 0), SUM(s.flags <> 0 AND NOT ${REVIEWED}), MIN(NULLIF(s.day, '')), MAX(NULLIF(s.day, ''))
       FROM sessions s WHERE ${where} GROUP BY s.terminal`,
    )
      .raw()
      .all(params) as [string, number, number, number, string | null, string | null][];
    const stats: Stats = { sessions: 0, incomplete: 0, unreviewed: 0, firstDay: null, lastDay: null, terminals: [] };
    for (const [id, sessions, incomplete, unreviewed, first, last] of perTerminal) {
      stats.sessions += sessions;
      stats.incomplete += incomplete;
      stats.unreviewed += unreviewed;
      if (first !== null && (stats.firstDay === null || first < stats.firstDay)) stats.firstDay = first;
      if (last !== null && (stats.lastDay === null || last > stats.lastDay)) stats.lastDay = last;
      stats.terminals.push({ id, sessions, incomplete });
    }
    stats.terminals.sort(byId);
    this.last = { key, total: stats.sessions, stats };
    return this.last;
  }

  private statement(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }
}

/** Integrity problems the archive holds (the header's count). */
export function archiveProblems(db: Db): number {
  return (db.prepare('SELECT (SELECT COUNT(*) FROM problems) + (SELECT COUNT(*) FROM conflicts)').pluck().get() as number) ?? 0;
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
