// The kiosk's keys, state by state: the one list the model acts through (src/session/kiosk.ts) and
// the hint line and help are drawn from (src/ui/view.tsx). A key in no binding does nothing.
import { ANY, bind, char, key, TYPING, type Binding } from '../tui/keymap.js';
import { fieldOf, offeredFlows, type DeskScreen, type KioskModel, type SessionScreen } from './kiosk-model.js';
import { currentItem } from './session.js';

export type KioskAction =
  | 'wake'
  | 'close-help'
  | 'retry'
  | 'leave'
  | 'refuse-paste'
  | 'help'
  | 'type'
  | 'paste'
  | 'delete'
  | 'sign-in'
  | 'start'
  | 'pick-move'
  | 'pick-number'
  | 'choose'
  | 'cancel'
  | 'to-ready'
  | 'check-pin'
  | 'confirm'
  | 'skip'
  | 'not-applicable'
  | 'back'
  | 'yes'
  | 'no'
  | 'interrupt'
  | 'no-exit'
  | 'submit'
  | 'logout'
  | 'no-escape';

type B = Binding<KioskAction>;

const b = bind<KioskAction>;

const HELP = b('help', [char('?')], 'kiosk.does.help', { help: 'kiosk.help.help' });
const LEAVE = b('leave', [key('ctrl-c')], 'kiosk.does.leave', { help: 'kiosk.help.exit' });
// A paste is text for a field at most: where no field takes it (the gate, the PIN, a list), it
// does nothing but say so.
const REFUSE_PASTE = b('refuse-paste', [{ paste: true }], null, { show: 'none' });

/** A list picker's keys; `count` choices, chosen by arrows or their number. */
function picker(count: number): B[] {
  // With one choice there is nothing to move to.
  const several = count > 1;
  return [
    ...(several ? [b('pick-move', [key('up'), key('down')], 'kiosk.does.pick')] : []),
    b('choose', [key('enter')], 'kiosk.does.ok'),
    b('cancel', [key('escape')], 'kiosk.does.back'),
    ...(several ? [b('pick-number', Array.from({ length: Math.min(count, 9) }, (_, i) => char(String(i + 1))), null, { label: 'kiosk.label.number', help: 'kiosk.help.number', show: 'help' as const })] : []),
  ];
}

/** Backspace, while there is something to delete. */
const deleting = (model: KioskModel, show: B['show'] = 'hint'): B[] =>
  fieldOf(model) === '' ? [] : [b('delete', [key('backspace')], 'kiosk.does.delete', { show })];

/** A free-text field (a skip reason, an interrupt note). */
const textField = (model: KioskModel): B[] => [
  b('type', [TYPING], null, { label: 'kiosk.label.type', help: 'kiosk.help.type' }),
  b('submit', [key('enter')], 'kiosk.does.ok'),
  ...deleting(model),
  b('cancel', [key('escape')], 'kiosk.does.back'),
  b('paste', [{ paste: true }], null, { label: 'kiosk.label.paste', help: 'kiosk.help.paste', show: 'help' }),
  b('no-exit', [key('ctrl-c')], null, { show: 'none' }),
];

/** The keys of a checklist item: a yes/no question answers with y/n, any other item confirms. */
function itemKeys(screen: SessionScreen): B[] {
  const here = currentItem(screen.session);
  const question = here?.item.kind === 'yesno';
  const confirm = b('confirm', [key('enter'), char(' ')], 'kiosk.does.confirm', { help: 'kiosk.help.confirm', ...(question ? { show: 'none' as const } : {}) });
  const yes = b('yes', [char('y')], 'kiosk.does.yes', { help: 'kiosk.help.yes', ...(question ? {} : { show: 'none' as const }) });
  const no = b('no', [char('n')], 'kiosk.does.no', { help: 'kiosk.help.no', ...(question ? {} : { show: 'none' as const }) });
  return [
    ...(question ? [yes, no, confirm] : [confirm, yes, no]),
    b('skip', [char('s')], 'kiosk.does.skip', { help: 'kiosk.help.skip' }),
    // Only an optional item can not apply: offered there; on a required item the key only says why not.
    b('not-applicable', [char('-')], 'kiosk.does.notApplicable', { help: 'kiosk.help.notApplicable', ...(here?.item.required ? { show: 'none' as const } : {}) }),
    b('back', [char('b')], 'kiosk.does.back', { help: 'kiosk.help.back' }),
    b('interrupt', [char('i')], 'kiosk.does.interrupt', { help: 'kiosk.help.interrupt' }),
    HELP,
    REFUSE_PASTE,
    // Leaving a session any other way is refused with a word on how to interrupt (the safety property).
    b('no-exit', [key('escape'), char('q'), key('ctrl-c')], null, { show: 'none' }),
  ];
}

