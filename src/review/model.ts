// The supervisor's review screen as one pure model (the kiosk's Elm shape): keys and results in,
// next model and commands out. No React, no fs: the controller performs the commands (reading a
// timeline, appending a review durably) and feeds their results back as messages; the screens only
// draw the model. Only the rows in the window [top, top + rows) are ever drawn, and only a page
// around them is held: the list's source (src/review/source.ts) sends pages when the model asks.
import { z } from 'zod';
import { LoggedId } from '../domain/ids.js';
import { freeTextProblem, MAX_FREE_TEXT, type FreeTextProblem } from '../pii/mynumber.js';
import type { TimelineItem, SessionRow } from './load.js';
import type { NewReview, Review, ReviewIndex } from './log.js';
import { choicesFor, FILTER_FIELDS, NO_CHOICES, NO_FILTERS, type Choices, type FilterField, type Filters } from './filters.js';
import { EMPTY_STATS, type Stats } from './stats.js';
import type { ListPage, ListQuery } from './source.js';
import { editField, keyChar } from '../tui/text.js';
import { bindingFor } from '../tui/keymap.js';
import { moveWindow, scrollTo } from '../tui/list-window.js';
import type { Key } from '../tui/keys.js';
import type { Update } from '../tui/update.js';
import { reviewBindings, type ReviewAction } from './keys.js';
import { staffIdProblem, type StaffIdProblem } from '../session/staff-id.js';

/** Session rows in the list's window until the screen says how many fit (those of an 80×24 terminal). */
export const LIST_ROWS = 10;
/** Timeline entries in the timeline's window until the screen says how many fit (80×24). */
export const TIMELINE_ROWS = 7;
/** Lines of the selected entry's detail under the timeline until the screen says how many fit (80×24). */
export const DETAIL_ROWS = 4;
/** The longest staff id typed as the reviewer. */
export const MAX_REVIEWER = 16;
/** The longest filter value typed. */
const MAX_FILTER = 40;

/** A key, decoded from the terminal (src/tui/keys.ts). */
export type ReviewKey = Key;

/** The list; `editing` is the filter being typed or picked on the filter line (null: the keys move the list). */
export type ListScreen = { name: 'list'; editing: FilterField | null };
/** One session's history. */
export type TimelineScreen = { name: 'timeline'; timeline: TimelineState };
/** What help and the acknowledgement prompts cover, and return to. */
export type Underneath = ListScreen | TimelineScreen;
export type HelpScreen = { name: 'help'; under: Underneath };
/**
 * Acknowledging `target`: the reviewer's staff ID first (once per run), then the note; `writing`
 * while the controller appends it.
 */
export type AckScreen = {
  name: 'ack';
  ask: 'reviewer' | 'note';
  target: SessionRow;
  input: string;
  writing: boolean;
  under: Underneath;
};
export type ReviewScreen = Underneath | HelpScreen | AckScreen;

const LIST: ListScreen = { name: 'list', editing: null };

/** One line of a timeline: a log record, a problem line, the missing logout, or a review. */
export type TimelineEntry =
  | { kind: 'record'; item: Extract<TimelineItem, { kind: 'record' }> }
  | { kind: 'problem'; item: Extract<TimelineItem, { kind: 'problem' }> }
  | { kind: 'no-logout' }
  | { kind: 'review'; review: Review };

export interface TimelineState {
  session: SessionRow;
  status: 'loading' | 'ready' | 'failed';
  /** Entries read from the log (reviews are added from the model's reviews when drawn). */
  entries: readonly TimelineEntry[];
  cursor: number;
  top: number;
  error: string | null;
  /**
   * The selected entry's detail (a note, a reason) as the screen wraps it: how many lines each
   * entry's detail takes, by entry index (as `timelineEntries`), and the first detail line shown.
   * The model cannot wrap text itself (the words come from the catalogs and the checklists, the
   * width from the terminal), so the screen tells it with a `detail-lines` message whenever the
   * entries or the width change; the counts cover every entry, so a key typed ahead of a redraw
   * (↓ then ]) scrolls the entry it lands on by that entry's own count. Unknown (not yet said):
   * one line, nothing to scroll.
   */
  detailLines: readonly number[];
  detailTop: number;
}

