// `--format table`, for a supervisor at a terminal: incomplete sessions first (written as they are
// found), then the others (kept in a spool until the input ends), then a summary per terminal with a
// bar of the incomplete share, the totals, and the log problems. Columns fit 80 terminal columns,
// counting full-width characters as two; times are the counter's local time, with the Japanese era
// (和暦) in Japanese (src/report/dates.ts).
import stringWidth from 'string-width';
import type { Locale } from '../i18n/locale.js';
import type { Translate } from '../i18n/index.js';
import { FLAGS, type Flag, type SessionOutcome } from '../domain/flags.js';
import type { ReportSession } from './document.js';
import type { Output } from './output.js';
import { describeProblem } from './problems.js';
import type { Formatter } from './run.js';
import { Spool } from './spool.js';
import type { SummaryTally } from './summary.js';
import { count, percent } from './numbers.js';
import { formatDay, formatStart } from './dates.js';
import type { ChecklistLabels } from '../checklist/labels.js';

const OUTCOMES: readonly SessionOutcome[] = ['completed', 'interrupted', 'recovered', 'open'];
const GAP = '  ';
const ID_WIDTH = 8;
const BAR_CELLS = 10;
/** Terminal and staff ids longer than this are cut (the JSON and CSV keep them whole). */
const ID_COLUMN_MAX = 16;

// ---------------------------------------------------------------------------------------------
// Cells: padded and cut by display width (a full-width character takes two columns).
// ---------------------------------------------------------------------------------------------

/** `text` cut to `width` columns (ending in `…` when cut). */
export function fit(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = stringWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

export const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - stringWidth(text)));
export const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - stringWidth(text))) + text;

/**
 * Words laid into lines of at most `width` columns; a word wider than a line is cut. A line that
 * breaks keeps its trailing separator (`、`) only when it still fits.
 */
