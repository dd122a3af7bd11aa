// Ink's (input, key) pair as the review screen's keys: the kiosk's keys plus the ones a long list
// needs (PageUp/PageDown, Home/End, ←→, Tab). Ink 6.8 reports Backspace (0x7f) as `delete`.
import type { Key as InkKey } from 'ink';
import type { ReviewKey } from '../../review/model.js';

export function toReviewKeys(input: string, key: InkKey): ReviewKey[] {
  if (key.ctrl && input === 'c') return [{ name: 'ctrl-c' }];
  if (key.return) return [{ name: 'enter' }];
  if (key.escape) return [{ name: 'escape' }];
  if (key.backspace || key.delete) return [{ name: 'backspace' }];
  if (key.upArrow) return [{ name: 'up' }];
  if (key.downArrow) return [{ name: 'down' }];
  if (key.leftArrow) return [{ name: 'left' }];
  if (key.rightArrow) return [{ name: 'right' }];
  if (key.pageUp) return [{ name: 'page-up' }];
  if (key.pageDown) return [{ name: 'page-down' }];
  if (key.home) return [{ name: 'home' }];
  if (key.end) return [{ name: 'end' }];
  if (key.tab) return [{ name: key.shift ? 'shift-tab' : 'tab' }];
  if (key.ctrl || key.meta || input.length === 0) return [{ name: 'other' }];
  // Pastes, IME commits and fast typing arrive as one chunk, which may hold Enter or Ctrl+C too:
  // keep each as its own key.
  const keys: ReviewKey[] = [];
  input.split('\u0003').forEach((part, c) => {
    if (c > 0) keys.push({ name: 'ctrl-c' });
    part.split(/\r\n|\r|\n/).forEach((text, i) => {
      if (i > 0) keys.push({ name: 'enter' });
      if (text !== '') keys.push({ name: 'text', text });
    });
  });
  return keys;
}