export type NoticeKey =
  | 'loading'
  | 'no-session'
  /** The reviewer's staff ID: the same rules, and the same words, as the kiosk's sign-in. */
  | StaffIdProblem
  | 'note-required'
  | FreeTextProblem
  | 'reviewed'
  | 'review-failed'
  | 'list-failed'
  | 'cannot-review'
  | 'filters-cleared';

export interface Notice {
  key: NoticeKey;
  /** What failed, already in words (a log error). */
  detail?: string;
}

export interface ReviewConfig {
  /** What a staff id looks like (the `operatorPattern` setting): the reviewer's id too. */
  operatorPattern: string;
}

/** The list as the model holds it: its length, and a page of it around the window. */
export interface ListState {
  /** Every session, whatever the filters (0: none was read). */
  readonly all: number;
  /** Sessions the filters let through: the list's length. */
  readonly total: number;
  /** `rows` are the list's rows from this position on; they cover the window. */
  readonly offset: number;
  readonly rows: readonly SessionRow[];
}

const NO_LIST: ListState = { all: 0, total: 0, offset: 0, rows: [] };

export interface ReviewModel {
  readonly config: ReviewConfig;
  /** Reading the logs: sessions read so far and the share of the bytes (0..1); null once loaded. */
  readonly loading: { sessions: number; share: number } | null;
  /** The list, in its order (src/review/order.ts): incomplete and unreviewed first. */
  readonly list: ListState;
  /** The last page asked for: an older answer is not drawn. */
  readonly asked: number;
  readonly reviews: ReviewIndex;
  /** Integrity problems found in the logs. */
  readonly problems: number;
  /** Problems found in the review log itself. */
  readonly reviewProblems: number;
  /**
   * The values the filters step through: asked of the source when the filter line first opens
   * (null until then; in a city's archive they are passes over the index the list does not need).
   */
  readonly choices: Choices | null;
  readonly filters: Filters;
  /** The header's numbers for the sessions the filters let through. */
  readonly stats: Stats;
  /** Position in the list, and the first row of the window. */
  readonly cursor: number;
  readonly top: number;
  /** Rows of the list's window and entries of the timeline's, as many as the terminal has room for. */
  readonly listRows: number;
  readonly timelineRows: number;
  /** Lines of the selected entry's detail box under the timeline's window. */
  readonly detailRows: number;
  readonly screen: ReviewScreen;
  /** The reviewer's staff id, asked once per run. */
  readonly reviewer: string | null;
  readonly notice: Notice | null;
  readonly exit: boolean;
}

export type Msg =
  | { type: 'key'; key: ReviewKey }
  | { type: 'progress'; sessions: number; share: number }
  /** Everything is read: how many sessions, the filters' values; the list's pages follow when asked. */
  | { type: 'loaded'; all: number; problems: number; reviews: ReviewIndex; reviewProblems: number }
  /** The filters' values, answering `choices`. */
  | { type: 'choices'; choices: Choices }
  | { type: 'choices-failed'; error: string }
  /** A page of the list, answering the `list` command numbered `ask`. */
  | { type: 'page'; ask: number; page: ListPage }
  /** The source could not answer (the index unreadable): the list stays as it was. */
  | { type: 'page-failed'; ask: number; error: string }
  | { type: 'timeline'; session: string; items: readonly TimelineItem[] }
  | { type: 'timeline-failed'; session: string; error: string }
  | { type: 'reviewed'; review: Review }
  | { type: 'review-failed'; error: string }
  /**
   * The screen's size changed (and once at mount): how many list rows and timeline entries fit,
   * and how many lines of the selected entry's detail (kept when not given).
   */
  | { type: 'resize'; listRows: number; timelineRows: number; detailRows?: number }
  /** How many lines each entry's detail of `session`'s timeline takes as the screen wraps it. */
  | { type: 'detail-lines'; session: string; lines: readonly number[] };

