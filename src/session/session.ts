// One support session as a pure state machine: `update(state, event)` returns the next state and the
// records that must be durably logged before that state may be shown. No React, no fs.
//
// The safety property lives here: the only way to `ended` is the logout gate, and the gate only
// accepts the typed word `logout` (any case, full-width too).
import type { Checklist, Item, Section } from '../checklist/schema.js';
import { flatItems } from '../checklist/schema.js';
import type { Outcome, RecordBody } from '../domain/record.js';
import { freeTextProblem, type FreeTextProblem } from '../pii/mynumber.js';
import type { SensorReading } from '../domain/record.js';
import type { SensorCondition, UnsensedReason } from '../domain/reader.js';

/** `na`: an optional item that did not apply to this citizen (counted apart from confirmed). */
export type ItemStatus = 'done' | 'skipped' | 'yes' | 'no' | 'na';

export interface SessionState {
  readonly id: string;
  readonly checklist: Checklist;
  readonly checklistSha256: string;
  /** Epoch ms when the session started (or was found open, for a recovered one). */
  readonly startedAt: number;
  /**
   * Index (in walk order, hidden items included) of the current item, always a shown one; equals
   * the item count once every shown item is answered.
   */
  readonly cursor: number;
  readonly answers: Readonly<Record<string, ItemStatus>>;
  /** `items`: walking the checklist; `gate`: the logout gate; `ended`: logout confirmed. */
  readonly phase: 'items' | 'gate' | 'ended';
  /** How the session will end once logout is confirmed. */
  readonly outcome: Outcome;
  /** Every record this session produced, in order: flags are derived from these. */
  readonly records: readonly RecordBody[];
}

/**
 * What the card reader says as an item or the gate is confirmed: `manual` — sensing is off or
 * cannot be had at all (no PC/SC): confirmed by hand, as without a reader; `sensed` — the reader's
 * state now; `unsensed` — sensing is on but the reader is gone: confirmed by hand, and logged so
 * (the session is flagged `unsensed`), never a silent pass.
 */
export type Sensing = { mode: 'manual' } | { mode: 'sensed'; reader: string; card: boolean } | { mode: 'unsensed'; reason: UnsensedReason };
export const MANUAL: Sensing = { mode: 'manual' };

/** Whether the reader's state meets the condition (only asked when sensed). */
export const conditionHolds = (condition: SensorCondition, card: boolean): boolean => (condition === 'card-absent' ? !card : card);

/** The reading logged with a sensed check, or null when nothing is sensed (manual). */
function readingOf(condition: SensorCondition, sensing: Sensing): SensorReading | null {
  switch (sensing.mode) {
    case 'manual':
      return null;
    case 'sensed':
      return { condition, sensed: true, reader: sensing.reader, card: sensing.card };
    case 'unsensed':
      return { condition, sensed: false, reason: sensing.reason };
  }
}

export type SessionEvent =
  | { type: 'confirm'; sensing?: Sensing }
  /** A yes/no item's answer. */
  | { type: 'answer'; value: 'yes' | 'no' }
  | { type: 'skip'; reason: string }
  /** An optional item that does not apply (no account registered, say): one key, logged as such. */
  | { type: 'not-applicable' }
  | { type: 'back' }
  | { type: 'interrupt'; reason: string; note?: string }
  | { type: 'logout'; typed: string; sensing?: Sensing }
  /** A request to leave the session by any other way (Ctrl+C, q, Esc, closing the screen). */
  | { type: 'end' };

export type Refusal =
  | 'not-in-items'
  | 'answer-yes-no'
  | 'not-a-question'
  | 'at-first-item'
  | 'not-optional'
  | 'reason-required'
  | 'unknown-reason'
  | 'gate-type-logout'
  /** Something was typed at the gate, but not the word. */
  | 'gate-wrong-word'
  | 'logout-required'
  /** A sensed item's condition does not hold now (a card still in the reader, or none in it). */
  | 'sensor-card-present'
  | 'sensor-card-absent'
  /** The gate's sensed check: a card is still in the reader. */
  | 'gate-card-present'
  | 'ended'
  | FreeTextProblem;

export interface SessionResult {
  state: SessionState;
  records: RecordBody[];
  /** Why the event changed nothing (the screen says so); absent when it was accepted. */
  refused?: Refusal;
}

/** The word the operator types at the gate. */
export const LOGOUT_WORD = 'logout';

