// The review screen's pure model: list order, the window, filters typed and picked, timelines and
// the acknowledgement flow (reviewer asked once, note checked by the PII guard, effect out, model
// marked only when the controller answers `reviewed`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordItem } from '../src/log/reader.js';
import { toRow, type SessionRow } from '../src/review/load.js';
import { counterDay } from '../src/report/dates.js';
import type { Review, ReviewIndex } from '../src/review/log.js';
import {
  canReview,
  DETAIL_ROWS,
  detailOverflows,
  editingOf,
  initialModel,
  LIST_ROWS,
  selected,
  pageLimit,
  pageMargin,
  TIMELINE_ROWS,
  timelineEntries,
  timelineOf,
  update,
  visibleRows,
  type ReviewCmd,
  type Msg,
  type ReviewKey,
  type ReviewModel,
  type Step,
} from '../src/review/model.js';
import type { Flag, SessionOutcome } from '../src/domain/flags.js';
import { scrollTo } from '../src/tui/list-window.js';
import { reviewBindings } from '../src/review/keys.js';
import { hintLine } from '../src/tui/keymap.js';
import { sortSessions } from '../src/review/order.js';
import { MemorySource } from '../src/review/source.js';
import { stepWith } from './helpers/review.js';
import { ReviewController } from '../src/review/controller.js';

/** The screen's name as the tests say it (the acknowledgement prompt by what it asks). */
const where = (m: ReviewModel) => (m.screen.name === 'ack' ? `ack-${m.screen.ask}` : m.screen.name);
const ack = (m: ReviewModel) => (m.screen.name === 'ack' ? m.screen : null);

const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const BASE = Date.parse('2026-11-27T09:00:00+09:00');
/** `ms` as a counter at +09:00 writes it (the wall time and its offset). */
const jst = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().replace('Z', '+09:00');
const dayOf = (ms: number) => counterDay(jst(ms));

function row(n: number, opts: { flags?: Flag[]; outcome?: SessionOutcome; terminal?: string; operator?: string | null; at?: number } = {}): SessionRow {
  const startMs = opts.at ?? BASE + n * 60_000;
  const startedAt = jst(startMs);
  return {
    id: uuid(n),
    terminal: opts.terminal ?? 'T-01',
    operator: opts.operator === undefined ? 'S-01' : opts.operator,
    checklist: 'mynapoint-support',
    checklistVersion: '1.0.0',
    startedAt,
    endedAt: startedAt,
    outcome: opts.outcome ?? 'completed',
    flags: opts.flags ?? [],
    startMs,
    day: counterDay(startedAt),
    files: ['x.jsonl'],
  };
}

const review = (session: string, note = 'called', at = '2026-11-28T10:00:00.000+09:00'): Review => ({
  session,
  terminal: 'T-01',
  at,
  reviewer: 'SV-01',
  note,
});

const K = {
  enter: { name: 'enter' },
  esc: { name: 'escape' },
  up: { name: 'up' },
  down: { name: 'down' },
  left: { name: 'left' },
  right: { name: 'right' },
  tab: { name: 'tab' },
  pgdn: { name: 'page-down' },
  pgup: { name: 'page-up' },
  home: { name: 'home' },
  end: { name: 'end' },
  bs: { name: 'backspace' },
  ctrlC: { name: 'ctrl-c' },
} as const satisfies Record<string, ReviewKey>;
const text = (t: string): ReviewKey => ({ name: 'text', text: t });

/** The list's source the last `loaded` read (the controller's part: pages, and reviews told to it). */
let source = new MemorySource([], new Map());
const step = (model: ReviewModel, msg: Msg): Step => stepWith(source, model, msg);

/** Feed keys (strings are typed text); returns the last step and the model. */
function keys(model: ReviewModel, ...ks: (ReviewKey | string)[]): Step {
  let s: Step = { model, cmds: [] };
  for (const k of ks) s = step(s.model, { type: 'key', key: typeof k === 'string' ? text(k) : k });
  return s;
}

function loaded(rows: SessionRow[], reviews: Map<string, Review[]> = new Map(), problems = 0): ReviewModel {
  source = new MemorySource(rows, reviews);
  const msg: Msg = { type: 'loaded', all: source.all, problems, reviews, reviewProblems: 0 };
  return step(initialModel({ operatorPattern: '^[A-Za-z0-9-]{2,16}$' }), msg).model;
}

/** The whole list the model holds, in its order (these lists fit one page). */
function listOf(m: ReviewModel): readonly SessionRow[] {
  expect([m.list.offset, m.list.rows.length]).toEqual([0, m.list.total]);
  return m.list.rows;
}
const ids = (m: ReviewModel) => listOf(m).map((r) => r.id);

