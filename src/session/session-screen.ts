// The checklist screen: an item's keys, and the prompts opened from it (a skip reason, the
// interrupt reasons and their note), down to the logout gate the session ends through.
import { MAX_FREE_TEXT } from '../pii/mynumber.js';
import { pickAfter } from '../tui/picker.js';
import { editField } from '../tui/text.js';
import type { Key } from '../tui/keys.js';
import type { KioskAction } from './kiosk-keys.js';
import { logged, none, sensingOf, stamp, type Env, type Flow, type KioskModel, type Prompt, type SessionScreen, type Step } from './kiosk-model.js';
import { GATE_MAX, logout } from './gate.js';
import { send as sendTo } from './in-session.js';
import { currentItem, startSession, type SessionEvent, type SessionState } from './session.js';

/** Start a session of `flow` from Ready. */
export function start(model: KioskModel, flow: Flow, at: number, env: Env): Step {
  const id = env.newId();
  const r = startSession(flow.checklist, flow.sha256, id, at);
  return logged({ ...model, screen: { name: 'session', session: r.state, prompt: { name: 'item' }, idle: false } }, stamp(r.records, model.operator, id));
}

/** Feed the session machine; when the session reaches its gate, the gate is what the keys do. */
function send(model: KioskModel, screen: SessionScreen, event: SessionEvent, prompt: Prompt = screen.prompt): Step {
  return sendTo(model, screen, event, (session: SessionState) => ({
    ...screen,
    session,
    prompt: session.phase === 'gate' && prompt.name !== 'gate' ? { name: 'gate', input: '' } : prompt,
  }));
}

/**
 * An item with `thenInterrupt`, once confirmed (a question: answered no), opens the interrupt
 * reasons with its reason chosen: one Enter interrupts, Esc walks on.
 */
function thenInterrupt(step: Step, before: SessionScreen, answer: 'confirm' | 'yes' | 'no'): Step {
  const item = currentItem(before.session)?.item;
  const after = step.model.screen;
  if (!item?.thenInterrupt || step.cmds.length === 0 || after.name !== 'session' || after.session.phase !== 'items') return step;
  if (answer !== (item.kind === 'yesno' ? 'no' : 'confirm')) return step;
  const pick = after.session.checklist.interruptReasons.findIndex((r) => r.id === item.thenInterrupt);
  if (pick < 0) return step;
  return { ...step, model: { ...step.model, screen: { ...after, prompt: { name: 'interrupt-pick', pick } } } };
}

const withPrompt = (model: KioskModel, screen: SessionScreen, prompt: Prompt): Step => none({ ...model, screen: { ...screen, prompt } });

/** What one bound key does on the session screen. */
export function actSession(model: KioskModel, screen: SessionScreen, action: KioskAction, key: Key, at: number): Step {
  const p = screen.prompt;
  const reasons = screen.session.checklist.interruptReasons;
  switch (action) {
    case 'confirm':
      return thenInterrupt(send(model, screen, { type: 'confirm', sensing: sensingOf(model) }), screen, 'confirm');
    case 'yes':
    case 'no':
      return thenInterrupt(send(model, screen, { type: 'answer', value: action }), screen, action);
    case 'back':
      return send(model, screen, { type: 'back' });
    case 'not-applicable':
      return send(model, screen, { type: 'not-applicable' });
    case 'skip':
      return withPrompt(model, screen, { name: 'skip-reason', input: '' });
    case 'interrupt':
      return withPrompt(model, screen, { name: 'interrupt-pick', pick: 0 });
    case 'no-exit':
      return none({ ...model, notice: 'how-to-interrupt' });
    case 'no-escape':
      return none({ ...model, notice: 'gate-no-escape' });
    case 'pick-move':
    case 'pick-number':
      return p.name === 'interrupt-pick' ? withPrompt(model, screen, { ...p, pick: pickAfter(p.pick, reasons.length, key) }) : none(model);
    case 'choose': {
      if (p.name !== 'interrupt-pick') return none(model);
      // A reason that wants a note asks for it; any other is sent at once.
      const reason = reasons[p.pick]!;
      if (reason.note) return withPrompt(model, screen, { name: 'interrupt-note', pick: p.pick, input: '' });
      return send(model, screen, { type: 'interrupt', reason: reason.id }, { name: 'item' });
    }
    case 'cancel':
      // A typed interrupt note goes back to the reasons; a reason list or a skip reason to the item.
      return withPrompt(model, screen, p.name === 'interrupt-note' ? { name: 'interrupt-pick', pick: p.pick } : { name: 'item' });
    case 'type':
    case 'paste':
    case 'delete': {
      if (!('input' in p)) return none(model);
      const input = editField(p.input, key, p.name === 'gate' ? GATE_MAX : MAX_FREE_TEXT);
      return withPrompt(model, screen, { ...p, input });
    }
    case 'submit':
      if (p.name === 'skip-reason') return send(model, screen, { type: 'skip', reason: p.input }, { name: 'item' });
      if (p.name === 'interrupt-note') return send(model, screen, { type: 'interrupt', reason: reasons[p.pick]!.id, note: p.input }, { name: 'item' });
      return none(model);
    case 'logout':
      return p.name === 'gate' ? logout(model, screen, p.input, at) : none(model);
    default:
      return none(model);
  }
}
