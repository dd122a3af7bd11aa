// No My Number (個人番号) in the log: every free-text field (skip and interrupt reasons, review
// notes) goes through `freeTextProblem` before it is recorded, and staff and terminal IDs can go
// through `idProblem`. docs/privacy.md states the same rule with examples.
//
// A My Number is 12 digits whose last digit is the check digit of the first eleven (weights
// 6 5 4 3 2 7 6 5 4 3 2 from the left; remainder = sum mod 11; check = 0 when remainder <= 1, else
// 11 - remainder).
//
// Normalisation: NFKC; drop Default_Ignorable code points; every Unicode decimal digit (\p{Nd}, any
// script: Arabic-Indic, Devanagari, full-width, …) becomes its ASCII digit by value; kanji numerals
// 〇 零 一 二 三 四 五 六 七 八 九, the formal 壱 弐 参 (and 壹 貳 參), and ○ (U+25CB, often typed for 〇)
// become digits.
// A *digit group* is a maximal run of digits. Groups are *joined* into one *number* by any run (any
// length) of separator characters: whitespace (incl. U+3000, NBSP), dash punctuation \p{Pd},
// − (U+2212), ー/ｰ (U+30FC/U+FF70), and `. , / _ : ・ ･ · • ‧ 、`.
// A My Number is refused when, inside a number, either (a) a single group has exactly 12 digits, or
// (b) a maximal run of consecutive groups all of the same length L, with L ∈ {3, 4, 6}, has exactly
// 12/L groups (so 4-4-4, 6-6, 3-3-3-3) — and those 12 digits pass the check digit.
//
// Why these shapes: they are how a My Number is written down, while phone numbers (2-2-4-4, 3-4-4),
// dates and times (4-2-2 2-2, 8-4), postal codes (3-4) and 16-digit payment IDs (4-4-4-4) have
// others. A 12-digit timestamp without separators (202611301530) has a My Number's exact shape and
// is refused when its check digit passes (about 1 in 11); staff write times with a separator.

import { findName } from './names.js';
import { normalizeForDetection } from './normalize.js';

export { normalizeForDetection } from './normalize.js';

export const MAX_FREE_TEXT = 200;
export const MY_NUMBER_WEIGHTS = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** The separators of the rule above, as they are left after NFKC (ｰ and ･ are listed anyway). */
const SEP = '[\\p{White_Space}\\p{Pd}\\u2212\\u30fc\\uff70.,/_:\\u30fb\\uff65\\u00b7\\u2022\\u2027\\u3001]';
// Digits and separators are disjoint, so this matches in linear time.
const NUMBER = new RegExp(`[0-9]+(?:${SEP}+[0-9]+)*`, 'gu');
const GROUP = /[0-9]+/g;
/** One line: no C0/C1 controls (tab, newline, …), line/paragraph separators or bidi overrides. */
const NOT_ONE_LINE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** The check digit of the first eleven digits of a My Number. */
export function myNumberCheckDigit(first11: string): number {
  if (!/^[0-9]{11}$/.test(first11)) throw new RangeError('expected 11 ASCII digits');
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += Number(first11[i]) * MY_NUMBER_WEIGHTS[i]!;
  const remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

/** True when `digits` is exactly 12 ASCII digits with a correct check digit. */
export function isValidMyNumber(digits: string): boolean {
  return /^[0-9]{12}$/.test(digits) && myNumberCheckDigit(digits.slice(0, 11)) === Number(digits[11]);
}

export interface MyNumberMatch {
  /** Offsets into `normalizeForDetection(text)` (not the original text). */
  start: number;
  end: number;
  /** The 12 digits. Never log or display them. */
  digits: string;
}

interface Group {
  start: number;
  digits: string;
}

/** The first valid My Number among the 12-digit candidates of one number's groups, or null. */
function myNumberIn(groups: readonly Group[]): MyNumberMatch | null {
  const span = (from: number, to: number): MyNumberMatch => {
    const last = groups[to]!;
    const digits = groups.slice(from, to + 1).map((g) => g.digits).join('');
    return { start: groups[from]!.start, end: last.start + last.digits.length, digits };
  };
  for (let i = 0; i < groups.length; ) {
    const length = groups[i]!.digits.length;
    let j = i + 1;
    while (j < groups.length && groups[j]!.digits.length === length) j++;
    // groups[i..j-1] is a maximal run of groups of `length` digits
    if (length === 12) {
      for (let k = i; k < j; k++) if (isValidMyNumber(groups[k]!.digits)) return span(k, k);
    } else if ((length === 3 || length === 4 || length === 6) && j - i === 12 / length) {
      const m = span(i, j - 1);
      if (isValidMyNumber(m.digits)) return m;
    }
    i = j;
  }
  return null;
}

/** The first My Number in `text` under the rule above, or null. */
export function findMyNumber(text: string): MyNumberMatch | null {
  const s = normalizeForDetection(text);
  for (const n of s.matchAll(NUMBER)) {
    const groups = [...n[0].matchAll(GROUP)].map((g) => ({ start: n.index + g.index, digits: g[0] }));
    const m = myNumberIn(groups);
    if (m) return m;
  }
  return null;
}

export function containsMyNumber(text: string): boolean {
  return findMyNumber(text) !== null;
}

/**
 * The My Number rule for staff and terminal IDs (`123456789018`, `S-1234-5678-9018` are refused):
 * an ID is shown and logged everywhere, so it must not be someone's My Number either.
 */
export function idProblem(id: string): 'text-my-number' | undefined {
  return containsMyNumber(id) ? 'text-my-number' : undefined;
}

/** Why a free-text field may not be recorded; the screens translate these codes. */
export type FreeTextProblem = 'text-too-long' | 'text-control' | 'text-my-number' | 'text-name';

/**
 * Whether a free-text field may be recorded: one line, at most MAX_FREE_TEXT characters (UTF-16
 * units, as the log record schema counts), no My Number, nothing that looks like a name (names.ts).
 * Pure, so the session core can refuse such text before any record is built.
 */
export function freeTextProblem(text: string): FreeTextProblem | undefined {
  if (NOT_ONE_LINE.test(text)) return 'text-control';
  if (text.length > MAX_FREE_TEXT) return 'text-too-long';
  if (containsMyNumber(text)) return 'text-my-number';
  if (findName(text)) return 'text-name';
  return undefined;
}
