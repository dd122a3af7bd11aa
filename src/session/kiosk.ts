// The whole kiosk as one pure model (Elm style): keys and clock ticks in, next model and records to
// log out. Screens only draw this model; the controller logs the records durably before it shows
// the next model. Because every key goes through here, the safety property can be tested over
// arbitrary key sequences without a terminal.
import type { Checklist } from '../checklist/schema.js';
import type { NewRecord, RecordBody } from '../domain/record.js';
import { deriveFlags, deriveOutcome, type Flag, type SessionOutcome } from '../domain/flags.js';
import { MAX_FREE_TEXT } from '../pii/mynumber.js';
import {
  recoverSession,
  startSession,
  update as updateSession,
  type Refusal,
  type SessionEvent,
  type SessionState,
} from './session.js';
import { appendInput, dropLast, keyChar } from '../tui/text.js';
import { bindingFor } from '../tui/keymap.js';
import { pasteAsLine, type Key } from '../tui/keys.js';
import { kioskBindings, type KioskAction } from './kiosk-keys.js';
import { staffIdProblem } from './staff-id.js';

export type { Key } from '../tui/keys.js';

export type Msg =
  | { type: 'key'; key: Key; at: number }
  | { type: 'tick'; at: number };

/** A session found open in this terminal's log at start (the kiosk died mid-session). */
export interface OpenSession {
  id: string;
  operator: string | null;
  checklist: Checklist;
  checklistSha256: string;
  startedAt: number;
  /** The session's last record (what its recovery record names). */
  last: { seq: number; type: string };
  /** The last step it reached, for the screen (a signal's `exit` record or a recovery say nothing of that). */
  reached: { type: string; section?: string; item?: string };
  records: readonly RecordBody[];
}

/** What the log held when the kiosk (re)connected to it. */
export interface LogState {
  open: readonly OpenSession[];
  today: KioskModel['today'];
  /** The newest record's time (epoch ms), or null for an empty log. */
  newestAt: number | null;
}

/** A checklist the kiosk offers, with the hash of its file (recorded with every session). */
export interface Flow {
  checklist: Checklist;
  sha256: string;
}

export interface KioskConfig {
  terminal: string;
  /** The enabled flows, the default first; with more than one, Ready asks which one is next. */
  flows: readonly Flow[];
  operatorPattern: string;
  idleLimitMs: number;
  summaryMs: number;
  /** Leaving the kiosk asks for the supervisor PIN. */
  kioskLock: boolean;
  /** Files of the city's checklist folder that could not be loaded (said on the desk screens). */
  skippedChecklists?: number;
}

export type Screen = 'recovery' | 'signin' | 'ready' | 'session' | 'summary';
/** What the keys do inside a session (the gate is a session in phase `gate`), or on Ready. */
export type Mode = 'item' | 'skip-reason' | 'interrupt-pick' | 'interrupt-note' | 'flow-pick';

export type NoticeKey =
  | Refusal
  | 'how-to-interrupt'
  | 'gate-no-escape'
  | 'operator-invalid'
  | 'idle-cleared'
  | 'pin-wrong'
  | 'paste-ignored'
  | 'paste-gate';

export interface Summary {
  id: string;
  outcome: SessionOutcome;
  flags: Flag[];
  startedAt: number;
  endedAt: number;
  recovered: boolean;
}

export interface KioskModel {
  readonly config: KioskConfig;
  readonly screen: Screen;
  readonly mode: Mode;
  readonly operator: string | null;
  /** The open session (also the one being recovered). */
  readonly session: SessionState | null;
  /** Further open sessions to recover after the current one. */
  readonly recoveryQueue: readonly OpenSession[];
  /** The recovery currently shown (its details for the screen). */
  readonly recovering: OpenSession | null;
  /** The text being typed: staff id, reason, note or the gate word. */
  readonly input: string;
  readonly pick: number;
  readonly help: boolean;
  readonly notice: NoticeKey | null;
  readonly today: { sessions: number; lastOutcome: SessionOutcome | null; lastFlags: Flag[] };
  readonly summary: Summary | null;
  readonly summaryAt: number;
  readonly lastInputAt: number;
  /** The latest clock reading (keys and ticks carry it): the screens draw times from it. */
  readonly now: number;
  /** The unattended warning is up (an `idle` record was written for this stretch). */
  readonly idle: boolean;
  /** Set by the controller when the log cannot be written: nothing that needs a record advances. */
  readonly logError: string | null;
  /** The supervisor PIN prompt is up (kiosk lock on, Ctrl+C pressed outside a session). */
  readonly unlock: boolean;
  /** Set when the operator leaves the kiosk cleanly (Ctrl+C outside a session). */
  readonly exit: boolean;
  /** The newest record's time in the log (epoch ms): a clock set back behind it is said on screen. */
  readonly newestAt: number | null;
}