/** Full-width letters, surrounding spaces and any case are accepted; nothing else. */
export function isLogoutWord(typed: string): boolean {
  return typed.normalize('NFKC').trim().toLowerCase() === LOGOUT_WORD;
}

export function itemsOf(state: SessionState): { section: Section; item: Item }[] {
  return flatItems(state.checklist);
}

/** An item is shown unless its condition names an earlier yes/no answer it does not have. */
export function isShown(state: Pick<SessionState, 'answers'>, item: Item): boolean {
  return !item.showIf || state.answers[item.showIf.item] === item.showIf.answer;
}

export function currentItem(state: SessionState): { section: Section; item: Item } | undefined {
  return itemsOf(state)[state.cursor];
}

/** The next shown item after `from` (or the item count when none is left). */
function nextShown(state: SessionState, from: number): number {
  const items = itemsOf(state);
  let i = from + 1;
  while (i < items.length && !isShown(state, items[i]!.item)) i++;
  return i;
}

function previousShown(state: SessionState, from: number): number {
  const items = itemsOf(state);
  let i = from - 1;
  while (i >= 0 && !isShown(state, items[i]!.item)) i--;
  return i;
}

/** Where the operator is: the current item's place among the shown items, and how many are shown. */
export function progress(state: SessionState): { n: number; m: number } {
  const shown = itemsOf(state).map((x, i) => ({ shown: isShown(state, x.item), i }));
  const m = shown.filter((x) => x.shown).length;
  const n = shown.filter((x) => x.shown && x.i < state.cursor).length + 1;
  return { n: Math.min(n, m), m };
}

export function startSession(
  checklist: Checklist,
  checklistSha256: string,
  id: string,
  now: number,
): SessionResult {
  const start: RecordBody = {
    type: 'session-start',
    payload: { checklist: checklist.id, checklistVersion: checklist.version, checklistSha256 },
  };
  const state: SessionState = {
    id,
    checklist,
    checklistSha256,
    startedAt: now,
    cursor: 0,
    answers: {},
    phase: 'items',
    outcome: 'completed',
    records: [start],
  };
  return { state, records: [start] };
}

/**
 * A session the kiosk left open (killed, crashed, power cut), found at a later start. It goes
 * straight to its logout gate; the recovery record flags it `unclean-exit`.
 */
export function recoverSession(
  checklist: Checklist,
  checklistSha256: string,
  id: string,
  startedAt: number,
  last: { seq: number; type: string },
  earlier: readonly RecordBody[] = [],
): SessionResult {
  const recovery: RecordBody = { type: 'recovery', payload: { lastSeq: last.seq, lastType: last.type } };
  const state: SessionState = {
    id,
    checklist,
    checklistSha256,
    startedAt,
    cursor: 0,
    answers: {},
    phase: 'gate',
    outcome: 'recovered',
    records: [...earlier, recovery],
  };
  return { state, records: [recovery] };
}

const refuse = (state: SessionState, refused: Refusal): SessionResult => ({ state, records: [], refused });

function accept(state: SessionState, changes: Partial<SessionState>, records: RecordBody[]): SessionResult {
  return { state: { ...state, ...changes, records: [...state.records, ...records] }, records };
}

export function update(state: SessionState, event: SessionEvent): SessionResult {
  if (state.phase === 'ended') return refuse(state, 'ended');
  switch (event.type) {
    case 'confirm':
    case 'skip':
    case 'answer':
    case 'not-applicable':
      return answer(state, event);
    case 'back':
      return back(state);
    case 'interrupt':
      return interrupt(state, event.reason, event.note);
    case 'logout':
      if (state.phase !== 'gate') return refuse(state, 'logout-required');
      if (!isLogoutWord(event.typed)) return refuse(state, event.typed.trim() === '' ? 'gate-type-logout' : 'gate-wrong-word');
      return logout(state, event.sensing ?? MANUAL);
    case 'end':
      // Nothing ends a session but the gate.
      return refuse(state, 'logout-required');
  }
}

/**
 * The typed word was right. With sensing on, a gate check the reader can see must hold: no logout
 * while a card is in the reader (the next citizen's application would go to this one's account).
 */
function logout(state: SessionState, sensing: Sensing): SessionResult {
  const sensed = state.checklist.logoutGate.items.filter((g) => g.sensor !== undefined);
  if (sensing.mode === 'sensed' && sensed.some((g) => !conditionHolds(g.sensor!, sensing.card))) return refuse(state, 'gate-card-present');
  const sensors = sensed.flatMap((g) => {
    const r = readingOf(g.sensor!, sensing);
    return r ? [{ item: g.id, ...r }] : [];
  });
  return accept(state, { phase: 'ended' }, [
    {
      type: 'logout',
      payload: { outcome: state.outcome, gate: state.checklist.logoutGate.items.map((g) => g.id), ...(sensors.length > 0 ? { sensors } : {}) },
    },
  ]);
}

