// The settings store: a JSON file written by conf 15, validated by zod (not by conf's ajv schema, so
// messages are translated and name the field).
//
// Reading never loads conf: the file is `configDir()/config.json` (exactly conf's path for that
// `cwd`), read and parsed here. `import('conf')` costs ~100 ms on the reference VM (it imports ajv
// statically, schema or not) and `report`/`verify` must start fast. Writing (`config set`) loads conf
// first (`prepareWrites`, a dynamic import) and lets it do the atomic write.
//
// A hand-edited file that is not valid is never rewritten: every path that writes validates the
// whole result first and reports the file and the field instead.
//
// Like the logs and the state, the file is private: config.json is 0600 and every folder made for
// it 0700, whatever the umask (folders that already exist keep their mode).
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type ConfType from 'conf';
import type { z } from 'zod';
import { UserError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { FILE_MODE, fsProblem, makePrivateDir } from './fs-problem.js';
import { configDir, defaultLogDir, PROJECT_NAME } from './paths.js';
import {
  isSettingKey,
  SETTING_KEYS,
  SETTING_PARSERS,
  Settings,
  type SettingKey,
} from './schema.js';

export const CONFIG_FILE_NAME = 'config.json';
/** Keys the store tolerates in the file besides the settings (editor completion). */
const IGNORED_KEYS = new Set(['$schema']);

/** The config file's absolute path (where conf reads and writes it). */
export function settingsFile(): string {
  return join(configDir(), CONFIG_FILE_NAME);
}

/** The log folder to use: the `logDir` setting, or the default folder. */
export function effectiveLogDir(settings: Pick<Settings, 'logDir'>): string {
  return settings.logDir ?? defaultLogDir();
}

const errorDetail = (e: unknown): string => {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code ?? e.message;
  }
  return String(e);
};

/**
 * A failure to read (`read`) or write (`write`) the config file as a UserError naming the file and
 * what is in the way (see fsProblem); anything else with its error code.
 */
function fileSystemError(op: 'read' | 'write', file: string, e: unknown): UserError {
  const problem = fsProblem(op, file, e);
  if (problem) return new UserError(`config.error.${problem.cause}`, { file, path: problem.path });
  return new UserError(op === 'read' ? 'config.error.fileUnreadable' : 'config.error.fileUnwritable', { file, detail: errorDetail(e) });
}

/** The stored object as in the file ({} when there is no file), minus ignored keys. */
function readStored(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw fileSystemError('read', file, e);
  }
  let data: unknown;
  try {
    data = JSON.parse(stripBom(text));
  } catch (e) {
    throw new UserError('config.error.fileNotJson', { file, detail: errorDetail(e) });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UserError('config.error.fileNotObject', { file });
  }
  const stored: Record<string, unknown> = {};
  // Defined, not assigned: `stored.__proto__ = v` would make the file's "__proto__" object the
  // prototype, and the settings in it would be read as if set (and listed as defaults).
  for (const [k, v] of Object.entries(data)) if (!IGNORED_KEYS.has(k)) Object.defineProperty(stored, k, { value: v, enumerable: true, writable: true, configurable: true });
  return stored;
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** A zod failure of the stored object as a UserError naming the file and the (first) bad field. */
function fileError(file: string, error: z.ZodError): UserError {
  const issue = error.issues[0];
  const keys = SETTING_KEYS.join(', ');
  if (issue?.code === 'unrecognized_keys') {
    return new UserError('config.error.file.unknownField', { file, field: issue.keys[0] ?? '', keys });
  }
  const field = String(issue?.path[0] ?? '');
  if (isSettingKey(field)) {
    return new UserError(`config.error.file.${field}`, { file, field });
  }
  // Not reachable with an object input; keep a message that still names the file.
  return new UserError('config.error.fileNotObject', { file });
}

function validate(file: string, stored: Record<string, unknown>): Settings {
  const result = Settings.safeParse(stored);
  if (!result.success) throw fileError(file, result.error);
  return result.data;
}

/** The settings: stored values over the defaults, validated. Never writes. */
export function loadSettings(): Settings {
  const file = settingsFile();
  return validate(file, readStored(file));
}

/** A command-line key as a setting key, or a UserError listing the keys. */
export function parseSettingKey(key: string): SettingKey {
  if (!isSettingKey(key)) throw new UserError('config.error.unknownKey', { key, keys: SETTING_KEYS.join(', ') });
  return key;
}

export function getSetting<K extends SettingKey>(key: K): Settings[K];
export function getSetting(key: string): Settings[SettingKey];
export function getSetting(key: string): Settings[SettingKey] {
  return loadSettings()[parseSettingKey(key)];
}

/** Every setting in schema order: [key, effective value, true when not set in the file]. */
export function listSettings(): [SettingKey, Settings[SettingKey], boolean][] {
  const file = settingsFile();
  const stored = readStored(file);
  const settings = validate(file, stored);
  return SETTING_KEYS.map((k) => [k, settings[k], !Object.hasOwn(stored, k)]);
}

/**
 * Parse `rawValue` for `key`, validate it, and store it. `logDir null` removes the key (back to the
 * default folder). Setting a key that is broken in the file repairs it; any other broken field
 * refuses the write and names it.
 */
export function setSetting(key: string, rawValue: string): Settings {
  const k = parseSettingKey(key);
  const parsed = Settings.shape[k].safeParse(SETTING_PARSERS[k](rawValue));
  if (!parsed.success) {
    throw new UserError(`config.error.badValue.${k}` satisfies MessageKey, { key: k, value: rawValue, field: k });
  }
  const value: unknown = parsed.data;
  const file = settingsFile();
  const next = readStored(file);
  if (value === null) delete next[k];
  else next[k] = value;
  const settings = validate(file, next);

  try {
    makePrivateDir(configDir());
    const conf = openConf();
    if (value === null) conf.delete(k);
    else conf.set(k, value);
    // conf writes a 0600 temp file and renames it over the old one, but its fallbacks (SNAP, EXDEV)
    // write in place and keep an old file's mode.
    chmodSync(file, FILE_MODE);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw fileSystemError('write', file, e);
  }
  return settings;
}

type Conf = ConfType<Record<string, unknown>>;
type ConfClass = typeof ConfType;
let confClass: ConfClass | undefined;

/**
 * Load conf before the first write (see the top of this file). It is ESM, so it comes by dynamic
 * import; only commands that write call this.
 */
export async function prepareWrites(): Promise<void> {
  confClass ??= (await import('conf')).default;
}

function openConf(): Conf {
  if (!confClass) throw new Error('config: prepareWrites() must run before a write');
  return new confClass<Record<string, unknown>>({
    projectName: PROJECT_NAME,
    projectSuffix: '',
    cwd: configDir(),
    configName: CONFIG_FILE_NAME.replace(/\.json$/, ''),
    // No schema (validated by zod above), no defaults (defaults are computed, never written),
    // keys are plain names, and a BOM left by an editor does not break the read.
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
    // conf chmods its temp file to this before the rename, so the umask does not widen it.
    configFileMode: FILE_MODE,
    deserialize: (text: string) => JSON.parse(stripBom(text)) as Record<string, unknown>,
  });
}