/** A ward's day: completed, interrupted, killed and recovered, idle, another terminal, an open one. */
function day(): SessionRow[] {
  return [
    row(1),
    row(2, { outcome: 'interrupted', flags: ['interrupted'] }),
    row(3, { outcome: 'recovered', flags: ['unclean-exit'] }),
    row(4, { flags: ['idle'], terminal: 'T-02', operator: '0012' }),
    row(5, { terminal: 'T-02', operator: '0012' }),
    row(6, { outcome: 'open', flags: ['no-logout'], terminal: 'T-10', operator: 'S-02' }),
  ];
}

describe('loading and the list order', () => {
  it('starts loading: keys wait (q and Ctrl+C still quit), progress is shown', () => {
    let m = initialModel({ operatorPattern: '.+' });
    expect(m.loading).toEqual({ sessions: 0, share: 0 });
    m = step(m, { type: 'progress', sessions: 1234, share: 0.25 }).model;
    expect(m.loading).toEqual({ sessions: 1234, share: 0.25 });
    const s = keys(m, K.enter);
    expect(s.cmds).toEqual([]);
    expect(s.model.notice?.key).toBe('loading');
    expect(keys(m, 'q').model.exit).toBe(true);
    expect(keys(m, K.ctrlC).model.exit).toBe(true);
  });

  it('puts incomplete unreviewed sessions first, then reviewed ones, then complete ones, each by start', () => {
    const rows = day().reverse();
    const m = loaded(rows, new Map([[uuid(2), [review(uuid(2))]]]));
    expect(m.loading).toBeNull();
    expect(ids(m)).toEqual([uuid(3), uuid(4), uuid(6), uuid(2), uuid(1), uuid(5)]);
    expect(m.stats).toMatchObject({ sessions: 6, incomplete: 4, unreviewed: 3 });
    expect(m.stats.terminals).toEqual([
      { id: 'T-01', sessions: 3, incomplete: 2 },
      { id: 'T-02', sessions: 2, incomplete: 1 },
      { id: 'T-10', sessions: 1, incomplete: 1 },
    ]);
    expect(m.stats.firstDay).toBe(dayOf(BASE + 60_000));
    // The filters' values are asked for when the filter line first opens, not before.
    expect(m.choices).toBeNull();
    const opening = update(m, { type: 'key', key: text('/') });
    expect(opening.cmds).toEqual([{ type: 'choices' }]);
    const editing = keys(m, '/').model;
    expect(editing.choices!.terminals).toEqual(['T-01', 'T-02', 'T-10']);
    expect(editing.choices!.operators).toEqual(['0012', 'S-01', 'S-02']);
    // and each time it opens again: the source answers from what it read, unless the index changed.
    expect(update(keys(editing, K.enter).model, { type: 'key', key: text('/') }).cmds).toEqual([{ type: 'choices' }]);
  });

  it("a page that says the index changed (a collect while reviewing) has the filters' values read again", () => {
    const m = keys(loaded(day()), '/').model;
    expect(m.choices).not.toBeNull();
    const pageOf = (model: ReviewModel, changed?: { all: number }) => {
      const page = { total: model.list.total, stats: model.stats, offset: 0, rows: model.list.rows, ...(changed ? { changed } : {}) };
      return update(model, { type: 'page', ask: model.asked, page });
    };
    // On the filter line: its values are asked for at once, and every session counted again.
    const open = pageOf(m, { all: 9 });
    expect(open.model.choices).toBeNull();
    expect(open.cmds).toEqual([{ type: 'choices' }]);
    expect(open.model.list.all).toBe(9);
    // Off it: asked for when the line next opens.
    const off = keys(m, K.enter).model;
    const closed = pageOf(off, { all: 9 });
    expect(closed.cmds).toEqual([]);
    expect(closed.model.choices).toBeNull();
    expect(update(closed.model, { type: 'key', key: text('/') }).cmds).toEqual([{ type: 'choices' }]);
    // A page that does not say so keeps them.
    expect(pageOf(off).model.choices).toBe(off.choices);
  });

  it('the order does not depend on the order the rows arrive in (the archive reads them in its table order)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            n: fc.integer({ min: 1, max: 40 }),
            terminal: fc.constantFrom('T-01', 'T-02', 'T-10'),
            at: fc.option(fc.constantFrom(BASE, BASE + 60_000), { nil: null }),
            flagged: fc.boolean(),
            reviewed: fc.boolean(),
          }),
          { maxLength: 30 },
        ),
        fc.integer(),
        (specs, seed) => {
          // Ids are unique per terminal, as in the index; starts often tie.
          const seen = new Set<string>();
          const rows = specs
            .filter((s) => !seen.has(`${s.terminal}/${s.n}`) && seen.add(`${s.terminal}/${s.n}`))
            .map((s) => {
              const r = row(s.n, { terminal: s.terminal, ...(s.flagged ? { flags: ['idle' as Flag] } : {}), ...(s.at !== null ? { at: s.at } : {}) });
              return s.at === null ? { ...r, startedAt: null, startMs: null, day: '' } : r;
            });
          const reviews: ReviewIndex = new Map(specs.filter((s) => s.reviewed).map((s) => [uuid(s.n), [] as Review[]]));
          const shuffled = rows.map((r, i) => ({ r, k: Math.sin(seed + i) })).sort((a, b) => a.k - b.k).map((x) => x.r);
          const key = (list: SessionRow[]) => list.map((r) => `${r.terminal}/${r.id}`);
          expect(key(sortSessions(shuffled, reviews))).toEqual(key(sortSessions(rows, reviews)));
        },
      ),
    );
  });

  it('sessions without a start time come last in their group', () => {
    const noStart = { ...row(9, { flags: ['integrity'] }), startedAt: null, startMs: null, day: '' };
    const sorted = sortSessions([noStart, row(2, { flags: ['idle'] }), row(1)], new Map());
    expect(sorted.map((r) => r.id)).toEqual([uuid(2), uuid(9), uuid(1)]);
  });
});

