// Reading checklist files: the only I/O of src/checklist/, and reading only. Every problem becomes a
// UserError naming the file and where in it (line:column for JSON syntax, a JSON path for the schema),
// with a message key per kind of problem so it reads in the UI language.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Settings } from '../config/schema.js';
import { UserError } from '../errors.js';
import type { MessageKey, Params } from '../i18n/index.js';
import { packageRoot } from '../package-root.js';
import { Checklist, formatJsonPath, ID_PATTERN, VERSION_PATTERN, type ChecklistRule, type LoadedChecklist } from './schema.js';

/** Checklists are small; anything bigger is a mistake (a log, a binary) and is refused unread. */
export const MAX_CHECKLIST_BYTES = 1024 * 1024;

/** The package's `checklists/` folder. */
export function shippedChecklistDir(): string {
  return path.join(packageRoot(), 'checklists');
}

const reasonOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

function readBounded(file: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new UserError('checklist.unreadable', { file, reason: reasonOf(e) });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UserError('checklist.notAFile', { file });
    if (st.size > MAX_CHECKLIST_BYTES) {
      throw new UserError('checklist.tooLarge', { file, size: st.size, limit: MAX_CHECKLIST_BYTES });
    }
    return readFileSync(fd);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError('checklist.unreadable', { file, reason: reasonOf(e) });
  } finally {
    closeSync(fd);
  }
}

/** Read, parse and validate one checklist file. */
export function loadChecklistFile(file: string): LoadedChecklist {
  const bytes = readBounded(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // also drops a leading BOM
  } catch {
    const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    throw new UserError(utf16 ? 'checklist.utf16' : 'checklist.notUtf8', { file });
  }
  if (text.trim() === '') throw new UserError('checklist.empty', { file });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const { key, params } = describeSyntaxError(text);
    throw new UserError(key, { file, ...params });
  }
  const parsed = Checklist.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    const { key, params } = describeIssue(parsed.error.issues[0]!);
    throw new UserError(key, { file, ...params });
  }
  return { checklist: parsed.data, file, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Every `*.json` in `dirs`, sorted by id. The same id twice (in one folder or across folders) is refused. */
export function loadChecklists(dirs: string[]): LoadedChecklist[] {
  const byId = new Map<string, LoadedChecklist>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
    } catch (e) {
      throw new UserError('checklist.dirUnreadable', { dir, reason: reasonOf(e) });
    }
    for (const name of names) {
      const loaded = loadChecklistFile(path.join(dir, name));
      const id = loaded.checklist.id;
      const earlier = byId.get(id);
      if (earlier) throw new UserError('checklist.duplicateId', { id, first: earlier.file, second: loaded.file });
      byId.set(id, loaded);
    }
  }
  return [...byId.values()].sort((a, b) => (a.checklist.id < b.checklist.id ? -1 : 1));
}

/** The checklists a terminal can run, and the city's files that could not be loaded (skipped). */
export interface Installed {
  checklists: LoadedChecklist[];
  /** Each unusable file of the city's folder (or the folder itself), as the error that says why. */
  skipped: UserError[];
}

/**
 * The checklists this terminal can run: the shipped ones plus the city's own folder (`checklistDir`),
 * sorted by id. A shipped checklist that does not load is a broken install (thrown). A file of the
 * city's folder that does not load, or reuses an id, is skipped and reported: a draft left in the
 * folder must not stop every counter, where no kiosk would mean no logout gate at all. An enabled
 * flow that was skipped is still refused when the kiosk starts (`enabledChecklists`).
 */
export function installedChecklists(settings: Pick<Settings, 'checklistDir'>): Installed {
  const shipped = shippedChecklistDir();
  const checklists = loadChecklists([shipped]);
  const own = settings.checklistDir;
  const skipped: UserError[] = [];
  // Pointing checklistDir at the shipped folder itself adds nothing (and is not a clash).
  if (own === null || path.resolve(own) === path.resolve(shipped)) return { checklists, skipped };
  let names: string[] = [];
  try {
    names = readdirSync(own).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  } catch (e) {
    skipped.push(new UserError('checklist.dirUnreadable', { dir: own, reason: reasonOf(e) }));
  }
  for (const name of names) {
    let loaded: LoadedChecklist;
    try {
      loaded = loadChecklistFile(path.join(own, name));
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      skipped.push(e);
      continue;
    }
    const earlier = checklists.find((c) => c.checklist.id === loaded.checklist.id);
    if (earlier) {
      skipped.push(new UserError('checklist.duplicateId', { id: loaded.checklist.id, first: earlier.file, second: loaded.file }));
      continue;
    }
    checklists.push(loaded);
  }
  checklists.sort((a, b) => (a.checklist.id < b.checklist.id ? -1 : 1));
  return { checklists, skipped };
}

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

