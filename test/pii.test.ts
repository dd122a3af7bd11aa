import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  freeTextProblem,
  containsMyNumber,
  findMyNumber,
  idProblem,
  isValidMyNumber,
  MAX_FREE_TEXT,
  myNumberCheckDigit,
  normalizeForDetection,
} from '../src/pii/mynumber.js';
import { containsName, findName } from '../src/pii/names.js';
import { ND_ZEROS } from '../src/pii/nd-zeros.js';

// ---- Unicode, walked once (the module itself never does this) ---------------------------------

const isNd = (cp: number) => /^\p{Nd}$/u.test(String.fromCodePoint(cp));
const isUnassigned = (cp: number) => /^\p{Cn}$/u.test(String.fromCodePoint(cp));
const ALL_CODE_POINTS = Array.from({ length: 0x110000 }, (_, cp) => cp).filter((cp) => cp < 0xd800 || cp > 0xdfff);
const ND = ALL_CODE_POINTS.filter(isNd);
/** The zeros as this runtime sees them: each block of \p{Nd} is ten code points from its zero. */
const RUNTIME_ZEROS = ND.filter((cp, i) => i % 10 === 0);

// ---- the oracle, written apart from src/pii -----------------------------------------------------

const ORACLE_KANJI: Record<string, number> = {
  '〇': 0, '零': 0, '○': 0, '一': 1, '壱': 1, '壹': 1, '二': 2, '弐': 2, '貳': 2, '三': 3, '参': 3, '參': 3,
  '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
};
/** The value of a digit: walk back to the start of its run of \p{Nd}; every block is ten wide. */
function oracleDigit(ch: string): number | undefined {
  if (ch in ORACLE_KANJI) return ORACLE_KANJI[ch];
  const cp = ch.codePointAt(0)!;
  if (!isNd(cp)) return undefined;
  let first = cp;
  while (isNd(first - 1)) first--;
  return (cp - first) % 10;
}
const ORACLE_SPACES = new Set([
  ' ', '\u00a0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007',
  '\u2008', '\u2009', '\u200a', '\u202f', '\u205f', '\u3000', '\t', '\n', '\v', '\f', '\r', '\u0085', '\u2028', '\u2029',
]);
const ORACLE_PUNCT = new Set(['\u2212', '\u30fc', '\uff70', '.', ',', '/', '_', ':', '・', '･', '·', '•', '‧', '、']);
const oracleIsSeparator = (ch: string) => ORACLE_SPACES.has(ch) || ORACLE_PUNCT.has(ch) || /^\p{Pd}$/u.test(ch);

/** The numbers of a text, each as its list of digit groups. */
function oracleNumbers(text: string): string[][] {
  const chars = [...text.normalize('NFKC').replace(/\p{Default_Ignorable_Code_Point}/gu, '')];
  const numbers: string[][] = [];
  let groups: string[] | null = null; // the number being read
  let afterSeparator = false;
  for (const ch of chars) {
    const d = oracleDigit(ch);
    if (d !== undefined) {
      if (groups === null) numbers.push((groups = ['']));
      else if (afterSeparator) groups.push('');
      groups[groups.length - 1] += String(d);
      afterSeparator = false;
    } else if (groups !== null && oracleIsSeparator(ch)) {
      afterSeparator = true;
    } else {
      groups = null;
    }
  }
  return numbers;
}

/**
 * The first My Number by enumerating every window of consecutive groups with 12 digits in all and
 * keeping those of a refused shape: one group, or equal groups of 3, 4 or 6 not continued by another
 * group of that length on either side.
 */
function oracleMyNumber(text: string): string | null {
  for (const g of oracleNumbers(text)) {
    for (let i = 0; i < g.length; i++) {
      let total = 0;
      for (let j = i; j < g.length && total < 12; j++) {
        total += g[j]!.length;
        if (total !== 12) continue;
        const window = g.slice(i, j + 1);
        const l = window[0]!.length;
        const shaped =
          window.length === 1 ||
          ([3, 4, 6].includes(l) && window.every((x) => x.length === l) && g[i - 1]?.length !== l && g[j + 1]?.length !== l);
        if (shaped && isValidMyNumber(window.join(''))) return window.join('');
      }
    }
  }
  return null;
}