export interface Env {
  newId(): string;
  /** Whether `pin` is the supervisor PIN (kiosk lock); a pure check against the stored hash. */
  checkPin(pin: string): boolean;
}

export interface Step {
  model: KioskModel;
  records: NewRecord[];
  /** Connect to the log again (the retry key while the log cannot be written): the controller does it. */
  reconnect?: boolean;
}

export function initialModel(
  config: KioskConfig,
  opts: { now: number; today?: KioskModel['today'] },
): KioskModel {
  return {
    config,
    now: opts.now,
    screen: 'signin',
    mode: 'item',
    operator: null,
    session: null,
    recoveryQueue: [],
    recovering: null,
    input: '',
    pick: 0,
    help: false,
    notice: null,
    today: opts.today ?? { sessions: 0, lastOutcome: null, lastFlags: [] },
    summary: null,
    summaryAt: 0,
    lastInputAt: opts.now,
    idle: false,
    logError: null,
    unlock: false,
    exit: false,
    newestAt: null,
  };
}

/**
 * The records a start needs before anything else: one recovery record per open session. The
 * controller logs them, then shows the model with the first recovery gate.
 */
export function beginRecovery(model: KioskModel, open: readonly OpenSession[]): Step {
  const [first, ...rest] = open;
  if (!first) return { model, records: [] };
  const r = recoverSession(first.checklist, first.checklistSha256, first.id, first.startedAt, first.last, first.records);
  // A gate begun before (a retry, or a restart during the recovery gate) with nothing logged since
  // is not a new recovery: it is not recorded twice.
  const again = first.last.type === 'recovery';
  const session = again ? { ...r.state, records: first.records } : r.state;
  return {
    model: { ...model, screen: 'recovery', session, recovering: first, recoveryQueue: rest, input: '', notice: null },
    records: again ? [] : stamp(r.records, first.operator, first.id),
  };
}

/** The sessions the model knows to be open: the one on screen and the recoveries still queued. */
function expectedOpen(model: KioskModel): string[] {
  const current = model.session && model.session.phase !== 'ended' ? [model.session.id] : [];
  return [...current, ...model.recoveryQueue.map((o) => o.id)];
}

const bodiesKey = (bodies: readonly RecordBody[]) => JSON.stringify(bodies.map((b) => [b.type, b.payload]));

/**
 * After (re)connecting to the log — at start, and at every retry after a failure. When the log holds
 * exactly what the model believes (the same open sessions, the current one with the same records),
 * the model goes on where it was. Otherwise the log wins: the model's session is dropped and every
 * session open in the log goes through its recovery gate first.
 */
export function reconnect(model: KioskModel, log: LogState, at: number): Step {
  const base = { ...model, today: log.today, newestAt: log.newestAt, now: at };
  const expected = expectedOpen(model);
  const found = log.open.map((o) => o.id);
  const same = expected.length === found.length && expected.every((id) => found.includes(id));
  const current = model.session && log.open.find((o) => o.id === model.session!.id);
  if (same && (!model.session || (current && bodiesKey(current.records) === bodiesKey(model.session.records)))) {
    return none(base);
  }
  const desk: KioskModel = model.session
    ? { ...base, session: null, recovering: null, recoveryQueue: [], screen: model.operator ? 'ready' : 'signin', mode: 'item', input: '', pick: 0, help: false }
    : { ...base, recoveryQueue: [], recovering: null };
  return beginRecovery(desk, log.open);
}

const stamp = (bodies: readonly RecordBody[], operator: string | null, session: string | null): NewRecord[] =>
  bodies.map((b) => ({ ...b, operator, session }) as NewRecord);

const none = (model: KioskModel): Step => ({ model, records: [] });

export function update(model: KioskModel, msg: Msg, env: Env): Step {
  const step = updateModel(model, msg, env);
  if (step.records.length === 0) return step;
  return { ...step, model: { ...step.model, newestAt: Math.max(step.model.newestAt ?? msg.at, msg.at) } };
}

