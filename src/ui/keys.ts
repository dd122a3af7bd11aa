// Turn Ink's (input, key) pair into the kiosk's Key. Ink 6.8 reports Backspace (0x7f) as `delete`.
import type { Key as InkKey } from 'ink';
import type { Key } from '../session/kiosk.js';

export function toKey(input: string, key: InkKey): Key {
  if (key.ctrl && input === 'c') return { name: 'ctrl-c' };
  if (key.return) return { name: 'enter' };
  if (key.escape) return { name: 'escape' };
  if (key.backspace || key.delete) return { name: 'backspace' };
  if (key.upArrow) return { name: 'up' };
  if (key.downArrow) return { name: 'down' };
  if (key.ctrl || key.meta || key.tab || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown) {
    return { name: 'other' };
  }
  // Pastes and IME commits arrive as several characters at once.
  if (input.length > 0) return { name: 'text', text: input };
  return { name: 'other' };
}
