// The review screen's root: keys from the terminal into the controller, the model from it, and
// the view.
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { ReviewStore } from '../../review/controller.js';
import type { ChecklistLabels } from '../../review/describe.js';
import { UiContext, type Ui } from '../context.js';
import { layoutFor } from '../layout.js';
import { Sized, useSizedTerminal } from '../sized.js';
import { timelineOf, withReviews } from '../../review/model.js';
import { pagesFor } from './pages.js';
import { describeContext, detailLineCounts } from './timeline.js';
import { ReviewView } from './view.js';

export function ReviewApp({ store, ui, labels, reviewsDir }: { store: ReviewStore; ui: Ui; labels: ChecklistLabels; reviewsDir: string }) {
  const model = useSyncExternalStore(store.subscribe, store.getModel);
  // Keys only go to the store: all state lives there, so no stale closure can lose a key.
  const size = useSizedTerminal(store.key);
  // The windows are part of the model (the keys page through them): it hears their sizes at mount
  // and on every resize.
  const layout = layoutFor(size);
  const { listRows, timelineRows, detailRows } = pagesFor(layout.body);
  useEffect(() => store.dispatch({ type: 'resize', listRows, timelineRows, detailRows }), [store, listRows, timelineRows, detailRows]);
  // The model scrolls the selected entry's detail but cannot wrap it (the words and the width are
  // here): it hears how many lines each entry's detail takes, once per timeline, width and review.
  const tl = timelineOf(model);
  const session = tl?.session ?? null;
  const entries = tl?.status === 'ready' ? tl.entries : null;
  const reviews = session ? model.reviews.get(session.id) : undefined;
  const inner = layout.inner;
  const lines = useMemo(
    () => (session && entries ? detailLineCounts(withReviews(entries, reviews), describeContext(ui.t, ui.locale, labels, session), inner) : null),
    [session, entries, reviews, inner, ui, labels],
  );
  useEffect(() => {
    if (session && lines) store.dispatch({ type: 'detail-lines', session: session.id, lines });
  }, [store, session, lines]);
  return (
    <UiContext.Provider value={ui}>
      <Sized size={size}>
        <ReviewView model={model} labels={labels} reviewsDir={reviewsDir} />
      </Sized>
    </UiContext.Provider>
  );
}
