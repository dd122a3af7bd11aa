// The JSON syntax locator for hand-edited checklists: any broken JSON gets a line, a column and a
// hint, never an exception (it returns where the first error is; no throw as control flow).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeDuplicateKey, describeSyntaxError } from '../src/checklist/json-syntax.js';

const broken = fc
  .tuple(fc.json({ maxDepth: 4 }), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', "'", '/', ':', 'x', '\u0001', '\\', '“'))
  .map(([json, at, ch]) => {
    const i = at % (json.length + 1);
    return json.slice(0, i) + ch + json.slice(i + (ch === '' ? 1 : 0));
  })
  .filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return text.trim() !== '';
    }
  });

describe('JSON syntax errors', () => {
  it('any broken JSON: a badJson message with a line and a column inside the text', () => {
    fc.assert(
      fc.property(broken, (text) => {
        const d = describeSyntaxError(text);
        expect(d.key.startsWith('checklist.badJson')).toBe(true);
        const { line, column } = d.params as { line: number; column: number };
        expect(line).toBeGreaterThanOrEqual(1);
        expect(line).toBeLessThanOrEqual(text.split('\n').length);
        expect(column).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  it('names the usual mistakes where they are', () => {
    expect(describeSyntaxError('{\n  "a": 1,\n}')).toEqual({ key: 'checklist.badJson.trailingComma', params: { line: 3, column: 1 } });
    expect(describeSyntaxError('{ a: 1 }').key).toBe('checklist.badJson.unquotedKey');
    expect(describeSyntaxError("{ 'a': 1 }").key).toBe('checklist.badJson.singleQuote');
    expect(describeSyntaxError('{ "a" 1 }').key).toBe('checklist.badJson.missingColon');
    expect(describeSyntaxError('{ "a": 1 "b": 2 }').key).toBe('checklist.badJson.missingComma');
    expect(describeSyntaxError('{ "a": 1 } x').key).toBe('checklist.badJson.extra');
    expect(describeSyntaxError('{ "a": tru }').key).toBe('checklist.badJson.badLiteral');
    expect(describeSyntaxError('{ "a": "x\\q" }').key).toBe('checklist.badJson.badEscape');
    expect(describeSyntaxError('{ "a": [1, 2').key).toBe('checklist.badJson.end');
    // Deep nesting: the scanner is a loop, not a recursion.
    expect(describeSyntaxError('['.repeat(200_000)).key).toBe('checklist.badJson.end');
  });
});

describe('a field name given twice (JSON.parse would keep the last silently)', () => {
  it('never in what JSON.stringify writes, however indented', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom(0, 2, '\t'), (v, indent) => {
        expect(describeDuplicateKey(JSON.stringify(v, null, indent))).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('found in any object at any depth, whatever the name holds (quotes, backslashes, escapes)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.string(), fc.jsonValue({ maxDepth: 2 }), fc.nat(4), (before, name, value, depth) => {
        fc.pre(name !== 'other');
        const dup = `{${JSON.stringify(name)}: ${JSON.stringify(value)}, "other": {"x": [1, {"y": "}"}]}, ${JSON.stringify(name)}: 1}`;
        const text = `${'['.repeat(depth)}${JSON.stringify(before)}, ${dup}${']'.repeat(depth)}`;
        const d = depth === 0 ? describeDuplicateKey(dup) : describeDuplicateKey(text);
        expect(d?.key).toBe('checklist.duplicateKey');
        expect(d?.params.name).toBe(JSON.stringify(name).slice(0, 80));
      }),
      { numRuns: 500 },
    );
  });

  it('says where the second one is; the same name in two objects, or as a value, is no repeat', () => {
    expect(describeDuplicateKey('{\n  "a": 1,\n  "b": {"a": 2},\n  "a": 3\n}')).toEqual({ key: 'checklist.duplicateKey', params: { line: 4, column: 3, name: '"a"' } });
    expect(describeDuplicateKey('{"a": "a", "b": [{"a": 1}, {"a": 2}]}')).toBeNull();
    // Escapes are the same name: JSON.parse would merge them too.
    expect(describeDuplicateKey('{"a": 1, "\\u0061": 2}')?.params.name).toBe('"a"');
  });
});
