// The review screen's edge between the pure model and the world: it reads timelines when asked and
// appends acknowledgements to the review log (written and fsynced) BEFORE the model marks the
// session reviewed. A failed writer is dropped, never reused: the next attempt opens the log again.
import type { SessionRow, TimelineItem } from './load.js';
import type { Acknowledged } from '../log/writer.js';
import type { ReviewWriter } from './log.js';
import { ModelStore, type Store } from '../tui/store.js';
import { update, type ReviewCmd, type Msg, type ReviewKey, type ReviewModel, type Step } from './model.js';

/** What the review screen needs from the controller: the model, keys, and messages (its size). */
export type ReviewStore = Store<ReviewModel> & { dispatch(msg: Msg): void };

export interface ReviewControllerOptions {
  model: ReviewModel;
  /**
   * Opens the review log for appending; called at the first acknowledgement, and after a failure
   * with the failed writer's `acknowledged` (what it wrote beyond that is moved aside).
   */
  openLog: (acknowledged?: Acknowledged) => ReviewWriter;
  /** Reads one session's records and problems again (its timeline). */
  readTimeline: (row: SessionRow) => Promise<readonly TimelineItem[]>;
  /** An error in words for the notice line (translated). */
  describe: (error: unknown) => string;
}

export class ReviewController extends ModelStore<ReviewModel> implements ReviewStore {
  private log: ReviewWriter | null = null;
  private acknowledged: Acknowledged | undefined;

  constructor(private readonly opts: ReviewControllerOptions) {
    super(opts.model);
  }

  key = (key: ReviewKey) => this.dispatch({ type: 'key', key });

  dispatch = (msg: Msg): void => {
    this.commit(update(this.model, msg));
  };

  private commit(step: Step): void {
    let model = step.model;
    for (const cmd of step.cmds) {
      // The review is durable before any screen says so: append first, then show the result.
      if (cmd.type === 'review') model = update(model, this.append(cmd)).model;
    }
    this.set(model);
    for (const cmd of step.cmds) if (cmd.type === 'load-timeline') this.loadTimeline(cmd.session);
  }

  private append(cmd: Extract<ReviewCmd, { type: 'review' }>): Msg {
    try {
      this.log ??= this.opts.openLog(this.acknowledged);
      this.acknowledged = undefined;
      return { type: 'reviewed', review: this.log.append(cmd.review) };
    } catch (error) {
      const failed = this.log;
      this.log = null;
      if (failed) this.acknowledged = failed.acknowledged;
      try {
        failed?.close();
      } catch {
        // already failed
      }
      return { type: 'review-failed', error: this.opts.describe(error) };
    }
  }

  private loadTimeline(row: SessionRow): void {
    this.opts.readTimeline(row).then(
      (items) => this.dispatch({ type: 'timeline', session: row.id, items }),
      (error: unknown) => this.dispatch({ type: 'timeline-failed', session: row.id, error: this.opts.describe(error) }),
    );
  }

  /** Close the review log (at exit). */
  close(): void {
    const log = this.log;
    this.log = null;
    log?.close();
  }
}
