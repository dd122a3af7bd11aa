// A log line that fails the record schema: said in the supervisor's language — where, and what the
// schema wants there — not in zod's English; the JSON report keeps the English detail.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChainVerifier, SCHEMA_ISSUES } from '../src/log/chain-verifier.js';
import type { ProblemItem, ReadItem } from '../src/log/reader.js';
import { translator } from '../src/i18n/index.js';
import { describeProblem, problemText } from '../src/report/problems.js';

const GOOD = {
  v: 1,
  seq: 7,
  ts: '2026-11-07T08:30:47.656+09:00',
  terminal: 'KITA-01',
  operator: 'S-0001',
  session: '170a6a48-005e-4b79-9639-6eedab7a8151',
  type: 'step',
  payload: { action: 'confirm', section: 'before-start', item: 'initial-screen', required: true },
  prev: 'a'.repeat(64),
};

/** The problem the verifier reports for one line holding `record`. */
function schemaProblem(record: unknown): ProblemItem {
  const out: ReadItem[] = [];
  const line = Buffer.from(JSON.stringify(record));
  new ChainVerifier(undefined, 'KITA-01').line(line, 0, line.length, 'T/2026-11-07.jsonl', 3, out);
  const p = out.find((it): it is ProblemItem => it.kind === 'problem');
  expect(p?.code).toBe('schema');
  return p!;
}

const without = (key: keyof typeof GOOD) => Object.fromEntries(Object.entries(GOOD).filter(([k]) => k !== key));

const CASES: [string, unknown, string, string, string][] = [
  ['missing', without('ts'), 'missing', 'ts がありません', 'ts is missing'],
  ['type', { ...GOOD, seq: '7' }, 'type', 'seq は数値でなければなりません', 'seq must be a number'],
  ['type (boolean)', { ...GOOD, payload: { ...GOOD.payload, required: 'yes' } }, 'type', 'payload.required は true か false でなければなりません', 'payload.required must be true or false'],
  ['value (record type)', { ...GOOD, type: 'bogus' }, 'value', 'type の値は使えません（使える値: sign-in, ', 'type has a value not allowed there (allowed: sign-in, '],
  ['value (step action)', { ...GOOD, payload: { ...GOOD.payload, action: 'eat' } }, 'value', 'payload.action の値は使えません（使える値: "confirm", ', 'payload.action has a value not allowed there (allowed: "confirm", '],
  ['format (uuid)', { ...GOOD, session: 'zzz' }, 'format', 'session が UUID の形ではありません', 'session is not a UUID'],
  ['format (datetime)', { ...GOOD, ts: 'yesterday' }, 'format', 'ts が日時の形（ISO 8601、時差付き）ではありません', 'ts is not a date and time'],
  ['format (hash)', { ...GOOD, prev: 'abc' }, 'format', 'prev の形が正しくありません', 'prev is not in the required form'],
  ['controls', { ...GOOD, operator: 'S-\u001b[2J01' }, 'controls', 'operator に制御文字（改行・エスケープなど）が含まれています', 'operator holds control characters'],
  ['tooLong', { ...GOOD, type: 'interrupt', payload: { reason: 'citizen-left', note: 'x'.repeat(5000) } }, 'tooLong', 'payload.note が長すぎます（上限 ', 'payload.note is too long (at most '],
  ['range', { ...GOOD, seq: -1 }, 'range', 'seq の値が範囲外です', 'seq is out of range'],
  ['unknownKey', { ...GOOD, extra: 1 }, 'unknownKey', '記録 に "extra" という項目はありません', 'the record has no field "extra"'],
];

describe('a record that fails the schema', () => {
  it.each(CASES)('%s: in Japanese and English, with the English detail kept for the JSON report', (_, record, issue, ja, en) => {
    const p = schemaProblem(record);
    expect(p.params.issue).toBe(issue);
    expect(p.problem).toBe(`schema: ${p.params.detail}`);
    const jaText = problemText(translator('ja'), p.code, p.params);
    expect(jaText).toContain(`記録の形式が正しくありません：${ja}`);
    // None of zod's English in the Japanese line.
    expect(jaText).not.toMatch(/Invalid|expected|Unrecognized|Too (big|small)/);
    expect(problemText(translator('en'), p.code, p.params)).toContain(`The record does not match the schema: ${en}`);
    // The same words on every screen that lists problems.
    expect(describeProblem(translator('ja'), p)).toBe(`T/2026-11-07.jsonl:3: ${jaText}`);
  });

  it('every kind the catalogs know is one a record can fail with', () => {
    expect(new Set(CASES.map((c) => c[2]))).toEqual(new Set(SCHEMA_ISSUES));
  });

  it('a problem without a known kind (an index written before the kinds) keeps its English detail', () => {
    const params = { detail: 'type: Invalid input' };
    expect(problemText(translator('ja'), 'schema', params)).toBe('記録の形式が正しくありません：type: Invalid input');
    expect(problemText(translator('ja'), 'schema', { ...params, issue: 'other' })).toBe('記録の形式が正しくありません：type: Invalid input');
  });

  it('any damage to a record gives a problem whose text is whole in both languages (no placeholder left)', () => {
    const keys = Object.keys(GOOD);
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 2 }), fc.boolean(), (key, value, drop) => {
        const record: Record<string, unknown> = { ...GOOD };
        if (drop) delete record[key];
        else record[key] = value;
        const out: ReadItem[] = [];
        const line = Buffer.from(JSON.stringify(record));
        new ChainVerifier(undefined, 'KITA-01').line(line, 0, line.length, 'f.jsonl', 1, out);
        for (const it of out) {
          if (it.kind !== 'problem') continue;
          for (const locale of ['ja', 'en'] as const) expect(problemText(translator(locale), it.code, it.params)).not.toMatch(/\{\w+\}/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
