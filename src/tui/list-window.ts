// A window over a long list: a cursor and the first row shown, kept inside each other (pure). The
// review's list and timeline move through it by keys; the kiosk's checklist shows the rows around
// the current item.
import type { Key } from './keys.js';

export interface Window {
  cursor: number;
  top: number;
}

/** Move the cursor to `to` (clamped) and keep it inside a window of `rows` starting at `top`. */
export function scrollTo(count: number, top: number, to: number, rows: number): Window {
  if (count === 0) return { cursor: 0, top: 0 };
  const cursor = Math.max(0, Math.min(count - 1, to));
  let first = top;
  if (cursor < first) first = cursor;
  if (cursor >= first + rows) first = cursor - rows + 1;
  first = Math.max(0, Math.min(first, Math.max(0, count - rows)));
  return { cursor, top: first };
}

/** Where a navigation key (↑↓, PgUp/PgDn, Home/End) takes the window; null for any other key. */
export function moveWindow(key: Key, at: Window, count: number, rows: number): Window | null {
  const { cursor, top } = at;
  switch (key.name) {
    case 'up':
      return scrollTo(count, top, cursor - 1, rows);
    case 'down':
      return scrollTo(count, top, cursor + 1, rows);
    case 'page-up':
      return scrollTo(count, Math.max(0, top - rows), cursor - rows, rows);
    case 'page-down':
      return scrollTo(count, Math.min(Math.max(0, count - rows), top + rows), cursor + rows, rows);
    case 'home':
      return scrollTo(count, 0, 0, rows);
    case 'end':
      return scrollTo(count, count, count - 1, rows);
    default:
      return null;
  }
}

/** The first row of a window of `rows` that shows row `at` with `before` rows above it when it can. */
export function windowAround(at: number, count: number, rows: number, before = 2): number {
  return Math.max(0, Math.min(at - before, count - rows));
}
