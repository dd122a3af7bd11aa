// `counter-checklist collect SOURCE... [--archive DIR] [--rebuild] [--format table|json]`.
//
// 1. Check every SOURCE (exists, holds logs) before anything is written; take the archive's
//    collect lock (a second collect is refused, naming the holder).
// 2. Copy: per terminal, per file (src/archive/copy.ts), recording each archived file's size in the
//    index right after its bytes are on disk.
// 3. Index: every terminal whose archived files grew (src/archive/indexer.ts), on worker threads
//    when there is enough to read; then the session ids used on two terminals.
// 4. Summarise per terminal: new records, new sessions, newly incomplete, problems.
// A crash or a full disk at any point leaves files that end with whole lines and an index that is
// consistent with a prefix of them; the next collect finishes the job.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { printable } from '../domain/text.js';
import path from 'node:path';
import type { Locale } from '../i18n/locale.js';
import { reviewsDir, stateDir } from '../config/paths.js';
import { UserError } from '../errors.js';
import { translator, type Translate } from '../i18n/index.js';
import { faultyIo, FAULT_ENV } from '../log/fault.js';
import { ensureFolder, errnoCode, fsyncDir, nodeFs } from '../log/fs.js';
import { acquireLock } from '../log/lock.js';
import { collectLogFiles, groupByTerminal, realPath } from '../log/reader.js';
import { Output, streamSink } from '../report/output.js';
import { enrolledKeys } from '../seal/state.js';
import { ArchiveWriteError, copyLogFile, nodeCopyFs, repairTail, type CopyAction, type CopyFs, type KnownFile } from './copy.js';
import { openIndex, type Db } from './db.js';
import { markDuplicates } from './duplicates.js';
import { IndexQueue } from './pool.js';
import type { PassResult } from './indexer.js';
import { archiveLayout, defaultArchiveDir, terminalFolder, type ArchiveLayout } from './paths.js';

export const COLLECT_LOCK = '.collect.lock';

export interface CollectOptions {
  archive?: string;
  rebuild?: boolean;
  format?: string;
}

export interface CollectIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Diagnostics and progress (stderr). */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface TerminalSummary {
  terminal: string;
  newRecords: number;
  newSessions: number;
  newlyIncomplete: number;
  newProblems: number;
  conflicts: number;
  /** Bytes of unfinished last lines left on the sources. */
  heldBack: number;
}

export interface CollectSummary {
  archive: string;
  collect: number;
  files: Record<CopyAction, number>;
  terminals: TerminalSummary[];
  conflicts: { terminal: string; file: string; copy: string; line: number; known: boolean }[];
  unreadable: { file: string; code: string }[];
  waiting: { terminal: string; file: string; bytes: number }[];
  older: { terminal: string; file: string }[];
  duplicates: number;
}

const FORMATS = ['table', 'json'] as const;

/** Whether a collect found something a supervisor must look at (exit 1). */
export const needsAttention = (s: CollectSummary): boolean =>
  s.unreadable.length > 0 || s.conflicts.some((c) => !c.known) || s.terminals.some((t) => t.newProblems > 0) || s.duplicates > 0;

