// The review screen's root: one always-active useInput (Ink drops raw mode when the last one goes
// inactive), the model from the controller, and the view.
import { useInput } from 'ink';
import { useSyncExternalStore } from 'react';
import type { ReviewStore } from '../../review/controller.js';
import type { ChecklistLabels } from '../../review/describe.js';
import { UiContext, type Ui } from '../context.js';
import { toReviewKeys } from './keys.js';
import { ReviewView } from './view.js';

export function ReviewApp({ store, ui, labels, reviewsDir }: { store: ReviewStore; ui: Ui; labels: ChecklistLabels; reviewsDir: string }) {
  const model = useSyncExternalStore(store.subscribe, store.getModel);
  // The handler only forwards: all state lives in the store, so no stale closure can lose a key.
  useInput((input, key) => {
    for (const k of toReviewKeys(input, key)) store.key(k);
  });
  return (
    <UiContext.Provider value={ui}>
      <ReviewView model={model} labels={labels} reviewsDir={reviewsDir} />
    </UiContext.Provider>
  );
}
