// Where things live. `COUNTER_CHECKLIST_HOME=DIR` puts everything under DIR (tests, portable
// installs); without it config goes where conf puts it and data in the OS data folder.
// Read at every call, never cached: tests switch the variable between cases.
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';

export const PROJECT_NAME = 'counter-checklist';
export const HOME_ENV = 'COUNTER_CHECKLIST_HOME';

/** COUNTER_CHECKLIST_HOME resolved to an absolute path, or null when unset or empty. */
export function homeDir(): string | null {
  const home = process.env[HOME_ENV];
  return home === undefined || home.trim() === '' ? null : resolve(home);
}

const osPaths = () => envPaths(PROJECT_NAME, { suffix: '' });

/** The folder of the config file (what conf gets as `cwd`). */
export function configDir(): string {
  return homeDir() ?? osPaths().config;
}

/** The log folder used when the `logDir` setting is null. */
export function defaultLogDir(): string {
  const home = homeDir();
  return home !== null ? join(home, 'logs') : join(osPaths().data, 'logs');
}

/** Supervisors' review records. */
export function reviewsDir(): string {
  const home = homeDir();
  return home !== null ? join(home, 'reviews') : join(osPaths().data, 'reviews');
}

/** Small machine-local state (e.g. the last log head seen per terminal). */
export function stateDir(): string {
  const home = homeDir();
  return home !== null ? join(home, 'state') : join(osPaths().data, 'state');
}

/** The supervisor's archive (`collect` copies terminals' logs there; `report` and `review` read its index). */
export function archiveDir(): string {
  const home = homeDir();
  return home !== null ? join(home, 'archive') : join(osPaths().data, 'archive');
}
