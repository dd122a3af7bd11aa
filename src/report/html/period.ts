// The monthly report's period: by default the last full calendar month; written the way Japanese
// statistics write it, the era year with the Western year beside it (令和8年11月（2026年11月）).
import type { Locale } from '../../i18n/locale.js';

export interface Period {
  /** Inclusive local dates, `YYYY-MM-DD`. */
  since: string;
  until: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
/** Days in month `m` (1–12) of year `y`. */
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The calendar month before the one `now` is in (local time). */
export function lastFullMonth(now: Date): Period {
  const y = now.getMonth() === 0 ? now.getFullYear() - 1 : now.getFullYear();
  const m = now.getMonth() === 0 ? 12 : now.getMonth();
  return { since: ymd(y, m, 1), until: ymd(y, m, daysIn(y, m)) };
}

/** Every day of the period, in order (the per-day chart shows days without sessions too). */
export function daysOf(p: Period): string[] {
  const out: string[] = [];
  const [y, m, d] = p.since.split('-').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(y, m - 1, d));
  // At most a few years of days: a longer period is drawn from its days with sessions only.
  for (let i = 0; i < 1000; i++) {
    const day = at.toISOString().slice(0, 10);
    if (day > p.until) return out;
    out.push(day);
    at.setUTCDate(at.getUTCDate() + 1);
  }
  return [];
}

const parts = (day: string) => day.split('-').map(Number) as [number, number, number];
const eraFormat = (opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', timeZone: 'UTC', ...opts });
const utc = (day: string) => {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m - 1, d));
};

/** Whether the period is exactly one calendar month. */
export function isWholeMonth(p: Period): boolean {
  const [y, m, d] = parts(p.since);
  return d === 1 && p.until === ymd(y, m, daysIn(y, m));
}

/** The period in words: 令和8年11月（2026年11月）, or a range of days, in Japanese; in English, Western dates. */
export function periodText(p: Period, locale: Locale): string {
  const [y, m] = parts(p.since);
  if (locale === 'en') {
    if (isWholeMonth(p)) return new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(utc(p.since));
    return `${p.since} – ${p.until}`;
  }
  if (isWholeMonth(p)) return `${eraFormat({ year: 'numeric', month: 'long' }).format(utc(p.since))}（${y}年${m}月）`;
  const day = eraFormat({ year: 'numeric', month: 'long', day: 'numeric' });
  const western = (s: string) => {
    const [a, b, c] = parts(s);
    return `${a}年${b}月${c}日`;
  };
  return `${day.format(utc(p.since))}〜${day.format(utc(p.until))}（${western(p.since)}〜${western(p.until)}）`;
}
