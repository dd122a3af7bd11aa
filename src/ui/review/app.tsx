// The review screen's root: keys from the terminal into the controller, the model from it, and
// the view.
import { useEffect, useSyncExternalStore } from 'react';
import type { ReviewStore } from '../../review/controller.js';
import type { ChecklistLabels } from '../../review/describe.js';
import { UiContext, type Ui } from '../context.js';
import { layoutFor } from '../layout.js';
import { Sized, useSizedTerminal } from '../sized.js';
import { pagesFor } from './pages.js';
import { ReviewView } from './view.js';

export function ReviewApp({ store, ui, labels, reviewsDir }: { store: ReviewStore; ui: Ui; labels: ChecklistLabels; reviewsDir: string }) {
  const model = useSyncExternalStore(store.subscribe, store.getModel);
  // Keys only go to the store: all state lives there, so no stale closure can lose a key.
  const size = useSizedTerminal(store.key);
  // The windows are part of the model (the keys page through them): it hears their sizes at mount
  // and on every resize.
  const { listRows, timelineRows } = pagesFor(layoutFor(size).body);
  useEffect(() => store.dispatch({ type: 'resize', listRows, timelineRows }), [store, listRows, timelineRows]);
  return (
    <UiContext.Provider value={ui}>
      <Sized size={size}>
        <ReviewView model={model} labels={labels} reviewsDir={reviewsDir} />
      </Sized>
    </UiContext.Provider>
  );
}
