// A list picker (the flows on Ready, the interrupt reasons): which choice is highlighted.
import type { Key } from './keys.js';
import { keyChar } from './text.js';

/**
 * The highlighted choice of `count` after `key`: ↑↓ wrap round, a digit picks that choice (1–9).
 * The same choice when the key does not move it.
 */
export function pickAfter(pick: number, count: number, key: Key): number {
  if (count === 0) return pick;
  if (key.name === 'up') return (pick + count - 1) % count;
  if (key.name === 'down') return (pick + 1) % count;
  if (key.name === 'text') {
    const n = Number(keyChar(key.text));
    if (Number.isInteger(n) && n >= 1 && n <= Math.min(count, 9)) return n - 1;
  }
  return pick;
}