export function wrap(words: readonly string[], separator: string, width: number): string[] {
  const lines: string[] = [];
  const tail = separator.trimEnd();
  let line = '';
  for (const raw of words) {
    const word = fit(raw, width);
    if (line !== '' && stringWidth(`${line}${separator}${word}`) > width) {
      lines.push(stringWidth(line + tail) <= width ? line + tail : line);
      line = word;
    } else {
      line = line === '' ? word : `${line}${separator}${word}`;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** `[###.......]`: ASCII, so it keeps its width in terminals that draw block characters wide. */
export function bar(part: number, whole: number, cells = BAR_CELLS): string {
  const share = whole > 0 ? part / whole : 0;
  // Any incomplete session shows at least one mark: a small share must not look like none.
  const filled = part > 0 ? Math.max(1, Math.round(share * cells)) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(cells - filled)}]`;
}


/** The flow column: narrower than this says nothing; wider than this is never needed. */
export const FLOW_MIN = 6;
export const FLOW_MAX = 16;

/**
 * Flexible cells of a row, from `free` columns (what the fixed cells and the narrowest flags column
 * leave): the ids get `ids.first`, then the flow up to FLOW_MAX, then the ids up to `ids.max`; the
 * rest widens the flags.
 */
export function flexWidths(free: number, ids: { min: number; first: number; max: number }): { ids: number; flow: number } {
  const first = Math.max(ids.min, Math.min(ids.first, free - FLOW_MIN));
  const flow = Math.max(FLOW_MIN, Math.min(FLOW_MAX, free - first));
  return { ids: Math.max(first, Math.min(ids.max, free - flow)), flow };
}

/** A session's flow: its checklist's title in the reader's language, else its id ('-' when unknown). */
export function flowName(labels: ChecklistLabels, checklist: string | null): string {
  return checklist === null ? '-' : (labels.title(checklist) ?? checklist);
}

// ---------------------------------------------------------------------------------------------
// Layout of the session rows.
// ---------------------------------------------------------------------------------------------

export interface Layout {
  start: number;
  terminal: number;
  operator: number;
  outcome: number;
  flags: number;
}

/** Column widths for `width` terminal columns: fixed ones first, ids share what the flags leave. */
export function layout(tr: Translate, locale: Locale, width: number): Layout {
  const w = (s: string) => stringWidth(s);
  const start = Math.max(w(tr('report.table.col.start')), w(formatStart('2030-12-31T23:59:00.000+09:00', locale)));
  const outcome = Math.max(w(tr('report.table.col.outcome')), ...OUTCOMES.map((o) => w(tr(`report.outcome.${o}`))));
  const flagsMin = Math.max(w(tr('report.table.col.flags')), ...FLAGS.map((f) => w(tr(`report.flag.${f}`))));
  const fixed = ID_WIDTH + start + outcome + GAP.length * 5;
  const ids = Math.max(12, Math.min(2 * ID_COLUMN_MAX, width - fixed - flagsMin));
  const terminal = Math.ceil(ids / 2);
  const operator = ids - terminal;
  return { start, terminal, operator, outcome, flags: Math.max(flagsMin, width - fixed - ids) };
}

function header(tr: Translate, l: Layout): string {
  const cols = [
    padEnd(tr('report.table.col.id'), ID_WIDTH),
    padEnd(tr('report.table.col.start'), l.start),
    padEnd(tr('report.table.col.terminal'), l.terminal),
    padEnd(tr('report.table.col.operator'), l.operator),
    padEnd(tr('report.table.col.outcome'), l.outcome),
    tr('report.table.col.flags'),
  ];
  return `${cols.join(GAP).trimEnd()}\n`;
}

/** One session: one line, more when its flags wrap (continued under the flags column). */
export function sessionRow(s: ReportSession, tr: Translate, locale: Locale, l: Layout): string {
  const flags = wrap(
    // A session a supervisor has followed up says so after its flags.
    [...s.flags.map((f: Flag) => tr(`report.flag.${f}`)), ...(s.reviewed ? [tr('report.table.reviewed')] : [])],
    tr('report.table.flagSeparator'),
    l.flags,
  );
  const first = [
    padEnd(fit(s.id.slice(0, ID_WIDTH), ID_WIDTH), ID_WIDTH),
    padEnd(formatStart(s.startedAt, locale), l.start),
    padEnd(fit(s.terminal || '-', l.terminal), l.terminal),
    padEnd(fit(s.operator ?? '-', l.operator), l.operator),
    padEnd(tr(`report.outcome.${s.outcome}`), l.outcome),
    flags[0] ?? '',
  ];
  const indent = ' '.repeat(ID_WIDTH + l.start + l.terminal + l.operator + l.outcome + GAP.length * 5);
  const lines = [first.join(GAP).trimEnd(), ...flags.slice(1).map((f) => indent + f)];
  return `${lines.join('\n')}\n`;
}

export interface TableOptions {
  locale: Locale;
  tr: Translate;
  /** Terminal columns to fit (80 when not a terminal). */
  width: number;
  /** `--flagged`: only incomplete sessions are counted, so a share would always read 100%. */
  flaggedOnly?: boolean;
}

export function tableFormatter(out: Output, { locale, tr, width, flaggedOnly = false }: TableOptions): Formatter {
  const l = layout(tr, locale, width);
  const complete = new Spool<string>();
  let incomplete = 0;
  return {
    begin: () => out.write(`${tr('report.table.incomplete')}\n`),
    session(s) {
      const row = sessionRow(s, tr, locale, l);
      if (s.flags.length === 0) {
        complete.push(row);
        return;
      }
      return out.write(incomplete++ === 0 ? `${header(tr, l)}${row}` : row);
    },
    async end(summary, integrity) {
      try {
        if (incomplete === 0) await out.write(`${tr(summary.sessions === 0 ? 'report.table.none' : 'report.table.noIncomplete')}\n`);
        if (complete.count > 0) {
          await out.write(`\n${tr('report.table.complete')}\n${header(tr, l)}`);
          for await (const row of complete.items()) {
            const wait = out.write(row);
            if (wait) await wait;
          }
        }
      } finally {
        complete.dispose();
      }
      await out.write(summaryBlock(summary, tr, locale, width, flaggedOnly));
      if (integrity.count > 0) {
        await out.write(`\n${tr('report.table.integrity', { count: count(integrity.count) })}\n`);
        for await (const p of integrity.items()) {
          const wait = out.write(`${describeProblem(tr, p)}\n`);
          if (wait) await wait;
        }
      }
      await out.flush();
    },
  };
}

/** The per-terminal table with its bars, the totals, the flags and the period. */
export function summaryBlock(summary: SummaryTally, tr: Translate, locale: Locale, lineWidth = 80, flaggedOnly = false): string {
  if (summary.sessions === 0) return '';
  // "フラグ別: " takes the first line's start; the flags wrap under it.
  const byFlagIndent = stringWidth(tr('report.table.byFlag', { flags: '' }));
  const width = lineWidth - byFlagIndent;
  const terminals = summary.byTerminal();
  const total = tr('report.table.total');
  const idWidth = Math.min(24, Math.max(stringWidth(tr('report.table.col.terminal')), stringWidth(total), ...terminals.map(([id]) => stringWidth(id))));
  const sWidth = Math.max(stringWidth(tr('report.table.col.sessions')), count(summary.sessions).length);
  const iWidth = Math.max(stringWidth(tr('report.table.col.incomplete')), count(summary.incomplete).length);
  const line = (id: string, sessions: number, incomplete: number) =>
    [
      padEnd(fit(id, idWidth), idWidth),
      padStart(count(sessions), sWidth),
      padStart(count(incomplete), iWidth),
      // Over flagged sessions only, every share would be 100%: none is drawn, and a line says why.
      ...(flaggedOnly ? [] : [bar(incomplete, sessions), padStart(percent(incomplete, sessions), 6)]),
    ].join(GAP);
  const head = [
    padEnd(tr('report.table.col.terminal'), idWidth),
    padStart(tr('report.table.col.sessions'), sWidth),
    padStart(tr('report.table.col.incomplete'), iWidth),
    ...(flaggedOnly ? [] : [tr('report.table.col.share')]),
  ].join(GAP);
  const lines = [
    '',
    tr('report.table.byTerminal'),
    ...(flaggedOnly ? [tr('report.table.flaggedOnly')] : []),
    head,
    ...terminals.map(([id, c]) => line(id, c.sessions, c.incomplete)),
    line(total, summary.sessions, summary.incomplete),
    '',
    tr('report.table.totals', { sessions: count(summary.sessions), completed: count(summary.completed), incomplete: count(summary.incomplete) }),
    ...wrap(
      FLAGS.map((f) => `${tr(`report.flag.${f}`)} ${count(summary.byFlag[f])}`),
      tr('report.table.flagSeparator'),
      width,
    ).map((text, i) => (i === 0 ? tr('report.table.byFlag', { flags: text }) : `${' '.repeat(byFlagIndent)}${text}`)),
  ];
  if (summary.firstStart !== null && summary.lastStart !== null) {
    lines.push(tr('report.table.period', { from: formatDay(summary.firstStart, locale), to: formatDay(summary.lastStart, locale) }));
  }
  return `${lines.join('\n')}\n`;
}
