// The supervisor's review screen as one pure model (the kiosk's Elm shape): keys and results in,
// next model and effects out. No React, no fs: the controller performs the effects (reading a
// timeline, appending a review durably) and feeds their results back as messages; the screens only
// draw the model. Only the rows in the window [top, top + rows) are ever drawn.
import { z } from 'zod';
import { LoggedId } from '../domain/ids.js';
import { freeTextProblem, MAX_FREE_TEXT, type FreeTextProblem } from '../pii/mynumber.js';
import type { TimelineItem, SessionRow } from './load.js';
import type { NewReview, Review, ReviewIndex } from './log.js';
import { choicesFor, choicesOf, FILTER_FIELDS, matcher, NO_FILTERS, type Choices, type FilterField, type Filters } from './filters.js';
import { EMPTY_STATS, statsOf, type Stats } from './stats.js';
import { appendInput, dropLast } from '../tui/text.js';
import { bindingFor } from '../tui/keymap.js';
import { moveWindow } from '../tui/list-window.js';
import { pasteAsLine, type Key } from '../tui/keys.js';
import { reviewBindings, type ReviewAction } from './keys.js';
import { staffIdProblem } from '../session/staff-id.js';

/** Session rows in the list's window. */
export const LIST_ROWS = 10;
/** Timeline entries in the timeline's window. */
export const TIMELINE_ROWS = 9;
/** The longest staff id typed as the reviewer. */
export const MAX_REVIEWER = 16;

/** A key, decoded from the terminal (src/tui/keys.ts). */
export type ReviewKey = Key;

export type Screen = 'list' | 'timeline' | 'ack-reviewer' | 'ack-note' | 'help';

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
}

export type NoticeKey =
  | 'loading'
  | 'no-session'
  | 'reviewer-invalid'
  | 'note-required'
  | FreeTextProblem
  | 'reviewed'
  | 'review-failed'
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

export interface ReviewModel {
  readonly config: ReviewConfig;
  /** Reading the logs: sessions read so far and the share of the bytes (0..1); null once loaded. */
  readonly loading: { sessions: number; share: number } | null;
  /** Every session, in list order: incomplete and unreviewed first (fixed at load). */
  readonly sessions: readonly SessionRow[];
  readonly reviews: ReviewIndex;
  /** Integrity problems found in the logs. */
  readonly problems: number;
  /** Problems found in the review log itself. */
  readonly reviewProblems: number;
  readonly choices: Choices;
  readonly filters: Filters;
  /** The filter being typed or picked on the filter line; null when the keys move the list. */
  readonly editing: FilterField | null;
  /** Indexes into `sessions` the filters let through, in list order. */
  readonly view: readonly number[];
  readonly stats: Stats;
  /** Position in `view`, and the first row of the window. */
  readonly cursor: number;
  readonly top: number;
  readonly screen: Screen;
  /** Where help and the acknowledgement prompts return to. */
  readonly from: 'list' | 'timeline';
  readonly timeline: TimelineState | null;
  /** The session being acknowledged. */
  readonly target: SessionRow | null;
  /** The reviewer's staff id, asked once per run. */
  readonly reviewer: string | null;
  /** What is being typed: the reviewer's id or the note. */
  readonly input: string;
  /** An acknowledgement is being written (the controller is appending it). */
  readonly writing: boolean;
  readonly notice: Notice | null;
  readonly exit: boolean;
}

export type Msg =
  | { type: 'key'; key: ReviewKey }
  | { type: 'progress'; sessions: number; share: number }
  | { type: 'loaded'; sessions: readonly SessionRow[]; problems: number; reviews: ReviewIndex; reviewProblems: number }
  | { type: 'timeline'; session: string; items: readonly TimelineItem[] }
  | { type: 'timeline-failed'; session: string; error: string }
  | { type: 'reviewed'; review: Review }
  | { type: 'review-failed'; error: string };

export type Effect = { type: 'load-timeline'; session: SessionRow } | { type: 'review'; review: NewReview };

export interface Step {
  model: ReviewModel;
  effects: Effect[];
}

