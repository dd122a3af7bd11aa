// Keys for the "the screen offers exactly what acts" properties: every key a person can press, and
// the key that presses a binding's match.
import type { Key } from '../../src/tui/keys.js';
import type { KeyMatch } from '../../src/tui/keymap.js';

const NAMED = ['enter', 'escape', 'backspace', 'delete', 'up', 'down', 'left', 'right', 'tab', 'shift-tab', 'page-up', 'page-down', 'home', 'end', 'ctrl-c', 'other'] as const;

/** Every named key, each character of `chars` (plus `more`) typed, and one paste with a newline. */
export function everyKey(chars: string, more: readonly string[] = []): Key[] {
  return [...NAMED.map((name): Key => ({ name })), ...[...chars, ...more].map((text): Key => ({ name: 'text', text })), { name: 'paste', text: 'pasted\rtext' }];
}

/** A key that a match takes. */
export function keyOf(m: KeyMatch): Key {
  if ('key' in m) return { name: m.key };
  if ('char' in m) return { name: 'text', text: m.char };
  if ('paste' in m) return { name: 'paste', text: 'x' };
  return { name: 'text', text: 'x' };
}
