// Problems found while reading the logs, as the report keeps them (small, JSON-safe) and as people
// read them (translated, `file:line: problem`).
import type { Translate } from '../i18n/index.js';
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

/**
 * `file:line: problem` in the user's language (`file: problem` when the whole file failed), on one
 * line with any control character written out: file names and a bad line's keys come from outside.
 */
export function describeProblem(tr: Translate, p: Pick<IntegrityItem, 'file' | 'line' | 'code' | 'params'>): string {
  const problem = tr(`log.problem.${p.code}`, p.params);
  return printable(p.line > 0 ? tr('verify.problem', { file: p.file, line: p.line, problem }) : tr('verify.problemNoLine', { file: p.file, problem }));
}
