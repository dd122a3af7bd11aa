// The review list's order (pure): incomplete sessions nobody has reviewed first, then the reviewed
// ones, then the complete ones; by start within each group (unknown starts last), then terminal and
// id, so no two sessions tie. The archive's index sorts with the same key in SQL
// (src/archive/review.ts); a property test holds the two to the same order.
import type { SessionRow } from './load.js';
import type { ReviewIndex } from './log.js';

/** 0: incomplete, nobody reviewed it; 1: incomplete, reviewed; 2: no flag. */
export const groupOf = (row: SessionRow, reviews: ReviewIndex): number =>
  row.flags.length === 0 ? 2 : reviews.has(row.id) ? 1 : 0;

/**
 * Strings in code point order, as SQLite's BINARY collation compares their UTF-8 bytes (JavaScript's
 * `<` compares UTF-16 units, which puts U+E000..U+FFFF after the characters beyond U+FFFF).
 */
export function codePointCompare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** The list order of two rows already given their groups. */
function compareKeyed(a: { row: SessionRow; group: number }, b: { row: SessionRow; group: number }): number {
  if (a.group !== b.group) return a.group - b.group;
  const am = a.row.startMs;
  const bm = b.row.startMs;
  if (am !== bm) {
    if (am === null) return 1;
    if (bm === null) return -1;
    return am - bm;
  }
  return codePointCompare(a.row.terminal, b.row.terminal) || codePointCompare(a.row.id, b.row.id);
}

/** The rows in list order (a new array). */
export function sortSessions(rows: readonly SessionRow[], reviews: ReviewIndex): SessionRow[] {
  const keyed = rows.map((row) => ({ row, group: groupOf(row, reviews) }));
  keyed.sort(compareKeyed);
  return keyed.map((k) => k.row);
}