type AnswerEvent = Extract<SessionEvent, { type: 'confirm' | 'skip' | 'answer' | 'not-applicable' }>;

function answer(state: SessionState, event: AnswerEvent): SessionResult {
  if (state.phase !== 'items') return refuse(state, 'not-in-items');
  const here = currentItem(state);
  if (!here) return refuse(state, 'not-in-items');
  // A question is answered yes or no, never just confirmed; a thing to check is not a question.
  if (event.type === 'confirm' && here.item.kind === 'yesno') return refuse(state, 'answer-yes-no');
  if (event.type === 'answer' && here.item.kind !== 'yesno') return refuse(state, 'not-a-question');
  // Only an optional item can not apply: a required one is confirmed, or skipped with a reason.
  if (event.type === 'not-applicable' && here.item.required) return refuse(state, 'not-optional');
  // A sensed item is confirmed only while the reader shows its condition; its reading is logged.
  let sensor: SensorReading | null = null;
  if (event.type === 'confirm' && here.item.sensor !== undefined) {
    const sensing = event.sensing ?? MANUAL;
    if (sensing.mode === 'sensed' && !conditionHolds(here.item.sensor, sensing.card)) {
      return refuse(state, here.item.sensor === 'card-absent' ? 'sensor-card-present' : 'sensor-card-absent');
    }
    sensor = readingOf(here.item.sensor, sensing);
  }
  let reason: string | undefined;
  if (event.type === 'skip') {
    reason = event.reason.trim();
    if (reason === '') return refuse(state, 'reason-required');
    const problem = freeTextProblem(reason);
    if (problem) return refuse(state, problem);
  }
  const step: RecordBody = {
    type: 'step',
    payload: {
      action: event.type,
      section: here.section.id,
      item: here.item.id,
      required: here.item.required,
      ...(event.type === 'answer' ? { answer: event.value } : {}),
      ...(reason !== undefined ? { reason } : {}),
      ...(sensor ? { sensor } : {}),
    },
  };
  const status: ItemStatus =
    event.type === 'answer' ? event.value : event.type === 'confirm' ? 'done' : event.type === 'not-applicable' ? 'na' : 'skipped';
  const answered = { ...state, answers: { ...state.answers, [here.item.id]: status } };
  // The answer may show or hide later items, so the next item is found with the new answers.
  const cursor = nextShown(answered, state.cursor);
  if (cursor < itemsOf(state).length) return accept(state, { cursor, answers: answered.answers }, [step]);
  // The last shown item answered: the checklist is complete and the logout gate follows.
  return accept(state, { cursor, answers: answered.answers, phase: 'gate', outcome: 'completed' }, [
    step,
    { type: 'checklist-complete', payload: {} },
  ]);
}

function back(state: SessionState): SessionResult {
  // Back walks the checklist only; the gate, once reached, is the way out.
  if (state.phase !== 'items') return refuse(state, 'not-in-items');
  const cursor = previousShown(state, state.cursor);
  if (cursor < 0) return refuse(state, 'at-first-item');
  const to = itemsOf(state)[cursor]!;
  return accept(state, { cursor }, [
    {
      type: 'step',
      payload: { action: 'back', section: to.section.id, item: to.item.id, required: to.item.required },
    },
  ]);
}

function interrupt(state: SessionState, reasonId: string, rawNote?: string): SessionResult {
  if (state.phase !== 'items') return refuse(state, 'not-in-items');
  const reason = state.checklist.interruptReasons.find((r) => r.id === reasonId);
  if (!reason) return refuse(state, 'unknown-reason');
  const note = rawNote?.trim() || undefined;
  if (reason.note && !note) return refuse(state, 'reason-required');
  if (note) {
    const problem = freeTextProblem(note);
    if (problem) return refuse(state, problem);
  }
  const here = currentItem(state);
  return accept(state, { phase: 'gate', outcome: 'interrupted' }, [
    {
      type: 'interrupt',
      payload: {
        reason: reason.id,
        ...(note ? { note } : {}),
        ...(here ? { section: here.section.id, item: here.item.id } : {}),
      },
    },
  ]);
}
