// The local calendar day of an instant: what names a terminal's log file (src/log/time.ts) and what
// a checklist's validity period is judged on (the counter's local time).

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of the local calendar day. */
export function localDay(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError('localDay: invalid date');
  const y = d.getFullYear();
  // Years outside 0..9999 do not fit the file name scheme; they only come from a broken clock.
  if (y < 0 || y > 9999) throw new RangeError(`localDay: year ${y} out of range`);
  return `${pad(y, 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
