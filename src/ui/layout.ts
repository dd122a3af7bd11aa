// How big the frame is, from the terminal's size: the whole height, up to a readable width (centred
// beyond it), and below the smallest size the screens are drawn for, a notice instead of a garbled
// frame. Pure, so the sizes can be tested without a terminal.

/** The smallest terminal the screens are drawn for. */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;
/** Lines wider than this are hard to read at a counter: wider terminals centre the frame. */
export const MAX_WIDTH = 110;

export interface TerminalSize {
  columns: number;
  rows: number;
}

export interface Layout {
  /** The terminal is smaller than MIN_COLUMNS × MIN_ROWS: only the "enlarge" notice is drawn. */
  tooSmall: boolean;
  size: TerminalSize;
  /** The frame, border included. */
  width: number;
  height: number;
  /** Columns inside the border and padding. */
  inner: number;
  /** Rows between the title line and the notice line. */
  body: number;
}

/** Lines of the notice (it wraps, never cut); the frame always keeps them, so nothing jumps. */
export const NOTICE_ROWS = 2;
/** Frame lines that are not body: two border lines, the title, the gap under it, notice, key hints. */
const CHROME_ROWS = 5 + NOTICE_ROWS;
/** Columns that are not text: two border columns and one column of padding each side. */
const CHROME_COLUMNS = 4;

export function layoutFor(size: TerminalSize): Layout {
  const tooSmall = size.columns < MIN_COLUMNS || size.rows < MIN_ROWS;
  const width = tooSmall ? MIN_COLUMNS : Math.min(size.columns, MAX_WIDTH);
  // One row short of the terminal: Ink 6.8 clears and redraws the whole terminal on every frame
  // once its output is as tall as the terminal (flicker); the last row holds the cursor.
  const height = tooSmall ? MIN_ROWS - 1 : size.rows - 1;
  return { tooSmall, size, width, height, inner: width - CHROME_COLUMNS, body: height - CHROME_ROWS };
}

/** The size the screens are drawn for where the terminal does not say (a pipe, a test renderer). */
export const DEFAULT_SIZE: TerminalSize = { columns: MIN_COLUMNS, rows: MIN_ROWS };
export const DEFAULT_LAYOUT = layoutFor(DEFAULT_SIZE);
