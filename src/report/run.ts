// The streaming report: records are read in batches, folded into sessions (the kiosk's own fold and
// flag rules), and each session is filtered, counted and handed to the formatter as soon as its
// logout is seen; the fold then forgets it. Memory grows with terminals and open sessions, never
// with the number of sessions or records.
import { UserError } from '../errors.js';
import { SessionFold, type FoldedSession } from '../log/fold.js';
import { collectLogFiles, groupByTerminal, type ReadItem } from '../log/reader.js';
import { readGroups } from '../parallel/groups.js';
import type { ReportSession } from './document.js';
import { sessionMatches, toReportSession, type ReportFilter, type ReviewsById } from './options.js';
import { integrityItem, type IntegrityItem } from './problems.js';
import type { SealKeys } from '../seal/state.js';
import { Spool } from './spool.js';
import { SummaryTally } from './summary.js';

/** What a report was made from (the monthly page says so). */
export interface ReportSource {
  terminals: number;
  files: number;
  records: number;
}

export interface Formatter {
  begin(): void | Promise<void>;
  session(s: ReportSession): void | Promise<void>;
  end(summary: SummaryTally, integrity: Spool<IntegrityItem>, source: ReportSource): Promise<void>;
}

export interface ReportInput {
  /** Log files and folders; checked (and listed) by `selectFiles` before any output. */
  files: readonly string[];
  filter: ReportFilter;
  /** Ids of sessions a supervisor has reviewed (the review log, later); none when absent. */
  reviewed?: ReadonlySet<string>;
  /** Their follow-ups (the review log), shown in the JSON as `reviews`. */
  reviews?: ReviewsById;
  /** Items fed by hand (tests) instead of reading `files`. */
  source?: AsyncIterable<readonly ReadItem[]>;
  /** Enrolled seal keys: sessions in a sealed range that does not verify are flagged `integrity`. */
  sealKeys?: SealKeys;
}

/**
 * The log files to read: every `*.jsonl` under `paths` (a missing path is a UserError naming it), or
 * with `terminal` only that terminal's files, so the others are not even opened (a terminal with
 * no logs there is a UserError naming the ones found).
 */
export function selectFiles(paths: readonly string[], terminal?: string): string[] {
  const files = collectLogFiles(paths);
  if (terminal === undefined) return files;
  const groups = groupByTerminal(files);
  const own = groups.get(terminal);
  // A terminal that has no logs here (a typo) is said, never shown as a report of no sessions.
  if (!own) throw new UserError('report.error.noTerminal', { terminal, found: [...groups.keys()].join(', ') || '-' });
  return own.map((e) => e.file);
}

export interface ReportTotals {
  sessions: number;
  problems: number;
}

export async function runReport(input: ReportInput, formatter: Formatter): Promise<ReportTotals> {
  const fold = new SessionFold({ details: true });
  const summary = new SummaryTally();
  const integrity = new Spool<IntegrityItem>();
  const source: ReportSource = { terminals: 0, files: input.files.length, records: 0 };
  const emit = (f: FoldedSession): void | Promise<void> => {
    if (!sessionMatches(f, input.filter)) return;
    const s = toReportSession(f, input.reviewed, input.reviews);
    summary.add(s);
    return formatter.session(s);
  };
  try {
    const started = formatter.begin();
    if (started) await started;
    if (input.source) {
      for await (const batch of input.source) {
        for (const item of batch) {
          if (item.kind === 'problem') integrity.push(integrityItem(item));
          else source.records++;
          const done = fold.push(item);
          for (const s of done) {
            const wait = emit(s);
            if (wait) await wait;
          }
        }
      }
      for (const s of fold.flush()) {
        const wait = emit(s);
        if (wait) await wait;
      }
    } else if (input.files.length > 0) {
      // Terminal by terminal (on worker threads when the logs are big): the same reader and fold.
      for await (const group of readGroups(input.files, { fold: true, ...(input.sealKeys ? { sealKeys: input.sealKeys } : {}) })) {
        source.terminals++;
        source.records += group.records;
        for (const p of group.problems) integrity.push(integrityItem(p));
        for (const s of group.sessions) {
          const wait = emit(s);
          if (wait) await wait;
        }
      }
    }
    await formatter.end(summary, integrity, source);
    return { sessions: summary.sessions, problems: integrity.count };
  } finally {
    integrity.dispose();
  }
}
