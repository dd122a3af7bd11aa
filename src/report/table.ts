// `--format table`, for a supervisor at a terminal: incomplete sessions first (written as they are
// found), then the others (kept in a spool until the input ends), then a summary per terminal with a
// bar of the incomplete share, the totals, and the log problems. Columns fit the terminal's width
// (80 to 160 columns; 80 when not a terminal, see `tableWidth` in src/report/command.ts), counting
// full-width characters as two; times are the counter's local time, with the Japanese era
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
import { NO_LABELS, type ChecklistLabels } from '../checklist/labels.js';

const OUTCOMES: readonly SessionOutcome[] = ['completed', 'interrupted', 'recovered', 'open'];
const GAP = '  ';
const ID_WIDTH = 8;
const BAR_CELLS = 10;
/** Terminal and staff ids longer than this are cut (the JSON and CSV keep them whole). */
const ID_COLUMN_MAX = 16;
/** Between the cells of a session row (one column: eight cells must hold at 80 columns). */
const CELL_GAP = ' ';
const ROW_CELLS = 8;

// ---------------------------------------------------------------------------------------------
// Cells: padded and cut by display width (a full-width character takes two columns).
// ---------------------------------------------------------------------------------------------

const graphemes = new Intl.Segmenter();

/**
 * `text` cut to `width` columns (ending in `…` when cut), between whole characters as a reader sees
 * them (a flag, an emoji joined by ZWJ, a letter with its combining mark stay whole). The screens
 * cut with this too (src/ui/text.ts keeps what it returns).
 */
export function fit(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/**
 * A terminal or staff id cut to `width` columns in the middle (`MINA…-01`), not at its end: the
 * terminals of one ward share their start (MINAMI-01 to MINAMI-05), and cut at the end they would
 * all read `MINAMI-…`. The end keeps half of what is left, the start the rest.
 */
export function fitId(id: string, width: number): string {
  if (stringWidth(id) <= width) return id;
  if (width < 4) return fit(id, width);
  const parts = [...graphemes.segment(id)].map(({ segment }) => segment);
  let tail = '';
  for (let i = parts.length - 1, room = Math.floor((width - 1) / 2); i >= 0 && stringWidth(parts[i]! + tail) <= room; i--) tail = parts[i]! + tail;
  // A full-width last character wider than half: still the end that tells ids apart.
  const last = parts[parts.length - 1]!;
  if (tail === '' && stringWidth(last) <= width - 2) tail = last;
  return `${fit(id, width - stringWidth(tail)).slice(0, -1)}…${tail}`;
}

export const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - stringWidth(text)));
export const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - stringWidth(text))) + text;

const wordSegmenters = new Map<string, Intl.Segmenter>();
/** The locale's word segmenter, made once. */
function wordSegmenter(locale: string): Intl.Segmenter {
  let seg = wordSegmenters.get(locale);
  if (!seg) wordSegmenters.set(locale, (seg = new Intl.Segmenter(locale, { granularity: 'word' })));
  return seg;
}

/**
 * A word wider than `width` as pieces that each fit: broken between its parts (`ログアウト|未確認`,
 * `unclean-|exit`, by the locale's word segmenter), and by characters only where one part is
 * still too wide. Nothing is dropped: a flag is never cut.
 */
export function breakWord(word: string, width: number, locale: string = 'ja'): string[] {
  const parts: string[] = [];
  for (const { segment } of wordSegmenter(locale).segment(word)) {
    if (stringWidth(segment) <= width) parts.push(segment);
    else for (const { segment: g } of graphemes.segment(segment)) parts.push(g);
  }
  const pieces: string[] = [];
  let piece = '';
  for (const part of parts) {
    if (piece !== '' && stringWidth(piece + part) > width) {
      pieces.push(piece.trimEnd());
      piece = '';
    }
    // A space where the word breaks is dropped: no piece starts or ends with one.
    if (piece !== '' || part.trim() !== '') piece += part;
  }
  if (piece.trim() !== '') pieces.push(piece.trimEnd());
  return pieces;
}

