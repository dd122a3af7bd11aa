// The whole kiosk as one pure model (Elm style): keys and clock ticks in, next model and records to
// log out. Screens only draw this model; the controller logs the records durably before it shows
// the next model. Because every key goes through here, the safety property can be tested over
// arbitrary key sequences without a terminal.
//
// The model is a union of per-screen states (src/session/kiosk-model.ts); this file routes a key to
// the screen that has focus: the desk (desk.ts), a session and its prompts (session-screen.ts), a
// recovery gate (gate.ts). What covers any screen (help, the unattended warning, a failing log) is
// handled here first.
import type { RecordBody } from '../domain/record.js';
import type { ReaderState } from '../domain/reader.js';
import { bindingFor } from '../tui/keymap.js';
import type { Key } from '../tui/keys.js';
import { actDesk, toReady } from './desk.js';
import { actRecovery, beginRecovery } from './gate.js';
import { append, withRecords } from './in-session.js';
import { kioskBindings, type KioskAction } from './kiosk-keys.js';
import {
  isDesk,
  none,
  recordsOf,
  sessionOf,
  type Env,
  type KioskModel,
  type LogState,
  type Msg,
  type Step,
} from './kiosk-model.js';
import { actSession } from './session-screen.js';

export * from './kiosk-model.js';
export { beginRecovery } from './gate.js';
export { signInAs } from './desk.js';

/** The sessions the model knows to be open: the one on screen and the recoveries still queued. */
function expectedOpen(model: KioskModel): string[] {
  const s = model.screen;
  if (s.name === 'session') return s.session.phase === 'ended' ? [] : [s.session.id];
  if (s.name === 'recovery') return [s.session.id, ...s.queue.map((o) => o.id)];
  return [];
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
  const session = sessionOf(model);
  const current = session && log.open.find((o) => o.id === session.id);
  if (same && (!session || (current && bodiesKey(current.records) === bodiesKey(session.records)))) {
    return none(base);
  }
  return beginRecovery(isDesk(model.screen) ? base : toReady(base), log.open);
}

export function update(model: KioskModel, msg: Msg, env: Env): Step {
  const step = updateModel(model, msg, env);
  if (recordsOf(step).length === 0) return step;
  return { ...step, model: { ...step.model, newestAt: Math.max(step.model.newestAt ?? msg.at, msg.at) } };
}

function updateModel(model: KioskModel, msg: Msg, env: Env): Step {
  // Leaving is final: the controller is tearing the screen down.
  if (model.exit) return none(model);
  switch (msg.type) {
    case 'tick':
      return tick({ ...model, now: msg.at }, msg.at);
    case 'reader':
      return none(readerChanged(model, msg.state));
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

/**
 * The reader's news: kept for the screens and the next sensed check; said once when sensing cannot
 * be had, and when a reader is lost or back. A card taken out clears Ready's "card left" warning.
 */
function readerChanged(model: KioskModel, state: ReaderState): KioskModel {
  const was = model.reader;
  const seen = model.readerSeen || state.sensed;
  let notice = model.notice;
  if (!state.sensed && (state.reason === 'no-binding' || state.reason === 'no-service') && !model.readerSeen) notice = 'reader-unavailable';
  else if (!state.sensed && state.reason !== 'off' && was.sensed) notice = 'reader-lost';
  else if (state.sensed && !was.sensed && model.readerSeen) notice = 'reader-back';
  const s = model.screen;
  const screen = s.name === 'ready' && s.cardLeft && !(state.sensed && state.card) ? { ...s, cardLeft: false } : s;
  return { ...model, reader: state, readerSeen: seen, notice, screen };
}

function tick(model: KioskModel, at: number): Step {
  const s = model.screen;
  if (s.name === 'summary' && at - s.at >= model.config.summaryMs) return none(toReady(model, s.unlock));
  if ((s.name === 'session' || s.name === 'recovery') && !s.idle && at - model.lastInputAt >= model.config.idleLimitMs) {
    const bodies: RecordBody[] = [{ type: 'idle', payload: { idleSeconds: Math.floor((at - model.lastInputAt) / 1000) } }];
    return append(model, s, bodies, { ...s, session: withRecords(s.session, bodies), idle: true });
  }
  return none(model);
}

/** What one bound key does (`kioskBindings` chose the action for the state the key came in). */
function act(model: KioskModel, action: KioskAction, key: Key, at: number, env: Env): Step {
  const s = model.screen;
  // What covers every screen first.
  switch (action) {
    case 'wake':
      return s.name === 'session' || s.name === 'recovery' ? none({ ...model, screen: { ...s, idle: false }, notice: 'idle-cleared' }) : none(model);
    case 'close-help':
      return none({ ...model, help: false });
    case 'help':
      return none({ ...model, help: true });
    case 'retry':
      return { model, cmds: [{ type: 'reconnect' }] };
    case 'refuse-paste':
      return none({ ...model, notice: s.name === 'recovery' || (s.name === 'session' && s.prompt.name === 'gate') ? 'paste-gate' : 'paste-ignored' });
    default:
      break;
  }
  switch (s.name) {
    case 'signin':
    case 'ready':
    case 'summary':
      return actDesk(model, s, action, key, at, env);
    case 'session':
      return actSession(model, s, action, key, at);
    case 'recovery':
      return actRecovery(model, s, action, key, at);
  }
}
