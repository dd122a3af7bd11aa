// Ink's (input, key) pair as the review screen's keys: the kiosk's keys plus the ones a long list
// needs (PageUp/PageDown, Home/End, ←→, Tab). Ink 6.8 reports Backspace (0x7f) as `delete`.
import type { Key as InkKey } from 'ink';
import type { ReviewKey } from '../../review/model.js';
import { chunkKeys } from '../keys.js';

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
  // Esc then a letter typed fast reaches Ink as "Alt+letter": it is Esc, then the letter.
  if (key.meta && !key.ctrl && input.length > 0) return [{ name: 'escape' }, ...chunkKeys(input)];
  if (key.ctrl || key.meta || input.length === 0) return [{ name: 'other' }];
  return chunkKeys(input);
}
