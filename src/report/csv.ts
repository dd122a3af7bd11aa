// `--format csv` for Excel: UTF-8 with a BOM (else Excel reads Japanese as Shift_JIS), RFC 4180
// quoting, CRLF, one row per session, flags joined with `;`.
//
// Excel turns `0012` into 12, `1-2` into a date and `1.10` into 1.1 when it opens a CSV. Staff and
// terminal ids and the checklist version are therefore written as text formulas, `="0012"`, which
// Excel shows as the text 0012; the value stays inside a string literal, so it can never become a
// formula of its own. Other free text starting with = + - @ gets a leading apostrophe (the usual
// guard against CSV formula injection).
import type { ReportSession } from './document.js';
import type { Output } from './output.js';
import type { IntegrityItem } from './problems.js';
import type { Formatter } from './run.js';

export const BOM = '\uFEFF';
export const CSV_COLUMNS = [
  'id',
  'terminal',
  'operator',
  'checklist',
  'checklistVersion',
  'startedAt',
  'endedAt',
  'outcome',
  'logoutConfirmed',
  'flags',
  'reviewed',
  // The reasons, as ids (the HTML page words them as the checklists do): interrupt reason ids and
  // the items left skipped, joined with `;`; the reasons typed for those skips, joined with ` / `.
  'interrupts',
  'skips',
  'skipReasons',
  'notApplicable',
] as const satisfies readonly (keyof ReportSession | 'skipReasons')[];

/** One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Excel's longest string literal in a formula. */
const EXCEL_LITERAL_MAX = 255;

/** A value Excel must show as text, exactly: `="…"`. */
export function excelText(value: string | null): string {
  if (value === null || value === '') return '';
  if (value.length > EXCEL_LITERAL_MAX) return guardFormula(value);
  return `="${value.replace(/"/g, '""')}"`;
}

/** Free text that Excel would otherwise run as a formula gets a leading apostrophe. */
export function guardFormula(value: string | null): string {
  if (value === null) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvRow(s: ReportSession): string {
  const cells = [
    guardFormula(s.id),
    excelText(s.terminal),
    excelText(s.operator),
    guardFormula(s.checklist),
    excelText(s.checklistVersion),
    s.startedAt ?? '',
    s.endedAt ?? '',
    s.outcome,
    String(s.logoutConfirmed),
    s.flags.join(';'),
    String(s.reviewed),
    // Ids from the log, so from whoever wrote it: guarded like free text (a forged `=1+2` id).
    guardFormula(s.interrupts.map((i) => i.reason).join(';')),
    guardFormula(s.skips.map((k) => k.item).join(';')),
    guardFormula(s.skips.map((k) => k.reason ?? '').filter((r) => r !== '').join(' / ')),
    guardFormula(s.notApplicable.join(';')),
  ];
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** `err` receives the log problems (the CSV has one row per session and no room for them). */
export function csvFormatter(out: Output, err: (line: string) => void, describe: (p: IntegrityItem) => string): Formatter {
  return {
    begin: () => out.write(`${BOM}${CSV_COLUMNS.join(',')}\r\n`),
    session: (s) => out.write(csvRow(s)),
    async end(_summary, integrity) {
      await out.flush();
      for await (const p of integrity.items()) err(describe(p));
    },
  };
}