/** The logout gate: type `logout`, Enter; nothing else gets past it. */
const gateKeys = (model: KioskModel): B[] => [
  b('type', [TYPING], null, { label: 'kiosk.label.typeLogout', help: 'kiosk.help.gate' }),
  b('logout', [key('enter')], 'kiosk.does.confirm'),
  ...deleting(model),
  REFUSE_PASTE,
  b('no-escape', [ANY], null, { show: 'none' }),
];

/** The bindings active in `model`, in the order the hint line shows them. */
export function kioskBindings(model: KioskModel): B[] {
  if (model.exit) return [];
  if (model.logError) {
    // While the log cannot be written the hint offers the retry; the screen's own keys still move
    // what needs no record (the controller refuses every step that does), so they stay in the help.
    const below = screenBindings(model).map((x) => (x.show === 'none' ? x : { ...x, show: 'help' as const }));
    return [b('retry', [char('r')], 'kiosk.does.retry', { help: 'kiosk.help.retry' }), ...below];
  }
  return screenBindings(model);
}

function screenBindings(model: KioskModel): B[] {
  const s = model.screen;
  // The first key after the unattended warning only clears it: whoever comes back must look first.
  if ((s.name === 'session' || s.name === 'recovery') && s.idle) return [b('wake', [ANY], 'kiosk.does.wake', { label: 'kiosk.label.anyKey' })];
  if (model.help) return [b('close-help', [ANY], 'kiosk.does.close', { label: 'kiosk.label.anyKey' }), REFUSE_PASTE];
  switch (s.name) {
    case 'signin':
    case 'ready':
    case 'summary':
      return s.unlock ? unlockKeys(model) : deskKeys(model, s);
    case 'recovery':
      return gateKeys(model);
    case 'session':
      switch (s.prompt.name) {
        case 'gate':
          return gateKeys(model);
        case 'item':
          return itemKeys(s);
        case 'interrupt-pick':
          return [...picker(s.session.checklist.interruptReasons.length), REFUSE_PASTE, b('no-exit', [key('ctrl-c')], null, { show: 'none' })];
        case 'skip-reason':
        case 'interrupt-note':
          return textField(model);
      }
  }
}

/** The supervisor PIN prompt over a desk screen. */
const unlockKeys = (model: KioskModel): B[] => [
  b('type', [TYPING], null, { label: 'kiosk.label.typeDigits', help: 'kiosk.help.typeDigits' }),
  b('check-pin', [key('enter')], 'kiosk.does.leave'),
  b('cancel', [key('escape')], 'kiosk.does.back'),
  ...deleting(model, 'help'),
  REFUSE_PASTE,
];

function deskKeys(model: KioskModel, s: DeskScreen): B[] {
  switch (s.name) {
    case 'signin':
      return [
        b('type', [TYPING], null, { label: 'kiosk.label.typeStaffId', help: 'kiosk.help.typeStaffId' }),
        b('sign-in', [key('enter')], 'kiosk.does.ok', { help: 'kiosk.help.signIn' }),
        // `?` opens help only in an empty field; typed after something, it is part of the ID.
        ...(s.input === '' ? [HELP] : []),
        LEAVE,
        ...deleting(model, 'help'),
        b('paste', [{ paste: true }], null, { label: 'kiosk.label.paste', help: 'kiosk.help.paste', show: 'help' }),
      ];
    case 'ready': {
      const offered = offeredFlows(model).length;
      if (s.flowPick !== null) return [...picker(offered), { ...LEAVE, show: 'help' }, REFUSE_PASTE];
      // No flow valid today: Enter is not offered; pressed anyway, it only says why (the screen says so too).
      const start = b('start', [key('enter')], 'kiosk.does.start', { help: 'kiosk.help.start', ...(offered === 0 ? { show: 'none' as const } : {}) });
      return [start, HELP, LEAVE, REFUSE_PASTE];
    }
    case 'summary':
      return [b('to-ready', [ANY], model.operator ? 'kiosk.does.toReady' : 'kiosk.does.toSignIn', { label: 'kiosk.label.anyKey' }), LEAVE, REFUSE_PASTE];
  }
}
