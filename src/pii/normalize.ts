// The form the PII guards look at, shared by the My Number and the name checks so that neither
// width nor invisible characters nor the script a digit is written in can hide anything.

import { ND_ZEROS } from './nd-zeros.js';

const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/** NFKC, then Default_Ignorable code points (zero-width space, joiners, variation selectors, soft hyphen, …) dropped. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '');
}

/**
 * Kanji numerals read as digits: 〇 零 一…九, the formal 壱 弐 参 (and 壹 貳 參), and ○ (U+25CB),
 * which is often typed for 〇. Positional numerals (十, 百, 千) are not digits of a number written
 * digit by digit, so they are left alone.
 */
export const KANJI_DIGITS: Readonly<Record<string, string>> = {
  '〇': '0', '○': '0', '零': '0',
  '一': '1', '壱': '1', '壹': '1',
  '二': '2', '弐': '2', '貳': '2',
  '三': '3', '参': '3', '參': '3',
  '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9',
};

const TO_DIGIT = new RegExp(`[\\p{Nd}${Object.keys(KANJI_DIGITS).join('')}]`, 'gu');

/** The value of a \p{Nd} code point from its block's zero, or undefined if the table lacks the block. */
function decimalValue(cp: number): number | undefined {
  let lo = 0;
  let hi = ND_ZEROS.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ND_ZEROS[mid]! <= cp) lo = mid + 1;
    else hi = mid - 1;
  }
  const zero = ND_ZEROS[hi];
  return zero !== undefined && cp - zero <= 9 ? cp - zero : undefined;
}

/** Every decimal digit of any script (\p{Nd}) and every kanji numeral in KANJI_DIGITS as its ASCII digit. */
export function asciiDigits(text: string): string {
  return text.replace(TO_DIGIT, (ch) => {
    const kanji = KANJI_DIGITS[ch];
    if (kanji !== undefined) return kanji;
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) return ch;
    const value = decimalValue(cp);
    // A block newer than the table stays as it is; the table test fails on such a runtime.
    return value === undefined ? ch : String(value);
  });
}

/** The form the My Number check looks at: normalizeText, then asciiDigits. */
export function normalizeForDetection(text: string): string {
  return asciiDigits(normalizeText(text));
}