export function initialModel(config: ReviewConfig): ReviewModel {
  return {
    config,
    loading: { sessions: 0, share: 0 },
    sessions: [],
    reviews: new Map(),
    problems: 0,
    reviewProblems: 0,
    choices: { terminals: [], operators: [], days: [] },
    filters: NO_FILTERS,
    editing: null,
    view: [],
    stats: EMPTY_STATS,
    cursor: 0,
    top: 0,
    screen: 'list',
    from: 'list',
    timeline: null,
    target: null,
    reviewer: null,
    input: '',
    writing: false,
    notice: null,
    exit: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Loading: the list order and the filter choices.
// ---------------------------------------------------------------------------------------------

/** 0: incomplete, nobody reviewed it; 1: incomplete, reviewed; 2: no flag. */
export const groupOf = (row: SessionRow, reviews: ReviewIndex): number =>
  row.flags.length === 0 ? 2 : reviews.has(row.id) ? 1 : 0;

/** The list order: incomplete and unreviewed first, then reviewed, then complete; by start within. */
export function sortSessions(rows: readonly SessionRow[], reviews: ReviewIndex): SessionRow[] {
  const keyed = rows.map((row) => ({ row, group: groupOf(row, reviews) }));
  keyed.sort((a, b) => {
    if (a.group !== b.group) return a.group - b.group;
    const am = a.row.startMs;
    const bm = b.row.startMs;
    if (am !== bm) {
      if (am === null) return 1;
      if (bm === null) return -1;
      return am - bm;
    }
    if (a.row.terminal !== b.row.terminal) return a.row.terminal < b.row.terminal ? -1 : 1;
    return a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0;
  });
  return keyed.map((k) => k.row);
}

function loaded(model: ReviewModel, msg: Extract<Msg, { type: 'loaded' }>): ReviewModel {
  const sessions = sortSessions(msg.sessions, msg.reviews);
  const base: ReviewModel = {
    ...model,
    loading: null,
    sessions,
    reviews: msg.reviews,
    problems: msg.problems,
    reviewProblems: msg.reviewProblems,
    choices: choicesOf(sessions),
    notice: model.notice?.key === 'loading' ? null : model.notice,
  };
  return applyFilters(base, model.filters);
}

// ---------------------------------------------------------------------------------------------
// Filters.
// ---------------------------------------------------------------------------------------------

function applyFilters(model: ReviewModel, filters: Filters): ReviewModel {
  const match = matcher(filters, model.choices);
  const sessions = model.sessions;
  const view: number[] = [];
  for (let i = 0; i < sessions.length; i++) if (match === null || match(sessions[i]!)) view.push(i);
  return { ...model, filters, view, stats: statsOf(sessions, view, model.reviews), cursor: 0, top: 0 };
}

// ---------------------------------------------------------------------------------------------
// The window: a cursor and the first visible row.
// ---------------------------------------------------------------------------------------------

/** The rows of the list's window. */
export function visibleRows(model: ReviewModel): { row: SessionRow; index: number }[] {
  const out: { row: SessionRow; index: number }[] = [];
  const end = Math.min(model.view.length, model.top + LIST_ROWS);
  for (let i = model.top; i < end; i++) out.push({ row: model.sessions[model.view[i]!]!, index: i });
  return out;
}

export function selected(model: ReviewModel): SessionRow | null {
  const i = model.view[model.cursor];
  return i === undefined ? null : (model.sessions[i] ?? null);
}

/** A timeline's entries as drawn: the log's, then the session's reviews, oldest first. */
export function timelineEntries(model: ReviewModel): TimelineEntry[] {
  const t = model.timeline;
  if (!t) return [];
  const reviews = model.reviews.get(t.session.id) ?? [];
  return [...t.entries, ...reviews.map((review) => ({ kind: 'review' as const, review }))];
}

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

const none = (model: ReviewModel): Step => ({ model, effects: [] });


export function update(model: ReviewModel, msg: Msg): Step {
  if (model.exit) return none(model);
  switch (msg.type) {
    case 'progress':
      return model.loading ? none({ ...model, loading: { sessions: msg.sessions, share: msg.share } }) : none(model);
    case 'loaded':
      return none(loaded(model, msg));
    case 'timeline': {
      const t = model.timeline;
      if (!t || t.session.id !== msg.session) return none(model);
      return none({ ...model, timeline: { ...t, status: 'ready', entries: entriesOf(msg.items, t.session), cursor: 0, top: 0 } });
    }
    case 'timeline-failed': {
      const t = model.timeline;
      if (!t || t.session.id !== msg.session) return none(model);
      return none({ ...model, timeline: { ...t, status: 'failed', error: msg.error } });
    }
    case 'reviewed':
      return none(reviewed(model, msg.review));
    case 'review-failed':
      // The prompt stays with what was typed: Enter tries again, Esc gives up.
      return none({ ...model, writing: false, notice: { key: 'review-failed', detail: msg.error } });
    case 'key':
      return onKey({ ...model, notice: null }, msg.key);
  }
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
  const field = model.editing;
  const setFilter = (value: string) => none(applyFilters(model, { ...model.filters, [field!]: value }));
  switch (action) {
    case 'quit':
      return none({ ...model, exit: true });
    case 'loading':
      return none({ ...model, notice: { key: 'loading' } });
    case 'close-help':
      return none({ ...model, screen: model.from });
    case 'move': {
      if (model.screen === 'timeline') {
        const t = model.timeline!;
        const moved = moveWindow(key, t, timelineEntries(model).length, TIMELINE_ROWS);
        return none(moved ? { ...model, timeline: { ...t, ...moved } } : model);
      }
      const moved = moveWindow(key, model, model.view.length, LIST_ROWS);
      return none(moved ? { ...model, ...moved } : model);
    }
    case 'open':
      return openTimeline(model);
    case 'filter':
      return none({ ...model, editing: 'flag' });
    case 'filter-last':
      return none({ ...model, editing: 'date' });
    case 'ack':
      return model.screen === 'timeline' ? startAck(model, model.timeline!.session, 'timeline') : startAck(model, selected(model), 'list');
    case 'clear':
      return none({ ...applyFilters(model, NO_FILTERS), notice: { key: 'filters-cleared' } });
    case 'help':
      return none({ ...model, screen: 'help', from: model.screen === 'timeline' ? 'timeline' : 'list' });
    case 'field': {
      const at = FILTER_FIELDS.indexOf(field!);
      const n = FILTER_FIELDS.length;
      const forward = key.name === 'right' || key.name === 'tab';
      return none({ ...model, editing: FILTER_FIELDS[(at + (forward ? 1 : n - 1)) % n]! });
    }
    case 'pick-value': {
      const values = choicesFor(model.choices, field!);
      const i = values.indexOf(model.filters[field!]);
      const next = key.name === 'down' ? (i + 1) % values.length : i <= 0 ? values.length - 1 : i - 1;
      return setFilter(values[next] ?? '');
    }
    case 'type':
      if (key.name !== 'text') return none(model);
      if (field !== null) return setFilter(appendInput(model.filters[field], key.text, 40));
      if (model.screen === 'ack-reviewer') return none({ ...model, input: appendInput(model.input, key.text.normalize('NFKC'), MAX_REVIEWER) });
      return none({ ...model, input: appendInput(model.input, key.text, MAX_FREE_TEXT) });
    case 'paste': {
      if (key.name !== 'paste') return none(model);
      const line = pasteAsLine(key.text);
      if (field !== null) return setFilter(appendInput(model.filters[field], line, 40));
      if (model.screen === 'ack-reviewer') return none({ ...model, input: appendInput(model.input, line.normalize('NFKC').trim(), MAX_REVIEWER) });
      return none({ ...model, input: appendInput(model.input, line, MAX_FREE_TEXT) });
    }
    case 'delete':
      if (field !== null) return setFilter(dropLast(model.filters[field]));
      return none({ ...model, input: dropLast(model.input) });
    case 'done':
      return none({ ...model, editing: null });
    case 'back':
      return none({ ...model, screen: 'list', timeline: null });
    case 'cancel':
      return cancelAck(model);
    case 'submit':
      return model.screen === 'ack-reviewer' ? submitReviewer(model) : submitNote(model);
  }
}

function openTimeline(model: ReviewModel): Step {
  const row = selected(model);
  if (!row) return none({ ...model, notice: { key: 'no-session' } });
  const timeline: TimelineState = { session: row, status: 'loading', entries: [], cursor: 0, top: 0, error: null };
  return { model: { ...model, screen: 'timeline', timeline }, effects: [{ type: 'load-timeline', session: row }] };
}

const SessionId = z.uuid();

/** Whether a review record can name this session (a session known only from bad lines may not). */
export const canReview = (row: SessionRow) => SessionId.safeParse(row.id).success && LoggedId.safeParse(row.terminal).success;

function startAck(model: ReviewModel, row: SessionRow | null, from: 'list' | 'timeline'): Step {
  if (!row) return none({ ...model, notice: { key: 'no-session' } });
  if (!canReview(row)) return none({ ...model, notice: { key: 'cannot-review' } });
  const screen = model.reviewer === null ? 'ack-reviewer' : 'ack-note';
  return none({ ...model, screen, from, target: row, input: '' });
}

const cancelAck = (model: ReviewModel): Step => none({ ...model, screen: model.from, target: null, input: '' });


function submitReviewer(model: ReviewModel): Step {
  const id = model.input.trim();
  const problem = staffIdProblem(model.config.operatorPattern, id);
  if (problem) return none({ ...model, notice: { key: problem === 'text-my-number' ? 'text-my-number' : 'reviewer-invalid' } });
  return none({ ...model, reviewer: id, screen: 'ack-note', input: '' });
}

function submitNote(model: ReviewModel): Step {
  const note = model.input.trim();
  if (note === '') return none({ ...model, notice: { key: 'note-required' } });
  const problem = freeTextProblem(note);
  if (problem) return none({ ...model, notice: { key: problem } });
  const row = model.target!;
  const review: NewReview = { session: row.id, terminal: row.terminal, reviewer: model.reviewer!, note };
  // The controller appends it (fsync'ed) and answers with `reviewed` or `review-failed`.
  return { model: { ...model, writing: true }, effects: [{ type: 'review', review }] };
}

/** A review is durably in the log: the session is marked, its history grows, the prompt closes. */
function reviewed(model: ReviewModel, review: Review): ReviewModel {
  const reviews = new Map(model.reviews);
  reviews.set(review.session, [...(reviews.get(review.session) ?? []), review]);
  // The list keeps its order during the run (the row stays under the cursor, now marked); the
  // next start puts reviewed sessions after the unreviewed ones.
  return {
    ...model,
    reviews,
    stats: statsOf(model.sessions, model.view, reviews),
    screen: model.from,
    target: null,
    input: '',
    writing: false,
    notice: { key: 'reviewed' },
  };
}
