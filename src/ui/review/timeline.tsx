// A session's timeline: who, when, outcome and flags; then each record (local time, what was done,
// section and item, reason) in a window around the cursor; the selected entry in full below.
import { Box, Text } from 'ink';
import type { Translate } from '../../i18n/index.js';
import { describeEntry, flagsText, counterDateTime, outcomeText, type ChecklistLabels, type DescribeContext, type Described } from '../../review/describe.js';
import type { SessionRow } from '../../review/load.js';
import type { Locale } from '../../i18n/locale.js';
import { timelineEntries, type ReviewModel, type TimelineEntry, type TimelineState } from '../../review/model.js';
import { useUi } from '../context.js';
import { useLayout } from '../size.js';
import { DEFAULT_LAYOUT } from '../layout.js';
import { fit, pad, width } from '../text.js';
import { wrapLines } from '../wrap.js';

const TIME = 14;
/** Lines above the entries: who and when, the outcome and flags, the checklist; then a blank line. */
const HEAD_LINES = 3;
const GAP_LINES = 1;
/** The selected entry below the entries: a line with its time and kind (and where the box is in a long text)... */
const DETAIL_HEAD = 1;
/**
 * ...then its text, wrapped, in a box of a third of what the head leaves (at least 2 lines: 4 at
 * 80×24, 9 at 120×40); `[` `]` scroll a longer one. The box keeps its height whatever the entry,
 * so the window above it does not jump as the cursor moves.
 */
export const detailRowsFor = (body: number): number => Math.max(2, Math.floor((body - HEAD_LINES - GAP_LINES) / 3));
/** Lines the timeline draws that are not entries, with a detail box of `detailRows`; the window gets the rest of the body. */
export const timelineChrome = (detailRows: number): number => HEAD_LINES + GAP_LINES + DETAIL_HEAD + detailRows;
const WHATS = [
  'start',
  'confirm',
  'skip',
  'back',
  'answer',
  'complete',
  'interrupt',
  'logout',
  'recovery',
  'idle',
  'exit',
  'problem',
  'no-logout',
  'review',
  'other',
] as const;

const whatWidth = (t: Translate) => Math.max(...WHATS.map((w) => width(t(`review.what.${w}`))));

/** One entry line, exactly `inner` columns wide. */
export function entryLine(t: Translate, d: Described, current: boolean, inner: number = DEFAULT_LAYOUT.inner): string {
  const w = whatWidth(t);
  const head = `${current ? '>' : ' '}${pad(d.time, TIME)} ${pad(d.what, w)} `;
  return pad(head + fit(d.text, inner - width(head)), inner);
}

/** How a session's entries are worded: its checklist, in the words of the version it was walked with. */
export const describeContext = (t: Translate, locale: Locale, labels: ChecklistLabels, s: SessionRow): DescribeContext => ({
  t,
  locale,
  labels,
  checklist: s.checklist,
  version: s.checklistVersion,
});

/** An entry's detail as the box shows it: wrapped to the frame's width, Japanese by phrase. */
export const detailLines = (d: Described, inner: number, locale: Locale): string[] => wrapLines(d.detail, inner, locale);

/** How many detail lines each entry takes at `inner` columns: what the model scrolls by (`detail-lines`). */
export const detailLineCounts = (entries: readonly TimelineEntry[], ctx: DescribeContext, inner: number): number[] =>
  entries.map((e) => detailLines(describeEntry(e, ctx), inner, ctx.locale).length);

