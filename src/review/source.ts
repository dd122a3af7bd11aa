// Where the review list's rows come from, a page at a time: the screen holds the rows it draws and
// the header's numbers, never the whole list. Two sources answer the same questions in the same
// order: the sessions read from log files, held here in memory (`MemorySource`), and the archive's
// index, answered in SQL (src/archive/review.ts), so a city's year is listed without loading it.
// Both are synchronous (better-sqlite3 is): the controller answers the model's `list` command at
// once, and the model never draws a half-answered page.
import type { SessionRow } from './load.js';
import type { Review, ReviewIndex } from './log.js';
import { choicesOf, matcher, type Choices, type Filters } from './filters.js';
import { sortSessions } from './order.js';
import { statsOf, type Stats } from './stats.js';

/** What the list asks for: the filters, and which rows of the filtered list. */
export interface ListQuery {
  filters: Filters;
  offset: number;
  limit: number;
  /**
   * A session the page must show if the filters let it through (it has just moved, after a
   * review): the page then starts `before` rows above it, and says where it is.
   */
  focus?: { terminal: string; id: string; before: number };
}

export interface ListPage {
  /** Sessions the filters let through (the list's length). */
  total: number;
  stats: Stats;
  /** The position of `rows[0]` in the list. */
  offset: number;
  rows: readonly SessionRow[];
  /** The focus's position in the list; -1 when the filters hide it (then the page is at `offset`). */
  focusAt?: number;
  /**
   * Another process wrote the sessions since the last page (a collect, while the archive is being
   * reviewed): every session counted again. The filters' values the model holds are old.
   */
  changed?: { all: number };
}

export interface ListSource {
  /** Every session, whatever the filters. */
  readonly all: number;
  /** The values the filters step through (worked out when first asked for). */
  readonly choices: Choices;
  page(query: ListQuery): ListPage;
  /** A review was written: its session sorts among the reviewed from now on. */
  reviewed(review: Review): void;
}

/** The page's first position: around the focus when there is one and the filters keep it. */
export function pageStart(query: ListQuery, focusAt: number, total: number): number {
  const at = query.focus && focusAt >= 0 ? focusAt - query.focus.before : query.offset;
  return Math.max(0, Math.min(at, total - 1));
}

/** The sessions read from log files, sorted once, filtered when the filters change. */
export class MemorySource implements ListSource {
  readonly all: number;
  private known: Choices | null = null;
  private readonly reviews: Map<string, readonly Review[]>;
  private sorted: SessionRow[];
  /** The last filters' list and numbers (paging does not filter again). */
  private last: { filters: Filters; rows: readonly SessionRow[]; stats: Stats } | null = null;

  constructor(rows: readonly SessionRow[], reviews: ReviewIndex) {
    this.reviews = new Map(reviews);
    this.sorted = sortSessions(rows, this.reviews);
    this.all = rows.length;
  }

  get choices(): Choices {
    return (this.known ??= choicesOf(this.sorted));
  }

  page(query: ListQuery): ListPage {
    const { rows, stats } = this.filtered(query.filters);
    const focus = query.focus;
    const focusAt = focus ? rows.findIndex((r) => r.terminal === focus.terminal && r.id === focus.id) : -1;
    const offset = pageStart(query, focusAt, rows.length);
    return { total: rows.length, stats, offset, rows: rows.slice(offset, offset + query.limit), ...(focus ? { focusAt } : {}) };
  }

  reviewed(review: Review): void {
    this.reviews.set(review.session, [...(this.reviews.get(review.session) ?? []), review]);
    this.sorted = sortSessions(this.sorted, this.reviews);
    this.last = null;
  }

  private filtered(filters: Filters): { rows: readonly SessionRow[]; stats: Stats } {
    const last = this.last;
    if (last && sameFilters(last.filters, filters)) return last;
    const match = matcher(filters, () => this.choices);
    const rows = match === null ? this.sorted : this.sorted.filter(match);
    this.last = { filters, rows, stats: statsOf(rows, this.reviews) };
    return this.last;
  }
}

export const sameFilters = (a: Filters, b: Filters) =>
  a.flag === b.flag && a.terminal === b.terminal && a.operator === b.operator && a.date === b.date;
