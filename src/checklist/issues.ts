// A checklist file's schema problems, said plainly: the first zod issue as a message key per kind
// of problem (missing, wrong type, bad id, unknown key, a checklist rule) with its JSON path.
import { z } from 'zod';
import type { MessageKey, Params } from '../i18n/index.js';
import { Checklist, formatJsonPath, ID_PATTERN, VERSION_PATTERN, type ChecklistRule } from './schema.js';

type IssueKind =
  | 'missing'
  | 'missingTranslation'
  | 'expectedString'
  | 'expectedObject'
  | 'expectedArray'
  | 'expectedBoolean'
  | 'empty'
  | 'tooLong'
  | 'tooFew'
  | 'tooMany'
  | 'badId'
  | 'badVersion'
  | 'badDate'
  | 'unknownKey'
  | 'badValue'
  | 'other'
  | ChecklistRule;

/** A problem as a message key and its parameters (the caller adds the file). */
export type Described = { key: MessageKey; params: Params };

const invalid = (kind: IssueKind, params: Params): Described => ({ key: `checklist.invalid.${kind}`, params });

/** A short, one-line, language-neutral rendering of a JSON value. */
function excerpt(v: unknown): string {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : '[…]';
  if (v !== null && typeof v === 'object') return Object.keys(v).length === 0 ? '{}' : '{…}';
  // (A number beyond JSON's range, 1e400, parses as Infinity, which JSON.stringify writes as null.)
  const s = typeof v === 'number' && !Number.isFinite(v) ? String(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

const EXPECTED: Record<string, IssueKind> = {
  string: 'expectedString',
  object: 'expectedObject',
  array: 'expectedArray',
  boolean: 'expectedBoolean',
};

/** The first issue of a failed parse as a message key and its parameters (the file is added by the caller). */
export function describeIssue(issue: z.core.$ZodIssue): Described {
  const where = formatJsonPath(issue.path);
  const last = issue.path[issue.path.length - 1];
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type': {
      if (!('input' in issue) || input === undefined) {
        if (last === 'ja' || last === 'en') return invalid('missingTranslation', { path: where, lang: last });
        return invalid('missing', { path: where });
      }
      const kind = EXPECTED[issue.expected];
      if (kind) return invalid(kind, { path: where, found: excerpt(input) });
      break;
    }
    case 'too_small':
      if (issue.origin === 'string') return invalid('empty', { path: where });
      if (issue.origin === 'array') {
        return invalid('tooFew', { path: where, minimum: Number(issue.minimum), count: Array.isArray(input) ? input.length : 0 });
      }
      break;
    case 'too_big':
      if (issue.origin === 'string') {
        return invalid('tooLong', { path: where, maximum: Number(issue.maximum), length: typeof input === 'string' ? input.length : 0 });
      }
      if (issue.origin === 'array') {
        return invalid('tooMany', { path: where, maximum: Number(issue.maximum), count: Array.isArray(input) ? input.length : 0 });
      }
      break;
    case 'invalid_format':
      if (issue.format === 'regex' && issue.pattern === String(ID_PATTERN)) return invalid('badId', { path: where, value: excerpt(input) });
      if (issue.format === 'regex' && issue.pattern === String(VERSION_PATTERN)) {
        return invalid('badVersion', { path: where, value: excerpt(input) });
      }
      if (issue.format === 'date') return invalid('badDate', { path: where, value: excerpt(input) });
      break;
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      return invalid('unknownKey', {
        path: formatJsonPath([...issue.path, key]),
        key: JSON.stringify(key),
        allowed: (keysAt(issue.path) ?? []).join(', '),
      });
    }
    case 'invalid_value':
      if (!('input' in issue) || input === undefined) return invalid('missing', { path: where });
      return invalid('badValue', { path: where, value: excerpt(input), allowed: issue.values.map((v) => excerpt(v)).join(', ') });
    case 'custom': {
      const params = (issue.params ?? {}) as Record<string, unknown>;
      const rule = params.rule as ChecklistRule | undefined;
      if (rule !== undefined) {
        const values: Params = { path: where };
        for (const [k, v] of Object.entries(params)) if (k !== 'rule' && typeof v === 'string') values[k] = v;
        return invalid(rule, values);
      }
      break;
    }
  }
  return invalid('other', { path: where, message: issue.message.replace(/\s+/g, ' ') });
}

type AnyZod = z.ZodType;

function unwrap(s: AnyZod): AnyZod {
  let t = s;
  while (t instanceof z.ZodOptional || t instanceof z.ZodDefault || t instanceof z.ZodNullable) t = t.unwrap() as AnyZod;
  return t;
}

/** The field names an object at `at` in a checklist may have (for "unknown field" messages). */
function keysAt(at: readonly PropertyKey[]): string[] | undefined {
  let s: AnyZod | undefined = Checklist;
  for (const k of at) {
    if (s === undefined) return undefined;
    const u = unwrap(s);
    if (u instanceof z.ZodArray && typeof k === 'number') s = u.element as AnyZod;
    else if (u instanceof z.ZodObject && typeof k === 'string') s = (u.shape as Record<string, AnyZod>)[k];
    else return undefined;
  }
  if (s === undefined) return undefined;
  const u = unwrap(s);
  return u instanceof z.ZodObject ? Object.keys(u.shape as Record<string, AnyZod>) : undefined;
}
