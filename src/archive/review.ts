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
import { byId, type Stats, type TerminalStats } from '../review/stats.js';
import type { Db } from './db.js';
import { maskFlags, type Flag } from '../domain/flags.js';
import { reviewsById, sessionProblems, sessionRow } from './query.js';

/** A row's place in the list order: group, start unknown, start (ms), terminal, id. */
type Key = [number, number, number, string, string];
type ListRow = [
  ...[terminal: string, id: string, operator: string | null, checklist: string | null, version: string | null],
  ...[startedAt: string | null, endedAt: string | null, outcome: SessionRow['outcome'], flags: number, day: string | null],
  ...[startUnknown: number, startMs: number],
];

/** Reviewed: in the index, or in this run (`@reviewed`, a JSON array of session ids). */
const REVIEWED = '(EXISTS (SELECT 1 FROM reviews r WHERE r.session = s.id) OR s.id IN (SELECT value FROM json_each(@reviewed)))';
/**
 * The list's three groups, in list order (src/review/order.ts's groupOf): incomplete and not
 * followed up, incomplete and followed up, complete. Within a group the order is the start (unknown
 * last), terminal, id: the expressions of the index each group is read along (schema 4,
 * `sessions_list_flagged` and `sessions_list_complete`), so a page is a walk along an index, never
 * a sort of every row.
 */
