// The screens outside a session: sign-in, Ready (and its flow picker), the summary after a gate,
// and the supervisor PIN prompt that can cover any of them.
import type { Key } from '../tui/keys.js';
import { pickAfter } from '../tui/picker.js';
import { editField } from '../tui/text.js';
import type { KioskAction } from './kiosk-keys.js';
import { cardPresent, logged, none, offeredFlows, stamp, type DeskScreen, type Env, type KioskModel, type ReadyScreen, type Step } from './kiosk-model.js';
import { start } from './session-screen.js';
import { staffIdProblem } from './staff-id.js';

const STAFF_ID_MAX = 16;
const PIN_MAX = 12;

/** Ready for the signed-in operator, or sign-in when no one is. A PIN prompt that was up stays. */
export function toReady(model: KioskModel, unlock: DeskScreen['unlock'] = null): KioskModel {
  // Back from a session's summary with a card still in the reader: Ready warns until it is out.
  const cardLeft = model.screen.name === 'summary' && cardPresent(model);
  return {
    ...model,
    help: false,
    screen: model.operator ? { name: 'ready', flowPick: null, unlock, ...(cardLeft ? { cardLeft } : {}) } : { name: 'signin', input: '', unlock },
  };
}

export function leaveNow(model: KioskModel): Step {
  const records = model.operator ? stamp([{ type: 'sign-out', payload: {} }], model.operator, null) : [];
  return logged({ ...model, exit: true }, records);
}

/** Sign in with a staff id (typed, or given with --operator). Recovery gates, if any, stay first. */
export function signInAs(model: KioskModel, id: string): Step {
  const problem = staffIdProblem(model.config.operatorPattern, id);
  if (problem) return none({ ...model, notice: problem });
  const screen = model.screen.name === 'signin' ? { name: 'ready' as const, flowPick: null, unlock: model.screen.unlock } : model.screen;
  return logged({ ...model, operator: id, screen }, stamp([{ type: 'sign-in', payload: {} }], id, null));
}

const on = (model: KioskModel, screen: DeskScreen): Step => none({ ...model, screen });

/** What one bound key does on a desk screen. */
export function actDesk(model: KioskModel, screen: DeskScreen, action: KioskAction, key: Key, at: number, env: Env): Step {
  if (screen.unlock) return actUnlock(model, screen, screen.unlock.input, action, key, env);
  if (action === 'leave') return model.config.kioskLock ? on(model, { ...screen, unlock: { input: '' } }) : leaveNow(model);
  switch (screen.name) {
    case 'signin':
      if (action === 'sign-in') return signInAs(model, screen.input.trim());
      if (action === 'type' || action === 'paste' || action === 'delete') {
        // The staff ID is ASCII however it is typed (IME on: full-width digits).
        return on(model, { ...screen, input: editField(screen.input, key, STAFF_ID_MAX, true) });
      }
      return none(model);
    case 'ready':
      return actReady(model, screen, action, key, at, env);
    case 'summary':
      return action === 'to-ready' ? none(toReady(model)) : none(model);
  }
}

function actReady(model: KioskModel, screen: ReadyScreen, action: KioskAction, key: Key, at: number, env: Env): Step {
  // Judged now, at the key: the flows valid on the counter's day (never an expired one).
  const flows = offeredFlows(model);
  const pick = screen.flowPick;
  const nothingToStart = () => none({ ...model, screen: { ...screen, flowPick: null }, notice: 'no-valid-flow' });
  switch (action) {
    case 'start':
      if (flows.length === 0) return nothingToStart();
      if (flows.length > 1) return on(model, { ...screen, flowPick: 0 });
      return start(model, flows[0]!, at, env);
    case 'pick-move':
    case 'pick-number':
      return pick === null || flows.length === 0 ? none(model) : on(model, { ...screen, flowPick: pickAfter(Math.min(pick, flows.length - 1), flows.length, key) });
    case 'choose': {
      if (pick === null) return none(model);
      // The list may have shrunk since the picker opened (midnight passed a flow's last day).
      const flow = flows[pick];
      return flow ? start(model, flow, at, env) : nothingToStart();
    }
    case 'cancel':
      return on(model, { ...screen, flowPick: null });
    default:
      return none(model);
  }
}

/** The PIN prompt: digits, Enter checks them (the right PIN leaves the kiosk), Esc closes it. */
function actUnlock(model: KioskModel, screen: DeskScreen, input: string, action: KioskAction, key: Key, env: Env): Step {
  switch (action) {
    case 'type':
    case 'delete':
      return on(model, { ...screen, unlock: { input: editField(input, key, PIN_MAX, true) } });
    case 'cancel':
      return on(model, { ...screen, unlock: null });
    case 'check-pin':
      if (env.checkPin(input)) return leaveNow({ ...model, screen: { ...screen, unlock: null } });
      return none({ ...model, screen: { ...screen, unlock: { input: '' } }, notice: 'pin-wrong' });
    default:
      return none(model);
  }
}
