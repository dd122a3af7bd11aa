// `counter-checklist report [PATH...]`: options checked and paths listed before the first byte of
// output (a bad option or a missing path is exit 2 with nothing half-written), then one streaming pass.
import type { Locale } from '../i18n/locale.js';
import type { ChecklistLabels } from '../checklist/labels.js';
import { localDay } from '../domain/day.js';
import { effectiveLogDir, loadSettings } from '../config/store.js';
import path from 'node:path';
import { translator, type Translate } from '../i18n/index.js';
import { packageVersion } from '../package-root.js';
import { lastFullMonth } from './html/period.js';
import { openOutFile, refuseOverLogs } from './out-file.js';
import { reviewsDir, stateDir } from '../config/paths.js';
import { statSync } from 'node:fs';
import { enrolledKeys } from '../seal/state.js';
import { UserError } from '../errors.js';
import { parseFilter, parseFormat, parseLocalDate, type RawReportOptions, type ReviewsById } from './options.js';
import { Output, OutputClosed, streamSink } from './output.js';
import { describeProblem } from './problems.js';
import { runReport, selectFiles, type Formatter } from './run.js';

export interface ReportIo {
  /** Where the report goes (written drain-aware and EPIPE-safe); a TTY gets a table by default. */
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** One line of diagnostics (stderr). */
  err(text: string): void;
}

/** The width a table is laid out for: the terminal's, from 80 up to 160 columns; 80 elsewhere. */
export const tableWidth = (stdout: ReportIo['stdout']) =>
  stdout.isTTY && stdout.columns ? Math.min(160, Math.max(80, stdout.columns)) : 80;

export async function runReportCommand(
  paths: readonly string[],
  raw: RawReportOptions,
  io: ReportIo,
  locale: Locale,
  /** The review log's follow-ups (read only for a raw-path report: the archive has its own). */
  reviewsOf?: () => Promise<{ reviewed?: ReadonlySet<string>; reviews?: ReviewsById }>,
  /** `--archive DIR`. */
  archive?: string,
): Promise<number> {
  const tr = translator(locale);
  const format = parseFormat(raw.format, io.stdout.isTTY === true);
  if (raw.out !== undefined && raw.out.trim() === '') throw new UserError('report.error.outEmpty');
  // The monthly page covers the last full calendar month unless a period is given.
  const filter = parseFilter(format === 'html' ? { ...raw, ...monthlyPeriod(raw, new Date()) } : raw);
  if (archive !== undefined && paths.length > 0) throw new UserError('report.error.archiveAndPath');
  // The archive's index, when asked for or when this machine has one and no PATH was given.
  const db = archive !== undefined || paths.length === 0 ? await openArchive(archive) : null;
  const roots = paths.length > 0 ? paths : [effectiveLogDir(loadSettings())];
  const files = db ? [] : selectFiles(roots, filter.terminal);
  if (db && filter.terminal !== undefined) {
    // As on the raw path: a terminal the archive never collected is said, not an empty report.
    const known = db.db.prepare('SELECT terminal FROM terminals ORDER BY terminal').pluck().all() as string[];
    if (!known.includes(filter.terminal)) {
      db.db.close();
      throw new UserError('report.error.noTerminal', { terminal: filter.terminal, found: known.join(', ') || '-' });
    }
  }

  if (raw.out !== undefined) {
    const { defaultArchiveDir } = await import('../archive/paths.js');
    refuseOverLogs(raw.out, {
      folders: [...paths.filter(isFolder), effectiveLogDir(loadSettings()), reviewsDir(), db?.root ?? archive ?? defaultArchiveDir()],
      files: [...paths.filter((p) => !isFolder(p)), ...files],
    });
  }
  const file = raw.out !== undefined ? openOutFile(raw.out) : null;
  const out = new Output(file ? file.sink : streamSink(io.stdout));
  try {
    // Each format is loaded only when asked for: the table's width handling (string-width) alone
    // costs ~40 ms of start-up that JSON and CSV do not need.
    let formatter: Formatter;
    if (format === 'json') formatter = (await import('./json.js')).jsonFormatter(out);
    else if (format === 'csv') formatter = (await import('./csv.js')).csvFormatter(out, (line) => io.err(line), (p) => describeProblem(tr, p));
    else if (format === 'html') formatter = await pageFormatter(out, locale, tr, { since: filter.since!, until: filter.until! }, raw, db?.root);
    else {
      const [{ tableFormatter }, labels] = await Promise.all([import('./table.js'), installedLabels(locale)]);
      formatter = tableFormatter(out, { locale, tr, width: tableWidth(io.stdout), flaggedOnly: filter.flagged === true, labels });
    }
    if (db) {
      const { runArchiveReport } = await import('../archive/report.js');
      await runArchiveReport(db.db, db.root, filter, formatter);
    } else {
      const sealKeys = enrolledKeys(stateDir());
      const { reviewed, reviews }: { reviewed?: ReadonlySet<string>; reviews?: ReviewsById } = reviewsOf ? await reviewsOf() : {};
      await runReport({ files, filter, sealKeys, ...(reviewed ? { reviewed } : {}), ...(reviews ? { reviews } : {}) }, formatter);
    }
  } catch (e) {
    file?.abort();
    // The reader went away (`report | head`): what it wanted was written; not an error.
    if (e instanceof OutputClosed) return 0;
    throw e;
  } finally {
    db?.db.close();
  }
  if (file) {
    file.commit();
    io.err(tr('report.out.written', { file: path.resolve(raw.out!) }));
  }
  return 0;
}

