// Finding log files: every `*.jsonl` under the paths given (each real file once), and the files
// grouped by the terminal their first record names, in name order.
import * as fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { LoggedId } from '../domain/ids.js';
import { printable } from '../domain/text.js';

const NL = 10;

/** The `terminal` of the first line, when that line parses. */
export function firstTerminal(buf: Buffer): string | undefined {
  return peekFirst(buf).terminal;
}

function peekFirst(buf: Buffer): { terminal?: string; seq?: number } {
  const nl = buf.indexOf(NL);
  if (nl === -1) return {};
  try {
    const o = JSON.parse(buf.toString('utf8', 0, nl)) as Record<string, unknown>;
    const res: { terminal?: string; seq?: number } = {};
    // A terminal id of the log's shape only: a forged one (control characters) is not a name to file under.
    if (o && LoggedId.safeParse(o.terminal).success) res.terminal = o.terminal as string;
    if (o && Number.isSafeInteger(o.seq)) res.seq = o.seq as number;
    return res;
  } catch {
    return {};
  }
}

export interface FileEntry {
  file: string;
  terminal: string;
  firstSeq: number | undefined;
}

/**
 * Which of a terminal's files may be copies of one another (the same day name, or the same first
 * seq): while reading those, line hashes are remembered so that an identical copy is skipped rather
 * than reported as repeated records.
 */
export function copiesOf(entries: readonly FileEntry[]): (e: FileEntry) => boolean {
  const count = new Map<string, number>();
  const keys = (e: FileEntry) => [`n:${path.basename(e.file)}`, ...(e.firstSeq !== undefined ? [`s:${e.firstSeq}`] : [])];
  for (const e of entries) for (const k of keys(e)) count.set(k, (count.get(k) ?? 0) + 1);
  return (e) => keys(e).some((k) => count.get(k)! > 1);
}

/** The system's path of `p` (links resolved), or `p` resolved as given when it cannot be had. */
export function realPath(p: string): string {
  try {
    // The system's realpath: one call, where the JavaScript one stats every folder on the way.
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Files under `paths` (folders recursively, `*.jsonl` only), each real file once. A folder that
 * cannot be listed (`lost+found` on a stick, a path too long) is listed itself, as a file: reading
 * it fails, so it is named as unreadable and everything else is still read. A folder reached again
 * through a link (a link to `.` or `..`) is walked once.
 */
export function collectLogFiles(paths: readonly string[]): string[] {
  const seen = new Set<string>();
  const walked = new Set<string>();
  const files: string[] = [];
  const add = (p: string) => {
    const real = realPath(p);
    if (seen.has(real)) return;
    seen.add(real);
    files.push(p);
  };
  const walk = (dir: string) => {
    const real = realPath(dir);
    if (walked.has(real)) return;
    walked.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      add(dir);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.jsonl')) add(p);
      else if (e.isSymbolicLink()) {
        try {
          const st = fs.statSync(p);
          if (st.isDirectory()) walk(p);
          else if (st.isFile() && e.name.endsWith('.jsonl')) add(p);
        } catch {
          // A dangling link is not a log.
        }
      }
    }
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new UserError('log.error.pathNotFound', { path: p });
    }
    if (st.isDirectory()) walk(p);
    // A file named explicitly is read whatever its name; a pipe or a device would block the read.
    else if (st.isFile()) add(p);
    else throw new UserError('log.error.notAFile', { path: p });
  }
  return files;
}

const PEEK_BYTES = 16 * 1024;
/** A record's line is a few hundred bytes: most first lines are whole in the first read. */
const PEEK_FIRST = 4 * 1024;
let peekBuf: Buffer | null = null;

/** Reads the first line of a file to learn its terminal and first seq (16 KB at most). */
function peekFile(file: string): { terminal?: string; seq?: number } {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    // One buffer for every file: a stick holds a thousand of them, each peeked once per command.
    const buf = (peekBuf ??= Buffer.allocUnsafe(PEEK_BYTES));
    let n = fs.readSync(fd, buf, 0, PEEK_FIRST, 0);
    if (n === PEEK_FIRST && buf.subarray(0, n).indexOf(NL) === -1) n += fs.readSync(fd, buf, n, PEEK_BYTES - n, n);
    return peekFirst(buf.subarray(0, n));
  } catch {
    return {};
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Groups files per terminal (the records' own `terminal`, else the folder name), in name order. */
export function groupByTerminal(files: readonly string[]): Map<string, FileEntry[]> {
  const groups = new Map<string, FileEntry[]>();
  for (const file of files) {
    const peek = peekFile(file);
    const terminal = peek.terminal ?? printable(path.basename(path.dirname(path.resolve(file))));
    let g = groups.get(terminal);
    if (!g) groups.set(terminal, (g = []));
    g.push({ file, terminal, firstSeq: peek.seq });
  }
  const sorted = new Map<string, FileEntry[]>();
  for (const t of [...groups.keys()].sort()) {
    const g = groups.get(t)!;
    g.sort((a, b) => {
      const an = path.basename(a.file);
      const bn = path.basename(b.file);
      if (an !== bn) return an < bn ? -1 : 1;
      return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
    });
    sorted.set(t, g);
  }
  return sorted;
}
