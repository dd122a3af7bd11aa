// Reading checklist files: the only I/O of src/checklist/, and reading only. Every problem becomes a
// UserError naming the file and where in it (line:column for JSON syntax, a JSON path for the schema).
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { Checklist, type LoadedChecklist } from './schema.js';

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
    throw new UserError('checklist.notUtf8', { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Node 20 gives "at position N" for most syntax errors but not for "Unexpected token ...".
    const given = /at position (\d+)/.exec(message)?.[1];
    const { line, column } = lineColumn(text, given === undefined ? syntaxErrorOffset(text) : Number(given));
    throw new UserError('checklist.badJson', { file, line, column, message });
  }
  const parsed = Checklist.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    throw new UserError('checklist.invalid', { file, path: jsonPath(at), message: issue.message });
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

export function findChecklist(list: LoadedChecklist[], id: string): LoadedChecklist {
  const found = list.find((l) => l.checklist.id === id);
  if (!found) {
    throw new UserError('checklist.notFound', { id, available: list.map((l) => l.checklist.id).join(', ') || '-' });
  }
  return found;
}

/** `sections[2].items[0].text.en` */
function jsonPath(keys: readonly PropertyKey[]): string {
  let out = '';
  for (const k of keys) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (typeof k === 'string' && /^[A-Za-z_$][\w$]*$/.test(k)) out += out === '' ? k : `.${k}`;
    else out += `[${JSON.stringify(String(k))}]`;
  }
  return out || '$';
}

/** 1-based line and column (in UTF-16 units) of `offset` in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/**
 * Offset of the first JSON syntax error in `s` (s.length when the input ends too early). Only called
 * after JSON.parse failed without saying where; iterative, so deep nesting cannot overflow the stack.
 */
function syntaxErrorOffset(s: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r') i++;
  };
  const str = () => {
    i++; // opening quote
    for (;;) {
      const c = s[i];
      if (c === undefined || c < ' ') fail();
      i++;
      if (c === '"') return;
      if (c === '\\') {
        if (s[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(s[i] ?? '')) fail();
        } else if (s[i] !== undefined && '"\\/bfnrt'.includes(s[i]!)) i++;
        else fail();
      }
    }
  };
  const key = () => {
    ws();
    if (s[i] !== '"') fail();
    str();
    ws();
    if (s[i] !== ':') fail();
    i++;
  };
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const closers: string[] = [];
  try {
    for (;;) {
      // A value starts here.
      ws();
      const c = s[i];
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
        for (const ch of c === 't' ? 'true' : c === 'f' ? 'false' : 'null') {
          if (s[i] !== ch) fail();
          i++;
        }
      } else {
        number.lastIndex = i;
        if (!number.test(s)) fail();
        i = number.lastIndex;
      }
      // After a value: close containers, or a comma and the next member.
      for (;;) {
        ws();
        const top = closers[closers.length - 1];
        if (top === undefined) return i < s.length ? fail() : s.length;
        if (s[i] === top) {
          closers.pop();
          i++;
        } else if (s[i] === ',') {
          i++;
          if (top === '}') key();
          break;
        } else fail();
      }
    }
  } catch (at) {
    if (typeof at === 'number') return at;
    throw at;
  }
}