/** The display width of the widest word (by the locale's word segmenter) of any of `texts`. */
function longestWord(texts: readonly string[], locale: string): number {
  let widest = 0;
  for (const text of texts) for (const { segment } of wordSegmenter(locale).segment(text)) widest = Math.max(widest, stringWidth(segment));
  return widest;
}

/**
 * Words laid into lines of at most `width` columns; a word wider than a line starts a line of its
 * own and goes on over the next (`breakWord`), never cut. A line that breaks keeps its trailing
 * separator (`、`) only when it still fits.
 */
export function wrap(words: readonly string[], separator: string, width: number, locale: string = 'ja'): string[] {
  const lines: string[] = [];
  const tail = separator.trimEnd();
  let line = '';
  const end = () => lines.push(stringWidth(line + tail) <= width ? line + tail : line);
  for (const word of words) {
    if (stringWidth(word) > width) {
      if (line !== '') end();
      const pieces = breakWord(word, width, locale);
      lines.push(...pieces.slice(0, -1));
      line = pieces.at(-1) ?? '';
    } else if (line !== '' && stringWidth(`${line}${separator}${word}`) > width) {
      end();
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

/**
 * A session's flow: its checklist's title in the reader's language, in the words of the version it
 * ran (a session of an older version keeps its own title), else its id ('-' when unknown).
 */
export function flowName(labels: ChecklistLabels, checklist: string | null, version?: string | null): string {
  return checklist === null ? '-' : (labels.title(checklist, version) ?? checklist);
}

// ---------------------------------------------------------------------------------------------
// Layout of the session rows.
// ---------------------------------------------------------------------------------------------

export interface Layout {
  start: number;
  terminal: number;
  operator: number;
  flow: number;
  outcome: number;
  reviewed: number;
  flags: number;
}

/** The narrowest table (a pipe, a file, a test: always this). */
export const TABLE_MIN_WIDTH = 80;
/** At 80 columns: each id gets 8 columns, the flow 9 (its title cut by display width; 7 in English). */
const ID_CELL = 8;
const FLOW_CELL = 9;
/** The report's flow column never needs more than this (the review list's is FLOW_MAX). */
const TABLE_FLOW_MAX = 20;

/**
 * Column widths for `width` terminal columns (at least 80). At 80: the fixed cells (id, start,
 * outcome, the reviewed mark), 8 columns for each of terminal and staff, 9 for the flow, and the
 * rest for the flags (12 in Japanese, 9 in English: a longer flag goes on over a second line
 * between its words, see `wrap`; where one word would not fit, "interrupted" in English, the flow
 * gives up columns to it). A wider terminal gives its extra columns first to the flags until the
 * longest flag fits on one line, then to the flow (up to 20), then to the ids (up to 16 each), then
 * to the flags again. No cell is narrower than its header, so a header is never cut.
 */
export function layout(tr: Translate, locale: Locale, width: number): Layout {
  const w = (s: string) => stringWidth(s);
  const head = (col: string) => w(tr(`report.table.col.${col}` as Parameters<Translate>[0]));
  const start = Math.max(head('start'), w(formatStart('2030-12-31T23:59:00.000+09:00', locale)));
  const outcome = Math.max(head('outcome'), ...OUTCOMES.map((o) => w(tr(`report.outcome.${o}`))));
  const reviewed = Math.max(head('reviewed'), w(tr('report.table.reviewed')));
  const flagsMin = Math.max(head('flags'), ...FLAGS.map((f) => w(tr(`report.flag.${f}`))));
  const fixed = ID_WIDTH + start + outcome + reviewed + CELL_GAP.length * (ROW_CELLS - 1);
  let terminal = Math.max(ID_CELL, head('terminal'));
  let operator = Math.max(ID_CELL, head('operator'));
  let flow = Math.max(FLOW_CELL, head('flow'));
  let flags = Math.max(head('flags'), TABLE_MIN_WIDTH - fixed - terminal - operator - flow);
  // A flag may go on over a second line between its words, but no word of it is broken
  // (`interrupt|ed` at 80 columns in English): the flow, whose title is cut anyway, gives up
  // columns for that, down to its narrowest.
  const lend = Math.min(Math.max(0, longestWord(FLAGS.map((f) => tr(`report.flag.${f}`)), locale) - flags), flow - FLOW_MIN);
  flow -= lend;
  flags += lend;
  let extra = Math.max(0, width - fixed - terminal - operator - flow - flags);
  const give = (want: number) => {
    const n = Math.max(0, Math.min(extra, want));
    extra -= n;
    return n;
  };
  flags += give(flagsMin - flags);
  flow += give(TABLE_FLOW_MAX - flow);
  const ids = give(Math.max(0, ID_COLUMN_MAX - terminal) + Math.max(0, ID_COLUMN_MAX - operator));
  terminal += Math.ceil(ids / 2);
  operator += Math.floor(ids / 2);
  flags += extra;
  return { start, terminal, operator, flow, outcome, reviewed, flags };
}

/** The columns before the flags, each padded to its width (a header or a session's first line). */
function cells(l: Layout, c: { id: string; start: string; terminal: string; operator: string; flow: string; outcome: string; reviewed: string }): string {
  return [
    padEnd(fit(c.id, ID_WIDTH), ID_WIDTH),
    padEnd(fit(c.start, l.start), l.start),
    padEnd(fitId(c.terminal, l.terminal), l.terminal),
    padEnd(fitId(c.operator, l.operator), l.operator),
    padEnd(fit(c.flow, l.flow), l.flow),
    padEnd(fit(c.outcome, l.outcome), l.outcome),
    padEnd(fit(c.reviewed, l.reviewed), l.reviewed),
  ].join(CELL_GAP);
}

function header(tr: Translate, l: Layout): string {
  const head = cells(l, {
    id: tr('report.table.col.id'),
    start: tr('report.table.col.start'),
    terminal: tr('report.table.col.terminal'),
    operator: tr('report.table.col.operator'),
    flow: tr('report.table.col.flow'),
    outcome: tr('report.table.col.outcome'),
    reviewed: tr('report.table.col.reviewed'),
  });
  return `${`${head}${CELL_GAP}${tr('report.table.col.flags')}`.trimEnd()}\n`;
}

/** One session: one line, more when its flags wrap (continued under the flags column). */
export function sessionRow(s: ReportSession, tr: Translate, locale: Locale, l: Layout, labels: ChecklistLabels = NO_LABELS): string {
  const flags = wrap(
    s.flags.map((f: Flag) => tr(`report.flag.${f}`)),
    tr('report.table.flagSeparator'),
    l.flags,
    locale,
  );
  const first = cells(l, {
    id: s.id.slice(0, ID_WIDTH),
    start: formatStart(s.startedAt, locale),
    terminal: s.terminal || '-',
    operator: s.operator ?? '-',
    flow: flowName(labels, s.checklist, s.checklistVersion),
    outcome: tr(`report.outcome.${s.outcome}`),
    // A session a supervisor has followed up (in review) says so in its own column.
    reviewed: s.reviewed ? tr('report.table.reviewed') : '',
  });
  const indent = ' '.repeat(stringWidth(first) + CELL_GAP.length);
  const lines = [`${first}${CELL_GAP}${flags[0] ?? ''}`.trimEnd(), ...flags.slice(1).map((f) => indent + f)];
  return `${lines.join('\n')}\n`;
}

export interface TableOptions {
  locale: Locale;
  tr: Translate;
  /** Terminal columns to fit (80 when not a terminal). */
  width: number;
  /** `--flagged`: only incomplete sessions are counted, so a share would always read 100%. */
  flaggedOnly?: boolean;
  /** The installed checklists' words: the flow column's titles (ids without them). */
  labels?: ChecklistLabels;
}

export function tableFormatter(out: Output, { locale, tr, width, flaggedOnly = false, labels = NO_LABELS }: TableOptions): Formatter {
  const l = layout(tr, locale, width);
  const complete = new Spool<string>();
  let incomplete = 0;
  return {
    begin: () => out.write(`${tr('report.table.incomplete')}\n`),
    session(s) {
      const row = sessionRow(s, tr, locale, l, labels);
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
      padEnd(fitId(id, idWidth), idWidth),
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