function updateModel(model: KioskModel, msg: Msg, env: Env): Step {
  // Leaving is final: the controller is tearing the screen down.
  if (model.exit) return none(model);
  switch (msg.type) {
    case 'tick':
      return tick({ ...model, now: msg.at }, msg.at);
    case 'key': {
      const touched = { ...model, lastInputAt: msg.at, now: msg.at };
      // Keys act only through the bindings of the state they come in (src/session/kiosk-keys.ts),
      // the same list the hint line and the help are drawn from; any other key does nothing.
      const binding = bindingFor(kioskBindings(model), msg.key);
      // Every key clears the last notice, as it always did; only a bound key does anything else.
      if (!binding) return none({ ...touched, notice: null });
      return act({ ...touched, notice: null }, binding.action, msg.key, msg.at, env);
    }
  }
}

function tick(model: KioskModel, at: number): Step {
  if (model.screen === 'summary' && at - model.summaryAt >= model.config.summaryMs) {
    return none(toReady(model));
  }
  const inSession = (model.screen === 'session' || model.screen === 'recovery') && model.session;
  if (inSession && !model.idle && at - model.lastInputAt >= model.config.idleLimitMs) {
    return withSession(model, [
      { type: 'idle', payload: { idleSeconds: Math.floor((at - model.lastInputAt) / 1000) } },
    ], { idle: true });
  }
  return none(model);
}

/** Append records to the open session (idle is not an event of the session machine). */
function withSession(model: KioskModel, bodies: RecordBody[], changes: Partial<KioskModel>): Step {
  const s = model.session!;
  const session: SessionState = { ...s, records: [...s.records, ...bodies] };
  return { model: { ...model, ...changes, session }, records: stamp(bodies, sessionOperator(model), s.id) };
}

const sessionOperator = (model: KioskModel) =>
  model.screen === 'recovery' ? (model.recovering?.operator ?? null) : model.operator;

function toReady(model: KioskModel): KioskModel {
  return { ...model, screen: model.operator ? 'ready' : 'signin', summary: null, input: '', help: false, mode: 'item' };
}

function leaveNow(model: KioskModel): Step {
  const records = model.operator ? stamp([{ type: 'sign-out', payload: {} }], model.operator, null) : [];
  return { model: { ...model, exit: true }, records };
}

/** Sign in with a staff id (typed, or given with --operator). Recovery gates, if any, stay first. */
export function signInAs(model: KioskModel, id: string): Step {
  const problem = staffIdProblem(model.config.operatorPattern, id);
  if (problem) return none({ ...model, notice: problem });
  return {
    model: { ...model, operator: id, input: model.screen === 'signin' ? '' : model.input, screen: model.screen === 'signin' ? 'ready' : model.screen },
    records: stamp([{ type: 'sign-in', payload: {} }], id, null),
  };
}

function start(model: KioskModel, flow: Flow, at: number, env: Env): Step {
  const id = env.newId();
  const r = startSession(flow.checklist, flow.sha256, id, at);
  return {
    model: { ...model, screen: 'session', mode: 'item', session: r.state, input: '', pick: 0 },
    records: stamp(r.records, model.operator, id),
  };
}

/** Feed an event to the session machine; a refusal becomes the notice on screen. */
function send(model: KioskModel, event: SessionEvent, changes: Partial<KioskModel> = {}): Step {
  const s = model.session!;
  const r = updateSession(s, event);
  if (r.refused) return none({ ...model, notice: r.refused });
  return { model: { ...model, ...changes, session: r.state }, records: stamp(r.records, sessionOperator(model), s.id) };
}

/** How long each field may grow. */
function fieldMax(model: KioskModel): number {
  if (model.unlock) return 12;
  if (model.screen === 'signin') return 16;
  if (model.screen === 'recovery' || model.session?.phase === 'gate') return 32;
  return MAX_FREE_TEXT;
}

/** What a list picker is choosing from: the flows on Ready, or the interrupt reasons. */
function pickCount(model: KioskModel): number {
  return model.screen === 'ready' ? model.config.flows.length : (model.session?.checklist.interruptReasons.length ?? 0);
}

