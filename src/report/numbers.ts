// How the report writes its numbers, in every format that draws them (the table and the page).

/** A share as a percentage with one decimal (`0.0%` of nothing). */
export const percent = (part: number, whole: number): string => `${whole > 0 ? ((part / whole) * 100).toFixed(1) : '0.0'}%`;

/** A count with thousands separators (`1,044`), the same in every locale. */
export const count = (n: number): string => n.toLocaleString('en-US');
