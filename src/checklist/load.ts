// Reading checklist files: the only I/O of src/checklist/, and reading only. Every problem becomes a
// UserError naming the file and where in it (line:column for JSON syntax, a JSON path for the schema),
// with a message key per kind of problem so it reads in the UI language.
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { describeIssue } from './issues.js';
import { describeDuplicateKey, describeSyntaxError } from './json-syntax.js';
import { Checklist, compareVersions, type LoadedChecklist } from './schema.js';

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
    // Non-blocking: opening a named pipe for reading would otherwise wait for a writer (forever, at
    // `checklists validate`); opened this way it is refused below as not a file. Regular files read
    // as always.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
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
  const duplicate = describeDuplicateKey(text);
  if (duplicate) throw new UserError(duplicate.key, { file, ...duplicate.params });
  const parsed = Checklist.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    const { key, params } = describeIssue(parsed.error.issues[0]!);
    throw new UserError(key, { file, ...params });
  }
  return { checklist: parsed.data, file, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The checklist files of a folder, in name order (hidden files left out). */
const jsonFiles = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();

/** Each of `names` in `dir` loaded; a file that does not load goes to `problem` and is left out. */
function loadEach(dir: string, names: readonly string[], problem: (e: UserError) => void): LoadedChecklist[] {
  const out: LoadedChecklist[] = [];
  for (const name of names) {
    try {
      out.push(loadChecklistFile(path.join(dir, name)));
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      problem(e);
    }
  }
  return out;
}

/** A checklist folder's subfolder of earlier versions: read for their words only, never offered. */
export const HISTORY_DIR = 'history';

/**
 * The earlier versions in `dir/history/` (none when there is no such folder), attached to the
 * checklists of `dir` they are versions of. A history file must be an older version of a checklist
 * of the same folder, and each version is there once; a file that breaks this, or does not load, is
 * passed to `problem` (the caller throws it or skips the file).
 */
function attachHistory(dir: string, current: readonly LoadedChecklist[], problem: (e: UserError) => void): LoadedChecklist[] {
  const folder = path.join(dir, HISTORY_DIR);
  let names: string[];
  try {
    names = jsonFiles(folder);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [...current];
    problem(new UserError('checklist.dirUnreadable', { dir: folder, reason: reasonOf(e) }));
    return [...current];
  }
  const older = new Map<string, LoadedChecklist[]>();
  for (const loaded of loadEach(folder, names, problem)) {
    const { id, version } = loaded.checklist;
    const now = current.find((c) => c.checklist.id === id);
    const same = (older.get(id) ?? []).find((h) => h.checklist.version === version);
    if (!now) problem(new UserError('checklist.historyOrphan', { file: loaded.file, id, dir }));
    else if (compareVersions(version, now.checklist.version) >= 0) {
      problem(new UserError('checklist.historyNotOlder', { file: loaded.file, id, version, current: now.checklist.version, currentFile: now.file }));
    } else if (same) problem(new UserError('checklist.historyDuplicate', { file: loaded.file, id, version, first: same.file }));
    else older.set(id, [...(older.get(id) ?? []), loaded]);
  }
  return current.map((c) => {
    const versions = older.get(c.checklist.id);
    if (!versions) return c;
    return { ...c, history: [...versions].sort((a, b) => compareVersions(b.checklist.version, a.checklist.version)) };
  });
}

/** Every `*.json` in `dirs`, sorted by id. The same id twice (in one folder or across folders) is refused. */
export function loadChecklists(dirs: string[]): LoadedChecklist[] {
  const byId = new Map<string, LoadedChecklist>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = jsonFiles(dir);
    } catch (e) {
      throw new UserError('checklist.dirUnreadable', { dir, reason: reasonOf(e) });
    }
    const here: LoadedChecklist[] = [];
    for (const name of names) {
      const loaded = loadChecklistFile(path.join(dir, name));
      const id = loaded.checklist.id;
      const earlier = byId.get(id);
      if (earlier) throw new UserError('checklist.duplicateId', { id, first: earlier.file, second: loaded.file });
      byId.set(id, loaded);
      here.push(loaded);
    }
    for (const c of attachHistory(dir, here, (e) => {
      throw e;
    })) {
      byId.set(c.checklist.id, c);
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
export function installedChecklists(settings: { checklistDir: string | null }): Installed {
  const shipped = shippedChecklistDir();
  const checklists = loadChecklists([shipped]);
  const own = settings.checklistDir;
  const skipped: UserError[] = [];
  // Pointing checklistDir at the shipped folder itself adds nothing (and is not a clash).
  if (own === null || path.resolve(own) === path.resolve(shipped)) return { checklists, skipped };
  let names: string[] = [];
  try {
    names = jsonFiles(own);
  } catch (e) {
    skipped.push(new UserError('checklist.dirUnreadable', { dir: own, reason: reasonOf(e) }));
  }
  const city: LoadedChecklist[] = [];
  for (const loaded of loadEach(own, names, (e) => skipped.push(e))) {
    const earlier = checklists.find((c) => c.checklist.id === loaded.checklist.id);
    if (earlier) {
      skipped.push(new UserError('checklist.duplicateId', { id: loaded.checklist.id, first: earlier.file, second: loaded.file }));
      continue;
    }
    city.push(loaded);
  }
  // The city's earlier versions: a bad one is skipped and said, like any other file of the folder.
  if (names.length > 0) checklists.push(...attachHistory(own, city, (e) => skipped.push(e)));
  checklists.sort((a, b) => (a.checklist.id < b.checklist.id ? -1 : 1));
  return { checklists, skipped };
}

export function findChecklist(list: readonly LoadedChecklist[], id: string): LoadedChecklist {
  const found = list.find((l) => l.checklist.id === id);
  if (!found) {
    throw new UserError('checklist.notFound', { id, available: list.map((l) => l.checklist.id).join(', ') || '-' });
  }
  return found;
}