describe('the window around the cursor', () => {
  const many = Array.from({ length: 100_000 }, (_, i) => row(i + 1, i % 10 === 0 ? { flags: ['idle'] } : {}));

  it('draws only LIST_ROWS rows of 100,000, and moves by row, page, home and end', () => {
    let m = loaded(many);
    expect(visibleRows(m)).toHaveLength(LIST_ROWS);
    m = keys(m, K.down, K.down).model;
    expect([m.cursor, m.top]).toEqual([2, 0]);
    m = keys(m, K.pgdn).model;
    expect([m.cursor, m.top]).toEqual([2 + LIST_ROWS, LIST_ROWS]);
    m = keys(m, K.end).model;
    expect([m.cursor, m.top]).toEqual([99_999, 100_000 - LIST_ROWS]);
    expect(visibleRows(m).map((r) => r.index)).toEqual(Array.from({ length: LIST_ROWS }, (_, i) => 100_000 - LIST_ROWS + i));
    m = keys(m, K.down).model;
    expect(m.cursor).toBe(99_999);
    m = keys(m, K.pgup).model;
    expect([m.cursor, m.top]).toEqual([99_999 - LIST_ROWS, 100_000 - 2 * LIST_ROWS]);
    m = keys(m, K.home, K.up).model;
    expect([m.cursor, m.top]).toEqual([0, 0]);
  });

  it('the window is as tall as the screen says: paging, End and visibleRows use the new size', () => {
    let m = loaded(many);
    m = step(m, { type: 'resize', listRows: 26, timelineRows: 25 }).model;
    expect([m.listRows, m.timelineRows]).toEqual([26, 25]);
    expect(visibleRows(m)).toHaveLength(26);
    m = keys(m, K.pgdn).model;
    expect([m.cursor, m.top]).toEqual([26, 26]);
    m = keys(m, K.end).model;
    expect([m.cursor, m.top]).toEqual([99_999, 100_000 - 26]);
    // Nonsense sizes are clamped to one row.
    expect(step(m, { type: 'resize', listRows: 0, timelineRows: -3 }).model).toMatchObject({ listRows: 1, timelineRows: 1 });
  });

  it('a resize keeps the cursor on the same session, and a shrink keeps it in the window', () => {
    let m = step(loaded(many), { type: 'resize', listRows: 26, timelineRows: 25 }).model;
    m = keys(m, ...Array.from({ length: 20 }, () => K.down)).model;
    const on = selected(m)!.id;
    expect([m.cursor, m.top]).toEqual([20, 0]);
    m = step(m, { type: 'resize', listRows: 10, timelineRows: 9 }).model;
    expect(selected(m)!.id).toBe(on);
    expect(m.cursor).toBe(20);
    expect(m.cursor - m.top).toBeGreaterThanOrEqual(0);
    expect(m.cursor - m.top).toBeLessThan(10);
    expect(visibleRows(m).map((r) => r.index)).toContain(20);
    // Growing again shows more rows; the cursor stays where it is.
    m = step(m, { type: 'resize', listRows: 40, timelineRows: 39 }).model;
    expect(selected(m)!.id).toBe(on);
    expect(visibleRows(m)).toHaveLength(40);
    expect(visibleRows(m).map((r) => r.index)).toContain(20);
  });

  it('a reviewed session keeps its place in the window the screen gave (not the default size)', () => {
    let m = step(loaded(many.slice(0, 200)), { type: 'resize', listRows: 30, timelineRows: 29 }).model;
    m = keys(m, ...Array.from({ length: 25 }, () => K.down)).model;
    const on = selected(m)!;
    expect([m.cursor, m.top]).toEqual([25, 0]);
    m = step(m, { type: 'reviewed', review: review(on.id) }).model;
    expect(selected(m)!.id).toBe(on.id);
    expect([m.cursor, m.top]).toEqual([25, 0]);
  });

  it('holds a page around the window, never the list: moving asks the source for the next page', () => {
    let m = loaded(many);
    expect(m.list.total).toBe(100_000);
    expect(m.list.rows.length).toBe(pageLimit(m));
    for (let i = 0; i < 2000; i++) {
      m = keys(m, K.down).model;
      expect(m.list.rows.length).toBeLessThanOrEqual(pageLimit(m));
      expect(visibleRows(m)).toHaveLength(LIST_ROWS);
    }
    expect(m.cursor).toBe(2000);
    expect(m.list.offset).toBeGreaterThan(0);
    expect(selected(m)).toBe(source.page({ filters: m.filters, offset: 2000, limit: 1 }).rows[0]);
    // A key inside the page asks for nothing; one past it asks for the page around the window.
    const inside = update(m, { type: 'key', key: K.up });
    expect(inside.cmds).toEqual([]);
    const far = update(m, { type: 'key', key: K.end });
    expect(far.cmds).toEqual([{ type: 'list', ask: m.asked + 1, query: expect.objectContaining({ offset: 100_000 - LIST_ROWS - pageMargin(m) }) }]);
    // An answer to an older question is not drawn.
    const stale = update(far.model, { type: 'page', ask: m.asked, page: source.page({ filters: m.filters, offset: 0, limit: 5 }) });
    expect(stale.model).toBe(far.model);
  });

  it('scrollTo keeps the cursor inside the window and the window inside the list', () => {
    expect(scrollTo(0, 5, 3, 10)).toEqual({ cursor: 0, top: 0 });
    expect(scrollTo(5, 0, 9, 10)).toEqual({ cursor: 4, top: 0 });
    expect(scrollTo(50, 0, 25, 10)).toEqual({ cursor: 25, top: 16 });
    expect(scrollTo(50, 40, 45, 10)).toEqual({ cursor: 45, top: 40 });
  });
});

