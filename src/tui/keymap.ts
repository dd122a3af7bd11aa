// Key bindings that carry their own help: each binding names its keys, the action they take and the
// words for it. A screen's model lists the bindings active in its current state; the model acts
// only through them, and the hint line and the `?` help are made from the same list — so what the
// screen offers and what the keys do cannot drift apart. (After bubbles' key and help packages.)
import type { MessageKey } from '../i18n/index.js';
import type { Key, KeyName } from './keys.js';
import { keyChar } from './text.js';

/** Which keys a binding takes. */
export type KeyMatch =
  /** A named key (Enter, Esc, arrows, Ctrl+C...). */
  | { key: Exclude<KeyName, 'text' | 'paste'> }
  /** One typed character, as the ASCII key (full-width input and capitals included). */
  | { char: string }
  /** Any typed text: a field takes it. */
  | { typing: true }
  /** A bracketed paste. */
  | { paste: true }
  /** Any key at all. */
  | { any: true };

export interface Binding<A extends string> {
  readonly action: A;
  readonly keys: readonly KeyMatch[];
  /** The keys as the screen names them; by default made from `keys` ("Enter/Space", "↑↓", "s"). */
  readonly label?: MessageKey;
  /** Which of `keys` the made label names (default: all), e.g. `q` of q and Ctrl+C. */
  readonly named?: readonly KeyMatch[];
  /** What the keys do, in a word or two (the hint line); null: the label says it all. */
  readonly does: MessageKey | null;
  /** The longer wording for the help screen (default: `does`). */
  readonly help?: MessageKey;
  /**
   * Where the binding is shown: in the hint line and the help (default), in the help only, or
   * nowhere — for keys that only answer with a notice ("press i to interrupt"), which act on nothing.
   */
  readonly show?: 'hint' | 'help' | 'none';
}

/** Matches, for writing bindings: a named key, a typed character, any text, any key. */
export const key = (k: Extract<KeyMatch, { key: unknown }>['key']): KeyMatch => ({ key: k });
export const char = (c: string): KeyMatch => ({ char: c });
export const TYPING: KeyMatch = { typing: true };
export const ANY: KeyMatch = { any: true };

/** A binding: its action, keys and hint words, and anything else (`label`, `help`, `show`...). */
export const bind = <A extends string>(action: A, keys: KeyMatch[], does: MessageKey | null, more: Partial<Binding<A>> = {}): Binding<A> => ({
  action,
  keys,
  does,
  ...more,
});

const NAMES: Partial<Record<KeyName, string>> = {
  enter: 'Enter',
  escape: 'Esc',
  backspace: 'Backspace',
  delete: 'Delete',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  tab: 'Tab',
  'shift-tab': 'Shift+Tab',
  'page-up': 'PgUp',
  'page-down': 'PgDn',
  home: 'Home',
  end: 'End',
  'ctrl-c': 'Ctrl+C',
};

const ARROWS = new Set(['↑', '↓', '←', '→']);

function nameOf(m: KeyMatch): string {
  if ('key' in m) return NAMES[m.key] ?? m.key;
  if ('char' in m) return m.char === ' ' ? 'Space' : m.char;
  return '';
}

/** The keys of a binding as a label: "Enter/Space", "↑↓", "y/n". */
export function keyLabel(b: Binding<string>, t: (key: MessageKey) => string): string {
  if (b.label) return t(b.label);
  const names = (b.named ?? b.keys).map(nameOf).filter((n) => n !== '');
  // Arrow pairs read as one symbol: ↑↓, ←→.
  return names.reduce((out, n, i) => (i === 0 ? n : ARROWS.has(n) && ARROWS.has(names[i - 1]!) ? out + n : `${out}/${n}`), '');
}

function matches(m: KeyMatch, key: Key): boolean {
  if ('any' in m) return true;
  if ('paste' in m) return key.name === 'paste';
  if ('typing' in m) return key.name === 'text';
  if ('char' in m) return key.name === 'text' && keyChar(key.text) === m.char;
  return key.name === m.key;
}

/** How specific a match is: a named key or character wins over a paste, typing or any key. */
const rank = (m: KeyMatch) => ('any' in m ? 3 : 'typing' in m ? 2 : 'paste' in m ? 1 : 0);

/**
 * The binding that takes `key` — the most specific match, so a list can be in the order it is
 * shown ("type a staff ID" before "? help") — or undefined: then the key does nothing here.
 */
export function bindingFor<A extends string>(bindings: readonly Binding<A>[], key: Key): Binding<A> | undefined {
  let best: Binding<A> | undefined;
  let bestRank = 4;
  for (const b of bindings) {
    for (const m of b.keys) {
      if (rank(m) < bestRank && matches(m, key)) {
        best = b;
        bestRank = rank(m);
      }
    }
  }
  return best;
}

/** The hint line: each shown binding as "keys does", three spaces apart (or `gap`). */
export function hintLine(bindings: readonly Binding<string>[], t: (key: MessageKey) => string, gap = '   '): string {
  return bindings
    .filter((b) => (b.show ?? 'hint') === 'hint')
    .map((b) => {
      const label = keyLabel(b, t);
      return b.does === null ? label : label === '' ? t(b.does) : `${label} ${t(b.does)}`;
    })
    .join(gap);
}

/** The help screen's rows: every binding's keys and its longer wording. */
export function helpRows(bindings: readonly Binding<string>[], t: (key: MessageKey) => string): { keys: string; does: string }[] {
  return bindings.filter((b) => b.show !== 'none').map((b) => ({ keys: keyLabel(b, t), does: t(b.help ?? b.does ?? b.label!) }));
}
