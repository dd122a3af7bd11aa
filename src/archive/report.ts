// `report` on the archive: the same formatters and summary as the raw-path report, fed from the
// index instead of a pass over every file. Its cost grows with the sessions it prints.
import type { ReportReview } from '../report/document.js';
import { toReportSession, type ReportFilter } from '../report/options.js';
import { integrityItem, type IntegrityItem } from '../report/problems.js';
import type { Formatter, ReportSource, ReportTotals } from '../report/run.js';
import { Spool } from '../report/spool.js';
import { SummaryTally } from '../report/summary.js';
import type { Db } from './db.js';
import { problemItems, reviewsById, sessionRows, toFolded } from './query.js';

export async function runArchiveReport(db: Db, root: string, filter: ReportFilter, formatter: Formatter): Promise<ReportTotals> {
  const summary = new SummaryTally();
  const integrity = new Spool<IntegrityItem>();
  const reviews = new Map<string, ReportReview[]>();
  for (const [id, list] of reviewsById(db)) reviews.set(id, list.map(({ at, reviewer, note }) => ({ at, reviewer, note })));
  const reviewed = new Set(reviews.keys());
  try {
    const started = formatter.begin();
    if (started) await started;
    for (const row of sessionRows(db, filter)) {
      const s = toReportSession(toFolded(row), reviewed, reviews);
      summary.add(s);
      const wait = formatter.session(s);
      if (wait) await wait;
    }
    for (const p of problemItems(db, root, filter.terminal)) integrity.push(integrityItem(p));
    const counts = db.prepare('SELECT (SELECT COUNT(*) FROM terminals) AS terminals, (SELECT COUNT(*) FROM files) AS files, (SELECT COALESCE(SUM(records), 0) FROM terminals) AS records').get() as ReportSource;
    await formatter.end(summary, integrity, counts);
    return { sessions: summary.sessions, problems: integrity.count };
  } finally {
    integrity.dispose();
  }
}
