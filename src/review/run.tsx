// Starting the review screen: settings, the log files (a missing path is exit 2 before anything is
// drawn), then the screen at once with a progress line while the logs and the review log are read.
// The screen runs in src/ui/program.tsx, as the kiosk does.
import { existsSync } from 'node:fs';
import { installedChecklists, loadChecklists, shippedChecklistDir } from '../checklist/load.js';
import type { LoadedChecklist } from '../checklist/schema.js';
import { effectiveLogDir, loadSettings } from '../config/store.js';
import { t } from '../i18n/index.js';
import { faultyIo, FAULT_ENV } from '../log/fault.js';
import { collectLogFiles } from '../log/reader.js';
import { nodeFs } from '../log/fs.js';
import { describeLogError } from '../log/writer.js';
import { makeUi } from '../ui/context.js';
import { reviewsDir, stateDir } from '../config/paths.js';
import { enrolledKeys } from '../seal/state.js';
import { runProgram } from '../ui/program.js';
import { ReviewApp } from '../ui/review/app.js';
import { ReviewController } from './controller.js';
import { checklistLabels } from './describe.js';
import { loadSessions, readTimeline } from './load.js';
import { openReviewLog, readReviews, type Review } from './log.js';
import { archiveProblems, archiveReviews, ArchiveSource, readArchiveTimeline } from '../archive/review.js';
import { MemorySource } from './source.js';
import { archiveLayout, defaultArchiveDir, hasArchive } from '../archive/paths.js';
import { openIndex, type Db } from '../archive/db.js';
import { UserError } from '../errors.js';
import { initialModel } from './model.js';

/** Progress redraws while reading: often enough to see it move, rarely enough to cost nothing. */
const PROGRESS_MS = 250;

/** The checklists whose texts the timelines show; ids are shown when none can be read. */
function checklistsForLabels(settings: Parameters<typeof installedChecklists>[0]): LoadedChecklist[] {
  try {
    return installedChecklists(settings).checklists;
  } catch {
    try {
      return loadChecklists([shippedChecklistDir()]);
    } catch {
      return [];
    }
  }
}

export async function runReview(paths: readonly string[], archiveDir?: string): Promise<number> {
  const settings = loadSettings();
  const { locale } = settings;
  if (archiveDir !== undefined && paths.length > 0) throw new UserError('report.error.archiveAndPath');
  // The archive's index, when asked for or when this machine has one and no PATH was given.
  const archive = archiveDir !== undefined || paths.length === 0 ? openArchiveForReview(archiveDir) : null;
  // A path named on the command line must exist; this machine's own log folder may not yet.
  const defaultDir = effectiveLogDir(settings);
  const roots = paths.length > 0 ? [...paths] : existsSync(defaultDir) ? [defaultDir] : [];
  const files = archive ? [] : collectLogFiles(roots);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    archive?.db.close();
    process.stderr.write(`${t(locale, 'review.notty')}\n`);
    return 2;
  }

  const dir = reviewsDir();
  const sealKeys = enrolledKeys(stateDir());
  const labels = checklistLabels(checklistsForLabels(settings), locale);
  const io = faultyIo(process.env[FAULT_ENV], nodeFs);
  const controller = new ReviewController({
    model: initialModel({ operatorPattern: settings.operatorPattern }),
    // `ID.reviews`: kiosk terminal ids cannot contain a dot, so this chain never mixes with a
    // kiosk's (in verify's remembered heads, or when both folders are checked together).
    openLog: (acknowledged) =>
      openReviewLog({
        dir,
        terminal: `${settings.terminalId}.reviews`,
        io,
        ...(acknowledged ? { acknowledged } : {}),
        // In the log first (fsync, chain), then in the archive's index: the next collect would
        // take it from the log anyway, so a busy or full index loses nothing.
        ...(archive ? { onWritten: (review: Review, seq: number) => archive.record(`${settings.terminalId}.reviews`, review, seq) } : {}),
      }),
    readTimeline: archive ? async (row) => readArchiveTimeline(archive.db, archive.root, row) : (row) => readTimeline(row, sealKeys),
    describe: (error) => describeLogError(error, locale),
  });

  const stop = new AbortController();
  const program = runProgram({
    store: controller,
    element: <ReviewApp store={controller} ui={makeUi(locale, !('NO_COLOR' in process.env))} labels={labels} reviewsDir={dir} />,
    cleanup: () => {
      stop.abort();
      controller.close();
      archive?.close();
    },
  });
  const { exited, restore } = program;

  // The screen is up; now read. The review log is small and read alongside. The archive's index
  // answers the list a page at a time; raw log files are read through and held in memory.
  let last = 0;
  const loading = (async () => {
    if (archive) {
      const source = new ArchiveSource(archive.db);
      if (!stop.signal.aborted) controller.load(source, { problems: archiveProblems(archive.db), reviews: archiveReviews(archive.db), reviewProblems: 0 });
      return;
    }
    const reviews = readReviews(dir);
    const set = await loadSessions(files, {
      sealKeys,
      signal: stop.signal,
      onProgress: (sessions, _records, share) => {
        const now = Date.now();
        if (now - last < PROGRESS_MS) return;
        last = now;
        controller.dispatch({ type: 'progress', sessions, share });
      },
    });
    const r = await reviews;
    if (!stop.signal.aborted) {
      controller.load(new MemorySource(set.rows, r.reviews), { problems: set.problems, reviews: r.reviews, reviewProblems: r.problems.length });
    }
  })();

  try {
    await Promise.race([exited, loading.then(() => exited)]);
  } finally {
    restore();
  }
  // A read still running stops at its next chunk.
  await loading.catch(() => {});
  return 0;
}

interface ReviewArchive {
  db: Db;
  root: string;
  /** Put a review just written to the log into the index (a writer is opened at the first). */
  record(log: string, review: Review, seq: number): void;
  close(): void;
}

/** The archive `review` reads: `dir` (which must hold one), or the default when there is one. */
function openArchiveForReview(dir: string | undefined): ReviewArchive | null {
  const root = dir ?? defaultArchiveDir();
  if (!hasArchive(root)) {
    if (dir === undefined) return null;
    throw new UserError('archive.error.none', { dir: root });
  }
  const layout = archiveLayout(root);
  const db = openIndex(layout.index, { readonly: true });
  let writer: Db | null = null;
  return {
    db,
    root: layout.root,
    record(log, review, seq) {
      try {
        writer ??= openIndex(layout.index);
        writer
          .prepare('INSERT INTO reviews (log, seq, session, terminal, at, reviewer, note) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (log, seq) DO NOTHING')
          .run(log, seq, review.session, review.terminal, review.at, review.reviewer, review.note);
      } catch {
        // The review is in the log; the next collect puts it into the index.
      }
    },
    close() {
      db.close();
      writer?.close();
    },
  };
}
