// The JSON syntax locator for hand-edited checklists: any broken JSON gets a line, a column and a
// hint, never an exception (it returns where the first error is; no throw as control flow).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeSyntaxError } from '../src/checklist/json-syntax.js';

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