export async function runCollect(sources: readonly string[], opts: CollectOptions, io: CollectIo, locale: Locale): Promise<number> {
  const tr = translator(locale);
  const format = opts.format === undefined ? (io.stdout.isTTY ? 'table' : 'json') : opts.format;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UserError('collect.error.badFormat', { value: format });
  if (sources.length === 0 && !opts.rebuild) throw new UserError('collect.usage');
  const layout = archiveLayout(opts.archive ?? defaultArchiveDir());
  // Every SOURCE is checked before the first byte is written. A file is taken once, however many
  // SOURCEs reach it (the same stick given twice, a folder and its parent), and never from the
  // archive itself (a SOURCE that holds it, such as the whole data folder).
  const distinct = new DistinctFiles(layout.logs);
  const bySource = sources.map((s) => {
    const found = collectLogFiles([s]);
    if (found.length === 0) throw new UserError('collect.error.noLogs', { source: s });
    const files = found.filter((f) => distinct.take(f));
    if (files.length === 0 && found.every((f) => distinct.archived(f))) throw new UserError('collect.error.isArchive', { source: s, archive: layout.root });
    return files;
  });
  const base = faultyIo(process.env[FAULT_ENV], nodeCopyFs(nodeFs)) as CopyFs;
  // The archive folder made (or found) and locked before anything is copied: a file in its place
  // or a read-only disk is said as such (nothing was copied yet), not as a half-done copy.
  let lock: ReturnType<typeof acquireLock>;
  try {
    ensureFolder(base, layout.root);
    if (!statSync(layout.root).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    lock = acquireLock(layout.root, { name: COLLECT_LOCK, lockedKey: 'archive.error.locked' });
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError('archive.error.folder', { dir: layout.root, code: errnoCode(e) });
  }
  let db: Db | null = null;
  try {
    if (opts.rebuild) removeIndex(layout);
    db = openIndex(layout.index);
    const progress = io.stderr.isTTY ? new Progress(io.stderr, tr) : null;
    const summary = await collect(db, layout, base, bySource, sources.length > 0, Boolean(opts.rebuild), progress, distinct);
    progress?.done();
    const out = new Output(streamSink(io.stdout));
    const w = out.write(format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : summaryTable(summary, tr, locale));
    if (w) await w;
    const f = out.flush();
    if (f) await f;
    return needsAttention(summary) ? 1 : 0;
  } catch (e) {
    if (e instanceof ArchiveWriteError) throw new UserError('archive.error.write', { file: e.file, code: e.code });
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) {
      const full = code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR');
      throw new UserError(full ? 'archive.error.indexFull' : 'archive.error.indexWrite', { file: layout.index, detail: `${code}: ${(e as Error).message}` });
    }
    throw e;
  } finally {
    db?.close();
    lock.release();
  }
}

/** Log files taken once each (by their real path), none of them the archive's own. */
export class DistinctFiles {
  private readonly seen = new Set<string>();
  private readonly root: string;

  /** `archived`: the archive's folder of logs (`archive/logs`; a stick may sit elsewhere in the archive's folder). */
  constructor(archived: string) {
    this.root = realPath(archived);
  }

  /** One of the archive's own logs. */
  archived(file: string): boolean {
    return this.inside(realPath(file));
  }

  /** True the first time a file outside the archive is given. */
  take(file: string): boolean {
    const r = realPath(file);
    if (this.seen.has(r) || this.inside(r)) return false;
    this.seen.add(r);
    return true;
  }

  private inside(realFile: string): boolean {
    const rel = path.relative(this.root, realFile);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  }
}

function removeIndex(layout: ArchiveLayout): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(layout.index + suffix, { force: true });
}

