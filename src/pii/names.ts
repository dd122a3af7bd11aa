// No citizen's name in the log. Staff never type names (the screens say so); this guard is a safety
// net for the ways a name usually gets written down anyway: with an honorific or after a label. It
// cannot recognise a bare name (山田太郎, Tanaka) — such a word looks like any other — so it is not
// a promise. docs/privacy.md states the same rule with examples.
//
// Text is normalised (NFKC, Default_Ignorable code points dropped; digits are not mapped) and
// refused when it contains
//  (a) a Han/Katakana word (one or more of \p{Script=Han}, \p{Script=Katakana}, ー, 々) directly
//      followed by an honorific 様 さま さん 氏 殿 君 くん ちゃん — except when the word ends in a
//      common noun (NOUN_ENDINGS: お客様, ご本人様, 申請者様, 皆様, 赤ちゃん, 彼氏, 同様, …), is one
//      of WHOLE_WORDS (お子様, 人様, 一様, …: single kanji that also end given names, so only as the
//      whole word), or only placeholders (〇〇様, 某氏), or when the honorific starts a word (氏名,
//      様子, 様式, 様々, …: HONORIFIC_WORDS). Hiragana-only words before an honorific are not names
//      (たくさん, みなさん, おばあさん);
//  (b) a Latin honorific: Mr, Mrs, Ms, Miss, Mx (optional dot) followed by a capitalised word, or a
//      capitalised word followed by -san, -sama, -kun, -chan (hyphen or space: Tanaka-san, Tanaka san);
//  (c) a name label — 氏名, 名前, お名前, 姓名, フリガナ, ふりがな, or `name` (any case, as a word of
//      its own) — followed by optional spaces, `:` `：` or `=`, optional spaces and a non-space
//      character (名前: 山田 is refused; 名前は未確認 and 氏名確認できず are allowed).

import { normalizeText } from './normalize.js';

const HONORIFICS = ['様', 'さま', 'さん', '氏', '殿', '君', 'くん', 'ちゃん'] as const;
const WORD_CHAR = /^[\p{Script=Han}\p{Script=Katakana}ー々]$/u;
const PLACEHOLDER_CHAR = /^[〇某]$/u;

/** Words an honorific character starts: 氏名 is a label, 様子 a state, not an honorific after a name. */
export const HONORIFIC_WORDS: readonly string[] = [
  '様子', '様式', '様相', '様態', '様々', '様変わり', 'さまざま', 'さまよ',
  '氏名', '氏族', '氏神', '氏子', '殿堂', '殿方', '君主', '君臨', '君子', '君が代', 'ちゃんと',
];

/**
 * Common nouns that take an honorific: a word ending in one of them is not a name. Single kanji
 * that also end given names (子, 夫, 人, 一, …) are in WHOLE_WORDS instead.
 */
export const NOUN_ENDINGS: readonly string[] = [
  // people at the counter (者 covers 申請者, 利用者, 相談者, 来庁者, 担当者, 患者, 保護者, 配偶者, …)
  '者', '皆', '皆々', '客', '本人', '民', '員', '担当', '先方', '相手', '代理人', '後見人', '保証人',
  '相続人', '世帯主', '一行', '一同', '番', '近所', '隣', '大家', '常連', '得意', '先祖',
  // family
  '家族', '親族', '親戚', '両親', '親御', '夫婦', '奥', '妻', '旦那', '主人', '嫁', '婿', '娘', '息子',
  '長男', '長女', '次男', '次女', '嬢', '坊', '孫', '父', '母', '兄', '姉', '弟', '妹', '婆', '爺',
  '赤', '彼', '彼女',
  // roles and organisations
  '看護師', '医師', '保健師', '役所', '銀行', '会社', '病院', '警察', '局', '署',
  'ママ', 'パパ', 'ヘルパー', 'ケアマネ', 'ケアマネージャー', 'ケアマネジャー', 'スタッフ', 'ボランティア',
  'ドライバー', 'ユーザー', 'ゲスト', 'メンバー', 'オーナー', 'カスタマー',
  // words that end in an honorific character (同様, 仕様, 同氏, 諸君, 彼氏, 殿様, ご苦労様, 逆さま, …)
  '同', '仕', '模', '異', '各', '諸', '両', '摂', '王', '仏', '殿', '御', '拝', '俺', '如何', '苦労', '馳走',
  '世話', '陰', '愁傷', '生憎', '逆', '天道',
];