/** What one bound key does (`kioskBindings` chose the action for the state the key came in). */
function act(model: KioskModel, action: KioskAction, key: Key, at: number, env: Env): Step {
  switch (action) {
    case 'wake':
      return none({ ...model, idle: false, notice: 'idle-cleared' });
    case 'close-help':
      return none({ ...model, help: false });
    case 'retry':
      return { model, records: [], reconnect: true };
    case 'leave':
      return model.config.kioskLock ? none({ ...model, unlock: true, input: '' }) : leaveNow(model);
    case 'refuse-paste':
      return none({ ...model, notice: model.screen === 'recovery' || model.session?.phase === 'gate' ? 'paste-gate' : 'paste-ignored' });
    case 'help':
      return none({ ...model, help: true });
    case 'type': {
      if (key.name !== 'text') return none(model);
      // The staff ID and the PIN are ASCII however they are typed (IME on: full-width digits).
      const text = model.screen === 'signin' || model.unlock ? key.text.normalize('NFKC') : key.text;
      return none({ ...model, input: appendInput(model.input, text, fieldMax(model)) });
    }
    case 'paste': {
      if (key.name !== 'paste') return none(model);
      const line = pasteAsLine(key.text);
      return none({ ...model, input: appendInput(model.input, model.screen === 'signin' ? line.normalize('NFKC').trim() : line, fieldMax(model)) });
    }
    case 'delete':
      return none({ ...model, input: dropLast(model.input) });
    case 'sign-in':
      return signInAs(model, model.input.trim());
    case 'start': {
      const flows = model.config.flows;
      if (flows.length > 1) return none({ ...model, mode: 'flow-pick', pick: 0 });
      return start(model, flows[0]!, at, env);
    }
    case 'pick-move': {
      const count = pickCount(model);
      return none({ ...model, pick: (model.pick + (key.name === 'up' ? count - 1 : 1)) % count });
    }
    case 'pick-number':
      return key.name === 'text' ? none({ ...model, pick: Number(keyChar(key.text)) - 1 }) : none(model);
    case 'choose':
      if (model.screen === 'ready') return start(model, model.config.flows[model.pick]!, at, env);
      return chooseReason(model);
    case 'cancel':
      if (model.unlock) return none({ ...model, unlock: false, input: '' });
      if (model.screen === 'ready') return none({ ...model, mode: 'item', pick: 0 });
      // A typed interrupt note goes back to the reasons; a reason list or a skip reason to the item.
      return none({ ...model, mode: model.mode === 'interrupt-note' ? 'interrupt-pick' : 'item', input: '' });
    case 'to-ready':
      return none(toReady(model));
    case 'check-pin':
      if (env.checkPin(model.input)) return leaveNow({ ...model, unlock: false, input: '' });
      return none({ ...model, input: '', notice: 'pin-wrong' });
    case 'confirm':
      return send(model, { type: 'confirm' });
    case 'skip':
      return none({ ...model, mode: 'skip-reason', input: '' });
    case 'back':
      return send(model, { type: 'back' });
    case 'yes':
      return send(model, { type: 'answer', value: 'yes' });
    case 'no':
      return send(model, { type: 'answer', value: 'no' });
    case 'interrupt':
      return none({ ...model, mode: 'interrupt-pick', pick: 0, input: '' });
    case 'no-exit':
      return none({ ...model, notice: 'how-to-interrupt' });
    case 'submit':
      if (model.mode === 'skip-reason') return send(model, { type: 'skip', reason: model.input }, { mode: 'item', input: '' });
      return send(model, { type: 'interrupt', reason: model.session!.checklist.interruptReasons[model.pick]!.id, note: model.input }, { mode: 'item', input: '' });
    case 'logout': {
      const step = send(model, { type: 'logout', typed: model.input });
      if (step.model.session?.phase !== 'ended') return none({ ...model, input: '', notice: step.model.notice });
      const after = ended(step.model, at);
      return { model: after.model, records: [...step.records, ...after.records] };
    }
    case 'no-escape':
      return none({ ...model, notice: 'gate-no-escape' });
  }
}

/** An interrupt reason chosen: one that wants a note asks for it, else the interrupt is sent. */
function chooseReason(model: KioskModel): Step {
  const reason = model.session!.checklist.interruptReasons[model.pick]!;
  if (reason.note) return none({ ...model, mode: 'interrupt-note', input: '' });
  return send(model, { type: 'interrupt', reason: reason.id }, { mode: 'item' });
}

/** After a confirmed logout: the summary, or the next recovery gate. */
function ended(model: KioskModel, at: number): Step {
  const s = model.session!;
  const flags = deriveFlags(s.records);
  const outcome = deriveOutcome(s.records);
  const recovered = model.screen === 'recovery';
  const summary: Summary = { id: s.id, outcome, flags, startedAt: s.startedAt, endedAt: at, recovered };
  const today = { sessions: model.today.sessions + (recovered ? 0 : 1), lastOutcome: outcome, lastFlags: flags };
  const base: KioskModel = { ...model, session: null, recovering: null, input: '', mode: 'item', today };
  if (recovered && model.recoveryQueue.length > 0) return beginRecovery(base, model.recoveryQueue);
  return none({ ...base, screen: 'summary', summary, summaryAt: at });
}