// ---- generators -------------------------------------------------------------------------------

const digit = fc.integer({ min: 0, max: 9 });
const digitString = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
const first11 = digitString(11);
const validMyNumber = first11.map((f) => f + String(myNumberCheckDigit(f)));
const invalidMyNumber = fc
  .tuple(first11, fc.integer({ min: 1, max: 9 }))
  .map(([f, off]) => f + String((myNumberCheckDigit(f) + off) % 10));

/**
 * Every separator as it may be typed: all whitespace and dash punctuation that is not a control
 * (controls are refused as text-control first), the listed punctuation, and full-width forms.
 */
const SEPARATORS = [
  ...ALL_CODE_POINTS.map((cp) => String.fromCodePoint(cp)).filter(
    (ch) => /^[\p{White_Space}\p{Pd}]$/u.test(ch) && !/^[\p{Cc}\u2028\u2029]$/u.test(ch),
  ),
  ...ORACLE_PUNCT,
  '．', '，', '／', '＿', '：',
];
const separatorRun = fc.array(fc.constantFrom(...SEPARATORS), { minLength: 1, maxLength: 6 }).map((s) => s.join(''));

const KANJI_FOR = ['〇零○', '一壱壹', '二弐貳', '三参參', '四', '五', '六', '七', '八', '九'].map((s) => [...s]);
/** How one digit is written: ASCII, full-width, any script's digit, or a kanji numeral. */
const script = fc.oneof(
  fc.constant((d: number) => String(d)),
  fc.constant((d: number) => String.fromCodePoint(0xff10 + d)),
  fc.constantFrom(...RUNTIME_ZEROS).map((zero) => (d: number) => String.fromCodePoint(zero + d)),
  fc.nat().map((k) => (d: number) => KANJI_FOR[d]![k % KANJI_FOR[d]!.length]!),
);
/** Each digit of `digits` in a script of its own (or all in one). */
const writeDigits = (digits: string) =>
  fc
    .oneof(fc.array(script, { minLength: digits.length, maxLength: digits.length }), script.map((s) => Array<typeof s>(digits.length).fill(s)))
    .map((scripts) => [...digits].map((d, i) => scripts[i]!(Number(d))).join(''));

/** `digits` cut into groups of `sizes`, each digit in a random script, joined by random separator runs. */
const grouped = (digits: string, sizes: readonly number[]) =>
  fc
    .tuple(writeDigits(digits), fc.array(separatorRun, { minLength: sizes.length, maxLength: sizes.length }))
    .map(([written, seps]) => {
      const chars = [...written];
      let out = '';
      let at = 0;
      sizes.forEach((size, i) => {
        out += (i > 0 ? seps[i]! : '') + chars.slice(at, at + size).join('');
        at += size;
      });
      return out;
    });

/** `digits` cut anywhere into up to six groups. */
const anyGrouping = (digits: string) =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: Math.max(1, digits.length - 1) }), { maxLength: 5 })
    .map((cuts) => cuts.filter((c) => c < digits.length).sort((a, b) => a - b))
    .chain((cuts) => grouped(digits, [...cuts, digits.length].map((c, i, all) => c - (all[i - 1] ?? 0))));

const REFUSED_SHAPES = [[12], [4, 4, 4], [6, 6], [3, 3, 3, 3]] as const;
/** A 12-digit number in one of the shapes that the rule refuses. */
const refusedShape = (digits: string) => fc.constantFrom(...REFUSED_SHAPES).chain((sizes) => grouped(digits, sizes));

