// Starting the review screen: settings, the log files (a missing path is exit 2 before anything is
// drawn), then the screen at once with a progress line while the logs and the review log are read.
// The only module that imports Ink for the review.
import { existsSync } from 'node:fs';
import { render } from 'ink';
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
import { enterScreenModes } from '../ui/screen-mode.js';
import { ReviewApp } from '../ui/review/app.js';
import { ReviewController } from './controller.js';
import { checklistLabels } from './describe.js';
import { loadSessions, readTimeline } from './load.js';
import { openReviewLog, readReviews, type ReviewLogContents } from './log.js';
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

export async function runReview(paths: readonly string[]): Promise<number> {
  const settings = loadSettings();
  const { locale } = settings;
  // A path named on the command line must exist; this machine's own log folder may not yet.
  const defaultDir = effectiveLogDir(settings);
  const roots = paths.length > 0 ? [...paths] : existsSync(defaultDir) ? [defaultDir] : [];
  const files = collectLogFiles(roots);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
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
    openLog: (acknowledged) => openReviewLog({ dir, terminal: `${settings.terminalId}.reviews`, io, ...(acknowledged ? { acknowledged } : {}) }),
    readTimeline: (row) => readTimeline(row, sealKeys),
    describe: (error) => describeLogError(error, locale),
  });

  const leaveScreen = enterScreenModes();
  const ink = render(<ReviewApp store={controller} ui={makeUi(locale, !('NO_COLOR' in process.env))} labels={labels} reviewsDir={dir} />, {
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const stop = new AbortController();
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stop.abort();
    ink.unmount();
    leaveScreen();
    controller.close();
  };
  const onSignal = (code: number) => () => {
    restore();
    process.exit(code);
  };
  process.once('SIGTERM', onSignal(143));
  process.once('SIGHUP', onSignal(129));
  process.once('SIGINT', onSignal(130));

  const exited = new Promise<void>((resolve) => {
    const check = () => {
      if (controller.getModel().exit) resolve();
    };
    controller.subscribe(check);
    check();
  });

  // The screen is up; now read. The review log is small and read alongside.
  const reviews: Promise<ReviewLogContents> = readReviews(dir);
  let last = 0;
  const loading = loadSessions(files, {
    sealKeys,
    signal: stop.signal,
    onProgress: (sessions, _records, share) => {
      const now = Date.now();
      if (now - last < PROGRESS_MS) return;
      last = now;
      controller.dispatch({ type: 'progress', sessions, share });
    },
  }).then(async (set) => {
    const r = await reviews;
    if (!stop.signal.aborted) {
      controller.dispatch({ type: 'loaded', sessions: set.rows, problems: set.problems, reviews: r.reviews, reviewProblems: r.problems.length });
    }
  });

  try {
    await Promise.race([exited, loading.then(() => exited)]);
  } finally {
    restore();
  }
  // A read still running stops at its next chunk.
  await loading.catch(() => {});
  return 0;
}
