// The root: keys from the terminal into the controller, the model from it, and the view.
import { useSyncExternalStore } from 'react';
import type { KioskModel } from '../session/kiosk.js';
import type { Store } from '../tui/store.js';
import { UiContext, type Ui } from './context.js';
import { Sized, useSizedTerminal } from './sized.js';
import { KioskView } from './view.js';

export function KioskApp({ store, ui }: { store: Store<KioskModel>; ui: Ui }) {
  const model = useSyncExternalStore(store.subscribe, store.getModel);
  // Keys only go to the store: all state lives there, so no stale closure can lose a key.
  const size = useSizedTerminal(store.key);
  return (
    <UiContext.Provider value={ui}>
      <Sized size={size}>
        <KioskView model={model} />
      </Sized>
    </UiContext.Provider>
  );
}
