// Control characters in text from a log. The kiosk never writes one (its fields drop them as they
// are typed), so a record holding one was written by something else; and printed as it is, an
// escape sequence would recolour or rewrite the supervisor's terminal, a line break fake a line.

/** Text without control characters (C0, DEL, C1): what a log's ids and typed texts are. */
export const NO_CONTROLS = /^[^\u0000-\u001f\u007f-\u009f]*$/;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/** One line for a terminal: each control character written out as `\u001b`, never sent as it is. */
export const printable = (text: string): string =>
  CONTROL.test(text) ? text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
