import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  freeTextProblem,
  containsMyNumber,
  findMyNumber,
  isValidMyNumber,
  MAX_FREE_TEXT,
  myNumberCheckDigit,
  normalizeForDetection,
} from '../src/pii/mynumber.js';


// ---- generators -------------------------------------------------------------------------------

const digit = fc.integer({ min: 0, max: 9 });
const first11 = fc.array(digit, { minLength: 11, maxLength: 11 }).map((d) => d.join(''));
const validMyNumber = first11.map((f) => f + String(myNumberCheckDigit(f)));
const invalidMyNumber = fc
  .tuple(first11, fc.integer({ min: 1, max: 9 }))
  .map(([f, off]) => f + String((myNumberCheckDigit(f) + off) % 10));

/** Separators as typed (before NFKC): half/full-width space, NBSP, the hyphens and dashes. */
const SEPARATORS = [' ', '\u3000', '\u00a0', '-', '\uff0d', '\u2010', '\u2011', '\u2212', '\u30fc', '\uff70', '\u2013', '\u2014'];
const separator = fc.constantFrom(...SEPARATORS);
/** A gap between digit groups: one separator, or " - " style. */
const gap = fc.oneof(separator, fc.tuple(separator, separator).map(([a, b]) => a + b), fc.constant(' - '), fc.constant('　－　'));

const fullWidth = (d: string) => String.fromCharCode(0xff10 + Number(d));
/** Each digit half- or full-width. */
const widthMask = (n: number) => fc.array(fc.boolean(), { minLength: n, maxLength: n });
const renderDigits = (digits: string, mask: boolean[]) => [...digits].map((d, i) => (mask[i] ? fullWidth(d) : d)).join('');

/** Render a digit string: widths per digit, grouped 4-4-…, 3-3-…, at random cut points, or not at all. */
function rendered(digits: string) {
  const n = digits.length;
  const cuts = fc.oneof(
    fc.constant<number[]>([]),
    fc.constant(Array.from({ length: Math.ceil(n / 4) - 1 }, (_, i) => (i + 1) * 4)),
    fc.constant(Array.from({ length: Math.ceil(n / 3) - 1 }, (_, i) => (i + 1) * 3)),
    n < 2
      ? fc.constant<number[]>([])
      : fc.uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: 5 }).map((c) => c.sort((a, b) => a - b)),
  );
  return fc.tuple(widthMask(n), cuts, fc.array(gap, { minLength: 6, maxLength: 6 })).map(([mask, cs, gaps]) => {
    const parts: string[] = [];
    let from = 0;
    for (const c of [...cs, n]) {
      parts.push(renderDigits(digits.slice(from, c), mask.slice(from, c)));
      from = c;
    }
    return parts.reduce((acc, p, i) => (i === 0 ? p : acc + (gaps[(i - 1) % gaps.length] ?? ' ') + p), '');
  });
}

