// The root: one always-active useInput (Ink drops raw mode when the last one goes inactive), the
// model from the controller, and the view.
import { useInput } from 'ink';
import { useSyncExternalStore } from 'react';
import type { Key, KioskModel } from '../session/kiosk.js';
import { UiContext, type Ui } from './context.js';
import { toKeys } from './keys.js';
import { KioskView } from './view.js';

/** What the screen needs from the controller. */
export interface KioskStore {
  subscribe(listener: () => void): () => void;
  getModel(): KioskModel;
  key(key: Key): void;
}

export function KioskApp({ store, ui }: { store: KioskStore; ui: Ui }) {
  const model = useSyncExternalStore(store.subscribe, store.getModel);
  // The handler only forwards: all state lives in the store, so no stale closure can lose a key.
  useInput((input, key) => {
    for (const k of toKeys(input, key)) store.key(k);
  });
  return (
    <UiContext.Provider value={ui}>
      <KioskView model={model} />
    </UiContext.Provider>
  );
}
