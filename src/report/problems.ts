// Problems found while reading the logs, as the report keeps them (small, JSON-safe) and as people
// read them (translated, `file:line: problem`).
import type { MessageKey, Translate } from '../i18n/index.js';
import { SCHEMA_ISSUES, type SchemaIssue } from '../log/chain-verifier.js';
import type { ProblemCode, ProblemItem } from '../log/reader.js';
import { printable } from '../domain/text.js';

export interface IntegrityItem {
  file: string;
  line: number;
  /** The reader's short English text: what the JSON document carries. */
  problem: string;
  code: ProblemCode;
  params: Record<string, string | number>;
}

export const integrityItem = (p: ProblemItem): IntegrityItem => ({
  file: p.file,
  line: p.line,
  problem: p.problem,
  code: p.code,
  params: p.params,
});

const EXPECTED = new Set(['number', 'string', 'boolean', 'object', 'array']);
const FORMATS = new Set(['uuid', 'datetime']);

/**
 * One problem in the user's language. A record that fails the schema says where and what is wanted
 * there in the catalog's words (its params name the kind: chain-verifier.ts `schemaParams`); a kind
 * the catalogs do not know, and problems read from an older index, keep zod's English detail.
 */
export function problemText(tr: Translate, code: ProblemCode, params: Record<string, string | number>): string {
  const issue = params.issue;
  if (code === 'schema' && typeof issue === 'string' && (SCHEMA_ISSUES as readonly string[]).includes(issue)) {
    const values: Record<string, string | number> = { ...params, path: params.path === '(record)' ? tr('log.schema.record') : String(params.path) };
    let key: MessageKey = `log.schema.${issue as Exclude<SchemaIssue, 'type' | 'format'>}`;
    if (issue === 'type') {
      key = 'log.schema.type';
      const expected = String(params.expected);
      values.expected = EXPECTED.has(expected) ? tr(`log.schema.expected.${expected as 'number'}`) : expected;
    } else if (issue === 'format') {
      const format = String(params.format);
      key = FORMATS.has(format) ? `log.schema.format.${format as 'uuid'}` : 'log.schema.format.other';
    }
    return tr('log.problem.schema', { ...params, detail: tr(key, values) });
  }
  // A tail longer than any record is not read to its end: how long it is is not known.
  if (code === 'torn-tail' && params.over === 1) return tr('log.problem.torn-tail.over', params);
  return tr(`log.problem.${code}`, params);
}

/**
 * `file:line: problem` in the user's language (`file: problem` when the whole file failed), on one
 * line with any control character written out: file names and a bad line's keys come from outside.
 */
export function describeProblem(tr: Translate, p: Pick<IntegrityItem, 'file' | 'line' | 'code' | 'params'>): string {
  const problem = problemText(tr, p.code, p.params);
  return printable(p.line > 0 ? tr('verify.problem', { file: p.file, line: p.line, problem }) : tr('verify.problemNoLine', { file: p.file, problem }));
}