describe('a list the source cannot read', () => {
  it('keeps the list as it was and says why; an answer to an older question is ignored', () => {
    const far = keys(loaded(day()), '/', K.down).model;
    expect(update(far, { type: 'page-failed', ask: far.asked - 1, error: 'old' }).model).toBe(far);
    const failed = update(far, { type: 'page-failed', ask: far.asked, error: 'disk I/O error' }).model;
    expect(failed.notice).toEqual({ key: 'list-failed', detail: 'disk I/O error' });
    expect(failed.list).toBe(far.list);
  });

  it('the controller turns a source that throws into that notice, and the next question is asked again', () => {
    const rows = day();
    let broken = true;
    const memory = new MemorySource(rows, new Map());
    const source = {
      all: memory.all,
      choices: memory.choices,
      page: (q: Parameters<MemorySource['page']>[0]) => {
        if (broken) throw new Error('SQLITE_IOERR: disk I/O error');
        return memory.page(q);
      },
      reviewed: () => {},
    };
    const controller = new ReviewController({
      model: initialModel({ operatorPattern: '^[A-Za-z0-9-]{2,16}$' }),
      openLog: () => {
        throw new Error('not used');
      },
      readTimeline: async () => [],
      describe: (e) => (e as Error).message,
    });
    controller.load(source, { problems: 0, reviews: new Map(), reviewProblems: 0 });
    expect(controller.getModel().notice).toEqual({ key: 'list-failed', detail: 'SQLITE_IOERR: disk I/O error' });
    expect(controller.getModel().list.rows).toEqual([]);
    broken = false;
    controller.key({ name: 'text', text: 'c' });
    expect(controller.getModel().list.rows.map((r) => r.id)).toEqual(ids(loaded(rows)));
  });
});

