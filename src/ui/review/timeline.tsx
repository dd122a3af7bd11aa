// A session's timeline: who, when, outcome and flags; then each record (local time, what was done,
// section and item, reason) in a window around the cursor; the selected entry in full below.
import { Box, Text } from 'ink';
import type { Translate } from '../../i18n/index.js';
import { describeEntry, flagsText, counterDateTime, outcomeText, type ChecklistLabels, type Described } from '../../review/describe.js';
import { timelineEntries, type ReviewModel, type TimelineState } from '../../review/model.js';
import { useUi } from '../context.js';
import { useLayout } from '../size.js';
import { DEFAULT_LAYOUT } from '../layout.js';
import { fit, pad, width } from '../text.js';

const TIME = 14;
/** Lines above the entries: who and when, the outcome and flags, the checklist; then a blank line. */
const HEAD_LINES = 3;
const GAP_LINES = 1;
/** The selected entry below the entries: its time and kind, then its text. */
const DETAIL_LINES = 3;
/** Lines the timeline draws that are not entries; the window gets every other line of the body. */
export const TIMELINE_CHROME = HEAD_LINES + GAP_LINES + DETAIL_LINES;
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

export function TimelineBody({ model, timeline: tl, labels }: { model: ReviewModel; timeline: TimelineState; labels: ChecklistLabels }) {
  const { inner } = useLayout();
  const { t, locale, color } = useUi();
  const s = tl.session;
  const reviews = model.reviews.get(s.id)?.length ?? 0;
  // Steps are named in the words of the version the session was walked with (kept in history/).
  const ctx = { t, locale, labels, checklist: s.checklist, version: s.checklistVersion };
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
          {detail ? (
            <Box flexDirection="column" width={inner} height={DETAIL_LINES} overflow="hidden">
              <Text bold>{fit([detail.time, detail.what].filter((x) => x !== '').join(' '), inner)}</Text>
              <Box width={inner} height={DETAIL_LINES - 1} overflow="hidden">
                <Text>{detail.detail}</Text>
              </Box>
            </Box>
          ) : null}
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
