// No My Number (個人番号) in the log: every free-text field (skip and interrupt reasons, notes) goes
// through `freeTextProblem` before it is recorded (DESIGN §4).
//
// A My Number is 12 digits whose last digit is the check digit of the first eleven (weights
// 6 5 4 3 2 7 6 5 4 3 2 from the left; remainder = sum mod 11; check = 0 when remainder <= 1, else
// 11 - remainder). Text is NFKC-normalised first (full-width digits, ideographic space and
// full-width hyphen become ASCII) and invisible format characters are dropped. Digits separated only
// by separators (spaces and hyphen/dash/minus/長音 characters, up to 3 in a row) count as one digit
// run, however they are grouped; a run of exactly 12 digits that passes the check is refused. Runs
// of other lengths (a 16-digit payment ID, an 11-digit phone number) are allowed even when they
// contain a valid 12-digit substring.

export const MAX_FREE_TEXT = 200;
export const MY_NUMBER_WEIGHTS = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/**
 * Characters that glue digit groups into one run (after NFKC): space (also U+3000, NBSP), ASCII
 * hyphen-minus (also U+FF0D, U+FE63), ‐ ‑ ‒ – — ― (U+2010–2015), − (U+2212), ー (U+30FC, also
 * half-width U+FF70).
 */
const SEP = '[ \\-\\u2010-\\u2015\\u2212\\u30fc]';
const DIGIT_RUN = new RegExp(`[0-9](?:${SEP}{0,3}[0-9])*`, 'gu');
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
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

/** The form the detector looks at: NFKC, invisible format characters removed. */
export function normalizeForDetection(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '');
}

export interface MyNumberMatch {
  /** Offsets into `normalizeForDetection(text)` (not the original text). */
  start: number;
  end: number;
  /** The 12 digits. Never log or display them. */
  digits: string;
}

/** The first digit run in `text` that is a valid My Number, or null. */
export function findMyNumber(text: string): MyNumberMatch | null {
  const s = normalizeForDetection(text);
  for (const m of s.matchAll(DIGIT_RUN)) {
    const digits = m[0].replace(/[^0-9]/g, '');
    if (digits.length === 12 && isValidMyNumber(digits)) {
      return { start: m.index, end: m.index + m[0].length, digits };
    }
  }
  return null;
}

export function containsMyNumber(text: string): boolean {
  return findMyNumber(text) !== null;
}

/** Why a free-text field may not be recorded; the screens translate these codes. */
export type FreeTextProblem = 'text-too-long' | 'text-control' | 'text-my-number';

/**
 * Whether a free-text field may be recorded: one line, at most MAX_FREE_TEXT characters (UTF-16
 * units, as the log record schema counts), no My Number. Pure, so the session core can refuse such
 * text before any record is built.
 */
export function freeTextProblem(text: string): FreeTextProblem | undefined {
  if (NOT_ONE_LINE.test(text)) return 'text-control';
  if (text.length > MAX_FREE_TEXT) return 'text-too-long';
  if (containsMyNumber(text)) return 'text-my-number';
  return undefined;
}