export const GROUPS = [`s.flags <> 0 AND NOT ${REVIEWED}`, `s.flags <> 0 AND ${REVIEWED}`, 's.flags = 0'] as const;
/** The index each group is in order along. */
const GROUP_INDEX = ['sessions_list_flagged', 'sessions_list_flagged', 'sessions_list_complete'] as const;
const ORDER_KEY = 's.start_ms IS NULL, COALESCE(s.start_ms, 0), s.terminal, s.id';
const ORDER_DESC = 's.start_ms IS NULL DESC, COALESCE(s.start_ms, 0) DESC, s.terminal DESC, s.id DESC';
/** The columns the review list shows, then the rest of the row's key, in ListRow's order (the group is the query's). */
const LIST_COLUMNS = `s.terminal, s.id, s.operator, s.checklist, s.checklist_version, s.started_at, s.ended_at, s.outcome, s.flags, s.day,
  s.start_ms IS NULL, COALESCE(s.start_ms, 0)`;

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
export function whereOf(r: ResolvedFilters | null): { sql: string; params: Params } {
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
 * The SQL of one read of a group (`where` holds the group's condition): from a known row (a seek)
 * or from the group's start or end, along the group's index (a test checks SQLite takes it).
 */
export function listSql(where: string, r: Pick<Read, 'from' | 'forward' | 'inclusive'>): string {
  const seek = r.from === null ? '' : ` AND (${ORDER_KEY}) ${r.forward ? '>' : '<'}${r.inclusive ? '=' : ''} (@n, @m, @t, @i)`;
  return `SELECT ${LIST_COLUMNS} FROM sessions s WHERE ${where}${seek} ORDER BY ${r.forward ? ORDER_KEY : ORDER_DESC} LIMIT @limit OFFSET @skip`;
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
  /** Another connection has committed since the last page: the next page says so. */
  private changed = false;
  /** Rows of the list `list` whose places are known (the last page's first and last, a focus). */
  private anchors: { list: string; points: { at: number; key: Key }[] } | null = null;

  constructor(private readonly db: Db) {}

  /**
   * The filters' values, read when first asked for (the filter line opened), each along an index:
   * terminals and days each value once, then one session that is not a duplicate's second use;
   * staff ids from their index of sessions that are not (schema 4). Read again after another
   * connection's commit (a collect brought a terminal): the next page then counts again too.
   */
  get choices(): Choices {
    this.sync();
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
      const page = this.pageNow(query);
      if (!this.changed) return page;
      this.changed = false;
      return { ...page, changed: { all: this.all } };
    })();
  }

  /** Forget the counts, the places and the filters' values read before another connection's commit. */
  private sync(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version === this.version) return;
    if (this.version !== null) this.changed = true;
    this.version = version;
    this.last = null;
    this.anchors = null;
    this.known = null;
  }

  private pageNow(query: ListQuery): ListPage {
    const where = whereOf(resolveFilters(query.filters, () => this.choices));
    const params: Params = { ...where.params, reviewed: JSON.stringify([...this.reviewedNow]) };
    const { key: listKey, total, stats } = this.counted(where.sql, params);
    // Where each group starts in the list: the header's numbers count them.
    const bounds = [0, stats.unreviewed, stats.incomplete, total];
    // Rows whose place is known in this list (the last page's ends, a focus): a page next to them seeks.
    if (this.anchors?.list !== listKey) this.anchors = { list: listKey, points: [] };
    const points = this.anchors.points;
    let focusAt: number | undefined;
    if (query.focus) {
      const place = this.placeOf(where.sql, { ...params, terminal: query.focus.terminal, id: query.focus.id }, bounds);
      if (place.key) points.push({ at: place.at, key: place.key });
      focusAt = place.at;
    }
    const offset = pageStart(query, focusAt ?? -1, total);
    const limit = Math.max(0, Math.min(query.limit, total - offset));
    const listed: [number, ListRow][] = [];
    // The page's part in each group, read along that group's index from its nearest known row.
    for (let g = 0; g < GROUPS.length; g++) {
      const [start, end] = [bounds[g]!, bounds[g + 1]!];
      const from = Math.max(offset, start);
      const to = Math.min(offset + limit, end);
      if (from >= to) continue;
      const near = points.filter((p) => p.key[0] === g).map((p) => ({ at: p.at - start, key: p.key }));
      for (const read of planReads(from - start, to - from, end - start, near)) {
        for (const row of this.read(`${where.sql} AND ${GROUPS[g]}`, params, read)) listed.push([g, row]);
      }
    }
    const rows: SessionRow[] = [];
    for (const [, [terminal, id, operator, checklist, version, startedAt, endedAt, outcome, flags, day]] of listed) {
      rows.push(toRow({ id, terminal, operator, checklist, checklistVersion: version, startedAt, endedAt, outcome, flags: flagsOf(flags) }, NO_FILES, this.strings, day));
    }
    const ends = listed.length > 0 ? [listed[0]!, listed[listed.length - 1]!] : [];
    this.anchors.points = ends.map(([g, r], i) => ({ at: i === 0 ? offset : offset + listed.length - 1, key: [g, r[10], r[11], r[0], r[1]] }));
    return { total, stats, offset, rows, ...(focusAt !== undefined ? { focusAt } : {}) };
  }

  /**
   * A session's place in the list (-1 when the filters leave it out) and its key: where its group
   * starts, plus the rows before it in its group (a count along the group's index).
   */
  private placeOf(where: string, f: Params, bounds: readonly number[]): { at: number; key?: Key } {
    for (let g = 0; g < GROUPS.length; g++) {
      const k = this.statement(`SELECT s.start_ms IS NULL, COALESCE(s.start_ms, 0) FROM sessions s WHERE ${where} AND ${GROUPS[g]} AND s.terminal = @terminal AND s.id = @id`)
        .raw()
        .get(f) as [number, number] | undefined;
      if (!k) continue;
      // Along the group's index: SQLite would count along the smallest index and look up every row.
      const before = this.statement(`SELECT COUNT(*) FROM sessions s INDEXED BY ${GROUP_INDEX[g]} WHERE ${where} AND ${GROUPS[g]} AND (${ORDER_KEY}) < (@n, @m, @terminal, @id)`)
        .pluck()
        .get({ ...f, n: k[0], m: k[1] }) as number;
      return { at: bounds[g]! + before, key: [g, k[0], k[1], f.terminal as string, f.id as string] };
    }
    return { at: -1 };
  }

  /** One range of a group (`where` holds the group's condition), in list order. */
  private read(where: string, params: Params, r: Read): ListRow[] {
    const k = r.from?.key;
    const got = this.statement(listSql(where, r))
      .raw()
      .all({ ...params, limit: r.limit, skip: r.skip, ...(k ? { n: k[1], m: k[2], t: k[3], i: k[4] } : {}) }) as ListRow[];
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
    // Two passes, each along an index rather than over the rows. The first counts the sessions of
    // each terminal, kind (flag bits) and day from the index that holds just those columns, in the
    // index's own order (a few thousand groups for a city's year; summed here, it takes half the
    // time SQLite's per-row SUM, MIN and MAX do). The second counts the sessions nobody has followed
    // up along the incomplete ones' index (about a seventh of the rows): left to itself, SQLite takes
    // the first index for the GROUP BY's order and looks up every incomplete row's id in the table.
    const cells = this.statement(`SELECT s.terminal, s.flags <> 0, NULLIF(s.day, ''), COUNT(*) FROM sessions s WHERE ${where} GROUP BY s.terminal, s.flags, s.day`)
      .raw()
      .all(params) as [string, number, string | null, number][];
    const open = new Map(
      this.statement(`SELECT s.terminal, COUNT(*) FROM sessions s INDEXED BY ${GROUP_INDEX[0]} WHERE ${where} AND ${GROUPS[0]} GROUP BY s.terminal`)
        .raw()
        .all(params) as [string, number][],
    );
    const stats: Stats = { sessions: 0, incomplete: 0, unreviewed: 0, firstDay: null, lastDay: null, terminals: [] };
    const byTerminal = new Map<string, TerminalStats>();
    for (const [id, flagged, day, n] of cells) {
      let t = byTerminal.get(id);
      if (!t) {
        byTerminal.set(id, (t = { id, sessions: 0, incomplete: 0 }));
        stats.terminals.push(t);
        stats.unreviewed += open.get(id) ?? 0;
      }
      t.sessions += n;
      stats.sessions += n;
      if (flagged) {
        t.incomplete += n;
        stats.incomplete += n;
      }
      if (day !== null && (stats.firstDay === null || day < stats.firstDay)) stats.firstDay = day;
      if (day !== null && (stats.lastDay === null || day > stats.lastDay)) stats.lastDay = day;
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
