// Lines broken where Japanese breaks them, before Ink sees the text (Ink wraps by width alone, so
// it put `。` at the start of a line and cut `（7,500円分）` in two). Word boundaries come from
// ICU's segmenter (`Intl.Segmenter`, a dictionary segmenter for Japanese, built into Node: nothing
// to load at start); the line-breaking rules (kinsoku shori) are applied on top:
// - no line starts with closing punctuation, a prolonged sound mark or a small kana (`。、）」ー…`),
//   and none ends with an opening bracket (`（「`);
// - a number stays whole with its separators and unit (`7,500円`, `10:30`, `3回`);
// - Latin text breaks only at spaces; the space at a break is dropped (no line starts with one);
// - a single unit wider than the line is cut by characters, the only place a word is split.
import stringWidth from 'string-width';

const CLOSING = /^[。、，．,.!?！？）)」』】〕〉》］\]｝}・：；:;ー〜…‥ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ%％]/u;
const OPENING = /[（(「『【〔〈《［[｛{]$/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆。、「」（）『』【】・]/u;
const NUMBER = /^[0-9０-９]/u;
const NUMBER_END = /[0-9０-９]$/u;
/** What continues a number: `7,500`, `10:30`, `1.5`, and the unit after it. */
const NUMBER_GLUE = /^([,，.．:：][0-9０-９]|[0-9０-９]|円|回|桁|件|台|日|月|年|分|秒|時|%|％|歳|枚|人)/u;

const words = new Map<string, Intl.Segmenter>();
const segmenterFor = (locale: string) => {
  let s = words.get(locale);
  if (!s) words.set(locale, (s = new Intl.Segmenter(locale, { granularity: 'word' })));
  return s;
};
const graphemes = new Intl.Segmenter();

/** Units that must stay on one line; a line may break before any of them but the first. */
function units(text: string, locale: string): { text: string }[] {
  const out: { text: string }[] = [];
  let space = false;
  for (const { segment } of segmenterFor(locale).segment(text)) {
    if (/^\s+$/u.test(segment)) {
      space = true;
      continue;
    }
    const prev = out.at(-1);
    // Closing punctuation never starts a line, and an opening bracket never ends one, even with
    // a space between ("{ … }").
    if (prev && (CLOSING.test(segment) || OPENING.test(prev.text))) {
      prev.text += (space ? ' ' : '') + segment;
      space = false;
      continue;
    }
    const glue =
      prev !== undefined &&
      !space &&
      ((NUMBER_END.test(prev.text) && NUMBER_GLUE.test(segment)) ||
        (NUMBER.test(segment) && /[,，.．:：]$/u.test(prev.text)) ||
        // Latin next to Latin with no space between is one word ("don't", "e-mail").
        (!CJK.test(prev.text.slice(-1)) && !CJK.test(segment[0]!)));
    if (prev && glue) prev.text += segment;
    else out.push({ text: space && prev ? ` ${segment}` : segment });
    space = false;
  }
  return out;
}

/** `text` as lines of at most `width` display columns (explicit newlines are kept). */
export function wrapLines(text: string, width: number, locale = 'ja'): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const u of units(paragraph, locale)) {
      const piece = line === '' ? u.text.replace(/^ /, '') : u.text;
      if (stringWidth(line + piece) <= width) {
        line += piece;
        continue;
      }
      if (line !== '') lines.push(line);
      line = u.text.replace(/^ /, '');
      // A unit wider than the line: cut by characters.
      while (stringWidth(line) > width) {
        const chars = [...graphemes.segment(line)].map((g) => g.segment);
        let n = 0;
        let used = 0;
        while (n < chars.length && used + stringWidth(chars[n]!) <= width) used += stringWidth(chars[n++]!);
        // Even a cut keeps the rules: the next line does not start with 。）, this one does not end with （.
        while (n > 1 && (CLOSING.test(chars[n] ?? '') || OPENING.test(chars[n - 1]!))) n--;
        if (n === 0) break;
        lines.push(chars.slice(0, n).join(''));
        line = chars.slice(n).join('');
      }
    }
    lines.push(line);
  }
  return lines;
}
