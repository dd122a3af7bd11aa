// JSON syntax errors in a hand-edited checklist: where the first one is (line and column, the same
// on every Node version, unlike JSON.parse's messages) and a hint for the usual mistakes — a
// comment, single or smart quotes, a trailing comma, an unquoted key.
import type { Params } from '../i18n/index.js';
import type { Described } from './issues.js';

type JsonHint =
  | 'end'
  | 'controlChar'
  | 'badEscape'
  | 'comment'
  | 'singleQuote'
  | 'smartQuote'
  | 'trailingComma'
  | 'unquotedKey'
  | 'missingColon'
  | 'badNumber'
  | 'missingComma'
  | 'extra'
  | 'badLiteral';

type Expected = 'value' | 'key' | 'colon' | 'commaOrClose' | 'endOfInput' | 'controlChar' | 'badEscape' | 'number';

/** 1-based line and column (in UTF-16 units) of `offset` in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

export function describeSyntaxError(text: string): Described {
  const { offset, expected } = jsonSyntaxError(text);
  const at = lineColumn(text, offset);
  const json = (hint: JsonHint | null, extra: Params = {}): Described => ({
    key: hint === null ? 'checklist.badJson' : `checklist.badJson.${hint}`,
    params: { line: at.line, column: at.column, ...extra },
  });
  if (offset >= text.length) return json('end');
  const ch = String.fromCodePoint(text.codePointAt(offset)!);
  let before = offset - 1;
  while (before >= 0 && /\s/.test(text[before]!)) before--;
  const prev = text[before];
  if (expected === 'controlChar') return json('controlChar');
  if (expected === 'badEscape') return json('badEscape');
  if (ch === '/') return json('comment');
  if (ch === "'" || ch === '‘' || ch === '’') return json('singleQuote');
  if (ch === '“' || ch === '”' || ch === '＂') return json('smartQuote', { found: JSON.stringify(ch) });
  if ((expected === 'key' || expected === 'value') && (ch === '}' || ch === ']') && prev === ',') return json('trailingComma');
  if (expected === 'key' && /[\p{L}_$]/u.test(ch)) return json('unquotedKey');
  if (expected === 'colon') return json('missingColon');
  if (expected === 'number') return json('badNumber');
  if (expected === 'commaOrClose') return json('missingComma');
  if (expected === 'endOfInput') return json('extra');
  if (expected === 'value' && /[\p{L}\d_$+.-]/u.test(ch)) {
    const word = /[\p{L}\p{N}_$+.-]{1,30}/uy;
    word.lastIndex = offset;
    return json('badLiteral', { found: JSON.stringify(word.exec(text)?.[0] ?? ch) });
  }
  return json(null, { found: JSON.stringify(ch) });
}

/**
 * Where the first JSON syntax error in `s` is (s.length when the input ends too early), and what was
 * expected there. Only called after JSON.parse failed; iterative, so deep nesting cannot overflow
 * the stack. Positions are the same on every Node version (JSON.parse's messages are not).
 */
function jsonSyntaxError(s: string): { offset: number; expected: Expected } {
  let i = 0;
  let expected: Expected = 'value';
  // Each reader returns false at the first error, with `expected` saying what should have come.
  const fail = (e: Expected): false => {
    expected = e;
    return false;
  };
  const here = () => ({ offset: i, expected });
  const ws = () => {
    while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r') i++;
  };
  const str = (): boolean => {
    i++; // opening quote
    for (;;) {
      const c = s[i];
      if (c === undefined) return fail('value');
      if (c < ' ') return fail('controlChar');
      i++;
      if (c === '"') return true;
      if (c === '\\') {
        if (s[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(s[i] ?? '')) return fail('badEscape');
        } else if (s[i] !== undefined && '"\\/bfnrt'.includes(s[i]!)) i++;
        else if (s[i] === undefined) return fail('value');
        else return fail('badEscape'); // at the character after the backslash, as JSON.parse says
      }
    }
  };
  const key = (): boolean => {
    ws();
    if (s[i] !== '"') return fail('key');
    if (!str()) return false;
    ws();
    if (s[i] !== ':') return fail('colon');
    i++;
    return true;
  };
  const literal = (word: string): boolean => {
    const start = i;
    for (const ch of word) {
      if (s[i] !== ch) {
        i = start;
        return fail('value');
      }
      i++;
    }
    return true;
  };
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const closers: string[] = [];
  for (;;) {
    // A value starts here.
    ws();
    const c = s[i];
    let wasNumber = false;
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (s[i] !== close) {
        closers.push(close);
        if (close === '}' && !key()) return here();
        continue;
      }
      i++;
    } else if (c === '"') {
      if (!str()) return here();
    } else if (c === 't' || c === 'f' || c === 'n') {
      if (!literal(c === 't' ? 'true' : c === 'f' ? 'false' : 'null')) return here();
    } else {
      number.lastIndex = i;
      if (!number.test(s)) return (fail('value'), here());
      i = number.lastIndex;
      wasNumber = true;
    }
    // After a value: close containers, or a comma and the next member.
    for (;;) {
      const end = i;
      ws();
      if (wasNumber && end === i && /[0-9.eE+-]/.test(s[i] ?? '')) return (fail('number'), here());
      wasNumber = false;
      const top = closers[closers.length - 1];
      if (top === undefined) return i < s.length ? (fail('endOfInput'), here()) : { offset: s.length, expected: 'value' };
      if (s[i] === top) {
        closers.pop();
        i++;
      } else if (s[i] === ',') {
        i++;
        if (top === '}' && !key()) return here();
        break;
      } else return (fail(i >= s.length ? 'value' : 'commaOrClose'), here());
    }
  }
}

/**
 * The first field name given twice in one object of the valid JSON `s`, described: JSON.parse keeps
 * the last one and drops the other without a word, so a section pasted twice or a `"required"`
 * overridden further down would change the flow unseen. Null when every object's names differ.
 */
export function describeDuplicateKey(s: string): Described | null {
  // One entry per open container: the names seen so far in an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let keyNext = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      const start = i;
      for (i++; s[i] !== '"'; i++) if (s[i] === '\\') i++;
      const names = open[open.length - 1];
      if (keyNext && names) {
        const key = JSON.parse(s.slice(start, i + 1)) as string;
        if (names.has(key)) return { key: 'checklist.duplicateKey', params: { ...lineColumn(s, start), name: JSON.stringify(key).slice(0, 80) } };
        names.add(key);
      }
      keyNext = false;
    } else if (c === '{') {
      open.push(new Set());
      keyNext = true;
    } else if (c === '[') {
      open.push(null);
    } else if (c === '}' || c === ']') {
      open.pop();
    } else if (c === ',') {
      keyNext = (open[open.length - 1] ?? null) !== null;
    }
  }
  return null;
}
