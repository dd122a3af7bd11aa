// One support session as a pure state machine: `update(state, event)` returns the next state and the
// records that must be durably logged before that state may be shown. No React, no fs.
//
// The safety property lives here: the only way to `ended` is the logout gate, and the gate only
// accepts the typed word `logout` (any case, full-width too).
import type { Checklist, Item, Section } from '../checklist/schema.js';
import { flatItems } from '../checklist/schema.js';
import type { Outcome, RecordBody } from '../log/record.js';
import { freeTextProblem, type FreeTextProblem } from '../pii/mynumber.js';

export type ItemStatus = 'done' | 'skipped';

export interface SessionState {
  readonly id: string;
  readonly checklist: Checklist;
  readonly checklistSha256: string;
  /** Epoch ms when the session started (or was found open, for a recovered one). */
  readonly startedAt: number;
  /** Index of the current item; equals the item count once every item is answered. */
  readonly cursor: number;
  readonly answers: Readonly<Record<string, ItemStatus>>;
  /** `items`: walking the checklist; `gate`: the logout gate; `ended`: logout confirmed. */
  readonly phase: 'items' | 'gate' | 'ended';
  /** How the session will end once logout is confirmed. */
  readonly outcome: Outcome;
  /** Every record this session produced, in order: flags are derived from these. */
  readonly records: readonly RecordBody[];
}

export type SessionEvent =
  | { type: 'confirm' }
  | { type: 'skip'; reason: string }
  | { type: 'back' }
  | { type: 'interrupt'; reason: string; note?: string }
  | { type: 'logout'; typed: string }
  /** A request to leave the session by any other way (Ctrl+C, q, Esc, closing the screen). */
  | { type: 'end' };

export type Refusal =
  | 'not-in-items'
  | 'at-first-item'
  | 'reason-required'
  | 'unknown-reason'
  | 'gate-type-logout'
  | 'logout-required'
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

export function currentItem(state: SessionState): { section: Section; item: Item } | undefined {
  return itemsOf(state)[state.cursor];
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
      return answer(state, event);
    case 'back':
      return back(state);
    case 'interrupt':
      return interrupt(state, event.reason, event.note);
    case 'logout':
      if (state.phase !== 'gate') return refuse(state, 'logout-required');
      if (!isLogoutWord(event.typed)) return refuse(state, 'gate-type-logout');
      return accept(state, { phase: 'ended' }, [
        {
          type: 'logout',
          payload: { outcome: state.outcome, gate: state.checklist.logoutGate.items.map((g) => g.id) },
        },
      ]);
    case 'end':
      // Nothing ends a session but the gate.
      return refuse(state, 'logout-required');
  }
}

function answer(state: SessionState, event: { type: 'confirm' } | { type: 'skip'; reason: string }): SessionResult {
  if (state.phase !== 'items') return refuse(state, 'not-in-items');
  const here = currentItem(state);
  if (!here) return refuse(state, 'not-in-items');
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
      ...(reason !== undefined ? { reason } : {}),
    },
  };
  const cursor = state.cursor + 1;
  const answers = { ...state.answers, [here.item.id]: event.type === 'confirm' ? 'done' : 'skipped' } as const;
  if (cursor < itemsOf(state).length) return accept(state, { cursor, answers }, [step]);
  // The last item answered: the checklist is complete and the logout gate follows.
  return accept(state, { cursor, answers, phase: 'gate', outcome: 'completed' }, [
    step,
    { type: 'checklist-complete', payload: {} },
  ]);
}

function back(state: SessionState): SessionResult {
  // From a completed checklist's gate the operator may go back to the last item; an interrupted or
  // recovered session has only its gate left.
  if (state.phase === 'gate' && state.outcome !== 'completed') return refuse(state, 'not-in-items');
  if (state.cursor === 0) return refuse(state, 'at-first-item');
  const cursor = state.cursor - 1;
  const to = itemsOf(state)[cursor]!;
  return accept(state, { cursor, phase: 'items' }, [
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