export function findChecklist(list: readonly LoadedChecklist[], id: string): LoadedChecklist {
  const found = list.find((l) => l.checklist.id === id);
  if (!found) {
    throw new UserError('checklist.notFound', { id, available: list.map((l) => l.checklist.id).join(', ') || '-' });
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------
// Schema problems, said plainly.

type IssueKind =
  | 'missing'
  | 'missingTranslation'
  | 'expectedString'
  | 'expectedObject'
  | 'expectedArray'
  | 'expectedBoolean'
  | 'empty'
  | 'tooLong'
  | 'tooFew'
  | 'tooMany'
  | 'badId'
  | 'badVersion'
  | 'unknownKey'
  | 'badValue'
  | 'other'
  | ChecklistRule;

type Described = { key: MessageKey; params: Params };

const invalid = (kind: IssueKind, params: Params): Described => ({ key: `checklist.invalid.${kind}`, params });

/** A short, one-line, language-neutral rendering of a JSON value. */
function excerpt(v: unknown): string {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : '[…]';
  if (v !== null && typeof v === 'object') return Object.keys(v).length === 0 ? '{}' : '{…}';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

const EXPECTED: Record<string, IssueKind> = {
  string: 'expectedString',
  object: 'expectedObject',
  array: 'expectedArray',
  boolean: 'expectedBoolean',
};

/** The first issue of a failed parse as a message key and its parameters (the file is added by the caller). */
function describeIssue(issue: z.core.$ZodIssue): Described {
  const where = formatJsonPath(issue.path);
  const last = issue.path[issue.path.length - 1];
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type': {
      if (!('input' in issue) || input === undefined) {
        if (last === 'ja' || last === 'en') return invalid('missingTranslation', { path: where, lang: last });
        return invalid('missing', { path: where });
      }
      const kind = EXPECTED[issue.expected];
      if (kind) return invalid(kind, { path: where, found: excerpt(input) });
      break;
    }
    case 'too_small':
      if (issue.origin === 'string') return invalid('empty', { path: where });
      if (issue.origin === 'array') {
        return invalid('tooFew', { path: where, minimum: Number(issue.minimum), count: Array.isArray(input) ? input.length : 0 });
      }
      break;
    case 'too_big':
      if (issue.origin === 'string') {
        return invalid('tooLong', { path: where, maximum: Number(issue.maximum), length: typeof input === 'string' ? input.length : 0 });
      }
      if (issue.origin === 'array') {
        return invalid('tooMany', { path: where, maximum: Number(issue.maximum), count: Array.isArray(input) ? input.length : 0 });
      }
      break;
    case 'invalid_format':
      if (issue.format === 'regex' && issue.pattern === String(ID_PATTERN)) return invalid('badId', { path: where, value: excerpt(input) });
      if (issue.format === 'regex' && issue.pattern === String(VERSION_PATTERN)) {
        return invalid('badVersion', { path: where, value: excerpt(input) });
      }
      break;
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      return invalid('unknownKey', {
        path: formatJsonPath([...issue.path, key]),
        key: JSON.stringify(key),
        allowed: (keysAt(issue.path) ?? []).join(', '),
      });
    }
    case 'invalid_value':
      if (!('input' in issue) || input === undefined) return invalid('missing', { path: where });
      return invalid('badValue', { path: where, value: excerpt(input), allowed: issue.values.map((v) => excerpt(v)).join(', ') });
    case 'custom': {
      const params = (issue.params ?? {}) as Record<string, unknown>;
      const rule = params.rule as ChecklistRule | undefined;
      if (rule !== undefined) {
        const values: Params = { path: where };
        for (const [k, v] of Object.entries(params)) if (k !== 'rule' && typeof v === 'string') values[k] = v;
        return invalid(rule, values);
      }
      break;
    }
  }
  return invalid('other', { path: where, message: issue.message.replace(/\s+/g, ' ') });
}

type AnyZod = z.ZodType;

function unwrap(s: AnyZod): AnyZod {
  let t = s;
  while (t instanceof z.ZodOptional || t instanceof z.ZodDefault || t instanceof z.ZodNullable) t = t.unwrap() as AnyZod;
  return t;
}

