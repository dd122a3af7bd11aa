// The list screen: totals, a bar per terminal of its incomplete share, the filter line, and the
// rows of the window around the cursor (never more: 100,000 sessions draw like 10).
import { Box, Text } from 'ink';
import type { Translate } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { bar, fitId, flexWidths, flowName } from '../../report/table.js';
import { flagsText, counterDateTime, outcomeText, type ChecklistLabels } from '../../review/describe.js';
import type { SessionRow } from '../../review/load.js';
import { FLAGS } from '../../domain/flags.js';
import { FILTER_FIELDS, type FilterField } from '../../review/filters.js';
import { visibleRows, type ReviewModel } from '../../review/model.js';
import type { TerminalStats } from '../../review/stats.js';
import { useUi } from '../context.js';
import { useLayout } from '../size.js';
import { DEFAULT_LAYOUT } from '../layout.js';
import { fit, pad, width } from '../text.js';

const count = (n: number) => n.toLocaleString('en-US');

/** Bar cells: three per line, two lines; each `TERMINAL-ID [######] 100%`. */
const CELL_ID = 10;
const CELL_BAR = 6;
const CELL = CELL_ID + 1 + CELL_BAR + 2 + 1 + 4;
const CELLS_PER_LINE = 3;
const CELL_LINES = 2;
/** The widest start a row shows: a two-digit era year. */
const LATEST = '2030-12-31T23:59:00.000+09:00';
/** Terminal and staff ids: this wide before the flow column grows, at most ID_MAX. */
const ID = 8;
const ID_MAX = 10;
/** Filter lines under the bars (two fields each). */
const FILTER_LINES = 2;
/**
 * Lines the list draws that are not session rows: the totals, the bar lines, the filter lines and
 * the column header. The window gets every other line of the body.
 */
export const LIST_CHROME = 1 + CELL_LINES + FILTER_LINES + 1;

