// `counter-checklist checklists [list | validate FILE...]`.
import { UserError } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';
import { flatItems, type LoadedChecklist } from './schema.js';
import { loadChecklistFile, loadChecklists, shippedChecklistDir } from './load.js';

const describe = (locale: Locale, key: 'cli.checklists.row' | 'cli.checklists.valid', c: LoadedChecklist) =>
  t(locale, key, {
    id: c.checklist.id,
    version: c.checklist.version,
    title: c.checklist.title[locale],
    items: flatItems(c.checklist).length,
    file: c.file,
  });

export function runChecklistsCommand(args: string[], locale: Locale): string {
  const [sub = 'list', ...files] = args;
  if (sub === 'list' && files.length === 0) {
    return loadChecklists([shippedChecklistDir()])
      .map((c) => describe(locale, 'cli.checklists.row', c))
      .join('\n');
  }
  if (sub === 'validate' && files.length > 0) {
    // The first invalid file stops with its error (exit 2); valid ones are confirmed one per line.
    return files.map((f) => describe(locale, 'cli.checklists.valid', loadChecklistFile(f))).join('\n');
  }
  throw new UserError('cli.badArgs', { message: `checklists ${args.join(' ')}` });
}