describe('filters, typed or picked on the filter line', () => {
  it('/ opens the filter line; ↑↓ pick the flag filter; Enter closes it', () => {
    let m = keys(loaded(day()), '/').model;
    expect(editingOf(m)).toBe('flag');
    m = keys(m, K.down).model;
    expect(m.filters.flag).toBe('incomplete');
    expect(ids(m)).toEqual([uuid(2), uuid(3), uuid(4), uuid(6)]);
    m = keys(m, K.down, K.down).model;
    expect(m.filters.flag).toBe('unclean-exit');
    expect(ids(m)).toEqual([uuid(3)]);
    m = keys(m, K.up, K.up, K.up).model;
    expect(m.filters.flag).toBe('');
    m = keys(m, K.up).model;
    expect(m.filters.flag).toBe('complete');
    expect(ids(m)).toEqual([uuid(1), uuid(5)]);
    m = keys(m, K.enter).model;
    expect(editingOf(m)).toBeNull();
    expect(m.filters.flag).toBe('complete');
  });

  it('typed terminal: an exact id matches only itself, other text matches ids containing it', () => {
    let m = keys(loaded(day()), K.tab, K.right).model;
    expect(editingOf(m)).toBe('terminal');
    m = keys(m, 't-0').model;
    expect(m.stats.sessions).toBe(5);
    m = keys(m, '1').model;
    expect(m.filters.terminal).toBe('t-01');
    expect(ids(m)).toEqual([uuid(2), uuid(3), uuid(1)]);
    m = keys(m, K.bs, K.bs, '１０').model; // full-width digits
    expect(ids(m)).toEqual([uuid(6)]);
    m = keys(m, K.down).model; // not a choice: ↓ starts from "all"
    expect(m.filters.terminal).toBe('');
    m = keys(m, K.down, K.down).model;
    expect(m.filters.terminal).toBe('T-02');
    expect(m.stats).toMatchObject({ sessions: 2, incomplete: 1, terminals: [{ id: 'T-02', sessions: 2, incomplete: 1 }] });
  });

  it('the date filter is the counter\'s day as logged, not the reader\'s: 00:30 at +09:00 is 1 December anywhere', () => {
    const base = row(1, { flags: ['idle'] });
    // 2026-11-30T15:30Z: 30 November in UTC and westwards, 1 December at the counter.
    const early = toRow({ ...base, flags: [...base.flags], startedAt: '2026-12-01T00:30:00.000+09:00' }, []);
    // 2026-12-01T04:30Z: 1 December in UTC and eastwards, still 30 November at this counter.
    const late = toRow({ ...base, flags: [...base.flags], id: uuid(2), startedAt: '2026-11-30T23:30:00.000-05:00' }, []);
    expect([early.day, late.day]).toEqual(['2026-12-01', '2026-11-30']);
    let m = loaded([early, late]);
    expect([m.stats.firstDay, m.stats.lastDay]).toEqual(['2026-11-30', '2026-12-01']);
    m = keys(m, K.tab, K.left, '2026-12-01').model;
    expect(m.choices!.days).toContain('2026-12-01');
    expect(ids(m)).toEqual([uuid(1)]);
    m = keys(m, ...Array.from({ length: 10 }, () => K.bs), '2026-11-30').model;
    expect(ids(m)).toEqual([uuid(2)]);
  });

  it('staff and date filters; filters combine; c clears them all', () => {
    const rows = [...day(), row(7, { at: BASE + 86_400_000, flags: ['idle'] })];
    let m = keys(loaded(rows), K.tab, K.left).model;
    expect(editingOf(m)).toBe('date');
    const next = dayOf(BASE + 86_400_000);
    m = keys(m, next.replace(/-/g, '/')).model;
    expect(ids(m)).toEqual([uuid(7)]);
    m = keys(m, K.bs, K.bs, K.bs).model; // the month: `YYYY/MM`
    expect(m.stats.sessions).toBe(dayOf(BASE).slice(0, 7) === next.slice(0, 7) ? 7 : 1);
    m = keys(m, K.left).model;
    expect(editingOf(m)).toBe('operator');
    m = keys(m, '0012').model;
    expect(ids(m)).toEqual(dayOf(BASE).slice(0, 7) === next.slice(0, 7) ? [uuid(4), uuid(5)] : []);
    m = keys(m, K.esc, 'c').model;
    expect(m.filters).toEqual({ flag: '', terminal: '', operator: '', date: '' });
    expect(m.notice?.key).toBe('filters-cleared');
    expect(m.stats.sessions).toBe(7);
  });

  it('a filter change resets the cursor; typing q on the filter line filters, it does not quit', () => {
    let m = keys(loaded(day()), K.down, K.down).model;
    expect(m.cursor).toBe(2);
    m = keys(m, '/', K.right, K.right, 'q').model;
    expect(m.exit).toBe(false);
    expect(m.filters.operator).toBe('q');
    expect(m.cursor).toBe(0);
    expect(m.list).toMatchObject({ total: 0, rows: [] });
  });
});

