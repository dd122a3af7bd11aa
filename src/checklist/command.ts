// `counter-checklist checklists [list | validate FILE...]`. Text in, text out: the CLI prints
// `stdout` and `stderr` and exits with `code`. `validate` checks every file it is given and reports
// each invalid one on its own line, so one run shows an author everything that needs fixing.
import stringWidth from 'string-width';
import type { Settings } from '../config/schema.js';
import { UserError } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';
import { localDay } from '../domain/day.js';
import { flatItems, validityOn, type Checklist, type LoadedChecklist } from './schema.js';
import { enabledChecklistIds } from '../config/flows.js';
import { installedChecklists, loadChecklistFile } from './load.js';

export interface CommandOutput {
  stdout: string;
  stderr: string;
  /** 0: all good; 2: bad usage or at least one invalid file (the exit codes of docs/architecture.md). */
  code: number;
}

const EXIT_OK = 0;
const EXIT_USAGE = 2;

type ListSettings = Pick<Settings, 'checklistDir' | 'enabledChecklists' | 'defaultChecklist'>;

/** Terminal columns: East Asian wide and full-width characters take two. */
const columns = (s: string) => stringWidth(s);
const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - columns(s)));

function itemCount(locale: Locale, c: LoadedChecklist): string {
  const items = flatItems(c.checklist).map((x) => x.item);
  const conditional = items.filter((i) => i.showIf !== undefined).length;
  return conditional === 0
    ? t(locale, 'checklist.list.items', { count: items.length })
    : t(locale, 'checklist.list.itemsConditional', { count: items.length, conditional });
}

/** The validity period in words (`2026-04-01〜2027-03-31`, `期限なし`), marked when `day` is outside it. */
function period(locale: Locale, c: Checklist, day: string): string {
  const { validFrom: from, validUntil: until } = c;
  const span =
    from !== undefined && until !== undefined
      ? t(locale, 'checklist.list.period', { from, until })
      : from !== undefined
        ? t(locale, 'checklist.list.periodFrom', { from })
        : until !== undefined
          ? t(locale, 'checklist.list.periodUntil', { until })
          : t(locale, 'checklist.list.noEnd');
  const validity = validityOn(c, day);
  if (validity === 'valid') return span;
  return `${span} ${t(locale, validity === 'expired' ? 'checklist.list.expired' : 'checklist.list.notYet')}`;
}

/** The error line the CLI prints for a UserError (the same shape as every other command's). */
const errorLine = (locale: Locale, e: UserError) => t(locale, 'cli.error', { message: t(locale, e.key, e.params) });

/**
 * One line per installed checklist (id, version, enabled or not, validity period, title, item count,
 * file), in columns measured in terminal columns (a Japanese title takes two a character), then which
 * are enabled and where the city's own folder is. The period is judged on `now`'s local day. A city file that could not be loaded (the kiosk
 * skips it) and an enabled id that is not installed (the kiosk would refuse to start) are reported
 * on stderr with exit 2.
 */
export function listChecklists(locale: Locale, settings: ListSettings, now: Date = new Date()): CommandOutput {
  const { checklists: installed, skipped } = installedChecklists(settings);
  const enabled = enabledChecklistIds(settings);
  const day = localDay(now);
  const rows = installed.map((c) => [
    c.checklist.id,
    `v${c.checklist.version}`,
    t(locale, enabled.includes(c.checklist.id) ? 'checklist.list.enabled' : 'checklist.list.disabled'),
    period(locale, c.checklist, day),
    c.checklist.title[locale],
    itemCount(locale, c),
    c.file,
  ]);
  // Every column but the last (the file) is padded to its widest cell.
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => columns(r[i]!)))) ?? [];
  const lines = rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : pad(cell, widths[i]!))).join('  '));
  if (lines.length === 0) lines.push(t(locale, 'checklist.list.none'));
  const history = installed.flatMap((c) => c.history ?? []);
  if (history.length > 0) {
    lines.push('', ...history.map((h) => t(locale, 'checklist.list.history', { id: h.checklist.id, version: h.checklist.version, file: h.file })));
  }
  lines.push(
    '',
    t(locale, 'checklist.list.enabledIds', { ids: enabled.join(',') }),
    settings.checklistDir === null ? t(locale, 'checklist.list.noOwnDir') : t(locale, 'checklist.list.ownDir', { dir: settings.checklistDir }),
  );
  const ids = new Set(installed.map((c) => c.checklist.id));
  const missing = enabled.filter((id) => !ids.has(id));
  const stderr = skipped.map((e) => errorLine(locale, e));
  stderr.push(...missing.map((id) =>
    errorLine(
      locale,
      new UserError('checklist.enabledNotFound', {
        id,
        setting: settings.enabledChecklists === null ? 'defaultChecklist' : 'enabledChecklists',
        available: [...ids].join(', ') || '-',
      }),
    ),
  ));
  const code = missing.length > 0 || skipped.length > 0 ? EXIT_USAGE : EXIT_OK;
  return { stdout: lines.join('\n') + '\n', stderr: stderr.map((l) => l + '\n').join(''), code };
}

/** Validate every file: an OK line (stdout) or one error line (stderr) each; exit 2 if any is invalid. */
export function validateChecklists(locale: Locale, files: readonly string[]): CommandOutput {
  const out: string[] = [];
  const err: string[] = [];
  for (const file of files) {
    try {
      const c = loadChecklistFile(file);
      out.push(
        t(locale, 'checklist.validate.valid', { file, id: c.checklist.id, version: c.checklist.version, items: itemCount(locale, c) }),
      );
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      err.push(errorLine(locale, e));
    }
  }
  if (files.length > 1) {
    out.push(
      err.length === 0
        ? t(locale, 'checklist.validate.allValid', { total: files.length })
        : t(locale, 'checklist.validate.summary', { total: files.length, invalid: err.length }),
    );
  }
  const text = (lines: string[]) => lines.map((l) => l + '\n').join('');
  return { stdout: text(out), stderr: text(err), code: err.length > 0 ? EXIT_USAGE : EXIT_OK };
}

/**
 * `args` are the positionals after `checklists`. Settings are read only by `list` (from the config
 * store unless given). Bad usage is a UserError (the CLI reports it, exit 2).
 */
export async function runChecklistsCommand(
  args: readonly string[],
  locale: Locale,
  settings?: ListSettings,
): Promise<CommandOutput> {
  const [sub = 'list', ...files] = args;
  if (sub === 'list' && files.length === 0) {
    return listChecklists(locale, settings ?? (await import('../config/store.js')).loadSettings());
  }
  if (sub === 'validate' && files.length > 0) return validateChecklists(locale, files);
  throw new UserError('cli.badArgs.other', { command: 'checklists' });
}
