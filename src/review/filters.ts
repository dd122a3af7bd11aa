// The review list's filters (pure): the four fields, what typed or picked text lets through, and
// the values ↑↓ step through.
import { FLAGS, type Flag } from '../domain/flags.js';
import type { SessionRow } from './load.js';

export type FilterField = 'flag' | 'terminal' | 'operator' | 'date';
export const FILTER_FIELDS: readonly FilterField[] = ['flag', 'terminal', 'operator', 'date'];
/** Each filter is text: '' = all; a picked value; or typed text (see `matcher`). */
export type Filters = Readonly<Record<FilterField, string>>;
export const NO_FILTERS: Filters = { flag: '', terminal: '', operator: '', date: '' };
/** The flag filter's own values besides the flags: any flag, or none. */
export const FLAG_CHOICES: readonly string[] = ['incomplete', ...FLAGS, 'complete'];

export interface Choices {
  terminals: readonly string[];
  operators: readonly string[];
  /** Days with sessions, newest first. */
  days: readonly string[];
}

export function choicesOf(rows: readonly SessionRow[]): Choices {
  const terminals = new Set<string>();
  const operators = new Set<string>();
  const days = new Set<string>();
  for (const r of rows) {
    terminals.add(r.terminal);
    if (r.operator !== null) operators.add(r.operator);
    if (r.day !== '') days.add(r.day);
  }
  const asc = (s: Set<string>) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { terminals: asc(terminals), operators: asc(operators), days: asc(days).reverse() };
}

/** Typed text as the filters compare it: full-width forms folded, case ignored, ends trimmed. */
export const normalize = (text: string) => text.normalize('NFKC').trim().toLowerCase();

/** A typed date: `2026/11/27`, `2026.11` and full-width digits work like `2026-11-27`. */
const normalizeDate = (text: string) => normalize(text).replace(/[/.年月]/g, '-').replace(/日$/, '');

/**
 * The ids a terminal or staff filter lets through: the one id it names exactly (ignoring case), or
 * every id containing the typed text.
 */
function idMatcher(text: string, ids: readonly string[]): ((id: string | null) => boolean) | null {
  const want = normalize(text);
  if (want === '') return null;
  const exact = ids.filter((id) => normalize(id) === want);
  const ok = new Set(exact.length > 0 ? exact : ids.filter((id) => normalize(id).includes(want)));
  return (id) => id !== null && ok.has(id);
}

function flagMatcher(text: string): ((flags: readonly Flag[]) => boolean) | null {
  const want = normalize(text);
  if (want === '') return null;
  if (want === 'incomplete') return (flags) => flags.length > 0;
  if (want === 'complete') return (flags) => flags.length === 0;
  const exact = FLAGS.find((f) => f === want);
  if (exact) return (flags) => flags.includes(exact);
  const some = FLAGS.filter((f) => f.includes(want));
  return (flags) => flags.some((f) => some.includes(f));
}

/** One predicate for all four filters (null: everything passes). */
export function matcher(filters: Filters, choices: Choices): ((row: SessionRow) => boolean) | null {
  const flag = flagMatcher(filters.flag);
  const terminal = idMatcher(filters.terminal, choices.terminals);
  const operator = idMatcher(filters.operator, choices.operators);
  const day = normalizeDate(filters.date);
  if (!flag && !terminal && !operator && day === '') return null;
  return (row) =>
    (flag === null || flag(row.flags)) &&
    (terminal === null || terminal(row.terminal)) &&
    (operator === null || operator(row.operator)) &&
    (day === '' || row.day.startsWith(day));
}

/** The values ↑↓ step through for a filter ('' = all). */
export function choicesFor(choices: Choices, field: FilterField): readonly string[] {
  switch (field) {
    case 'flag':
      return ['', ...FLAG_CHOICES];
    case 'terminal':
      return ['', ...choices.terminals];
    case 'operator':
      return ['', ...choices.operators];
    case 'date':
      return ['', ...choices.days];
  }
}
