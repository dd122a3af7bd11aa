// Which installed checklists this terminal offers, as its settings choose them.
import type { LoadedChecklist } from '../checklist/schema.js';
import { UserError } from '../errors.js';
import type { Settings } from './schema.js';

/** The ids the kiosk offers: `enabledChecklists`, or just `defaultChecklist` when that is not set. */
export function enabledChecklistIds(settings: Pick<Settings, 'enabledChecklists' | 'defaultChecklist'>): string[] {
  return settings.enabledChecklists ?? [settings.defaultChecklist];
}

/**
 * The enabled checklists, in the order configured. An id that is not installed is refused here (at
 * kiosk start), not by `config set`, because the city's folder may change after the setting; when
 * files of that folder were skipped, the message names them (the flow may be one of them).
 */
export function enabledChecklists(
  installed: readonly LoadedChecklist[],
  settings: Pick<Settings, 'enabledChecklists' | 'defaultChecklist'>,
  skipped: readonly UserError[] = [],
): LoadedChecklist[] {
  const available = () => installed.map((l) => l.checklist.id).join(', ') || '-';
  return enabledChecklistIds(settings).map((id) => {
    const found = installed.find((l) => l.checklist.id === id);
    if (!found) {
      const setting = settings.enabledChecklists === null ? 'defaultChecklist' : 'enabledChecklists';
      if (skipped.length > 0) {
        const files = skipped.map((e) => String(e.params.file ?? e.params.second ?? e.params.dir ?? '')).join(', ');
        throw new UserError('checklist.enabledNotFoundSkipped', { id, setting, available: available(), files });
      }
      throw new UserError('checklist.enabledNotFound', { id, setting, available: available() });
    }
    return found;
  });
}