describe('timelines', () => {
  const rec = (session: string, seq: number, type: 'session-start' | 'logout' | 'step'): RecordItem => ({
    kind: 'record',
    file: 'f.jsonl',
    line: seq,
    record:
      type === 'logout'
        ? { v: 1, seq, ts: '2026-11-27T09:05:00.000+09:00', terminal: 'T-01', operator: 'S-01', session, type, payload: { outcome: 'completed', gate: [] }, prev: '0'.repeat(64) }
        : type === 'step'
          ? { v: 1, seq, ts: '2026-11-27T09:01:00.000+09:00', terminal: 'T-01', operator: 'S-01', session, type, payload: { action: 'confirm', section: 's', item: 'i', required: true }, prev: '0'.repeat(64) }
          : { v: 1, seq, ts: '2026-11-27T09:00:00.000+09:00', terminal: 'T-01', operator: 'S-01', session, type, payload: { checklist: 'c', checklistVersion: '1', checklistSha256: 'a'.repeat(64) }, prev: '0'.repeat(64) },
  });

  it('Enter asks for the selected session\'s records; they arrive; Esc goes back', () => {
    const m1 = keys(loaded(day()), K.down).model;
    const chosen = selected(m1)!;
    const s = keys(m1, K.enter);
    expect(s.cmds).toEqual([{ type: 'load-timeline', session: chosen }]);
    expect(where(s.model)).toBe('timeline');
    expect(timelineOf(s.model)).toMatchObject({ status: 'loading', session: chosen });
    // A late answer for another session changes nothing.
    expect(step(s.model, { type: 'timeline', session: uuid(99), items: [] }).model).toBe(s.model);
    const m = step(s.model, { type: 'timeline', session: chosen.id, items: [rec(chosen.id, 1, 'session-start'), rec(chosen.id, 2, 'logout')] }).model;
    expect(timelineOf(m)?.status).toBe('ready');
    expect(timelineEntries(m).map((e) => e.kind)).toEqual(['record', 'record']);
    const back = keys(m, K.esc).model;
    expect(where(back)).toBe('list');
    expect(timelineOf(back)).toBeNull();
    expect(back.cursor).toBe(1);
  });

  it('a session never logged out says so last; reviews follow the records; the window scrolls', () => {
    const open = row(6, { outcome: 'open', flags: ['no-logout'] });
    let m = keys(loaded([open], new Map([[open.id, [review(open.id)]]])), K.enter).model;
    const steps = Array.from({ length: 20 }, (_, i) => rec(open.id, i + 2, 'step'));
    m = step(m, { type: 'timeline', session: open.id, items: [rec(open.id, 1, 'session-start'), ...steps] }).model;
    const entries = timelineEntries(m);
    expect(entries.slice(-2).map((e) => e.kind)).toEqual(['no-logout', 'review']);
    expect(entries).toHaveLength(23);
    m = keys(m, K.end).model;
    expect([timelineOf(m)!.cursor, timelineOf(m)!.top]).toEqual([22, 23 - TIMELINE_ROWS]);
    m = keys(m, K.home).model;
    expect([timelineOf(m)!.cursor, timelineOf(m)!.top]).toEqual([0, 0]);
    // A shrink while the timeline is open keeps its entry in view; a taller one pages by more.
    m = keys(m, ...Array.from({ length: 8 }, () => K.down)).model;
    m = step(m, { type: 'resize', listRows: 5, timelineRows: 4 }).model;
    expect(timelineOf(m)!.cursor).toBe(8);
    expect(timelineOf(m)!.top).toBe(5);
    m = step(m, { type: 'resize', listRows: 21, timelineRows: 20 }).model;
    m = keys(m, K.home, K.pgdn).model;
    expect(timelineOf(m)!.cursor).toBe(20);
  });

  it('a detail longer than its box scrolls with [ and ] (only then offered), from its top again on another entry', () => {
    const open = row(7, { outcome: 'completed' });
    let m = keys(loaded([open]), K.enter).model;
    m = step(m, { type: 'timeline', session: open.id, items: [rec(open.id, 1, 'session-start'), rec(open.id, 2, 'step'), rec(open.id, 3, 'logout')] }).model;
    const hint = (x: ReviewModel) => hintLine(reviewBindings(x), (k) => k);
    // Until the screen says how long the details are, nothing scrolls and nothing is offered.
    expect(detailOverflows(m)).toBe(false);
    expect(keys(m, ']').model.screen).toBe(m.screen);
    // Another session's counts are not this one's.
    expect(step(m, { type: 'detail-lines', session: row(8).id, lines: [9, 9, 9] }).model).toBe(m);
    m = step(m, { type: 'detail-lines', session: open.id, lines: [1, DETAIL_ROWS + 3, 2] }).model;
    expect(detailOverflows(m)).toBe(false);
    expect(hint(m)).not.toContain('review.does.scrollDetail');
    expect(keys(m, ']').model.screen).toBe(m.screen);
    m = keys(m, K.down).model;
    expect(detailOverflows(m)).toBe(true);
    expect(hint(m)).toContain('[/] review.does.scrollDetail');
    // Down to its last full box and no further; up to its first line and no further.
    m = keys(m, ']', ']', ']', ']', ']').model;
    expect(timelineOf(m)!.detailTop).toBe(3);
    m = keys(m, '[').model;
    expect(timelineOf(m)!.detailTop).toBe(2);
    expect(keys(m, '[', '[', '[').model.screen).toEqual(keys(m, '[', '[').model.screen);
    // A taller box needs less scrolling: the top is pulled back so the box stays full.
    m = keys(m, ']').model;
    m = step(m, { type: 'resize', listRows: 10, timelineRows: 5, detailRows: DETAIL_ROWS + 2 }).model;
    expect(timelineOf(m)!.detailTop).toBe(1);
    // A wider terminal wraps it into fewer lines: the same.
    m = step(m, { type: 'detail-lines', session: open.id, lines: [1, DETAIL_ROWS + 1, 2] }).model;
    expect(timelineOf(m)!.detailTop).toBe(0);
    expect(detailOverflows(m)).toBe(false);
    m = step(m, { type: 'resize', listRows: 10, timelineRows: 5, detailRows: DETAIL_ROWS }).model;
    m = keys(m, ']').model;
    expect(timelineOf(m)!.detailTop).toBe(1);
    // Another entry starts at its first line; coming back starts over too.
    m = keys(m, K.down, K.up).model;
    expect(timelineOf(m)).toMatchObject({ cursor: 1, detailTop: 0 });
    // Full-width brackets (IME on) scroll as well.
    expect(timelineOf(keys(m, '］').model)!.detailTop).toBe(1);
  });

  it('a failed read says why; Enter on an empty list asks for nothing', () => {
    const s = keys(loaded(day()), K.enter);
    const m = step(s.model, { type: 'timeline-failed', session: timelineOf(s.model)!.session.id, error: 'EACCES' }).model;
    expect(timelineOf(m)).toMatchObject({ status: 'failed', error: 'EACCES' });
    const empty = keys(loaded([]), K.enter);
    expect(empty.cmds).toEqual([]);
    expect(empty.model.notice?.key).toBe('no-session');
  });
});

