// Display-width helpers. Ink 6.8's own truncation overflows by one column on wide (CJK) text,
// so single-line texts are cut here, by display width, before Ink sees them.
import stringWidth from 'string-width';
import { fit as cutTo } from '../report/table.js';

// Each frame measures every cell of every row again (a move of the cursor redraws the list), and
// Japanese text goes through string-width's segmenter: the review list spent about a fifth of a
// frame here. The same strings come back frame after frame, so their widths and cuts are kept,
// a bounded number of them (a long scroll through a city's year meets new rows all the time).
const KEPT = 4096;
const widths = new Map<string, number>();
const cuts = new Map<string, string>();

/** Display columns of `text` (full-width characters count two). */
export function width(text: string): number {
  let w = widths.get(text);
  if (w === undefined) {
    if (widths.size >= KEPT) widths.clear();
    widths.set(text, (w = stringWidth(text)));
  }
  return w;
}

/** `text` cut to at most `columns` display columns, ending in `…` when cut. */
export function fit(text: string, columns: number): string {
  if (width(text) <= columns) return text;
  const key = `${columns}\u0000${text}`;
  let cut = cuts.get(key);
  if (cut === undefined) {
    if (cuts.size >= KEPT) cuts.clear();
    cuts.set(key, (cut = cutTo(text, columns)));
  }
  return cut;
}

/** `text` padded with spaces to exactly `columns` columns (cut first when longer). */
export function pad(text: string, columns: number): string {
  const cut = fit(text, columns);
  return cut + ' '.repeat(Math.max(0, columns - width(cut)));
}

export function clock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = Math.floor(s / 60);
  return `${String(mm).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function dateTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
