// The review list's filters (pure): the four fields, what typed or picked text lets through, and
// the values ↑↓ step through.
import { flagMask, FLAGS } from '../domain/flags.js';
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

/** No values to step through (before they are known). */
export const NO_CHOICES: Choices = { terminals: [], operators: [], days: [] };

export function choicesOf(rows: readonly SessionRow[]): Choices {
  const terminals = new Set<string>();
  const operators = new Set<string>();
  const days = new Set<string>();
  for (const r of rows) {
    terminals.add(r.terminal);
    if (r.operator !== null) operators.add(r.operator);
    if (r.day !== '') days.add(r.day);
  }
  return choicesFrom(terminals, operators, days);
}

/** The choices from the distinct values (in any order): ids ascending, days newest first. */
export function choicesFrom(terminals: Iterable<string>, operators: Iterable<string>, days: Iterable<string>): Choices {
  const asc = (s: Iterable<string>) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
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
function idSet(text: string, ids: readonly string[]): ReadonlySet<string> | null {
  const want = normalize(text);
  if (want === '') return null;
  const exact = ids.filter((id) => normalize(id) === want);
  return new Set(exact.length > 0 ? exact : ids.filter((id) => normalize(id).includes(want)));
}

/** The flag filter: 'any' flag, 'none', or some flag among a mask's (FLAGS order; 0 lets nothing through). */
function flagFilter(text: string): 'any' | 'none' | number | null {
  const want = normalize(text);
  if (want === '') return null;
  if (want === 'incomplete') return 'any';
  if (want === 'complete') return 'none';
  const exact = FLAGS.find((f) => f === want);
  return flagMask(exact ? [exact] : FLAGS.filter((f) => f.includes(want)));
}

/**
 * The four filters resolved against the list's values, in the one form both the list in memory
 * (`matcher`) and the archive's SQL (src/archive/review.ts) apply; a null field lets everything
 * through, and null as a whole means no filter.
 */
export interface ResolvedFilters {
  flags: 'any' | 'none' | number | null;
  terminals: ReadonlySet<string> | null;
  operators: ReadonlySet<string> | null;
  /** The start of the day (`YYYY-MM-DD`, or a part of it) the sessions' day must begin with; '' for any. */
  day: string;
}

export function resolveFilters(filters: Filters, choices: Choices | (() => Choices)): ResolvedFilters | null {
  // The ids are asked for only when a terminal or staff filter is typed (in the archive they are a
  // pass over the index).
  const ids = (field: 'terminals' | 'operators') => (typeof choices === 'function' ? choices() : choices)[field];
  const resolved: ResolvedFilters = {
    flags: flagFilter(filters.flag),
    terminals: normalize(filters.terminal) === '' ? null : idSet(filters.terminal, ids('terminals')),
    operators: normalize(filters.operator) === '' ? null : idSet(filters.operator, ids('operators')),
    day: normalizeDate(filters.date),
  };
  const none = resolved.flags === null && resolved.terminals === null && resolved.operators === null && resolved.day === '';
  return none ? null : resolved;
}

/** One predicate for all four filters (null: everything passes). */
export function matcher(filters: Filters, choices: Choices | (() => Choices)): ((row: SessionRow) => boolean) | null {
  const r = resolveFilters(filters, choices);
  if (r === null) return null;
  const { flags, terminals, operators, day } = r;
  return (row) =>
    (flags === null || (flags === 'any' ? row.flags.length > 0 : flags === 'none' ? row.flags.length === 0 : (flagMask(row.flags) & flags) !== 0)) &&
    (terminals === null || terminals.has(row.terminal)) &&
    (operators === null || (row.operator !== null && operators.has(row.operator))) &&
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