describe('acknowledgement', () => {
  it('asks the reviewer once, then the note; the review goes out as an effect; `reviewed` marks the row', () => {
    let m = loaded(day());
    const target = selected(m)!;
    expect(target.id).toBe(uuid(2));
    m = keys(m, 'a').model;
    expect(where(m)).toBe('ack-reviewer');
    m = keys(m, 'x', K.enter).model;
    expect(m.notice?.key).toBe('operator-too-short'); // the rule broken, as at the kiosk's sign-in
    expect(where(m)).toBe('ack-reviewer');
    m = keys(m, K.bs, 'ＳＶ－０１', K.enter).model; // full-width typing (IME on) works
    expect(m.reviewer).toBe('SV-01');
    expect(where(m)).toBe('ack-note');
    m = keys(m, K.enter).model;
    expect(m.notice?.key).toBe('note-required');
    const myNumber = 'マイナンバー 1234 5678 9018';
    m = keys(m, myNumber).model;
    let s = keys(m, K.enter);
    expect(s.cmds).toEqual([]);
    expect(s.model.notice?.key).toBe('text-my-number');
    m = keys(s.model, ...Array.from({ length: [...myNumber].length }, () => K.bs), ' ご本人に電話で連絡済み ').model;
    s = keys(m, K.enter);
    expect(s.cmds).toEqual([{ type: 'review', review: { session: target.id, terminal: 'T-01', reviewer: 'SV-01', note: 'ご本人に電話で連絡済み' } }]);
    expect(ack(s.model)?.writing).toBe(true);
    // Nothing is marked until the controller says the record is durable.
    expect(s.model.reviews.has(target.id)).toBe(false);
    expect(keys(s.model, K.esc).model).toMatchObject({ screen: { name: 'ack', ask: 'note', writing: true } });
    const effect = s.cmds[0] as Extract<ReviewCmd, { type: 'review' }>;
    m = step(s.model, { type: 'reviewed', review: { ...effect.review, at: '2026-11-28T10:00:00.000+09:00' } }).model;
    expect(where(m)).toBe('list');
    expect(m.notice?.key).toBe('reviewed');
    expect(m.reviews.get(target.id)).toHaveLength(1);
    expect(m.stats.unreviewed).toBe(3);
    // The list re-sorts (the reviewed session sinks below the unreviewed ones) and the cursor
    // follows the session just reviewed.
    expect(selected(m)!.id).toBe(target.id);
    const order = listOf(m);
    const unreviewedIncomplete = order.filter((r) => r.flags.length > 0 && !m.reviews.has(r.id));
    expect(order.slice(0, unreviewedIncomplete.length)).toEqual(unreviewedIncomplete);
    expect(m.cursor).toBe(order.findIndex((r) => r.id === target.id));
    expect(m.cursor).toBeGreaterThanOrEqual(unreviewedIncomplete.length);
    // The second follow-up (same session) goes straight to the note and adds to the history.
    m = keys(m, 'a').model;
    expect(where(m)).toBe('ack-note');
    m = keys(m, '区に報告済み', K.enter).model;
    m = step(m, { type: 'reviewed', review: review(target.id, '区に報告済み', '2026-11-28T11:00:00.000+09:00') }).model;
    expect(m.reviews.get(target.id)!.map((r) => r.note)).toEqual(['ご本人に電話で連絡済み', '区に報告済み']);
  });

  it('a failed write keeps the prompt and the text and says why; Esc gives up', () => {
    let m = keys(loaded(day()), 'a', 'SV-01', K.enter, '連絡済み', K.enter).model;
    expect(ack(m)?.writing).toBe(true);
    m = step(m, { type: 'review-failed', error: 'ENOSPC' }).model;
    expect(m).toMatchObject({ screen: { name: 'ack', ask: 'note', input: '連絡済み', writing: false }, notice: { key: 'review-failed', detail: 'ENOSPC' } });
    expect(keys(m, K.enter).cmds).toHaveLength(1);
    m = keys(m, K.esc).model;
    expect(m.screen).toEqual({ name: 'list', editing: null });
    expect(m.reviews.size).toBe(0);
  });

  it('from a timeline: a records the shown session and returns to the timeline', () => {
    let m = keys(loaded(day()), K.down, K.down, K.enter).model;
    const shown = timelineOf(m)!.session;
    m = keys(m, 'a', 'SV-01', K.enter, 'ok', K.enter).model;
    m = step(m, { type: 'reviewed', review: review(shown.id, 'ok') }).model;
    expect(where(m)).toBe('timeline');
    expect(timelineEntries(m).at(-1)).toMatchObject({ kind: 'review', review: { note: 'ok' } });
  });

  it('refuses sessions a review record cannot name, and too-long or multi-line notes', () => {
    const broken = { ...row(1, { flags: ['integrity'] }), id: 'not-a-uuid' };
    expect(canReview(broken)).toBe(false);
    expect(keys(loaded([broken]), 'a').model.notice?.key).toBe('cannot-review');
    let m = keys(loaded(day()), 'a', 'SV-01', K.enter).model;
    m = keys(m, 'x'.repeat(250)).model;
    expect([...(ack(m)?.input ?? '')]).toHaveLength(200);
    const pasted = keys(keys(loaded(day()), 'a', 'SV-01', K.enter).model, 'line\u2028two', K.enter);
    expect(pasted.model.notice?.key).toBe('text-control');
    expect(pasted.cmds).toEqual([]);
  });
});

