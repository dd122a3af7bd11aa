// The whole review screen as a function of the model, in the kiosk's fixed 80×22 frame with the
// keys always shown.
import type { MessageKey } from '../../i18n/index.js';
import type { ChecklistLabels } from '../../review/describe.js';
import type { ReviewModel } from '../../review/model.js';
import { useUi } from '../context.js';
import { Frame } from '../frame.js';
import { ListBody } from './list.js';
import { AckBody, HelpBody } from './prompts.js';
import { TimelineBody } from './timeline.js';

function keysFor(model: ReviewModel): MessageKey {
  if (model.loading) return 'review.keys.loading';
  switch (model.screen) {
    case 'list':
      return model.editing ? 'review.keys.filter' : 'review.keys.list';
    case 'timeline':
      return 'review.keys.timeline';
    case 'ack-reviewer':
    case 'ack-note':
      return 'review.keys.text';
    case 'help':
      return 'review.keys.help';
  }
}

function Body({ model, labels, reviewsDir }: { model: ReviewModel; labels: ChecklistLabels; reviewsDir: string }) {
  switch (model.screen) {
    case 'list':
      return <ListBody model={model} />;
    case 'timeline':
      return <TimelineBody model={model} labels={labels} />;
    case 'ack-reviewer':
    case 'ack-note':
      return <AckBody model={model} />;
    case 'help':
      return <HelpBody reviewsDir={reviewsDir} />;
  }
}

export function ReviewView({ model, labels, reviewsDir }: { model: ReviewModel; labels: ChecklistLabels; reviewsDir: string }) {
  const { t } = useUi();
  const s = model.stats;
  const right = model.loading
    ? ''
    : s.firstDay !== null && s.lastDay !== null
      ? t('review.period', { from: s.firstDay, to: s.lastDay })
      : t('review.noPeriod');
  const title = model.screen === 'timeline' && model.timeline ? t('review.timeline.title', { id: model.timeline.session.id.slice(0, 8) }) : t('review.title');
  const n = model.notice;
  // Problems in the logs stay on the notice line whenever nothing more pressing is said there.
  const standing = [
    model.problems > 0 ? t('review.problems', { n: model.problems.toLocaleString('en-US') }) : '',
    model.reviewProblems > 0 ? t('review.reviewProblems', { n: model.reviewProblems, dir: reviewsDir }) : '',
  ].filter((x) => x !== '');
  const notice = n ? t(`review.notice.${n.key}`, { detail: n.detail ?? '' }) : standing.length > 0 ? standing.join('  ') : null;
  const alert = n?.key === 'review-failed';
  return (
    <Frame title={title} right={right} keys={t(keysFor(model))} notice={notice} tone={alert ? 'alert' : 'normal'}>
      <Body model={model} labels={labels} reviewsDir={reviewsDir} />
    </Frame>
  );
}
