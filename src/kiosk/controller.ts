// The kiosk's edge between the pure model and the world: every step's records are appended
// (written and fsynced, all or none) before the step's model is shown. When the log fails the model
// does not move; the retry key (a binding of the model) connects again, and the log as it is on disk
// decides what comes next.
import { ModelStore } from '../tui/store.js';
import { UserError } from '../errors.js';
import type { Key, KioskModel, Msg, Step } from '../session/kiosk.js';
import { reconnect, recordsOf, update } from '../session/kiosk.js';
import type { KioskLogPort } from './connection.js';
import type { ReaderState } from '../domain/reader.js';

export interface ControllerOptions {
  model: KioskModel;
  log: KioskLogPort;
  now: () => number;
  newId: () => string;
  checkPin: (pin: string) => boolean;
  describe: (error: unknown) => string;
}

export class KioskController extends ModelStore<KioskModel> {
  constructor(private readonly opts: ControllerOptions) {
    super(opts.model);
  }

  /**
   * Connect to the log for the first time. Another kiosk holding this terminal's log is a UserError
   * (the CLI says who and exits 2); any other failure is shown, and `r` retries.
   */
  start(): void {
    this.connect(true);
  }

  key = (key: Key) => this.dispatch({ type: 'key', key, at: this.opts.now() });

  tick = () => this.dispatch({ type: 'tick', at: this.opts.now() });

  reader = (state: ReaderState) => this.dispatch({ type: 'reader', state, at: this.opts.now() });

  dispatch(msg: Msg): void {
    this.commit(update(this.model, msg, { newId: this.opts.newId, checkPin: this.opts.checkPin }));
  }

  /** Log a step's records, then show its model; on failure keep the old model and say why. */
  commit(step: Step): boolean {
    // The retry key while the log cannot be written: connect again, and let the log decide.
    if (step.cmds.some((c) => c.type === 'reconnect')) {
      this.connect(false);
      return true;
    }
    const records = recordsOf(step);
    if (records.length > 0) {
      if (this.model.logError) return false; // nothing that needs a record moves until `r` worked
      try {
        this.opts.log.appendAll(records);
      } catch (error) {
        this.set({ ...this.model, logError: this.opts.describe(error) });
        return false;
      }
    }
    this.set(step.model);
    return true;
  }

  /** (Re)connect, then let what the log holds decide the screen: open sessions are gated first. */
  private connect(first: boolean): void {
    let state;
    try {
      state = this.opts.log.connect();
    } catch (error) {
      if (first && error instanceof UserError && error.key === 'kiosk.locked') throw error;
      this.set({ ...this.model, logError: this.opts.describe(error) });
      return;
    }
    // The error is over once the log is connected again; what it holds decides the next screen.
    this.model = { ...this.model, logError: null };
    this.commit(reconnect(this.model, state, this.opts.now()));
    this.notify();
  }
}
