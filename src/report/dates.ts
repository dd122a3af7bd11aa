// Dates and times as the counter's clock showed them, for every screen and table that prints one
// (the report's table, the review screen). A record's timestamp is the counter's wall time plus its
// offset (`2026-11-27T09:05:00.000+09:00`); what is shown is that wall time, read from the text, so
// it is the same on every machine whatever its time zone. Japanese shows the era (和暦).
import type { Locale } from '../i18n/locale.js';

const STAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/;

/** The wall time of `2026-11-27T09:05:00.000+09:00` as a UTC instant with the same fields, for Intl. */
function wallClock(ts: string): Date | null {
  const m = STAMP.exec(ts);
  if (!m) return null;
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  return Number.isNaN(at.getTime()) ? null : at;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(key: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' })));
  return f;
}

/** `令和8/11/27 09:05` in Japanese, `2026-11-27 09:05` in English; `-` when unknown. */
export function formatStart(ts: string | null, locale: Locale): string {
  const at = ts === null ? null : wallClock(ts);
  if (at === null || ts === null) return '-';
  if (locale !== 'ja') return `${ts.slice(0, 10)} ${ts.slice(11, 16)}`;
  return dateFormat('ja-time', 'ja-JP-u-ca-japanese', {
    era: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** A counter's day (`2026-11-27`) as a session's start shows it: `令和8/11/27` in Japanese, as it is in English. */
export function formatCounterDay(day: string, locale: Locale): string {
  const at = locale === 'ja' ? wallClock(`${day}T00:00`) : null;
  if (at === null) return day;
  return dateFormat('ja-date', 'ja-JP-u-ca-japanese', { era: 'short', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** `令和8年11月27日` in Japanese, `2026-11-27` in English. */
export function formatDay(ts: string, locale: Locale): string {
  const at = wallClock(ts);
  if (at === null) return ts;
  if (locale !== 'ja') return ts.slice(0, 10);
  return dateFormat('ja-day', 'ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(at);
}

/**
 * A record's time within its session (the timeline): `11/27 09:05:12` in Japanese (the date as in
 * `formatStart`, without the era), `11-27 09:05:12` in English; '' when unknown.
 */
export function formatStamp(ts: string | null, locale: Locale): string {
  if (ts === null || wallClock(ts) === null) return '';
  const sep = locale === 'ja' ? '/' : '-';
  return `${ts.slice(5, 7)}${sep}${ts.slice(8, 10)} ${ts.slice(11, 19).padEnd(8, ':00').slice(0, 8)}`;
}

/** The counter's day of a timestamp, `YYYY-MM-DD` as written ('' when it cannot be read). */
export function counterDay(ts: string | null): string {
  return ts === null || wallClock(ts) === null ? '' : ts.slice(0, 10);
}

/**
 * A logged time as epoch milliseconds (null when unknown): the instant, whatever offset the counter
 * wrote it in. The review list sorts by it, in memory and in the archive's index alike.
 */
export function startMs(ts: string | null): number | null {
  const ms = ts === null ? NaN : Date.parse(ts);
  return Number.isNaN(ms) ? null : ms;
}
