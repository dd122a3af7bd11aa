// The review screen's root: keys from the terminal into the controller, the model from it, and
// the view.
import { useSyncExternalStore } from 'react';
import type { ReviewStore } from '../../review/controller.js';
import type { ChecklistLabels } from '../../review/describe.js';
import { UiContext, type Ui } from '../context.js';
import { Sized, useSizedTerminal } from '../sized.js';
import { ReviewView } from './view.js';

export function ReviewApp({ store, ui, labels, reviewsDir }: { store: ReviewStore; ui: Ui; labels: ChecklistLabels; reviewsDir: string }) {
  const model = useSyncExternalStore(store.subscribe, store.getModel);
  // Keys only go to the store: all state lives there, so no stale closure can lose a key.
  const size = useSizedTerminal(store.key);
  return (
    <UiContext.Provider value={ui}>
      <Sized size={size}>
        <ReviewView model={model} labels={labels} reviewsDir={reviewsDir} />
      </Sized>
    </UiContext.Provider>
  );
}