const oracleHasDigit = (s: string) => oracleNumbers(s).length > 0;
const oneLine = (s: string) => !/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(s);
/** Japanese and English text around a number, with no digit of any kind, so it glues nothing on. */
const surrounding = fc
  .array(
    fc.oneof(
      fc.constantFrom('番号', 'カード', '確認済み', '窓口で', '再発行', '受付', 'です', '。', '、', '（', '）', '「', '」', 'ー', ':', ' ', '　'),
      fc.constantFrom('card', 'number', 'checked', 'at the counter', 'ID', 'No.', ' ', '-', '.', '/'),
      fc.string({ unit: 'grapheme', maxLength: 1 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''))
  .filter((s) => s.length <= 60 && !oracleHasDigit(s) && oneLine(s));

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
    // 6*2 = 12 → remainder 1 → check 0
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

// ---- normalisation ----------------------------------------------------------------------------

describe('digits of every script', () => {
  it('the table of Nd zeros covers every decimal digit this runtime knows, and nothing else', () => {
    const regenerated = `[${RUNTIME_ZEROS.map((z) => '0x' + z.toString(16)).join(', ')}]`;
    const hint = `src/pii/nd-zeros.ts is out of date for Unicode ${process.versions.unicode}; replace ND_ZEROS with ${regenerated}`;
    expect([...ND_ZEROS].sort((a, b) => a - b), 'ND_ZEROS must be ascending').toEqual(ND_ZEROS);
    const inTable = new Set(ND_ZEROS.flatMap((z) => Array.from({ length: 10 }, (_, d) => z + d)));
    expect(inTable.size, 'blocks must not overlap').toBe(ND_ZEROS.length * 10);
    expect(ND.filter((cp) => !inTable.has(cp)), hint).toEqual([]);
    // A table made on a newer Unicode may list blocks that an older runtime leaves unassigned.
    expect([...inTable].filter((cp) => !isNd(cp) && !isUnassigned(cp)), hint).toEqual([]);
    expect(ND.length % 10).toBe(0);
  });

  it('maps every decimal digit to its ASCII digit by value', () => {
    const wrong = ND.filter((cp) => normalizeForDetection(String.fromCodePoint(cp)) !== String(oracleDigit(String.fromCodePoint(cp))));
    expect(wrong.map((cp) => cp.toString(16))).toEqual([]);
  });

  it('agrees with the digits of every numbering system Intl knows (values checked apart from Unicode order)', () => {
    let systems = 0;
    for (const numberingSystem of Intl.supportedValuesOf('numberingSystem')) {
      const format = new Intl.NumberFormat('en', { numberingSystem, useGrouping: false });
      const shown = Array.from({ length: 10 }, (_, d) => format.format(d));
      if (!shown.every((s) => [...s].length === 1)) continue; // not a positional digit system (roman, jpan, …)
      systems++;
      shown.forEach((s, d) => expect(normalizeForDetection(s), `${numberingSystem} ${d}`).toBe(String(d)));
    }
    expect(systems).toBeGreaterThan(30);
  });

  it('reads kanji numerals and ○ as digits, and leaves positional numerals alone', () => {
    expect(normalizeForDetection('〇零○一壱壹二弐貳三参參四五六七八九')).toBe('000111222333456789');
    expect(normalizeForDetection('十百千万')).toBe('十百千万');
    expect(normalizeForDetection('١٢٣٤ ०९ １２ 𝟗')).toBe('1234 09 12 9');
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
    '1234.5678.9018',
    '1234．5678．9018',
    '1234・5678・9018',
    '1234･5678･9018',
    '1234/5678/9018',
    '1234,5678,9018',
    '1234_5678_9018',
    '1234:5678:9018',
    '1234、5678、9018',
    '1234·5678•9018‧',
    '1234    5678    9018', // 4+ spaces
    '1234 .-/ 5678 _,: 9018', // any run of separators
    '123456 789018', // 6-6
    '123 456 789 018', // 3-3-3-3
    '1 1234 5678 9018', // the run of 4s is maximal: three groups
    '1234 5678 9018 3',
    '2026.11.30 1234 5678 9018',
    '١٢٣٤٥٦٧٨٩٠١٨', // Arabic-Indic
    '१२३४ ५६७८ ९०१८', // Devanagari
    '一二三四五六七八九〇一八', // kanji
    '一二三四 五六七八 九〇一八',
    '壱弐参四五六七八九○壱八', // formal numerals, ○ for 〇
    '1234\u200b5678\u200b9018', // zero-width spaces are dropped
    'ID:123456789018、再発行',
    'a123456789018b',
    '000000000060',
    '202611301504', // a timestamp without separators whose check digit passes
  ];
  it.each(refused)('refuses %s', (text) => {
    expect(containsMyNumber(text)).toBe(true);
    expect(oracleMyNumber(text)).not.toBeNull();
    expect(freeTextProblem(text)).toBe('text-my-number');
  });

  // Each of these holds the 12 digits of a valid My Number, in a shape that is allowed.
  const allowedValid = [
    '1234-5678-9018-3456', // 4-4-4-4: a 16-digit payment ID
    '1234 5678 9018 1234',
    '１２３４－５６７８－９０１８－１２３４',
    '1234567890181234', // 16 digits in one group
    '1234567890181', // 13 digits
    '0123456789018',
    '12345678 9018', // 8-4
    '123456 789018 123456', // 6-6-6
    '123 456 789 018 123', // five 3s
    '12 34 56 78 90 18', // 2-digit groups never count
    '+81-90-1244-5678', // 2-2-4-4
    '20261130 1504', // 8-4
    '123-4567 12350', // 3-4-5
  ];
  const allowedOther = [
    '',
    'カードを確認済み',
    '123456789017', // wrong check digit
    '12345678901', // 11 digits
    'TEL 090-1234-5678',
    '090-1234-5678',
    '+81-90-1234-5678',
    '20261130 1530',
    '202611301530', // contiguous, but its check digit fails
    '2026/11/30 15:30',
    '2024-05-01 10:30',
    '123-4567 12345',
    '1.5, 2.5, 3.5, 4.5, 5.5, 6.5',
    'セキュリティコード未持参',
  ];
  it.each(allowedValid)('allows %s (holds a valid My Number in another shape)', (text) => {
    const digits = normalizeForDetection(text).replace(/[^0-9]/g, '');
    expect([...Array(digits.length - 11).keys()].some((i) => isValidMyNumber(digits.slice(i, i + 12)))).toBe(true);
    expect(containsMyNumber(text)).toBe(false);
    expect(oracleMyNumber(text)).toBeNull();
    expect(freeTextProblem(text)).toBeUndefined();
  });
  it.each(allowedOther)('allows %s', (text) => {
    expect(containsMyNumber(text)).toBe(false);
    expect(oracleMyNumber(text)).toBeNull();
    expect(freeTextProblem(text)).toBeUndefined();
  });

  it('returns the span in the normalised text and the digits', () => {
    const text = '番号は１２３４　５６７８　９０１８です';
    const m = findMyNumber(text);
    expect(m).not.toBeNull();
    expect(m!.digits).toBe('123456789018');
    expect(normalizeForDetection(text).slice(m!.start, m!.end)).toBe('1234 5678 9018');
    const later = findMyNumber('2026.11.30 1234.5678.9018');
    expect(later && normalizeForDetection('2026.11.30 1234.5678.9018').slice(later.start, later.end)).toBe('1234.5678.9018');
  });
});

describe('findMyNumber: properties', () => {
  it('refuses every valid My Number in every refused shape, script and separator, embedded in text', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        validMyNumber.chain((mn) => fc.tuple(fc.constant(mn), refusedShape(mn))),
        surrounding,
        surrounding,
        ([mn, shown], before, after) => {
          const text = before + shown + after;
          expect(findMyNumber(text)?.digits).toBe(mn);
          expect(freeTextProblem(text)).toBe('text-my-number');
          checked++;
        },
      ),
      { numRuns: 2000 },
    );
    console.log(`refused ${checked} of ${checked} valid My Numbers (contiguous, 4-4-4, 6-6, 3-3-3-3; mixed scripts and separators)`);
    expect(checked).toBe(2000);
  });

  it('allows the same shapes, and any other grouping, with a wrong check digit', () => {
    fc.assert(
      fc.property(invalidMyNumber.chain((d) => fc.oneof(refusedShape(d), anyGrouping(d))), surrounding, surrounding, (shown, before, after) => {
        const text = before + shown + after;
        expect(containsMyNumber(text)).toBe(false);
        expect(freeTextProblem(text)).not.toBe('text-my-number');
      }),
      { numRuns: 1000 },
    );
  });

  const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
  const date = fc.tuple(fc.integer({ min: 1990, max: 2099 }).map(String), two(1, 12), two(1, 28));
  const time = fc.tuple(two(0, 23), two(0, 59), two(0, 59));
  const notMyNumbers: Record<string, fc.Arbitrary<string>> = {
    '+81-90-xxxx-xxxx': fc.tuple(digitString(8), fc.constantFrom('70', '80', '90')).chain(([d, m]) => grouped('81' + m + d, [2, 2, 4, 4]).map((s) => '+' + s)),
    '+81 3 xxxx xxxx': digitString(8).chain((d) => grouped('813' + d, [2, 1, 4, 4]).map((s) => '+' + s)),
    '0X0-XXXX-XXXX': fc.tuple(fc.constantFrom('070', '080', '090'), digitString(8)).chain(([p, d]) => grouped(p + d, [3, 4, 4])),
    '03-XXXX-XXXX': digitString(8).chain((d) => grouped('03' + d, [2, 4, 4])),
    'YYYYMMDD HHMM': fc.tuple(date, time).map(([[y, m, d], [h, mi]]) => `${y}${m}${d} ${h}${mi}`),
    'YYYY/MM/DD HH:MM': fc.tuple(date, time).map(([[y, m, d], [h, mi]]) => `${y}/${m}/${d} ${h}:${mi}`),
    'YYYY-MM-DD HH:MM:SS': fc.tuple(date, time).map(([[y, m, d], [h, mi, s]]) => `${y}-${m}-${d} ${h}:${mi}:${s}`),
    'NNN-NNNN NNNNN': digitString(12).chain((d) => grouped(d, [3, 4, 5])),
    '4-4-4-4': digitString(16).chain((d) => grouped(d, [4, 4, 4, 4])),
    '16 digits': digitString(16).chain((d) => grouped(d, [16])),
  };
  it.each(Object.entries(notMyNumbers))('never refuses %s', (_name, shown) => {
    fc.assert(
      fc.property(shown, surrounding, surrounding, (s, before, after) => {
        const text = before + s + after;
        expect(containsMyNumber(text)).toBe(false);
        expect(freeTextProblem(text)).not.toBe('text-my-number');
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with the oracle on random mixes of digits, separators and text', () => {
    const token = fc.oneof(
      { weight: 3, arbitrary: validMyNumber.chain(refusedShape) },
      { weight: 2, arbitrary: validMyNumber.chain(anyGrouping) },
      { weight: 2, arbitrary: invalidMyNumber.chain(refusedShape) },
      { weight: 2, arbitrary: fc.integer({ min: 1, max: 16 }).chain(digitString).chain(anyGrouping) },
      { weight: 3, arbitrary: separatorRun },
      { weight: 3, arbitrary: fc.constantFrom('a', 'あ', '番号', '：', '.', '①', '¹', '\u200b', 'x', '十', '。') },
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 8 }), (tokens) => {
        const text = tokens.join('');
        expect(findMyNumber(text)?.digits ?? null).toBe(oracleMyNumber(text));
        if (text.length <= MAX_FREE_TEXT) expect(freeTextProblem(text)).toBe(oracleMyNumber(text) ? 'text-my-number' : undefined);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('idProblem: staff and terminal IDs', () => {
  it.each(['123456789018', 'S-1234-5678-9018', 'T１２３４５６７８９０１８'])('refuses %s', (id) => {
    expect(idProblem(id)).toBe('text-my-number');
  });
  it.each(['S-1234', 'kiosk-01', '123456789017', 'P-1234-5678-9018-3456', 'ward3-counter12'])('allows %s', (id) => {
    expect(idProblem(id)).toBeUndefined();
  });
});

// ---- names ------------------------------------------------------------------------------------

describe('names: fixed examples', () => {
  const refused = [
    '山田太郎様 氏名確認できず',
    '田中さん',
    'タナカさん',
    'ﾀﾅｶさん', // half-width katakana
    '山田花子さんの件',
    '健一様から電話',
    '田中氏', 'スミス氏', '佐藤殿', '鈴木君', '翔くん', 'ユイちゃん', '高橋さま',
    '𠮷田さん', // a name outside the BMP
    '田中\u200bさん', // invisible characters do not split a word from its honorific
    'Mr. Tanaka', 'Mr Tanaka', 'Mrs Smith', 'Ms. Lee', 'Miss Brown', 'Mx. Kim', 'Ｍｒ．Ｔａｎａｋａ',
    'Tanaka-san', 'Tanaka san', 'Suzuki-sama', 'Kenta-kun', 'Yui-chan',
    '名前: 山田', '氏名＝佐藤', '氏名：佐藤', 'お名前 : 佐藤', '姓名=山田', 'フリガナ：ヤマダ', 'ふりがな: やまだ',
    'name: Tanaka', 'Name=Tanaka', 'NAME : 田中', 'user name: sato',
  ];
  it.each(refused)('refuses %s', (text) => {
    expect(containsName(text)).toBe(true);
    expect(freeTextProblem(text)).toBe('text-name');
  });

  const allowed = [
    '氏名確認できず',
    'お客様が来庁されず',
    'ご本人様確認済み',
    'たくさん',
    '様子を見る',
    '皆様',
    '赤ちゃん連れ',
    '名前は未確認',
    'カードリーダー不調',
    'みなさん', 'おばあさん', 'お連れ様', 'お疲れ様です', 'ゆいちゃん', // hiragana words
    'お子様連れ', 'お子さん同伴', '申請者様不在', '利用者さん', 'ご家族様同伴', 'ご主人様が代理', '奥様', '娘さん',
    '息子さん', 'お父様', '祖母様', '旦那さん', '彼氏', '15番さん', 'ケアマネさん同席', 'ヘルパーさん', '区役所さん',
    '前回と同様', '仕様により不可', '様式第1号', '様々な書類', '申請者氏名欄', '申請書様式', '代表氏名', '書類様々', '摂氏20度', '逆さま', 'ご苦労様です',
    '〇〇様', '○○様', '某氏', 'ちゃんと確認', '書類ちゃんと確認',
    'filename: a.csv', 'nickname', '氏名: ', 'Mr', 'mr tanaka', 'Tanaka-sandwich',
  ];
  it.each(allowed)('allows %s', (text) => {
    expect(containsName(text)).toBe(false);
    expect(freeTextProblem(text)).toBeUndefined();
  });

  it('checks the My Number first', () => {
    expect(freeTextProblem('田中さん 1234 5678 9018')).toBe('text-my-number');
  });

  it('returns the span and kind in the normalised text', () => {
    expect(findName('受付で山田太郎様が')).toEqual({ start: 3, end: 8, kind: 'honorific' });
    expect(findName('see Mr. Tanaka')?.kind).toBe('latin-honorific');
    expect(findName('確認 氏名: 山田')?.kind).toBe('label');
  });
});

describe('names: properties', () => {
  const SURNAMES = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '井上', '望月', '春日', '田所', 'サトウ', 'スズキ', 'キム', 'グエン'];
  const GIVEN = ['', '太郎', '花子', '健一', '和夫', '直人', '美咲', '翔', 'ハナ', '裕貴'];
  const HONORIFICS = ['様', 'さま', 'さん', '氏', '殿', '君', 'くん', 'ちゃん'];
  const TEXT = ['', '本日', '来庁。', '確認済み ', 'カード', '、', '窓口で'];
  it('refuses a surname (and given name) followed by any honorific, in any text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEXT), fc.constantFrom(...SURNAMES), fc.constantFrom(...GIVEN), fc.constantFrom(...HONORIFICS), fc.constantFrom(...TEXT),
        (before, surname, given, honorific, after) => {
          expect(freeTextProblem(`${before}。${surname}${given}${honorific}${after}`)).toBe('text-name');
        }),
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
