// `counter-checklist checklists [list | validate FILE...]`. Text in, text out: the CLI prints
// `stdout` and `stderr` and exits with `code`. `validate` checks every file it is given and reports
// each invalid one on its own line, so one run shows an author everything that needs fixing.
import stringWidth from 'string-width';
import type { Settings } from '../config/schema.js';
import { UserError } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';
import { flatItems, type LoadedChecklist } from './schema.js';
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

/** The error line the CLI prints for a UserError (the same shape as every other command's). */
const errorLine = (locale: Locale, e: UserError) => t(locale, 'cli.error', { message: t(locale, e.key, e.params) });

/**
 * One line per installed checklist (id, version, enabled or not, title, item count, file), then which
 * are enabled and where the city's own folder is. A city file that could not be loaded (the kiosk
 * skips it) and an enabled id that is not installed (the kiosk would refuse to start) are reported
 * on stderr with exit 2.
 */
export function listChecklists(locale: Locale, settings: ListSettings): CommandOutput {
  const { checklists: installed, skipped } = installedChecklists(settings);
  const enabled = enabledChecklistIds(settings);
  const rows = installed.map((c) => ({
    id: c.checklist.id,
    version: `v${c.checklist.version}`,
    state: t(locale, enabled.includes(c.checklist.id) ? 'checklist.list.enabled' : 'checklist.list.disabled'),
    rest: `${c.checklist.title[locale]}  ${itemCount(locale, c)}  ${c.file}`,
  }));
  const width = (pick: (r: (typeof rows)[number]) => string) => Math.max(0, ...rows.map((r) => columns(pick(r))));
  const [wId, wVersion, wState] = [width((r) => r.id), width((r) => r.version), width((r) => r.state)];
  const lines = rows.map((r) => `${pad(r.id, wId)}  ${pad(r.version, wVersion)}  ${pad(r.state, wState)}  ${r.rest}`);
  if (lines.length === 0) lines.push(t(locale, 'checklist.list.none'));
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
