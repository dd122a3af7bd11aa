// Local timestamps for the log: ISO 8601 with the local offset (never a bare "Z"), and the local day
// that names a terminal's log file.
import { localDay } from '../domain/day.js';

export { localDay };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `2026-11-27T14:41:43.123+09:00`: local wall time, milliseconds, and the offset (`+00:00`, not `Z`). */
export function isoWithOffset(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError('isoWithOffset: invalid date');
  // getTimezoneOffset() is minutes *behind* UTC (Tokyo: -540), so the sign flips.
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return (
    `${localDay(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