/** The field names an object at `at` in a checklist may have (for "unknown field" messages). */
function keysAt(at: readonly PropertyKey[]): string[] | undefined {
  let s: AnyZod | undefined = Checklist;
  for (const k of at) {
    if (s === undefined) return undefined;
    const u = unwrap(s);
    if (u instanceof z.ZodArray && typeof k === 'number') s = u.element as AnyZod;
    else if (u instanceof z.ZodObject && typeof k === 'string') s = (u.shape as Record<string, AnyZod>)[k];
    else return undefined;
  }
  if (s === undefined) return undefined;
  const u = unwrap(s);
  return u instanceof z.ZodObject ? Object.keys(u.shape as Record<string, AnyZod>) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// JSON syntax errors, with a hint for the usual mistakes of hand-edited files.

type JsonHint =
  | 'end'
  | 'controlChar'
  | 'badEscape'
  | 'comment'
  | 'singleQuote'
  | 'smartQuote'
  | 'trailingComma'
  | 'unquotedKey'
  | 'missingColon'
  | 'badNumber'
  | 'missingComma'
  | 'extra'
  | 'badLiteral';

type Expected = 'value' | 'key' | 'colon' | 'commaOrClose' | 'endOfInput' | 'controlChar' | 'badEscape' | 'number';

/** 1-based line and column (in UTF-16 units) of `offset` in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

function describeSyntaxError(text: string): Described {
  const { offset, expected } = jsonSyntaxError(text);
  const at = lineColumn(text, offset);
  const json = (hint: JsonHint | null, extra: Params = {}): Described => ({
    key: hint === null ? 'checklist.badJson' : `checklist.badJson.${hint}`,
    params: { line: at.line, column: at.column, ...extra },
  });
  if (offset >= text.length) return json('end');
  const ch = String.fromCodePoint(text.codePointAt(offset)!);
  let before = offset - 1;
  while (before >= 0 && /\s/.test(text[before]!)) before--;
  const prev = text[before];
  if (expected === 'controlChar') return json('controlChar');
  if (expected === 'badEscape') return json('badEscape');
  if (ch === '/') return json('comment');
  if (ch === "'" || ch === '‘' || ch === '’') return json('singleQuote');
  if (ch === '“' || ch === '”' || ch === '＂') return json('smartQuote', { found: JSON.stringify(ch) });
  if ((expected === 'key' || expected === 'value') && (ch === '}' || ch === ']') && prev === ',') return json('trailingComma');
  if (expected === 'key' && /[\p{L}_$]/u.test(ch)) return json('unquotedKey');
  if (expected === 'colon') return json('missingColon');
  if (expected === 'number') return json('badNumber');
  if (expected === 'commaOrClose') return json('missingComma');
  if (expected === 'endOfInput') return json('extra');
  if (expected === 'value' && /[\p{L}\d_$+.-]/u.test(ch)) {
    const word = /[\p{L}\p{N}_$+.-]{1,30}/uy;
    word.lastIndex = offset;
    return json('badLiteral', { found: JSON.stringify(word.exec(text)?.[0] ?? ch) });
  }
  return json(null, { found: JSON.stringify(ch) });
}

/**
 * Where the first JSON syntax error in `s` is (s.length when the input ends too early), and what was
 * expected there. Only called after JSON.parse failed; iterative, so deep nesting cannot overflow
 * the stack. Positions are the same on every Node version (JSON.parse's messages are not).
 */
function jsonSyntaxError(s: string): { offset: number; expected: Expected } {
  let i = 0;
  const fail = (expected: Expected): never => {
    throw { offset: i, expected };
  };
  const ws = () => {
    while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r') i++;
  };
  const str = () => {
    i++; // opening quote
    for (;;) {
      const c = s[i];
      if (c === undefined) fail('value');
      if (c! < ' ') fail('controlChar');
      i++;
      if (c === '"') return;
      if (c === '\\') {
        if (s[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(s[i] ?? '')) fail('badEscape');
        } else if (s[i] !== undefined && '"\\/bfnrt'.includes(s[i]!)) i++;
        else if (s[i] === undefined) fail('value');
        else fail('badEscape'); // at the character after the backslash, as JSON.parse says
      }
    }
  };
  const key = () => {
    ws();
    if (s[i] !== '"') fail('key');
    str();
    ws();
    if (s[i] !== ':') fail('colon');
    i++;
  };
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const closers: string[] = [];
  try {
    for (;;) {
      // A value starts here.
      ws();
      const c = s[i];
      let wasNumber = false;
      if (c === '{' || c === '[') {
        const close = c === '{' ? '}' : ']';
        i++;
        ws();
        if (s[i] !== close) {
          closers.push(close);
          if (close === '}') key();
          continue;
        }
        i++;
      } else if (c === '"') str();
      else if (c === 't' || c === 'f' || c === 'n') {
        const start = i;
        for (const ch of c === 't' ? 'true' : c === 'f' ? 'false' : 'null') {
          if (s[i] !== ch) {
            i = start;
            fail('value');
          }
          i++;
        }
      } else {
        number.lastIndex = i;
        if (!number.test(s)) fail('value');
        i = number.lastIndex;
        wasNumber = true;
      }
      // After a value: close containers, or a comma and the next member.
      for (;;) {
        const end = i;
        ws();
        if (wasNumber && end === i && /[0-9.eE+-]/.test(s[i] ?? '')) fail('number');
        wasNumber = false;
        const top = closers[closers.length - 1];
        if (top === undefined) return i < s.length ? fail('endOfInput') : { offset: s.length, expected: 'value' };
        if (s[i] === top) {
          closers.pop();
          i++;
        } else if (s[i] === ',') {
          i++;
          if (top === '}') key();
          break;
        } else fail(i >= s.length ? 'value' : 'commaOrClose');
      }
    }
  } catch (at) {
    if (at !== null && typeof at === 'object' && 'offset' in at) return at as { offset: number; expected: Expected };
    throw at;
  }
}
