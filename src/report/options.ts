// The report's options, checked before any output is written: bad values are UserErrors naming the
// option (exit 2). The filter is applied to each finished session as it streams past.
import { UserError } from '../errors.js';
import type { FoldedSession } from '../log/fold.js';
import type { ReportReview, ReportSession } from './document.js';

export const FORMATS = ['table', 'json', 'csv', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReportFilter {
  /** Inclusive local dates, `YYYY-MM-DD`. */
  since?: string;
  until?: string;
  terminal?: string;
  operator?: string;
  /** Only sessions with a flag. */
  flagged?: boolean;
}

export interface RawReportOptions {
  since?: string;
  until?: string;
  terminal?: string;
  operator?: string;
  flagged?: boolean;
  format?: string;
  out?: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` that is a real calendar day (2026-02-30 is refused, not rolled over). */
export function parseLocalDate(option: string, value: string): string {
  const m = DATE.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    // (Not Date.UTC: it reads the years 0 to 99 as 1900 to 1999.)
    const date = new Date(0);
    date.setUTCFullYear(y, mo - 1, d);
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) return value;
  }
  throw new UserError('report.error.badDate', { option, value });
}

/** The format asked for, or the default: a table for a person at a terminal, JSON for a pipe. */
export function parseFormat(value: string | undefined, isTTY: boolean): Format {
  if (value === undefined) return isTTY ? 'table' : 'json';
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UserError('report.error.badFormat', { value });
}

function nonEmpty(option: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UserError('report.error.emptyOption', { option });
  return value;
}

export function parseFilter(raw: RawReportOptions): ReportFilter {
  const filter: ReportFilter = {};
  if (raw.since !== undefined) filter.since = parseLocalDate('--since', raw.since);
  if (raw.until !== undefined) filter.until = parseLocalDate('--until', raw.until);
  if (filter.since && filter.until && filter.since > filter.until) {
    throw new UserError('report.error.dateRange', { since: filter.since, until: filter.until });
  }
  const terminal = nonEmpty('--terminal', raw.terminal);
  const operator = nonEmpty('--operator', raw.operator);
  if (terminal !== undefined) filter.terminal = terminal;
  if (operator !== undefined) filter.operator = operator;
  if (raw.flagged) filter.flagged = true;
  return filter;
}

/**
 * The local date a session started on: the date part of its timestamp, which the kiosk wrote in the
 * counter's local time with its offset (the same day that names the log file). Reading it from the
 * text keeps the report the same on every supervisor's machine, whatever its time zone.
 */
export const startDay = (startedAt: string | null): string | null => (startedAt === null ? null : startedAt.slice(0, 10));

export function sessionMatches(s: FoldedSession, f: ReportFilter): boolean {
  if (f.terminal !== undefined && s.terminal !== f.terminal) return false;
  if (f.operator !== undefined && s.operator !== f.operator) return false;
  if (f.flagged && s.flags.length === 0) return false;
  if (f.since !== undefined || f.until !== undefined) {
    // A session known only from bad lines has no start: it cannot be placed in a date range (its
    // problems are still listed under integrity).
    const day = startDay(s.startedAt);
    if (day === null) return false;
    if (f.since !== undefined && day < f.since) return false;
    if (f.until !== undefined && day > f.until) return false;
  }
  return true;
}

/** Follow-ups per session id (the review log). */
export type ReviewsById = ReadonlyMap<string, readonly ReportReview[]>;

/** A folded session as the report document has it. `reviewed`: ids a supervisor has reviewed. */
export function toReportSession(s: FoldedSession, reviewed?: ReadonlySet<string>, reviews?: ReviewsById): ReportSession {
  const history = reviews?.get(s.id);
  const out: ReportSession = {
    id: s.id,
    terminal: s.terminal,
    operator: s.operator,
    checklist: s.checklist,
    checklistVersion: s.checklistVersion,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    outcome: s.outcome,
    logoutConfirmed: s.logoutConfirmed,
    flags: s.flags,
    reviewed: (reviewed?.has(s.id) ?? false) || (history !== undefined && history.length > 0),
    interrupts: (s.details?.interrupts ?? []).map(({ reason, note }) => (note === undefined ? { reason } : { reason, note })),
    skips: s.details?.skips ?? [],
    notApplicable: (s.details?.notApplicable ?? []).map((n) => n.item),
  };
  if (history !== undefined && history.length > 0) out.reviews = history.map(({ at, reviewer, note }) => ({ at, reviewer, note }));
  return out;
}
