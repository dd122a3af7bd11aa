// The supervisor's review log: follow-up acknowledgements of sessions, appended to the supervisor's
// own log under the reviews folder (`reviewsDir()/ID.reviews/YYYY-MM-DD.jsonl`, ID = this
// machine's `terminalId`), never to a terminal's log. It is written by the same durable writer as
// the kiosk's log (one write, fsync, hash chain, 0600/0700) and read by the same verifying reader,
// so `verify` checks it like any log. `review` writes it; `review` and `report` read it.
//
// No Ink or React here: `report` imports this module.
import { existsSync } from 'node:fs';
import type { Locale } from '../i18n/locale.js';
import { reviewsDir } from '../config/paths.js';
import { t } from '../i18n/index.js';
import { readLogBatches, type ProblemItem, type ReadItem } from '../log/reader.js';
import type { NewRecord } from '../domain/record.js';
import type { LogFs } from '../log/fs.js';
import { openLog, type Acknowledged, type LogWriter } from '../log/writer.js';

/** One acknowledgement of a session. */
export interface Review {
  /** The reviewed session's id. */
  session: string;
  /** The reviewed session's terminal. */
  terminal: string;
  /** When it was recorded: ISO 8601 with offset (the review record's `ts`). */
  at: string;
  /** The reviewer's staff id. */
  reviewer: string;
  /** The follow-up note (one line, at most 200 characters, no My Number). */
  note: string;
}

/** What the reviewer asks to record; the writer adds the time. */
export type NewReview = Omit<Review, 'at'>;

/** Reviews per session id, oldest first. */
export type ReviewIndex = ReadonlyMap<string, readonly Review[]>;

export interface ReviewLogContents {
  reviews: Map<string, Review[]>;
  /** Damage found in the review log (bad lines, chain breaks); the valid records still count. */
  problems: ProblemItem[];
}

/** The review record for the log: `session` = the reviewed session, `operator` = the reviewer. */
export function reviewRecord(r: NewReview): NewRecord {
  return { type: 'review', payload: { terminal: r.terminal, note: r.note }, operator: r.reviewer, session: r.session };
}

const byTime = (a: Review, b: Review) => Date.parse(a.at) - Date.parse(b.at);

/**
 * Every review in the review log under `dir` (default: this machine's reviews folder). A missing
 * folder is an empty log. Streams the files, so a long history costs only its reviews in memory.
 */
export async function readReviews(dir: string = reviewsDir()): Promise<ReviewLogContents> {
  const reviews = new Map<string, Review[]>();
  const problems: ProblemItem[] = [];
  if (!existsSync(dir)) return { reviews, problems };
  try {
    for await (const batch of readLogBatches([dir])) collect(batch);
  } catch (e) {
    // A folder that cannot even be listed: a problem to report, never a reason to stop a report.
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    problems.push({ kind: 'problem', file: dir, line: 0, code: 'unreadable', problem: `cannot read (${code})`, params: { code } });
  }
  // One supervisor machine writes in time order; logs collected from several are merged by time.
  for (const list of reviews.values()) if (list.length > 1) list.sort(byTime);
  return { reviews, problems };

  function collect(batch: readonly ReadItem[]): void {
    for (const item of batch) {
      if (item.kind === 'problem') {
        problems.push(item);
        continue;
      }
      const r = item.record;
      if (r.type !== 'review' || r.session === null || r.operator === null) continue;
      const review: Review = { session: r.session, terminal: r.payload.terminal, at: r.ts, reviewer: r.operator, note: r.payload.note };
      const list = reviews.get(r.session);
      if (list) list.push(review);
      else reviews.set(r.session, [review]);
    }
  }
}

export interface ReviewWriter {
  /** Append one review durably (written and fsynced) and return it with its time. */
  append(r: NewReview): Review;
  /** Where the log stood after the last acknowledged append (for the next open after a failure). */
  readonly acknowledged: Acknowledged;
  close(): void;
}

export interface OpenReviewLogOptions {
  /** This machine's terminal id (the `terminalId` setting): names the review log's folder. */
  terminal: string;
  /** Default: `reviewsDir()`. */
  dir?: string;
  io?: LogFs;
  now?: () => Date;
  /** A failed writer's `acknowledged`: what it left unacknowledged is moved aside at open. */
  acknowledged?: Acknowledged;
  /** Told of each review once it is durable in the log (the archive's index takes it then). */
  onWritten?: (review: Review, seq: number) => void;
}

/**
 * Open the review log for appending (creating its folders 0700 and files 0600). Throws
 * LogWriteError / UserError like the kiosk's log when it cannot be written.
 */
export function openReviewLog(opts: OpenReviewLogOptions): ReviewWriter {
  const log: LogWriter = openLog({
    dir: opts.dir ?? reviewsDir(),
    terminal: opts.terminal,
    ...(opts.io ? { io: opts.io } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.acknowledged ? { acknowledged: opts.acknowledged } : {}),
  });
  return {
    append(r) {
      const written = log.append(reviewRecord(r));
      const review = { ...r, at: written.ts };
      opts.onWritten?.(review, written.seq);
      return review;
    },
    get acknowledged() {
      return log.acknowledged;
    },
    close: () => log.close(),
  };
}

/**
 * The review log as `report` uses it: the reviews per session, and one line for `warn` (stderr)
 * when the log has problems (its valid records still count).
 */
export async function reviewsForReport(warn: (line: string) => void, locale: Locale, dir: string = reviewsDir()): Promise<ReviewIndex> {
  const { reviews, problems } = await readReviews(dir);
  if (problems.length > 0) warn(t(locale, 'review.reportProblems', { n: problems.length, dir }));
  return reviews;
}
