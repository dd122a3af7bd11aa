// Settings of one terminal (`counter-checklist config`). The zod schema is the type; the store
// validates the stored file with it, so a hand-edited mistake is reported by field, never wiped.
import { hostname } from 'node:os';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { operatorRegExp } from '../domain/ids.js';
import { ChecklistId } from '../domain/ids.js';
import { CardReaderSetting } from '../domain/reader.js';
import { Locale } from '../i18n/locale.js';
import { idProblem } from '../pii/mynumber.js';

export const TERMINAL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
export const FALLBACK_TERMINAL_ID = 'terminal';
export const DEFAULT_OPERATOR_PATTERN = '^[A-Za-z0-9-]{2,16}$';
export const DEFAULT_CHECKLIST = 'mynapoint-support';
export const DEFAULT_IDLE_LIMIT_MINUTES = 5;

/**
 * A host name made into a terminal id: first DNS label, NFKC, anything outside `A-Za-z0-9_-`
 * becomes `-`, leading `_`/`-` dropped, at most 32 characters. Empty result → `terminal`.
 */
export function sanitizeTerminalId(host: string): string {
  const label = host.normalize('NFKC').split('.')[0] ?? '';
  const id = label
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[_-]+/, '')
    .slice(0, 32)
    .replace(/[_-]+$/, '');
  return TERMINAL_ID_PATTERN.test(id) ? id : FALLBACK_TERMINAL_ID;
}

/** The default terminal id: derived from the host name at every load (stable while it is), never stored. */
export function defaultTerminalId(): string {
  let host = '';
  try {
    host = hostname();
  } catch {
    // Some sandboxes refuse uname(2): fall back.
  }
  return sanitizeTerminalId(host);
}

export { operatorRegExp };

/** The compile error of a regex source, or null when it compiles. */
export function regexProblem(pattern: string): string | null {
  try {
    operatorRegExp(pattern);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** A terminal id goes into every record: its pattern, and never the shape of a My Number. */
export const TerminalId = z
  .string()
  .regex(TERMINAL_ID_PATTERN)
  .refine((id) => idProblem(id) === undefined, { message: 'looks like a My Number' });
export const OperatorPattern = z
  .string()
  .min(1)
  .max(200)
  .refine((p) => regexProblem(p) === null, { message: 'not a valid regular expression' });
export const LogDir = z
  .string()
  .refine((p) => isAbsolute(p), { message: 'must be an absolute path' })
  .nullable();
/** A city's own checklists folder (absolute), loaded in addition to the shipped ones. */
export const ChecklistDir = z
  .string()
  .refine((p) => isAbsolute(p), { message: 'must be an absolute path' })
  .nullable();
export const MAX_ENABLED_CHECKLISTS = 20;
/**
 * The checklists offered at the Ready screen. Whether each id exists is checked when the kiosk starts
 * (the city's folder may change after the setting), not here.
 */
export const EnabledChecklists = z
  .array(ChecklistId)
  .min(1)
  .max(MAX_ENABLED_CHECKLISTS)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'each id at most once' })
  .nullable();

export const Settings = z.strictObject({
  /** Written into every log record; names the log folder of this terminal. */
  terminalId: TerminalId.default(defaultTerminalId),
  locale: Locale.default('ja'),
  /** A session idle longer than this is flagged `idle`. */
  idleLimitMinutes: z.int().min(1).max(120).default(DEFAULT_IDLE_LIMIT_MINUTES),
  defaultChecklist: ChecklistId.default(DEFAULT_CHECKLIST),
  /** null: just `defaultChecklist` (see `enabledChecklistIds()` in src/config/flows.ts). */
  enabledChecklists: EnabledChecklists.default(null),
  /** null: only the shipped checklists. */
  checklistDir: ChecklistDir.default(null),
  /** null: the default folder (see `defaultLogDir()`). */
  logDir: LogDir.default(null),
  /** Regex source (flag `u`) a staff ID must match at sign-in. */
  operatorPattern: OperatorPattern.default(DEFAULT_OPERATOR_PATTERN),
  /** On: Ctrl+C does not exit the kiosk even outside a session. */
  kioskLock: z.boolean().default(false),
  /** The ward or city named at the top of the monthly HTML report (free text; empty: none). */
  organization: z.string().trim().max(100).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'no control characters' }).default(''),
  /** The PC/SC card reader the kiosk watches: off, auto (the first reader seen) or one reader's name (docs/card-reader.md). */
  cardReader: CardReaderSetting.refine((s) => s.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(s), { message: 'a name, without control characters' }).default('off'),
});
export type Settings = z.infer<typeof Settings>;
export type SettingKey = keyof Settings;

export const SETTING_KEYS = Object.keys(Settings.shape) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as string[]).includes(key);
}

const asNumber = (raw: string): unknown => {
  const s = raw.normalize('NFKC').trim();
  return /^[+-]?\d+$/.test(s) ? Number(s) : raw;
};
const asBoolean = (raw: string): unknown => {
  const s = raw.normalize('NFKC').trim().toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : raw;
};
const asString = (raw: string): unknown => raw;
const asPathOrNull = (raw: string): unknown => (raw.trim() === 'null' ? null : raw);
/** `a,b c、d` → ['a', 'b', 'c', 'd'] (full-width commas and spaces too); `null` → null. */
const asIdList = (raw: string): unknown => {
  const s = raw.normalize('NFKC').trim();
  return s === 'null' ? null : s.split(/[\s,、]+/u).filter((id) => id !== '');
};

/**
 * How `config set KEY VALUE` turns the command-line string into the stored JSON value. The result is
 * then validated by the key's schema; a string that is not a number/boolean is passed through so the
 * schema reports it.
 */
export const SETTING_PARSERS: { readonly [K in SettingKey]: (raw: string) => unknown } = {
  terminalId: asString,
  locale: asString,
  idleLimitMinutes: asNumber,
  defaultChecklist: asString,
  enabledChecklists: asIdList,
  checklistDir: asPathOrNull,
  organization: asString,
  logDir: asPathOrNull,
  operatorPattern: asString,
  kioskLock: asBoolean,
  cardReader: asString,
};

/** How a value is printed by `config get` / `config list` (and read back by `config set`). */
export function formatSettingValue(value: Settings[SettingKey]): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? value.join(',') : String(value);
}