const isFolder = (p: string) => statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;

/** The period of the monthly page: the one given, else the last full calendar month. */
function monthlyPeriod(raw: RawReportOptions, now: Date): { since: string; until: string } {
  if (raw.since === undefined && raw.until === undefined) return lastFullMonth(now);
  const since = raw.since ?? `${parseLocalDate('--until', raw.until!).slice(0, 8)}01`;
  const until = raw.until ?? localDay(now);
  return { since, until };
}


/**
 * The installed checklists' words, for the table's flow column; none (the ids are shown) when they
 * cannot be read — a report is never stopped by a checklist folder.
 */
async function installedLabels(locale: Locale): Promise<ChecklistLabels> {
  const [{ installedChecklists }, { checklistLabels, NO_LABELS }] = await Promise.all([import('../checklist/load.js'), import('../checklist/labels.js')]);
  try {
    return checklistLabels(installedChecklists(loadSettings()).checklists, locale);
  } catch {
    return NO_LABELS;
  }
}

async function pageFormatter(out: Output, locale: Locale, tr: Translate, period: { since: string; until: string }, raw: RawReportOptions, archive?: string): Promise<Formatter> {
  const [{ htmlFormatter }, { installedChecklists }, { checklistLabels }] = await Promise.all([
    import('./html/format.js'),
    import('../checklist/load.js'),
    import('../checklist/labels.js'),
  ]);
  const settings = loadSettings();
  const filters = [
    raw.terminal !== undefined ? `--terminal ${raw.terminal}` : '',
    raw.operator !== undefined ? `--operator ${raw.operator}` : '',
    raw.flagged ? '--flagged' : '',
  ].filter((x) => x !== '');
  return htmlFormatter(out, {
    locale,
    tr,
    labels: checklistLabels(installedChecklists(settings).checklists, locale),
    organization: settings.organization,
    period,
    filters: filters.join(' '),
    version: packageVersion(),
    ...(archive !== undefined ? { archive } : {}),
  });
}

/**
 * The archive to read: `dir` (which must hold one), or the default archive when there is one; null
 * when neither (the raw-path report of this machine's own logs).
 */
async function openArchive(dir: string | undefined): Promise<{ db: import('../archive/db.js').Db; root: string } | null> {
  const { archiveLayout, defaultArchiveDir, hasArchive } = await import('../archive/paths.js');
  const root = dir ?? defaultArchiveDir();
  if (!hasArchive(root)) {
    if (dir === undefined) return null;
    throw new UserError('archive.error.none', { dir: root });
  }
  const layout = archiveLayout(root);
  const { openIndex } = await import('../archive/db.js');
  return { db: openIndex(layout.index, { readonly: true }), root: layout.root };
}
