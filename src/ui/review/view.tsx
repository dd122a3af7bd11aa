// The whole review screen as a function of the model, in the kiosk's fixed 80×22 frame with the
// keys always shown.
import type { Translate } from '../../i18n/index.js';
import { reviewBindings } from '../../review/keys.js';
import { hintLine } from '../../tui/keymap.js';
import { counterDate, type ChecklistLabels } from '../../review/describe.js';
import { timelineOf, type ReviewModel } from '../../review/model.js';
import { useUi } from '../context.js';
import { Frame } from '../frame.js';
import { ListBody } from './list.js';
import { AckBody, HelpBody } from './prompts.js';
import { TimelineBody } from './timeline.js';

/** The hint line: the keys that act now, from the same bindings the model acts through. */
const keysFor = (model: ReviewModel, t: Translate): string => hintLine(reviewBindings(model), t, '  ');

function Body({ model, labels, reviewsDir }: { model: ReviewModel; labels: ChecklistLabels; reviewsDir: string }) {
  const s = model.screen;
  switch (s.name) {
    case 'list':
      return <ListBody model={model} editing={s.editing} labels={labels} />;
    case 'timeline':
      return <TimelineBody model={model} timeline={s.timeline} labels={labels} />;
    case 'ack':
      return <AckBody model={model} screen={s} />;
    case 'help':
      return <HelpBody reviewsDir={reviewsDir} bindings={reviewBindings({ ...model, screen: s.under })} />;
  }
}

export function ReviewView({ model, labels, reviewsDir }: { model: ReviewModel; labels: ChecklistLabels; reviewsDir: string }) {
  const { t, locale } = useUi();
  const s = model.stats;
  // The days as the rows show their starts (和暦 in Japanese), so the two read alike.
  const right = model.loading
    ? ''
    : s.firstDay !== null && s.lastDay !== null
      ? t('review.period', { from: counterDate(s.firstDay, locale), to: counterDate(s.lastDay, locale) })
      : t('review.noPeriod');
  const shown = model.screen.name === 'timeline' ? timelineOf(model) : null;
  const title = shown ? t('review.timeline.title', { id: shown.session.id.slice(0, 8) }) : t('review.title');
  const n = model.notice;
  // Problems in the logs stay on the notice line whenever nothing more pressing is said there.
  const standing = [
    model.problems > 0 ? t('review.problems', { n: model.problems.toLocaleString('en-US') }) : '',
    model.reviewProblems > 0 ? t('review.reviewProblems', { n: model.reviewProblems, dir: reviewsDir }) : '',
  ].filter((x) => x !== '');
  const notice = n ? t(`review.notice.${n.key}`, { detail: n.detail ?? '' }) : standing.length > 0 ? standing.join('  ') : null;
  const alert = n?.key === 'review-failed' || n?.key === 'list-failed';
  return (
    <Frame title={title} right={right} keys={keysFor(model, t)} notice={notice} tone={alert ? 'alert' : 'normal'}>
      <Body model={model} labels={labels} reviewsDir={reviewsDir} />
    </Frame>
  );
}
