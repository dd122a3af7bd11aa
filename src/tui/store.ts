// What a screen needs from its controller: the model to draw, a way to hear that it changed, and
// where keys go. The kiosk and the review controllers both are one (the screen holds no state).
import type { Key } from './keys.js';

export interface Store<Model> {
  subscribe(listener: () => void): () => void;
  getModel(): Model;
  key(key: Key): void;
}

/** The part every controller shares: the current model, and telling the screen when it changed. */
export abstract class ModelStore<Model> implements Store<Model> {
  private readonly listeners = new Set<() => void>();

  constructor(protected model: Model) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getModel = () => this.model;

  abstract key(key: Key): void;

  /** Show `model` (nothing happens when it is the one shown). */
  protected set(model: Model): void {
    if (model === this.model) return;
    this.model = model;
    this.notify();
  }

  protected notify(): void {
    for (const l of this.listeners) l();
  }
}
