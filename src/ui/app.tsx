// The root: keys from the terminal into the controller, the model from it, and the view.
import { useSyncExternalStore } from 'react';
import type { Key, KioskModel } from '../session/kiosk.js';
import { UiContext, type Ui } from './context.js';
import { useTerminalKeys } from './input.js';
import { KioskView } from './view.js';

/** What the screen needs from the controller. */
export interface KioskStore {
  subscribe(listener: () => void): () => void;
  getModel(): KioskModel;
  key(key: Key): void;
}

export function KioskApp({ store, ui }: { store: KioskStore; ui: Ui }) {
  const model = useSyncExternalStore(store.subscribe, store.getModel);
  // Keys only go to the store: all state lives there, so no stale closure can lose a key.
  useTerminalKeys(store.key);
  return (
    <UiContext.Provider value={ui}>
      <KioskView model={model} />
    </UiContext.Provider>
  );
}
