// Message catalogs: every user-facing string lives here (ja default, en), never inline in code.
// Each area keeps its own catalog file; `defineMessages` makes the en half match the ja keys.
import type { Locale } from './locale.js';
import { cliMessages } from './cli.js';
import { checklistMessages } from './checklist.js';
import { logMessages } from './log.js';
import { configMessages } from './config.js';
import { kioskMessages } from './kiosk.js';
import { pinMessages } from './pin.js';
import { reportMessages } from './report.js';
import { reviewMessages } from './review.js';
import { sealMessages } from './seal.js';
import { archiveMessages } from './archive.js';
import { htmlMessages } from './html.js';
import { readerMessages } from './reader.js';

export type { Locale };

const catalogs = [cliMessages, checklistMessages, logMessages, configMessages, kioskMessages, pinMessages, reportMessages, reviewMessages, sealMessages, archiveMessages, htmlMessages, readerMessages] as const;

type Union<T> = T extends readonly (infer U)[] ? U : never;
type KeysOf<C> = C extends { ja: infer J } ? keyof J : never;
export type MessageKey = KeysOf<Union<typeof catalogs>> & string;
export type Params = Record<string, string | number>;

const merged: Record<Locale, Record<string, string>> = { ja: {}, en: {} };
for (const c of catalogs) {
  Object.assign(merged.ja, c.ja);
  Object.assign(merged.en, c.en);
}

/**
 * Translate `key`, filling `{name}` placeholders from `params`. `{name|one|other}` is a plural:
 * `one` when the param is 1, else `other` (English: "1 file", "2 files"; Japanese needs none).
 */
export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template = merged[locale][key] ?? merged.ja[key] ?? key;
  return template
    .replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (m, name: string, one: string, other: string) =>
      name in params ? (String(params[name]) === '1' ? one : other) : m,
    )
    .replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** A translator bound to one locale, for components and commands. */
export type Translate = (key: MessageKey, params?: Params) => string;
export const translator = (locale: Locale): Translate => (key, params) => t(locale, key, params);
