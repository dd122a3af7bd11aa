// Ink's (input, key) pair as the review screen's keys: the kiosk's keys (src/ui/keys.ts) plus the
// ones a long list needs (PageUp/PageDown, Home/End, ←→, Tab).
import type { Key as InkKey } from 'ink';
import type { ReviewKey } from '../../review/model.js';
import { toKeys } from '../keys.js';

export function toReviewKeys(input: string, key: InkKey): ReviewKey[] {
  if (key.leftArrow) return [{ name: 'left' }];
  if (key.rightArrow) return [{ name: 'right' }];
  if (key.pageUp) return [{ name: 'page-up' }];
  if (key.pageDown) return [{ name: 'page-down' }];
  if (key.home) return [{ name: 'home' }];
  if (key.end) return [{ name: 'end' }];
  if (key.tab) return [{ name: key.shift ? 'shift-tab' : 'tab' }];
  return toKeys(input, key);
}