export function ListBody({ model, editing, labels }: { model: ReviewModel; editing: FilterField | null; labels: ChecklistLabels }) {
  const { inner } = useLayout();
  const { t } = useUi();
  if (model.loading) {
    const pct = Math.floor(model.loading.share * 100);
    return (
      <Box flexDirection="column">
        <Text>{fit(t('review.loading', { n: count(model.loading.sessions), pct }), inner)}</Text>
        <Text>{bar(pct, 100, 40)}</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Summary model={model} />
      <TerminalBars terminals={model.stats.terminals} />
      <FilterLines model={model} editing={editing} />
      <Rows model={model} labels={labels} />
    </Box>
  );
}

function Summary({ model }: { model: ReviewModel }) {
  const { inner } = useLayout();
  const { t } = useUi();
  const s = model.stats;
  return <Text bold>{fit(t('review.summary', { sessions: count(s.sessions), incomplete: count(s.incomplete), unreviewed: count(s.unreviewed) }), inner)}</Text>;
}

/** The worst share first; with more terminals than cells, the last cell says how many are left out. */
export function barCells(terminals: readonly TerminalStats[]): (TerminalStats | { more: number })[] {
  const max = CELLS_PER_LINE * CELL_LINES;
  const share = (x: TerminalStats) => (x.sessions > 0 ? x.incomplete / x.sessions : 0);
  const sorted = [...terminals].sort((a, b) => share(b) - share(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (sorted.length <= max) return sorted;
  return [...sorted.slice(0, max - 1), { more: sorted.length - (max - 1) }];
}

function TerminalBars({ terminals }: { terminals: readonly TerminalStats[] }) {
  const { inner } = useLayout();
  const { t } = useUi();
  const cells = barCells(terminals).map((c) => {
    if ('more' in c) return pad(t('review.moreTerminals', { n: c.more }), CELL);
    const pct = `${c.sessions > 0 ? Math.round((c.incomplete / c.sessions) * 100) : 0}%`;
    return `${pad(fitId(c.id, CELL_ID), CELL_ID)} ${bar(c.incomplete, c.sessions, CELL_BAR)} ${pct.padStart(4)}`;
  });
  const lines: string[] = [];
  for (let i = 0; i < CELL_LINES; i++) lines.push(cells.slice(i * CELLS_PER_LINE, (i + 1) * CELLS_PER_LINE).join('  '));
  return (
    <Box flexDirection="column" height={CELL_LINES}>
      {lines.map((line, i) => (
        <Text key={i}>{fit(line, inner)}</Text>
      ))}
    </Box>
  );
}

/** A filter's value as shown: "all", a flag's name, or the typed text. */
export function filterValue(t: Translate, field: FilterField, value: string): string {
  if (value === '') return t('review.filter.all');
  if (field === 'flag') {
    if (value === 'incomplete') return t('review.filter.incomplete');
    if (value === 'complete') return t('review.filter.complete');
    const flag = FLAGS.find((f) => f === value);
    if (flag) return t(`report.flag.${flag}`);
  }
  return value;
}

function FilterLines({ model, editing: at }: { model: ReviewModel; editing: FilterField | null }) {
  const { inner } = useLayout();
  const { t } = useUi();
  const label = t('review.filter.label');
  const indent = width(label) + 2;
  const column = Math.floor((inner - indent) / 2);
  const field = (f: FilterField) => {
    const name = `${t(`review.filter.${f}`)}: `;
    const editing = at === f;
    const raw = model.filters[f];
    const room = column - width(name) - 2;
    const value = fit(filterValue(t, f, raw), room);
    return (
      <Box key={f} width={column}>
        <Text>{name}</Text>
        <Text inverse={editing} dimColor={!editing && raw === ''} underline={editing}>
          {value}
        </Text>
        {editing ? <Text inverse> </Text> : null}
      </Box>
    );
  };
  const [a, b, c, d] = FILTER_FIELDS as [FilterField, FilterField, FilterField, FilterField];
  return (
    <Box flexDirection="column" height={FILTER_LINES}>
      <Box>
        <Text bold={at !== null}>{pad(label, indent)}</Text>
        {field(a)}
        {field(b)}
      </Box>
      <Box>
        <Text>{' '.repeat(indent)}</Text>
        {field(c)}
        {field(d)}
      </Box>
    </Box>
  );
}

export interface Columns {
  reviewed: number;
  start: number;
  terminal: number;
  operator: number;
  flow: number;
  outcome: number;
  flags: number;
}

/** Cells of a row: the cursor and the reviewed mark, start, terminal, staff, flow, outcome, flags. */
const ROW_CELLS = 7;

/**
 * Column widths for `inner` columns: the fixed cells, then ids and the flow as in the report's table
 * (src/report/table.ts); a wider terminal gives what is left to the flags.
 */
export function columns(t: Translate, locale: Locale, inner: number = DEFAULT_LAYOUT.inner): Columns {
  const outcome = Math.max(
    width(t('review.col.outcome')),
    ...(['completed', 'interrupted', 'recovered', 'open'] as const).map((o) => width(outcomeText(t, o))),
  );
  const reviewed = Math.max(width(t('review.col.reviewed')), width(t('review.list.reviewedMark')));
  // As wide as the latest start the table can show (a two-digit era year).
  const start = width(counterDateTime(LATEST, locale));
  const flagsMin = Math.max(width(t('review.col.flags')), ...FLAGS.map((f) => width(t(`report.flag.${f}`))));
  const fixed = 1 + reviewed + start + outcome + (ROW_CELLS - 1);
  const { ids, flow } = flexWidths(inner - fixed - flagsMin, { min: 12, first: 2 * ID, max: 2 * ID_MAX });
  const terminal = Math.ceil(ids / 2);
  return { reviewed, start, terminal, operator: ids - terminal, flow, outcome, flags: inner - fixed - ids - flow };
}

function cells(c: Columns, x: { lead: string; reviewed: string; start: string; terminal: string; operator: string; flow: string; outcome: string; flags: string }): string {
  return [
    `${x.lead}${pad(x.reviewed, c.reviewed)}`,
    pad(x.start, c.start),
    pad(fitId(x.terminal, c.terminal), c.terminal),
    pad(fitId(x.operator, c.operator), c.operator),
    pad(x.flow, c.flow),
    pad(x.outcome, c.outcome),
    pad(x.flags, c.flags),
  ].join(' ');
}

/** The column header, exactly as wide as a row. */
export function headText(t: Translate, c: Columns): string {
  return cells(c, {
    lead: ' ',
    reviewed: t('review.col.reviewed'),
    start: t('review.col.start'),
    terminal: t('review.col.terminal'),
    operator: t('review.col.operator'),
    flow: t('review.col.flow'),
    outcome: t('review.col.outcome'),
    flags: t('review.col.flags'),
  });
}

/**
 * The rows' texts as last drawn: a move of the cursor redraws the window, and all but two of its
 * rows read as before (their dates, flags and cuts are worked out once, not every frame).
 */
const drawn = new WeakMap<SessionRow, { t: Translate; labels: ChecklistLabels; key: string; text: string }>();

/** `rowText`, kept per row while its columns, marks and words stay the same. */
function rowTextKept(t: Translate, locale: Locale, labels: ChecklistLabels, c: Columns, row: SessionRow, current: boolean, reviewed: boolean): string {
  const key = `${locale} ${current} ${reviewed} ${Object.values(c).join(' ')}`;
  const last = drawn.get(row);
  if (last && last.t === t && last.labels === labels && last.key === key) return last.text;
  const text = rowText(t, locale, labels, c, row, current, reviewed);
  drawn.set(row, { t, labels, key, text });
  return text;
}

/** One session row, exactly as wide as the columns. */
export function rowText(t: Translate, locale: Locale, labels: ChecklistLabels, c: Columns, row: SessionRow, current: boolean, reviewed: boolean): string {
  return cells(c, {
    lead: current ? '>' : ' ',
    reviewed: reviewed ? t('review.list.reviewedMark') : '',
    start: counterDateTime(row.startedAt, locale),
    terminal: row.terminal,
    operator: row.operator ?? '-',
    flow: flowName(labels, row.checklist, row.checklistVersion),
    outcome: outcomeText(t, row.outcome),
    flags: row.flags.length === 0 ? '' : flagsText(t, row.flags),
  });
}

function Rows({ model, labels }: { model: ReviewModel; labels: ChecklistLabels }) {
  const { inner } = useLayout();
  const { t, locale, color } = useUi();
  const c = columns(t, locale, inner);
  if (model.list.total === 0) {
    return (
      <Box marginTop={1} width={inner}>
        <Text>{t(model.list.all === 0 ? 'review.list.empty' : 'review.list.noMatch')}</Text>
      </Box>
    );
  }
  const position = t('review.position', { n: count(model.cursor + 1), m: count(model.list.total) });
  // The header as wide as the rows, the position (12/345) over the end of the flags column.
  const head = headText(t, c);
  const rows = visibleRows(model);
  return (
    <Box flexDirection="column">
      <Text bold>{pad(fit(head.trimEnd(), inner - width(position) - 1), inner - width(position)) + position}</Text>
      {rows.map(({ row, index }) => {
        const current = index === model.cursor;
        const reviewed = model.reviews.has(row.id);
        const incomplete = row.flags.length > 0;
        return (
          <Text
            key={row.id + String(index)}
            inverse={current}
            dimColor={reviewed && !current}
            color={color && incomplete && !reviewed && !current ? 'yellow' : undefined}
          >
            {rowTextKept(t, locale, labels, c, row, current, reviewed)}
          </Text>
        );
      })}
    </Box>
  );
}

