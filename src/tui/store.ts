// What a screen needs from its controller: the model to draw, a way to hear that it changed, and
// where keys go. The kiosk and the review controllers both are one (the screen holds no state).
import type { Key } from './keys.js';

export interface Store<Model> {
  subscribe(listener: () => void): () => void;
  getModel(): Model;
  key(key: Key): void;
}
