// The review screen's keys, state by state: the one list the model acts through
// (src/review/model.ts) and the hint line and help are drawn from (src/ui/review/).
import type { MessageKey } from '../i18n/index.js';
import { ANY, bind, char, key, TYPING, type Binding, type KeyMatch } from '../tui/keymap.js';
import { choicesFor, NO_CHOICES } from './filters.js';
import { detailOverflows, timelineEntries, type AckScreen, type ReviewModel } from './model.js';

export type ReviewAction =
  | 'quit'
  | 'loading'
  | 'close-help'
  | 'move'
  | 'open'
  | 'filter'
  | 'filter-last'
  | 'ack'
  | 'clear'
  | 'help'
  | 'field'
  | 'pick-value'
  | 'type'
  | 'paste'
  | 'delete'
  | 'done'
  | 'back'
  | 'scroll-detail'
  | 'cancel'
  | 'submit';

type B = Binding<ReviewAction>;

const b = bind<ReviewAction>;

const MOVES: KeyMatch[] = [key('up'), key('down'), key('page-up'), key('page-down'), key('home'), key('end')];
const QUIT_CTRL_C = b('quit', [key('ctrl-c')], 'review.does.quit', { show: 'help' });
const HELP = b('help', [char('?')], 'review.does.help', { help: 'review.helpScreen.help' });
/** Moving through a list of `count` rows (nothing to move with one row or none). */
const moving = (count: number, does: MessageKey = 'review.does.move'): B[] =>
  count > 1 ? [b('move', MOVES, does, { label: 'review.label.move', help: 'review.helpScreen.move' })] : [];
const deleting = (text: string): B[] => (text === '' ? [] : [b('delete', [key('backspace')], 'review.does.delete')]);

/** A typed field: the reviewer's staff ID, or the follow-up note. */
function field(s: AckScreen): B[] {
  return [
    b('type', [TYPING], null, { label: 'review.label.type', help: s.ask === 'reviewer' ? 'review.helpScreen.reviewer' : 'review.helpScreen.note' }),
    b('submit', [key('enter')], 'review.does.ok'),
    ...deleting(s.input),
    b('cancel', [key('escape')], 'review.does.cancel'),
    b('paste', [{ paste: true }], null, { label: 'review.label.paste', help: 'review.helpScreen.paste', show: 'help' }),
    QUIT_CTRL_C,
  ];
}

/** The bindings active in `model`, in the order the hint line shows them. */
export function reviewBindings(model: ReviewModel): B[] {
  if (model.exit) return [];
  // A follow-up is being written: only leaving is possible until it is on disk (or failed).
  const s = model.screen;
  if (s.name === 'ack' && s.writing) return [QUIT_CTRL_C];
  if (model.loading) {
    return [b('quit', [char('q'), key('ctrl-c')], 'review.does.quit', { named: [char('q')] }), b('loading', [ANY], null, { show: 'none' })];
  }
  switch (s.name) {
    case 'help':
      return [b('close-help', [ANY], 'review.does.close', { label: 'review.label.anyKey' }), QUIT_CTRL_C];
    case 'list':
      if (s.editing !== null) {
        return [
          b('field', [key('left'), key('right'), key('tab'), key('shift-tab')], 'review.does.field', { named: [key('left'), key('right')], help: 'review.helpScreen.field' }),
          // ↑↓ step through the field's values, when it has any (a date with no sessions has none).
          ...(choicesFor(model.choices ?? NO_CHOICES, s.editing).length > 1 ? [b('pick-value', [key('up'), key('down')], 'review.does.pick', { help: 'review.helpScreen.pick' })] : []),
          b('type', [TYPING], null, { label: 'review.label.typeFilter', help: 'review.helpScreen.typeFilter' }),
          ...deleting(model.filters[s.editing]),
          b('done', [key('enter'), key('escape')], 'review.does.done', { named: [key('enter')] }),
          b('paste', [{ paste: true }], null, { label: 'review.label.paste', help: 'review.helpScreen.typeFilter', show: 'help' }),
          // The list still moves by pages while a filter is typed.
          ...(model.list.total > 1 ? [b('move', [key('page-up'), key('page-down'), key('home'), key('end')], null, { help: 'review.helpScreen.move', show: 'help' })] : []),
          QUIT_CTRL_C,
        ];
      }
      return [
        ...moving(model.list.total),
        b('open', [key('enter')], 'review.does.open', { help: 'review.helpScreen.open' }),
        b('ack', [char('a')], 'review.does.ack', { help: 'review.helpScreen.ack' }),
        b('filter', [char('/'), key('tab')], 'review.does.filter', { named: [char('/')], help: 'review.helpScreen.filter' }),
        b('filter-last', [key('shift-tab')], null, { help: 'review.helpScreen.filterLast', show: 'help' }),
        b('clear', [char('c')], 'review.does.clear', { help: 'review.helpScreen.clear' }),
        HELP,
        b('quit', [char('q'), key('ctrl-c')], 'review.does.quit', { named: [char('q')], help: 'review.helpScreen.quit' }),
      ];
    case 'timeline': {
      return [
        ...moving(timelineEntries(model).length),
        // Only while the selected entry's detail has lines its box cannot show.
        ...(detailOverflows(model) ? [b('scroll-detail', [char('['), char(']')], 'review.does.scrollDetail', { help: 'review.helpScreen.scrollDetail' })] : []),
        b('ack', [char('a')], 'review.does.ack', { help: 'review.helpScreen.ack' }),
        b('back', [key('escape'), key('backspace'), key('left'), char('q')], 'review.does.toList', { named: [key('escape')], help: 'review.helpScreen.back' }),
        HELP,
        QUIT_CTRL_C,
      ];
    }
    case 'ack':
      return field(s);
  }
}