/** Single kanji that take an honorific but also end given names (花子, 和夫, 直人): only as the whole word. */
export const WHOLE_WORDS: readonly string[] = [
  '子', '夫', '人', '一', '多', '有', '左', '文', '上', '本', '宮', '神', '貴', '華', '日', '月',
];

const LATIN_BEFORE = /(?<![\p{L}\p{N}])(?:Mr|Mrs|Ms|Miss|Mx)(?:\.\s*|\s+)\p{Lu}\p{Script=Latin}*/u;
const LATIN_AFTER = /(?<![\p{L}\p{N}])\p{Lu}\p{Script=Latin}*[\p{Pd}\s](?:san|sama|kun|chan)(?![\p{L}\p{N}])/u;
const LABEL = /(?:氏名|お名前|名前|姓名|フリガナ|ふりがな|(?<!\p{L})name)\s*[:=]\s*\S/iu;

export interface NameMatch {
  /** Offsets into `normalizeText(text)` (not the original text). */
  start: number;
  end: number;
  /** Which part of the rule matched; never log the matched text. */
  kind: 'honorific' | 'latin-honorific' | 'label';
}

/** Whether the word s[from, to) is one of the common nouns of rule (a). */
function isCommonNoun(s: string, from: number, to: number): boolean {
  return (
    (to - from <= 2 && WHOLE_WORDS.includes(s.slice(from, to))) ||
    NOUN_ENDINGS.some((noun) => to - from >= noun.length && s.startsWith(noun, to - noun.length))
  );
}

/**
 * Rule (a): the first Han/Katakana word directly followed by an honorific that is not excepted.
 * One pass that carries where the current word started, so long text stays linear.
 */
function findHonorific(s: string): NameMatch | null {
  let from = -1; // start of the Han/Katakana word ending at i; -1: none
  let placeholders = false; // that word is only 〇 or 某
  for (let i = 0; i < s.length; ) {
    const ch = String.fromCodePoint(s.codePointAt(i)!);
    if (from !== -1 && !placeholders) {
      const h = HONORIFICS.find((x) => s.startsWith(x, i));
      if (h && !HONORIFIC_WORDS.some((w) => s.startsWith(w, i)) && !isCommonNoun(s, from, i)) {
        return { start: from, end: i + h.length, kind: 'honorific' };
      }
    }
    if (!WORD_CHAR.test(ch)) from = -1;
    else if (from === -1) [from, placeholders] = [i, PLACEHOLDER_CHAR.test(ch)];
    else placeholders &&= PLACEHOLDER_CHAR.test(ch);
    i += ch.length;
  }
  return null;
}

function found(s: string, re: RegExp, kind: NameMatch['kind']): NameMatch | null {
  const m = re.exec(s);
  return m ? { start: m.index, end: m.index + m[0].length, kind } : null;
}

/** The first thing in `text` that looks like a name under the rule above, or null. */
export function findName(text: string): NameMatch | null {
  const s = normalizeText(text);
  const matches = [
    findHonorific(s),
    found(s, LATIN_BEFORE, 'latin-honorific'),
    found(s, LATIN_AFTER, 'latin-honorific'),
    found(s, LABEL, 'label'),
  ].filter((m) => m !== null);
  return matches.reduce<NameMatch | null>((first, m) => (first === null || m.start < first.start ? m : first), null);
}

export function containsName(text: string): boolean {
  return findName(text) !== null;
}