export function TimelineBody({ model, timeline: tl, labels }: { model: ReviewModel; timeline: TimelineState; labels: ChecklistLabels }) {
  const { inner } = useLayout();
  const { t, locale, color } = useUi();
  const s = tl.session;
  const reviews = model.reviews.get(s.id)?.length ?? 0;
  // Steps are named in the words of the version the session was walked with (kept in history/).
  const ctx = describeContext(t, locale, labels, s);
  const title = s.checklist === null ? t('review.tl.unknown') : (labels.title(s.checklist, s.checklistVersion ?? undefined) ?? s.checklist);
  const version = s.checklistVersion === null ? '' : ` ${s.checklistVersion}`;
  const head = [
    t('review.timeline.when', {
      start: counterDateTime(s.startedAt, locale),
      end: s.endedAt === null ? t('review.timeline.notEnded') : counterDateTime(s.endedAt, locale),
      terminal: s.terminal,
      operator: s.operator ?? '-',
    }),
    t('review.timeline.result', { outcome: outcomeText(t, s.outcome), flags: flagsText(t, s.flags) }),
    `${t('review.timeline.checklist', { title: `${title}${version}` })}${reviews > 0 ? `   ${t('review.timeline.reviewed', { n: reviews })}` : ''}`,
  ];
  let body;
  if (tl.status === 'loading') body = <Text>{t('review.timeline.loading')}</Text>;
  else if (tl.status === 'failed') body = <Text color={color ? 'red' : undefined}>{fit(t('review.timeline.failed', { error: tl.error ?? '' }), inner)}</Text>;
  else {
    const entries = timelineEntries(model);
    if (entries.length === 0) body = <Text>{t('review.timeline.empty')}</Text>;
    else {
      const shown = entries.slice(tl.top, tl.top + model.timelineRows);
      const current = entries[tl.cursor];
      const detail = current ? describeEntry(current, ctx) : null;
      body = (
        <Box flexDirection="column">
          <Box flexDirection="column" height={model.timelineRows}>
            {shown.map((e, i) => {
              const at = tl.top + i;
              const d = describeEntry(e, ctx);
              const alert = e.kind === 'problem' || e.kind === 'no-logout' || (e.kind === 'record' && (e.item.record.type === 'interrupt' || e.item.record.type === 'recovery' || e.item.record.type === 'exit'));
              return (
                <Text key={at} inverse={at === tl.cursor} color={color && alert && at !== tl.cursor ? 'yellow' : undefined} dimColor={e.kind === 'review' && at !== tl.cursor}>
                  {entryLine(t, d, at === tl.cursor, inner)}
                </Text>
              );
            })}
          </Box>
          {detail ? <Detail detail={detail} top={tl.detailTop} rows={model.detailRows} /> : null}
        </Box>
      );
    }
  }
  return (
    <Box flexDirection="column">
      {head.map((line, i) => (
        <Text key={i} bold={i === 1}>
          {fit(line, inner)}
        </Text>
      ))}
      <Box marginTop={GAP_LINES} flexDirection="column">
        {body}
      </Box>
    </Box>
  );
}

/**
 * The selected entry in full: its time and kind, then as many of its wrapped lines as the box
 * holds from `top`; a longer text says where the box is and that more follows (`[` `]` scroll it).
 */
function Detail({ detail, top, rows }: { detail: Described; top: number; rows: number }) {
  const { inner } = useLayout();
  const { t, locale } = useUi();
  const lines = detailLines(detail, inner, locale);
  const from = Math.max(0, Math.min(top, lines.length - rows));
  const shown = lines.slice(from, from + rows);
  const to = from + shown.length;
  const where =
    lines.length > rows
      ? `${t('review.timeline.detailAt', { from: from + 1, to, n: lines.length })}${to < lines.length ? ` ${t('review.timeline.more')}` : ''}`
      : '';
  const label = [detail.time, detail.what].filter((x) => x !== '').join(' ');
  const head = where === '' ? fit(label, inner) : `${pad(label, Math.max(0, inner - width(where) - 1))} ${where}`;
  return (
    <Box flexDirection="column" width={inner} height={DETAIL_HEAD + rows} overflow="hidden">
      <Text bold>{fit(head, inner)}</Text>
      <Text>{shown.join('\n')}</Text>
    </Box>
  );
}