/**
 * What the review asks of its controller: a page of the list (then `page`); read a timeline;
 * append an acknowledgement (durably, then `reviewed`).
 */
export type ReviewCmd =
  | { type: 'list'; ask: number; query: ListQuery }
  | { type: 'choices' }
  | { type: 'load-timeline'; session: SessionRow }
  | { type: 'review'; review: NewReview };

export type Step = Update<ReviewModel, ReviewCmd>;

export function initialModel(config: ReviewConfig): ReviewModel {
  return {
    config,
    loading: { sessions: 0, share: 0 },
    list: NO_LIST,
    asked: 0,
    reviews: new Map(),
    problems: 0,
    reviewProblems: 0,
    choices: null,
    filters: NO_FILTERS,
    stats: EMPTY_STATS,
    cursor: 0,
    top: 0,
    listRows: LIST_ROWS,
    timelineRows: TIMELINE_ROWS,
    detailRows: DETAIL_ROWS,
    screen: LIST,
    reviewer: null,
    notice: null,
    exit: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Loading, filters and pages: the source answers, the model keeps the page around its window.
// ---------------------------------------------------------------------------------------------

/**
 * Rows asked for at a time: many windows, so moving asks again only now and then (in a million
 * sessions on the archive each question is a pass over the index, whatever the page's size).
 */
export const pageLimit = (model: ReviewModel) => Math.max(500, model.listRows * 20);
/** Rows asked for above the window: the window sits in the middle of its page, for moving either way. */
export const pageMargin = (model: ReviewModel) => Math.floor((pageLimit(model) - model.listRows) / 2);

/** Ask the source for the page around the window (`focus`: around that session, wherever it now is). */
function ask(model: ReviewModel, offset: number, focus?: ListQuery['focus']): Step {
  const n = model.asked + 1;
  const query: ListQuery = { filters: model.filters, offset: Math.max(0, offset), limit: pageLimit(model), ...(focus ? { focus } : {}) };
  return { model: { ...model, asked: n }, cmds: [{ type: 'list', ask: n, query }] };
}

/** Whether the page holds every row of the window. */
function covers(model: ReviewModel): boolean {
  const { offset, rows, total } = model.list;
  const end = Math.min(total, model.top + model.listRows);
  return model.top >= offset && end <= offset + rows.length;
}

/** The model, and the page its window needs when the page it has does not cover it. */
const withWindow = (model: ReviewModel): Step => (covers(model) ? none(model) : ask(model, model.top - pageMargin(model)));

function loaded(model: ReviewModel, msg: Extract<Msg, { type: 'loaded' }>): Step {
  const base: ReviewModel = {
    ...model,
    loading: null,
    list: { ...NO_LIST, all: msg.all },
    reviews: msg.reviews,
    problems: msg.problems,
    reviewProblems: msg.reviewProblems,
    notice: model.notice?.key === 'loading' ? null : model.notice,
  };
  return applyFilters(base, model.filters);
}

/** The list under new filters, from its top. */
function applyFilters(model: ReviewModel, filters: Filters): Step {
  return ask({ ...model, filters, cursor: 0, top: 0 }, 0);
}

/** A page arrived: the list's length and numbers, and the rows; a focus puts the cursor on it. */
function paged(model: ReviewModel, msg: Extract<Msg, { type: 'page' }>): ReviewModel {
  if (msg.ask !== model.asked) return model;
  const { page } = msg;
  const list: ListState = { all: model.list.all, total: page.total, offset: page.offset, rows: page.rows };
  const at = page.focusAt ?? -1;
  // The focused session stays where it was on the screen (as far as the list lets it).
  const window =
    at >= 0
      ? scrollTo(page.total, Math.max(0, at - (model.cursor - model.top)), at, model.listRows)
      : scrollTo(page.total, model.top, model.cursor, model.listRows);
  return { ...model, list, stats: page.stats, ...window };
}

// ---------------------------------------------------------------------------------------------
// The window: a cursor and the first visible row.
// ---------------------------------------------------------------------------------------------

/** The rows of the list's window. */
export function visibleRows(model: ReviewModel): { row: SessionRow; index: number }[] {
  const out: { row: SessionRow; index: number }[] = [];
  const { offset, rows, total } = model.list;
  const end = Math.min(total, model.top + model.listRows);
  for (let i = model.top; i < end; i++) {
    const row = rows[i - offset];
    if (row) out.push({ row, index: i });
  }
  return out;
}

export function selected(model: ReviewModel): SessionRow | null {
  return model.cursor < model.list.total ? (model.list.rows[model.cursor - model.list.offset] ?? null) : null;
}

/** The screen underneath help or a prompt (or the screen itself). */
export const underneath = (screen: ReviewScreen): Underneath => (screen.name === 'help' || screen.name === 'ack' ? screen.under : screen);

/** The timeline on screen, or under help or a prompt. */
export function timelineOf(model: ReviewModel): TimelineState | null {
  const u = underneath(model.screen);
  return u.name === 'timeline' ? u.timeline : null;
}

/** The screen with its timeline (wherever it is) changed by `f`. */
function withTimeline(screen: ReviewScreen, f: (t: TimelineState) => TimelineState): ReviewScreen {
  switch (screen.name) {
    case 'list':
      return screen;
    case 'timeline':
      return { ...screen, timeline: f(screen.timeline) };
    case 'help':
    case 'ack':
      return { ...screen, under: withTimeline(screen.under, f) as Underneath };
  }
}

/** The filter being edited on the list, if any. */
export const editingOf = (model: ReviewModel): FilterField | null => (model.screen.name === 'list' ? model.screen.editing : null);

/** A timeline's entries as drawn: the log's, then the session's reviews, oldest first. */
export function timelineEntries(model: ReviewModel): TimelineEntry[] {
  const t = timelineOf(model);
  if (!t) return [];
  return withReviews(t.entries, model.reviews.get(t.session.id));
}

/** The log's entries of a timeline, then the session's reviews (`timelineEntries`, from its parts). */
export const withReviews = (entries: readonly TimelineEntry[], reviews: readonly Review[] | undefined): TimelineEntry[] => [
  ...entries,
  ...(reviews ?? []).map((review) => ({ kind: 'review' as const, review })),
];

/** The log's items of a session as timeline entries; a session never logged out says so last. */
export function entriesOf(items: readonly TimelineItem[], session: SessionRow): TimelineEntry[] {
  const entries: TimelineEntry[] = items.map((item) => (item.kind === 'record' ? { kind: 'record', item } : { kind: 'problem', item }));
  const logout = items.some((i) => i.kind === 'record' && i.record.type === 'logout');
  if (!logout && session.flags.includes('no-logout')) entries.push({ kind: 'no-logout' });
  return entries;
}

// ---------------------------------------------------------------------------------------------
// Update.
// ---------------------------------------------------------------------------------------------

const none = (model: ReviewModel): Step => ({ model, cmds: [] });


export function update(model: ReviewModel, msg: Msg): Step {
  if (model.exit) return none(model);
  switch (msg.type) {
    case 'progress':
      return model.loading ? none({ ...model, loading: { sessions: msg.sessions, share: msg.share } }) : none(model);
    case 'loaded':
      return loaded(model, msg);
    case 'page': {
      const next = paged(model, msg);
      const changed = msg.page.changed;
      if (!changed) return none(next);
      // A collect wrote the index while it is reviewed: the filters' values are read again (at once
      // if the filter line is open), so a terminal it brought can be picked.
      const fresh: ReviewModel = { ...next, list: { ...next.list, all: changed.all }, choices: null };
      return editingOf(fresh) === null ? none(fresh) : { model: fresh, cmds: [{ type: 'choices' }] };
    }
    case 'choices':
      return none({ ...model, choices: msg.choices });
    case 'choices-failed':
      return none({ ...model, notice: { key: 'list-failed', detail: msg.error } });
    case 'page-failed':
      return none(msg.ask === model.asked ? { ...model, notice: { key: 'list-failed', detail: msg.error } } : model);
    case 'timeline': {
      const t = timelineOf(model);
      if (!t || t.session.id !== msg.session) return none(model);
      const entries = entriesOf(msg.items, t.session);
      return none({ ...model, screen: withTimeline(model.screen, (x) => ({ ...x, status: 'ready', entries, cursor: 0, top: 0, detailLines: [], detailTop: 0 })) });
    }
    case 'timeline-failed': {
      const t = timelineOf(model);
      if (!t || t.session.id !== msg.session) return none(model);
      return none({ ...model, screen: withTimeline(model.screen, (x) => ({ ...x, status: 'failed', error: msg.error })) });
    }
    case 'reviewed':
      return reviewed(model, msg.review);
    case 'review-failed': {
      // The prompt stays with what was typed: Enter tries again, Esc gives up.
      const screen = model.screen.name === 'ack' ? { ...model.screen, writing: false } : model.screen;
      return none({ ...model, screen, notice: { key: 'review-failed', detail: msg.error } });
    }
    case 'key':
      return onKey({ ...model, notice: null }, msg.key);
    case 'resize':
      return withWindow(resized(model, msg.listRows, msg.timelineRows, msg.detailRows ?? model.detailRows));
    case 'detail-lines': {
      const t = timelineOf(model);
      if (!t || t.session.id !== msg.session) return none(model);
      if (t.detailLines.length === msg.lines.length && t.detailLines.every((n, i) => n === msg.lines[i])) return none(model);
      const lines = msg.lines.map((n) => Math.max(1, Math.floor(n)));
      return none({ ...model, screen: withTimeline(model.screen, (x) => clampDetail({ ...x, detailLines: lines }, model.detailRows)) });
    }
  }
}

/** How many lines the selected entry's detail takes (1 until the screen has said). */
export const detailLinesOf = (t: TimelineState): number => t.detailLines[t.cursor] ?? 1;

/** Whether the selected entry's detail has more lines than its box: then `[` `]` scroll it. */
export function detailOverflows(model: ReviewModel): boolean {
  const t = timelineOf(model);
  return t !== null && t.status === 'ready' && t.cursor < timelineEntries(model).length && detailLinesOf(t) > model.detailRows;
}

/** The detail's first line kept where a full box of lines still follows it. */
function clampDetail(t: TimelineState, rows: number): TimelineState {
  const detailTop = Math.max(0, Math.min(t.detailTop, detailLinesOf(t) - rows));
  return detailTop === t.detailTop ? t : { ...t, detailTop };
}

/**
 * The windows at their new sizes: the cursor stays on the same row (the same session, the same
 * entry), and that row stays visible after a shrink; a window that grew shows more below it.
 */
function resized(model: ReviewModel, listRows: number, timelineRows: number, detailRows: number): ReviewModel {
  const lr = Math.max(1, Math.floor(listRows));
  const tr = Math.max(1, Math.floor(timelineRows));
  const dr = Math.max(1, Math.floor(detailRows));
  if (lr === model.listRows && tr === model.timelineRows && dr === model.detailRows) return model;
  const list = scrollTo(model.list.total, model.top, model.cursor, lr);
  const count = timelineEntries(model).length;
  const screen = withTimeline(model.screen, (t) => clampDetail({ ...t, ...scrollTo(count, t.top, t.cursor, tr) }, dr));
  return { ...model, ...list, listRows: lr, timelineRows: tr, detailRows: dr, screen };
}

function onKey(model: ReviewModel, key: ReviewKey): Step {
  // Keys act only through the bindings of the state they come in (src/review/keys.ts), the same
  // list the hint line and the help are drawn from; any other key does nothing.
  const binding = bindingFor(reviewBindings(model), key);
  if (!binding) return none(model);
  return act(model, binding.action, key);
}

/** What one bound key does (`reviewBindings` chose the action for the state the key came in). */
function act(model: ReviewModel, action: ReviewAction, key: ReviewKey): Step {
  const s = model.screen;
  switch (action) {
    case 'quit':
      return none({ ...model, exit: true });
    case 'loading':
      return none({ ...model, notice: { key: 'loading' } });
    case 'help':
      return s.name === 'list' || s.name === 'timeline' ? on(model, { name: 'help', under: s }) : none(model);
    default:
      break;
  }
  switch (s.name) {
    case 'help':
      return action === 'close-help' ? on(model, s.under) : none(model);
    case 'list':
      return s.editing === null ? actList(model, action, key) : actFilter(model, s.editing, action, key);
    case 'timeline':
      return actTimeline(model, s, action, key);
    case 'ack':
      return actAck(model, s, action, key);
  }
}

const on = (model: ReviewModel, screen: ReviewScreen): Step => none({ ...model, screen });

function actList(model: ReviewModel, action: ReviewAction, key: ReviewKey): Step {
  switch (action) {
    case 'move': {
      const moved = moveWindow(key, model, model.list.total, model.listRows);
      return moved ? withWindow({ ...model, ...moved }) : none(model);
    }
    case 'open':
      return openTimeline(model);
    case 'filter':
      return editFilter(model, 'flag');
    case 'filter-last':
      return editFilter(model, 'date');
    case 'ack':
      return startAck(model, selected(model), LIST);
    case 'clear':
      return noticed(applyFilters(model, NO_FILTERS), { key: 'filters-cleared' });
    default:
      return none(model);
  }
}

/**
 * The filter line opens on `field`, and the filters' values are asked for: the source reads them the
 * first time and answers from what it read after that, unless a collect has written the index since.
 */
function editFilter(model: ReviewModel, field: FilterField): Step {
  return { ...on(model, { name: 'list', editing: field }), cmds: [{ type: 'choices' }] };
}

/** The filter line: a field's value typed, or stepped through its choices; the list follows. */
function actFilter(model: ReviewModel, field: FilterField, action: ReviewAction, key: ReviewKey): Step {
  const setFilter = (value: string) => applyFilters(model, { ...model.filters, [field]: value });
  switch (action) {
    case 'move': {
      const moved = moveWindow(key, model, model.list.total, model.listRows);
      return moved ? withWindow({ ...model, ...moved }) : none(model);
    }
    case 'field': {
      const at = FILTER_FIELDS.indexOf(field);
      const n = FILTER_FIELDS.length;
      const forward = key.name === 'right' || key.name === 'tab';
      return on(model, { name: 'list', editing: FILTER_FIELDS[(at + (forward ? 1 : n - 1)) % n]! });
    }
    case 'pick-value': {
      const values = choicesFor(model.choices ?? NO_CHOICES, field);
      const i = values.indexOf(model.filters[field]);
      const next = key.name === 'down' ? (i + 1) % values.length : i <= 0 ? values.length - 1 : i - 1;
      return setFilter(values[next] ?? '');
    }
    case 'type':
    case 'paste':
    case 'delete':
      return setFilter(editField(model.filters[field], key, MAX_FILTER));
    case 'done':
      return on(model, LIST);
    default:
      return none(model);
  }
}

function actTimeline(model: ReviewModel, s: TimelineScreen, action: ReviewAction, key: ReviewKey): Step {
  switch (action) {
    case 'move': {
      const t = s.timeline;
      const moved = moveWindow(key, t, timelineEntries(model).length, model.timelineRows);
      // Another entry's detail starts at its first line.
      return moved ? on(model, { ...s, timeline: { ...t, ...moved, detailTop: moved.cursor === t.cursor ? t.detailTop : 0 } }) : none(model);
    }
    case 'scroll-detail': {
      const t = s.timeline;
      const by = keyChar(key.name === 'text' ? key.text : '') === '[' ? -1 : 1;
      const detailTop = Math.max(0, Math.min(t.detailTop + by, detailLinesOf(t) - model.detailRows));
      return detailTop === t.detailTop ? none(model) : on(model, { ...s, timeline: { ...t, detailTop } });
    }
    case 'ack':
      return startAck(model, s.timeline.session, s);
    case 'back':
      return on(model, LIST);
    default:
      return none(model);
  }
}

function actAck(model: ReviewModel, s: AckScreen, action: ReviewAction, key: ReviewKey): Step {
  switch (action) {
    case 'type':
    case 'paste':
    case 'delete':
      // The reviewer's staff ID is ASCII however it is typed (IME on: full-width digits).
      return on(model, { ...s, input: s.ask === 'reviewer' ? editField(s.input, key, MAX_REVIEWER, true) : editField(s.input, key, MAX_FREE_TEXT) });
    case 'cancel':
      return on(model, s.under);
    case 'submit':
      return s.ask === 'reviewer' ? submitReviewer(model, s) : submitNote(model, s);
    default:
      return none(model);
  }
}

function openTimeline(model: ReviewModel): Step {
  const row = selected(model);
  if (!row) return none({ ...model, notice: { key: 'no-session' } });
  const timeline: TimelineState = { session: row, status: 'loading', entries: [], cursor: 0, top: 0, error: null, detailLines: [], detailTop: 0 };
  return { model: { ...model, screen: { name: 'timeline', timeline } }, cmds: [{ type: 'load-timeline', session: row }] };
}

const SessionId = z.uuid();

/** Whether a review record can name this session (a session known only from bad lines may not). */
export const canReview = (row: SessionRow) => SessionId.safeParse(row.id).success && LoggedId.safeParse(row.terminal).success;

function startAck(model: ReviewModel, row: SessionRow | null, under: Underneath): Step {
  if (!row) return none({ ...model, notice: { key: 'no-session' } });
  if (!canReview(row)) return none({ ...model, notice: { key: 'cannot-review' } });
  return on(model, { name: 'ack', ask: model.reviewer === null ? 'reviewer' : 'note', target: row, input: '', writing: false, under });
}


function submitReviewer(model: ReviewModel, s: AckScreen): Step {
  const id = s.input.trim();
  const problem = staffIdProblem(model.config.operatorPattern, id);
  if (problem) return none({ ...model, notice: { key: problem } });
  return none({ ...model, reviewer: id, screen: { ...s, ask: 'note', input: '' } });
}

function submitNote(model: ReviewModel, s: AckScreen): Step {
  const note = s.input.trim();
  if (note === '') return none({ ...model, notice: { key: 'note-required' } });
  const problem = freeTextProblem(note);
  if (problem) return none({ ...model, notice: { key: problem } });
  const row = s.target;
  const review: NewReview = { session: row.id, terminal: row.terminal, reviewer: model.reviewer!, note };
  // The controller appends it (fsync'ed) and answers with `reviewed` or `review-failed`.
  return { model: { ...model, screen: { ...s, writing: true } }, cmds: [{ type: 'review', review }] };
}

/**
 * A review is durably in the log: the session is marked, its history grows, the prompt closes. The
 * list re-sorts as help says (a reviewed session sinks below the unreviewed ones) and the cursor
 * stays on the session just reviewed, wherever it now is: the source has been told (the
 * controller tells it before this message), and the page comes back around the session.
 */
function reviewed(model: ReviewModel, review: Review): Step {
  const reviews = new Map(model.reviews);
  reviews.set(review.session, [...(reviews.get(review.session) ?? []), review]);
  const base: ReviewModel = { ...model, reviews, screen: underneath(model.screen), notice: { key: 'reviewed' } };
  return ask(base, model.top - pageMargin(model), { terminal: review.terminal, id: review.session, before: model.cursor - model.top + pageMargin(model) });
}

const noticed = (step: Step, notice: Notice): Step => ({ ...step, model: { ...step.model, notice } });
