// The kiosk's edge between the pure model and the world: every record an update asks for is
// appended (fsync'ed) before the new model is shown. When the log fails, the model does not move.
import type { KioskStore } from '../ui/app.js';
import type { Key, KioskModel, Msg, Step } from '../session/kiosk.js';
import { update } from '../session/kiosk.js';
import type { NewRecord } from '../log/record.js';

export interface RecordSink {
  append(record: NewRecord): unknown;
}

export interface ControllerOptions {
  model: KioskModel;
  /** The open log, or null when it could not be opened (the model then shows the error). */
  log: RecordSink | null;
  /** Reopen the log after a failure (a failed writer is never reused: no retry-and-pretend). */
  reopen: () => RecordSink;
  now: () => number;
  newId: () => string;
  checkPin: (pin: string) => boolean;
  describe: (error: unknown) => string;
}

export class KioskController implements KioskStore {
  private model: KioskModel;
  private log: RecordSink | null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly opts: ControllerOptions) {
    this.model = opts.model;
    this.log = opts.log;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getModel = () => this.model;

  key = (key: Key) => {
    if (this.model.logError && key.name === 'text' && key.text.normalize('NFKC').toLowerCase() === 'r') {
      this.retry();
      return;
    }
    this.dispatch({ type: 'key', key, at: this.opts.now() });
  };

  tick = () => this.dispatch({ type: 'tick', at: this.opts.now() });

  dispatch(msg: Msg): void {
    this.commit(update(this.model, msg, { newId: this.opts.newId, checkPin: this.opts.checkPin }));
  }

  /** Log a step's records, then show its model; on failure keep the old model and say why. */
  commit(step: Step): boolean {
    const problem = this.append(step.records);
    if (problem !== null) {
      this.set({ ...this.model, logError: problem });
      return false;
    }
    this.set(step.model);
    return true;
  }

  private append(records: readonly NewRecord[]): string | null {
    if (records.length === 0) return null;
    if (!this.log) return this.model.logError ?? this.opts.describe(new Error('log closed'));
    try {
      for (const record of records) this.log.append(record);
      return null;
    } catch (error) {
      this.log = null;
      return this.opts.describe(error);
    }
  }

  private retry() {
    try {
      this.log = this.opts.reopen();
    } catch (error) {
      this.set({ ...this.model, logError: this.opts.describe(error) });
      return;
    }
    this.set({ ...this.model, logError: null });
  }

  private set(model: KioskModel) {
    if (model === this.model) return;
    this.model = model;
    for (const l of this.listeners) l();
  }
}
