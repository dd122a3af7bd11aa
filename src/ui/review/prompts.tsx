// The acknowledgement prompts (the reviewer's staff id once per run, then the note) and help.
import { Box, Text } from 'ink';
import { flagsText, counterDateTime, counterStamp, outcomeText } from '../../review/describe.js';
import type { SessionRow } from '../../review/load.js';
import type { AckScreen, ReviewModel } from '../../review/model.js';
import { MAX_FREE_TEXT } from '../../pii/mynumber.js';
import { useUi } from '../context.js';
import { Field } from '../frame.js';
import { useLayout } from '../size.js';
import { fit } from '../text.js';
import { KeyRows } from '../key-rows.js';
import type { Binding } from '../../tui/keymap.js';

function SessionLine({ row }: { row: SessionRow }) {
  const { inner } = useLayout();
  const { t, locale } = useUi();
  const line = [counterDateTime(row.startedAt, locale), row.terminal, row.operator ?? '-', outcomeText(t, row.outcome), flagsText(t, row.flags)].join('  ');
  return <Text>{fit(line, inner)}</Text>;
}

export function AckBody({ model, screen }: { model: ReviewModel; screen: AckScreen }) {
  const { inner } = useLayout();
  const { t, locale } = useUi();
  const row = screen.target;
  const history = model.reviews.get(row.id) ?? [];
  const reviewer = screen.ask === 'reviewer';
  return (
    <Box flexDirection="column">
      <Text bold>{t('review.ack.title')}</Text>
      <SessionLine row={row} />
      <Box marginTop={1} width={inner} height={2} overflow="hidden">
        <Text>{t(reviewer ? 'review.ack.reviewerPrompt' : 'review.ack.notePrompt')}</Text>
      </Box>
      <Box marginTop={1} flexDirection="column">
        {reviewer ? (
          <Field label={t('review.ack.reviewerField')} value={screen.input} />
        ) : (
          <>
            <Text>{fit(`${t('review.ack.reviewer', { id: model.reviewer ?? '' })}   ${t('review.ack.count', { n: [...screen.input].length, max: MAX_FREE_TEXT })}`, inner)}</Text>
            <Box width={inner} height={3} overflow="hidden">
              <Text>
                <Text>{t('review.ack.noteField')}: </Text>
                <Text underline>{screen.input}</Text>
                <Text inverse>{screen.writing ? '' : ' '}</Text>
              </Text>
            </Box>
          </>
        )}
      </Box>
      {screen.writing ? <Text>{t('review.ack.writing')}</Text> : null}
      {history.length > 0 ? (
        <Box marginTop={1} flexDirection="column">
          <Text>{t('review.ack.history', { n: history.length })}</Text>
          {history.slice(-2).map((r, i) => (
            <Text key={i} dimColor>
              {fit(`${counterStamp(r.at, locale)}  ${t('review.tl.review', { reviewer: r.reviewer, note: r.note })}`, inner)}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

/** The keys of the screen help was opened on, as its bindings say, then the list's order and the review log. */
export function HelpBody({ reviewsDir, bindings }: { reviewsDir: string; bindings: readonly Binding<string>[] }) {
  const { inner } = useLayout();
  const { t } = useUi();
  return (
    <Box flexDirection="column">
      <Text bold>{t('review.helpScreen.title')}</Text>
      <KeyRows bindings={bindings} />
      <Box marginTop={1} width={inner} height={2} overflow="hidden">
        <Text>{t('review.helpScreen.order')}</Text>
      </Box>
      <Box marginTop={1} width={inner} height={2} overflow="hidden">
        <Text>{t('review.helpScreen.where', { dir: reviewsDir })}</Text>
      </Box>
    </Box>
  );
}