describe('help and leaving', () => {
  it('? opens help, any key closes it; q and Ctrl+C leave from the list', () => {
    let m = keys(loaded(day()), '?').model;
    expect(where(m)).toBe('help');
    m = keys(m, 'q').model;
    expect(where(m)).toBe('list');
    expect(m.exit).toBe(false);
    expect(keys(m, 'q').model.exit).toBe(true);
    const tl = keys(m, K.enter).model;
    expect(where(keys(tl, 'q').model)).toBe('list');
    expect(keys(tl, K.ctrlC).model.exit).toBe(true);
  });
});

describe('reviewer IDs', () => {
  it('a reviewer ID shaped like a My Number is refused', () => {
    const m = keys(loaded(day()), 'a', '123456789018', K.enter).model;
    expect(m).toMatchObject({ screen: { name: 'ack', ask: 'reviewer' }, reviewer: null, notice: { key: 'text-my-number' } });
  });
});

describe('follow-up notes', () => {
  it('refuse a name with an honorific, as the kiosk does (what the README says); the note stays to be edited', () => {
    for (const note of ['山田太郎様に電話済み', 'タナカさんに連絡', 'Called Mr. Tanaka']) {
      const s = keys(loaded(day()), 'a', 'SV-01', K.enter, note, K.enter);
      expect(s.cmds).toEqual([]);
      expect(s.model.notice).toEqual({ key: 'text-name' });
      expect(ack(s.model)?.input).toBe(note);
    }
  });
});

describe('pastes on the review screens', () => {
  it('go into the note as one line and never submit it', async () => {
    const m = keys(loaded(day()), 'a', 'SV-01', K.enter);
    expect(where(m.model)).toBe('ack-note');
    // A pasted staff ID goes into its field too, without submitting it.
    const reviewer = keys(loaded(day()), 'a', { name: 'paste', text: 'SV-02\r' });
    expect(reviewer.model).toMatchObject({ screen: { name: 'ack', ask: 'reviewer', input: 'SV-02' } });
    const pasted = keys(m.model, { name: 'paste', text: '電話で連絡\r\n\r\n済み\r' });
    expect(where(pasted.model)).toBe('ack-note');
    expect(ack(pasted.model)?.input).toBe('電話で連絡 済み ');
    expect(pasted.cmds).toEqual([]);
  });
});
