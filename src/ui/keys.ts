// Turn Ink's (input, key) pair into the kiosk's keys. Ink 6.8 reports Backspace (0x7f) as `delete`.
import type { Key as InkKey } from 'ink';
import type { Key } from '../session/kiosk.js';

export function toKeys(input: string, key: InkKey): Key[] {
  if (key.ctrl && input === 'c') return [{ name: 'ctrl-c' }];
  if (key.return) return [{ name: 'enter' }];
  if (key.escape) return [{ name: 'escape' }];
  if (key.backspace || key.delete) return [{ name: 'backspace' }];
  if (key.upArrow) return [{ name: 'up' }];
  if (key.downArrow) return [{ name: 'down' }];
  const plain = !key.ctrl && !key.tab && !key.leftArrow && !key.rightArrow && !key.pageUp && !key.pageDown;
  // Esc followed quickly by a letter reaches Ink as one "Alt+letter" chunk. The kiosk has no Alt
  // shortcuts, so it is what was typed: Esc, then the letter.
  if (key.meta && plain && input.length > 0) return [{ name: 'escape' }, ...chunkKeys(input)];
  if (!plain || key.meta || input.length === 0) return [{ name: 'other' }];
  return chunkKeys(input);
}

/**
 * Pastes, IME commits and fast typing arrive as one chunk, which may hold Enter ("S-01\r") or
 * Ctrl+C too: keep each as its own key instead of dropping it with the text.
 */
function chunkKeys(input: string): Key[] {
  const keys: Key[] = [];
  input.split('\u0003').forEach((part, c) => {
    if (c > 0) keys.push({ name: 'ctrl-c' });
    part.split(/\r\n|\r|\n/).forEach((text, i) => {
      if (i > 0) keys.push({ name: 'enter' });
      if (text !== '') keys.push({ name: 'text', text });
    });
  });
  return keys;
}