/** Surrounding text: any one-line text with no digit at all, even after NFKC (no ①, ¹, ０, 𝟏…). */
const noDigitText = fc
  .string({ unit: fc.oneof(fc.constantFrom('あ', 'イ', '区', '受', '付', 'a', 'Z', '.', ':', '、', '。', '（', '）', '-', ' ', '　', '№', 'ー'), fc.constantFrom(...'窓口でカード確認済み'), fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength: 40 })
  .filter((s) => !/[0-9]/.test(s.normalize('NFKC')) && !/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(s));

/**
 * Text of the same shape as the surrounding text, ending (prefix) or starting (suffix) with something
 * that is not a separator, so it cannot glue the embedded number to anything.
 */
const prefixText = noDigitText.map((s) => s + '「');
const suffixText = noDigitText.map((s) => '」' + s);

// ---- an independent oracle --------------------------------------------------------------------

// The rule restated with lookarounds instead of maximal runs: 12 digits joined by gaps of at most 3
// separators, not glued (by such a gap or directly) to another digit on either side.
const S = '[ \\-\\u2010-\\u2015\\u2212\\u30fc]';
const ORACLE = new RegExp(`(?<![0-9]${S}{0,3})[0-9](?:${S}{0,3}[0-9]){11}(?!${S}{0,3}[0-9])`, 'gu');
function oracleHasMyNumber(text: string): boolean {
  const s = text.normalize('NFKC').replace(/\p{Default_Ignorable_Code_Point}/gu, '');
  return [...s.matchAll(ORACLE)].some((m) => isValidMyNumber(m[0].replace(/[^0-9]/g, '')));
}

// ---- check digit ------------------------------------------------------------------------------

describe('My Number check digit', () => {
  it('matches worked examples', () => {
    // 1*6+2*5+3*4+4*3+5*2+6*7+7*6+8*5+9*4+0*3+1*2 = 212; 212 mod 11 = 3; 11-3 = 8
    expect(myNumberCheckDigit('12345678901')).toBe(8);
    expect(isValidMyNumber('123456789018')).toBe(true);
    expect(isValidMyNumber('123456789017')).toBe(false);
    // sum 0 → remainder 0 → check 0
    expect(myNumberCheckDigit('00000000000')).toBe(0);
    // 1*6 = 6 → 11-6 = 5
    expect(myNumberCheckDigit('10000000000')).toBe(5);
    // 2*2 = 4 → 7; 0*... remainder 1 → 0: 6+5+... pick 00000000006: 6*2 = 12 → 1 → 0
    expect(myNumberCheckDigit('00000000006')).toBe(0);
    expect(isValidMyNumber('000000000060')).toBe(true);
    expect(isValidMyNumber('12345678901８')).toBe(false); // only ASCII digits here; callers normalise
  });

  it('is one digit that depends on every position (single-digit changes break it)', () => {
    fc.assert(
      fc.property(validMyNumber, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (mn, pos, delta) => {
        expect(isValidMyNumber(mn)).toBe(true);
        const d = Number(mn[pos]);
        const changed = mn.slice(0, pos) + String((d + delta) % 10) + mn.slice(pos + 1);
        // A weight w in 2..7 times a change in 1..9 is never a multiple of 11, so the sum mod 11 moves;
        // the check digit may still coincide only when both remainders are <= 1 (both give 0).
        const before = myNumberCheckDigit(mn.slice(0, 11));
        const after = myNumberCheckDigit(changed.slice(0, 11));
        if (after === before) expect(before).toBe(0);
      }),
    );
  });
});

// ---- detection --------------------------------------------------------------------------------

describe('findMyNumber: fixed examples', () => {
  const refused = [
    '123456789018',
    'マイナンバー123456789018です',
    '１２３４５６７８９０１８',
    '1234 5678 9018',
    '1234　5678　9018',
    '１２３４　５６７８　９０１８',
    '1234-5678-9018',
    '1234‐5678‐9018',
    '1234−5678−9018',
    '1234ー5678ー9018',
    '１２３４－５６７８－９０１８',
    '1234 - 5678 - 9018',
    '12345678 9018',
    '1234\u200b5678\u200b9018', // zero-width spaces are dropped
    'ID:123456789018、再発行',
    'a123456789018b',
    '000000000060',
  ];
  it.each(refused)('refuses %s', (text) => {
    expect(containsMyNumber(text)).toBe(true);
    expect(freeTextProblem(text)).toBe('text-my-number');
  });

  const accepted = [
    '',
    'カードを確認済み',
    '123456789017', // wrong check digit
    '1234567890181', // 13 digits
    '0123456789018', // 13 digits
    '1234567890181234', // a 16-digit payment ID containing a valid 12-digit run
    '1234 5678 9018 1234', // the same, grouped
    '１２３４－５６７８－９０１８－１２３４',
    '12345678901', // 11 digits
    'TEL 090-1234-5678',
    '2024-05-01 10:30',
    '1234 5678 9018 3', // glued to 13 digits
    'セキュリティコード未持参',
  ];
  it.each(accepted)('accepts %s', (text) => {
    expect(containsMyNumber(text)).toBe(false);
    expect(freeTextProblem(text)).toBeUndefined();
  });

  it('returns the span in the normalised text and the digits', () => {
    const text = '番号は１２３４　５６７８　９０１８です';
    const m = findMyNumber(text);
    expect(m).not.toBeNull();
    expect(m!.digits).toBe('123456789018');
    expect(normalizeForDetection(text).slice(m!.start, m!.end)).toBe('1234 5678 9018');
  });

});

describe('findMyNumber: properties', () => {
  it('refuses every valid My Number, however rendered, embedded in text without adjacent digits', () => {
    fc.assert(
      fc.property(
        validMyNumber.chain((mn) => fc.tuple(fc.constant(mn), rendered(mn))),
        prefixText,
        suffixText,
        ([mn, shown], before, after) => {
          const text = before + shown + after;
          const m = findMyNumber(text);
          expect(m?.digits).toBe(mn);
          expect(freeTextProblem(text)).toBe('text-my-number');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('accepts numbers with a wrong check digit', () => {
    fc.assert(
      fc.property(invalidMyNumber.chain(rendered), prefixText, suffixText, (shown, before, after) => {
        expect(freeTextProblem(before + shown + after)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('accepts 16-digit runs that contain a valid My Number', () => {
    const sixteen = fc
      .tuple(validMyNumber, fc.integer({ min: 0, max: 4 }), fc.array(digit, { minLength: 4, maxLength: 4 }))
      .map(([mn, k, extra]) => extra.slice(0, k).join('') + mn + extra.slice(k).join(''));
    fc.assert(
      fc.property(sixteen.chain(rendered), prefixText, suffixText, (shown, before, after) => {
        expect(freeTextProblem(before + shown + after)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('no accepted text contains a valid My Number after normalisation (and nothing else is refused)', () => {
    const token = fc.oneof(
      { weight: 3, arbitrary: validMyNumber.chain(rendered) },
      { weight: 2, arbitrary: invalidMyNumber.chain(rendered) },
      { weight: 2, arbitrary: fc.array(digit, { minLength: 1, maxLength: 16 }).map((d) => d.join('')).chain(rendered) },
      { weight: 3, arbitrary: gap },
      { weight: 3, arbitrary: fc.constantFrom('a', 'あ', '番号', '：', '.', '①', '¹', '\u200b', 'x') },
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 8 }), (tokens) => {
        const text = tokens.join('').slice(0, MAX_FREE_TEXT);
        const problem = freeTextProblem(text);
        expect(oracleHasMyNumber(text)).toBe(problem !== undefined);
        if (problem) expect(problem).toBe('text-my-number');
      }),
      { numRuns: 2000 },
    );
  });
});

// ---- one line, length -------------------------------------------------------------------------

describe('freeTextProblem: one short line', () => {
  it.each(['改行\nあり', 'tab\there', 'cr\r', 'nul\u0000', 'del\u007f', 'c1\u0085', 'ls\u2028', 'bidi\u202e'])(
    'refuses control characters (%j)',
    (text) => {
      expect(freeTextProblem(text)).toBe('text-control');
    },
  );

  it('accepts exactly the maximum length and refuses one more', () => {
    expect(freeTextProblem('あ'.repeat(MAX_FREE_TEXT))).toBeUndefined();
    expect(freeTextProblem('あ'.repeat(MAX_FREE_TEXT + 1))).toBe('text-too-long');
  });

});
