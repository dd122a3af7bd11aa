// The review screen's edge between the pure model and the world: it reads timelines when asked and
// appends acknowledgements to the review log (written and fsynced) BEFORE the model marks the
// session reviewed. A failed writer is dropped, never reused: the next attempt opens the log again.
// The list's pages come from its source (memory or the archive's index), answered at once.
import type { SessionRow, TimelineItem } from './load.js';
import type { ListSource } from './source.js';
import type { Acknowledged } from '../log/writer.js';
import type { Review, ReviewIndex, ReviewWriter } from './log.js';
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
  private source: ListSource | null = null;

  constructor(private readonly opts: ReviewControllerOptions) {
    super(opts.model);
  }

  key = (key: ReviewKey) => this.dispatch({ type: 'key', key });

  dispatch = (msg: Msg): void => {
    this.commit(update(this.model, msg));
  };

  /** Everything is read: the list's source answers from now on. */
  load(source: ListSource, read: { problems: number; reviews: ReviewIndex; reviewProblems: number }): void {
    this.source = source;
    this.dispatch({ type: 'loaded', all: source.all, ...read });
  }

  private commit(step: Step): void {
    let model = step.model;
    let cmds = step.cmds;
    const timelines: SessionRow[] = [];
    // Appends and pages are answered at once, in order (a review is durable before any screen says
    // so: append first, then show the result, and the page it asks for); timelines are read after.
    while (cmds.length > 0) {
      const next: ReviewCmd[] = [];
      for (const cmd of cmds) {
        if (cmd.type === 'load-timeline') {
          timelines.push(cmd.session);
          continue;
        }
        const answered = update(model, cmd.type === 'review' ? this.append(cmd) : cmd.type === 'choices' ? this.choices() : this.page(cmd));
        model = answered.model;
        next.push(...answered.cmds);
      }
      cmds = next;
    }
    this.set(model);
    for (const row of timelines) this.loadTimeline(row);
  }

  private page(cmd: Extract<ReviewCmd, { type: 'list' }>): Msg {
    try {
      const source = this.source;
      if (!source) return { type: 'page-failed', ask: cmd.ask, error: '' };
      return { type: 'page', ask: cmd.ask, page: source.page(cmd.query) };
    } catch (error) {
      return { type: 'page-failed', ask: cmd.ask, error: this.opts.describe(error) };
    }
  }

  private choices(): Msg {
    try {
      if (!this.source) return { type: 'choices-failed', error: '' };
      return { type: 'choices', choices: this.source.choices };
    } catch (error) {
      return { type: 'choices-failed', error: this.opts.describe(error) };
    }
  }

  private append(cmd: Extract<ReviewCmd, { type: 'review' }>): Msg {
    let review: Review;
    try {
      this.log ??= this.opts.openLog(this.acknowledged);
      this.acknowledged = undefined;
      review = this.log.append(cmd.review);
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
    // Written: the list's order takes it in before the model asks for the page around it.
    this.source?.reviewed(review);
    return { type: 'reviewed', review };
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