async function collect(
  db: Db,
  layout: ArchiveLayout,
  io: CopyFs,
  bySource: string[][],
  withReviews: boolean,
  rebuild: boolean,
  progress: Progress | null,
  distinct: DistinctFiles,
): Promise<CollectSummary> {
  const now = new Date().toISOString();
  const collectNo = Number(db.prepare('INSERT INTO collects (started, sources) VALUES (?, ?)').run(now, JSON.stringify(bySource.length)).lastInsertRowid);
  const summary: CollectSummary = {
    archive: layout.root,
    collect: collectNo,
    files: { new: 0, appended: 0, unchanged: 0, older: 0, conflict: 0, 'known-conflict': 0, unreadable: 0, waiting: 0 },
    terminals: [],
    conflicts: [],
    unreadable: [],
    waiting: [],
    older: [],
    duplicates: 0,
  };
  const perTerminal = new Map<string, TerminalSummary>();
  const entry = (terminal: string) => {
    let t = perTerminal.get(terminal);
    if (!t) perTerminal.set(terminal, (t = { terminal, newRecords: 0, newSessions: 0, newlyIncomplete: 0, newProblems: 0, conflicts: 0, heldBack: 0 }));
    return t;
  };

  if (rebuild) registerArchived(db, layout, io);

  // Copy.
  const files = bySource.flat();
  const reviews = reviewsDir();
  if (withReviews && existsSync(reviews)) files.push(...collectLogFiles([reviews]).filter((f) => distinct.take(f)));
  const groups = groupByTerminal(files);
  const total = [...groups.values()].reduce((n, g) => n + g.length, 0);
  progress?.start(total);
  const known = db.prepare('SELECT size, source, source_size, source_mtime FROM files WHERE terminal = ? AND name = ?');
  const record = db.prepare(`INSERT INTO files (terminal, name, size, indexed, source, source_size, source_mtime, collected) VALUES (?, ?, ?, 0, ?, ?, ?, ?)
    ON CONFLICT (terminal, name) DO UPDATE SET size = excluded.size, source = excluded.source, source_size = excluded.source_size,
    source_mtime = excluded.source_mtime, collected = excluded.collected,
    indexed = CASE WHEN excluded.size < files.indexed THEN 0 ELSE files.indexed END`);
  const conflict = db.prepare('INSERT OR IGNORE INTO conflicts (terminal, file, copy, line, offset, source, found) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const since = db.prepare('SELECT COALESCE(MAX(no), 0) FROM starts').pluck().get() as number;
  // Terminals left with archived bytes not indexed (a collect that crashed or ran out of room).
  const leftOver = db.prepare('SELECT DISTINCT terminal FROM files WHERE indexed <> size ORDER BY terminal').pluck().all() as string[];
  const indexing = new IndexQueue(db, layout, enrolledKeys(stateDir()), estimate(db, groups), (bytes, records) => progress?.read(bytes, records));
  try {
    await copyAll();
  } catch (e) {
    // Stopped copying (a full disk): what is being indexed is finished first, then the error.
    await indexing.finish().catch(() => {});
    throw e;
  }
  async function copyAll(): Promise<void> {
  for (const [terminal, entries] of groups) {
    const t = entry(terminal);
    const folder = path.join(layout.logs, terminalFolder(terminal));
    // Told to the index once the bytes are on disk: each file fsynced by copyLogFile, the folder
    // (new files' entries) once for all of them here.
    const told: unknown[][] = [];
    for (const e of entries) {
      const name = path.basename(e.file);
      const dest = path.join(folder, name);
      const before = known.get(terminal, name) as KnownFile | undefined;
      const source = path.resolve(e.file);
      const r = copyLogFile(io, source, dest, before);
      summary.files[r.action]++;
      progress?.file(r.bytes);
      if (r.action === 'unreadable') {
        summary.unreadable.push({ file: e.file, code: r.error ?? 'EIO' });
        continue;
      }
      t.heldBack += r.heldBack;
      if (r.heldBack > 0 && (r.action === 'waiting' || r.action === 'new' || r.action === 'appended' || r.action === 'unchanged')) {
        summary.waiting.push({ terminal, file: e.file, bytes: r.heldBack });
      }
      if (r.action === 'older') summary.older.push({ terminal, file: e.file });
      if (r.conflict) {
        const rel = path.relative(layout.root, dest);
        const copy = path.relative(layout.root, r.conflict.copy);
        summary.conflicts.push({ terminal, file: e.file, copy: r.conflict.copy, line: r.conflict.line, known: r.action === 'known-conflict' });
        if (r.action === 'conflict') {
          t.conflicts++;
          conflict.run(terminal, rel, copy, r.conflict.line, r.conflict.offset, source, now);
        }
      }
      // A conflict leaves the archived file and what the index knows of it as they were.
      if ((r.action === 'waiting' && !before) || r.conflict) continue;
      told.push([terminal, name, r.size, source, r.sourceSize, r.sourceMtime, now]);
    }
    if (told.length > 0) {
      try {
        fsyncDir(io, folder);
      } catch (e) {
        throw new ArchiveWriteError(folder, errnoCode(e));
      }
      db.transaction(() => {
        for (const row of told) record.run(row);
      })();
    }
    // Indexed while the next terminal is copied (on workers), or now.
    await indexing.add(terminal);
  }
  }
  for (const terminal of leftOver) await indexing.add(terminal);
  progress?.indexing();
  const results: PassResult[] = await indexing.finish();
  for (const r of results) {
    const t = entry(r.terminal);
    t.newRecords += r.newRecords;
    t.newSessions += r.newSessions;
    t.newlyIncomplete += r.newlyIncomplete;
    t.newProblems += r.newProblems;
  }
  summary.duplicates = markDuplicates(db, since);
  summary.terminals = [...perTerminal.values()].sort((a, b) => (a.terminal < b.terminal ? -1 : a.terminal > b.terminal ? 1 : 0));
  db.prepare('UPDATE collects SET finished = ?, summary = ? WHERE no = ?').run(new Date().toISOString(), JSON.stringify(summary), collectNo);
  return summary;
}

/** About how much is there to index (source bytes beyond what is indexed), to decide on workers. */
function estimate(db: Db, groups: Map<string, { file: string }[]>): { bytes: number; terminals: number } {
  const indexed = db.prepare('SELECT indexed FROM files WHERE terminal = ? AND name = ?').pluck();
  let bytes = db.prepare('SELECT COALESCE(SUM(size - indexed), 0) FROM files WHERE indexed <> size').pluck().get() as number;
  let terminals = 0;
  for (const [terminal, entries] of groups) {
    let mine = 0;
    for (const e of entries) {
      try {
        mine += Math.max(0, statSync(e.file).size - ((indexed.get(terminal, path.basename(e.file)) as number | undefined) ?? 0));
      } catch {
        // unreadable: reported when copied
      }
    }
    if (mine > 0) terminals++;
    bytes += mine;
  }
  return { bytes, terminals };
}

/**
 * `--rebuild`: the archived files are the truth. Each is listed in the fresh index (cut back to its
 * last whole line first), and each conflict copy is compared again with its file.
 */
function registerArchived(db: Db, layout: ArchiveLayout, io: CopyFs): void {
  if (!existsSync(layout.logs)) return;
  const add = db.prepare('INSERT OR REPLACE INTO files (terminal, name, size, indexed) VALUES (?, ?, ?, 0)');
  const conflict = db.prepare('INSERT OR IGNORE INTO conflicts (terminal, file, copy, line, offset, source, found) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const buf = Buffer.allocUnsafe(64 * 1024);
  const folders = readdirSync(layout.logs, { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const folder of folders) {
    const dir = path.join(layout.logs, folder.name);
    const logs = readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort();
    if (logs.length === 0) continue;
    // The folder's terminal, as the records say (folders of unusual ids are encoded).
    const terminal = groupByTerminal([path.join(dir, logs[0]!)]).keys().next().value ?? folder.name;
    for (const name of logs) add.run(terminal, name, repairTail(io, path.join(dir, name)));
    for (const name of readdirSync(dir).sort()) {
      const m = /^(.+\.jsonl)\.conflict-\d+$/.exec(name);
      if (!m) continue;
      const at = firstDifferenceOf(io, path.join(dir, m[1]!), path.join(dir, name), buf);
      conflict.run(terminal, path.relative(layout.root, path.join(dir, m[1]!)), path.relative(layout.root, path.join(dir, name)), at.line, at.offset, '', new Date().toISOString());
    }
  }
}

/** Where two files first differ (line and offset in the first), for a conflict found again by --rebuild. */
function firstDifferenceOf(io: CopyFs, a: string, b: string, buf: Buffer): { line: number; offset: number } {
  const fa = io.openSync(a, 'r');
  const fb = io.openSync(b, 'r');
  try {
    const other = Buffer.allocUnsafe(buf.length);
    let line = 1;
    for (let pos = 0; ; pos += buf.length) {
      const na = io.readAtSync(fa, buf, 0, buf.length, pos);
      const nb = io.readAtSync(fb, other, 0, other.length, pos);
      const n = Math.min(na, nb);
      for (let i = 0; i < n; i++) {
        if (buf[i] !== other[i]) return { line, offset: pos + i };
        if (buf[i] === 10) line++;
      }
      if (na !== nb || n === 0) return { line, offset: pos + n };
    }
  } finally {
    io.closeSync(fa);
    io.closeSync(fb);
  }
}

const count = (n: number, locale: Locale) => n.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-US');

function summaryTable(s: CollectSummary, tr: Translate, locale: Locale): string {
  const lines: string[] = [];
  lines.push(
    tr('collect.summary.title', {
      dir: s.archive,
      new: s.files.new,
      appended: s.files.appended,
      unchanged: s.files.unchanged + s.files.older,
      conflicts: s.files.conflict + s.files['known-conflict'],
    }),
  );
  const header = [
    tr('collect.summary.col.terminal'),
    tr('collect.summary.col.records'),
    tr('collect.summary.col.sessions'),
    tr('collect.summary.col.incomplete'),
    tr('collect.summary.col.problems'),
  ];
  const totals = { newRecords: 0, newSessions: 0, newlyIncomplete: 0, problems: 0 };
  const rows = s.terminals.map((t) => {
    totals.newRecords += t.newRecords;
    totals.newSessions += t.newSessions;
    totals.newlyIncomplete += t.newlyIncomplete;
    totals.problems += t.newProblems + t.conflicts;
    return [t.terminal, count(t.newRecords, locale), count(t.newSessions, locale), count(t.newlyIncomplete, locale), count(t.newProblems + t.conflicts, locale)];
  });
  rows.push([tr('collect.summary.total'), count(totals.newRecords, locale), count(totals.newSessions, locale), count(totals.newlyIncomplete, locale), count(totals.problems, locale)]);
  lines.push(...columns([header, ...rows]));
  if (totals.newRecords === 0 && totals.problems === 0) lines.push(tr('collect.summary.nothing'));
  const logProblems = s.terminals.reduce((n, t) => n + t.newProblems, 0) + s.duplicates;
  if (logProblems > 0) lines.push(tr('collect.summary.problems', { n: logProblems }));
  for (const c of s.conflicts) lines.push(tr(c.known ? 'collect.knownConflict' : 'collect.conflict', { terminal: c.terminal, file: c.file, line: c.line, copy: c.copy }));
  for (const u of s.unreadable) lines.push(tr('collect.unreadable', { file: u.file, code: u.code }));
  for (const w of s.waiting) lines.push(tr('collect.waiting', { terminal: w.terminal, file: w.file, bytes: w.bytes }));
  for (const o of s.older) lines.push(tr('collect.older', { terminal: o.terminal, file: o.file }));
  // File names come from the sticks: no control character reaches the terminal.
  return `${lines.map(printable).join('\n')}\n`;
}

/** Left-aligned first column, right-aligned numbers; widths by display width (the headers are Japanese). */
function columns(rows: string[][]): string[] {
  const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i]!))));
  return rows.map((r) =>
    r
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - width(cell));
        return i === 0 ? cell + pad : pad + cell;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** A one-line progress display on stderr (a TTY only), redrawn at most four times a second. */
class Progress {
  private total = 0;
  private files = 0;
  private records = 0;
  private bytes = 0;
  private readonly t0 = Date.now();
  private last = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly tr: Translate,
  ) {}

  start(total: number): void {
    this.total = total;
    this.draw(true);
  }

  file(bytes: number): void {
    this.files++;
    this.bytes += bytes;
    this.draw(false);
  }

  indexing(): void {
    this.draw(true);
  }

  read(bytes: number, records: number): void {
    this.bytes += bytes;
    this.records += records;
    this.draw(false);
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.last < 250) return;
    this.last = now;
    const secs = Math.max(0.001, (now - this.t0) / 1000);
    const rate = (this.bytes / 1024 / 1024 / secs).toFixed(1);
    this.stream.write(`\r\x1b[2K${this.tr('collect.progress', { files: this.files, total: this.total, records: this.records.toLocaleString('en-US'), rate })}`);
  }

  done(): void {
    this.stream.write('\r\x1b[2K');
  }
}
