// Copying one terminal log file into the archive. Archived bytes are never changed:
// - a file not archived yet is copied (whole lines only: an unfinished last line waits on the source);
// - a file that grew is appended to only when the archived part matches the source byte for byte;
// - a file of the same size is taken as the same when it is the same source file, unchanged since
//   (path, size and modification time, as rsync's quick check), else when sampled blocks match
//   (reading every old day file of every stick in full would make each collect cost its history);
// - anything else is a conflict: the source's version is kept next to the archived one as
//   `DAY.jsonl.conflict-N` (once: the same version seen again is not copied again).
// Every write is followed by an fsync (and the folder's, for new files: `fsyncDir` by the caller)
// before the index is told.
// A write that fails (a full disk) is cut back to where the file was: the last whole line.
import * as fs from 'node:fs';
import path from 'node:path';
import { ensureFolder, errnoCode, fsyncDir, type LogFs } from '../log/fs.js';

/** The file calls copying needs: the log's own seam (faults can be injected) plus positional reads. */
export interface CopyFs extends LogFs {
  readAtSync(fd: number, buffer: Buffer, offset: number, length: number, position: number): number;
}

export const nodeCopyFs = (base: LogFs): CopyFs => ({ ...base, readAtSync: (fd, b, o, l, p) => fs.readSync(fd, b, o, l, p) });

export type CopyAction = 'new' | 'appended' | 'unchanged' | 'older' | 'conflict' | 'known-conflict' | 'unreadable' | 'waiting';

export interface CopyResult {
  action: CopyAction;
  /** Bytes written to the archive. */
  bytes: number;
  /** Bytes of an unfinished last line left on the source for a later collect. */
  heldBack: number;
  /** The archived file's size afterwards. */
  size: number;
  /** The source's size and modification time (the next quick check). */
  sourceSize: number;
  sourceMtime: number;
  /** Where the versions first differ, and the name of the copy kept. */
  conflict?: { copy: string; line: number; offset: number };
  /** errno code when the source could not be read. */
  error?: string;
}

/** What the index knows of the archived file. */
export interface KnownFile {
  size: number;
  source: string | null;
  source_size: number | null;
  source_mtime: number | null;
}

/** A write into the archive failed (a full disk): the file was cut back; the collect stops. */
export class ArchiveWriteError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
  ) {
    super(`${code}: ${file}`);
    this.name = 'ArchiveWriteError';
  }
}

const CHUNK = 1024 * 1024;
const TAIL = 64 * 1024;
const FIRST_TAIL = 4 * 1024;
const NL = 10;

class Buffers {
  a = Buffer.allocUnsafe(CHUNK);
  b = Buffer.allocUnsafe(CHUNK);
}

/** One pair for every file of a collect (a thousand files would otherwise allocate gigabytes). */
let shared: Buffers | null = null;
const buffers = () => (shared ??= new Buffers());

function readFully(io: CopyFs, fd: number, buf: Buffer, length: number, position: number): number {
  let n = 0;
  while (n < length) {
    const got = io.readAtSync(fd, buf, n, length - n, position + n);
    if (got === 0) break;
    n += got;
  }
  return n;
}

/**
 * The offset just after the last newline before `size` (0 when there is none). The first look is
 * 4 KiB (a record's line is a few hundred bytes), then 64 KiB at a time: every file of a stick is
 * looked at twice per collect, archived and source, and most of them did not change.
 */
export function lastLineEnd(io: CopyFs, fd: number, size: number, buf: Buffer): number {
  let end = size;
  let step = FIRST_TAIL;
  while (end > 0) {
    const from = Math.max(0, end - step);
    const n = readFully(io, fd, buf, end - from, from);
    const nl = buf.subarray(0, n).lastIndexOf(NL);
    if (nl !== -1) return from + nl + 1;
    end = from;
    step = TAIL;
  }
  return 0;
}

/** The first offset in [from, to) where the two files differ, or -1. */
function firstDifference(io: CopyFs, fa: number, fb: number, from: number, to: number, bufs: Buffers): number {
  for (let pos = from; pos < to; pos += CHUNK) {
    const len = Math.min(CHUNK, to - pos);
    const na = readFully(io, fa, bufs.a, len, pos);
    const nb = readFully(io, fb, bufs.b, len, pos);
    const n = Math.min(na, nb);
    if (bufs.a.compare(bufs.b, 0, n, 0, n) !== 0) {
      for (let i = 0; i < n; i++) if (bufs.a[i] !== bufs.b[i]) return pos + i;
    }
    if (n < len) return pos + n;
  }
  return -1;
}

/**
 * Equal by sampled blocks of 4 KiB: the first, the last, and six spread between. An edit of an old
 * day that keeps its size and misses them all goes unnoticed here: the archive keeps the version
 * collected first, and `verify` of the stick finds the edit by its chain.
 */
function sampledEqual(io: CopyFs, fa: number, fb: number, size: number, bufs: Buffers): boolean {
  const spots: [number, number][] = [
    [0, Math.min(4096, size)],
    [Math.max(0, size - 4096), size],
  ];
  for (let i = 1; i <= 6; i++) {
    const at = Math.floor((size * i) / 7);
    spots.push([at, Math.min(size, at + 4096)]);
  }
  return spots.every(([from, to]) => firstDifference(io, fa, fb, from, to, bufs) === -1);
}

/** The 1-based line of `offset` in the file (newlines before it, plus one). */
function lineAt(io: CopyFs, fd: number, offset: number, buf: Buffer): number {
  let line = 1;
  for (let pos = 0; pos < offset; pos += CHUNK) {
    const n = readFully(io, fd, buf, Math.min(CHUNK, offset - pos), pos);
    for (let i = buf.indexOf(NL, 0); i !== -1 && i < n; i = buf.indexOf(NL, i + 1)) line++;
    if (n === 0) break;
  }
  return line;
}

/** Copy bytes [from, to) of `src` to `dst` at `at`; on failure cut `dst` back to `at` and throw. */
function copyBytes(io: CopyFs, src: number, dst: number, from: number, to: number, at: number, dstName: string, bufs: Buffers): void {
  try {
    let w = at;
    for (let pos = from; pos < to; ) {
      const n = readFully(io, src, bufs.a, Math.min(CHUNK, to - pos), pos);
      if (n === 0) throw Object.assign(new Error('source shrank while copying'), { code: 'EIO' });
      let off = 0;
      while (off < n) {
        const wrote = io.writeAtSync(dst, off === 0 && n === bufs.a.length ? bufs.a : bufs.a.subarray(off, n), w);
        if (!(wrote > 0)) throw Object.assign(new Error(`write returned ${wrote}`), { code: 'EIO' });
        off += wrote;
        w += wrote;
      }
      pos += n;
    }
    io.fsyncSync(dst);
  } catch (e) {
    try {
      io.ftruncateSync(dst, at);
      io.fsyncSync(dst);
    } catch {
      // The next collect cuts it back to its last whole line.
    }
    throw new ArchiveWriteError(dstName, errnoCode(e));
  }
}

/**
 * Make sure an archived file ends with a whole line: bytes after the last newline can only be a copy
 * that was cut short (a crash). Returns the size afterwards.
 */
export function repairTail(io: CopyFs, file: string, bufs = buffers()): number {
  let fd: number;
  try {
    fd = io.openSync(file, 'r+');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return 0;
    throw new ArchiveWriteError(file, errnoCode(e));
  }
  try {
    const size = io.fstatSync(fd).size;
    const whole = lastLineEnd(io, fd, size, bufs.a);
    if (whole < size) {
      io.ftruncateSync(fd, whole);
      io.fsyncSync(fd);
    }
    return whole;
  } catch (e) {
    throw new ArchiveWriteError(file, errnoCode(e));
  } finally {
    io.closeSync(fd);
  }
}

/**
 * Copy `source` to `dest` (the archived file `DAY.jsonl` of its terminal's folder) as described
 * above. `known`: what the index says of `dest` (its size, and the source it last came from).
 */
export function copyLogFile(io: CopyFs, source: string, dest: string, known: KnownFile | undefined): CopyResult {
  const bufs = buffers();
  let src: number;
  let sourceSize: number;
  let sourceMtime: number;
  try {
    src = io.openSync(source, 'r');
    const st = io.fstatSync(src);
    sourceSize = st.size;
    sourceMtime = st.mtimeMs;
  } catch (e) {
    return { action: 'unreadable', bytes: 0, heldBack: 0, size: known?.size ?? 0, sourceSize: 0, sourceMtime: 0, error: errnoCode(e) };
  }
  const base = { sourceSize, sourceMtime };
  try {
    const archived = repairTail(io, dest, bufs);
    if (known && known.size === archived && known.source === source && known.source_size === sourceSize && known.source_mtime === sourceMtime) {
      return { action: 'unchanged', bytes: 0, heldBack: 0, size: archived, ...base };
    }
    let whole: number;
    try {
      whole = lastLineEnd(io, src, sourceSize, bufs.a);
    } catch (e) {
      return { action: 'unreadable', bytes: 0, heldBack: 0, size: archived, ...base, error: errnoCode(e) };
    }
    const heldBack = sourceSize - whole;
    if (archived === 0) {
      if (whole === 0) return { action: 'waiting', bytes: 0, heldBack, size: 0, ...base };
      const folder = path.dirname(dest);
      ensureFolder(io, folder);
      const dst = openForWrite(io, dest);
      try {
        copyBytes(io, src, dst, 0, whole, 0, dest, bufs);
      } finally {
        io.closeSync(dst);
      }
      // The folder entry is made durable by the caller, once for all of a terminal's new files.
      return { action: 'new', bytes: whole, heldBack, size: whole, ...base };
    }
    const dst = openForWrite(io, dest);
    try {
      let differs: number;
      try {
        differs =
          whole === archived
            ? sampledEqual(io, src, dst, whole, bufs)
              ? -1
              : firstDifference(io, src, dst, 0, whole, bufs)
            : firstDifference(io, src, dst, 0, Math.min(whole, archived), bufs);
      } catch (e) {
        return { action: 'unreadable', bytes: 0, heldBack, size: archived, ...base, error: errnoCode(e) };
      }
      if (differs === -1 && whole === archived) return { action: 'unchanged', bytes: 0, heldBack, size: archived, ...base };
      if (differs === -1 && whole < archived) return { action: 'older', bytes: 0, heldBack, size: archived, ...base };
      if (differs === -1) {
        copyBytes(io, src, dst, archived, whole, archived, dest, bufs);
        return { action: 'appended', bytes: whole - archived, heldBack, size: whole, ...base };
      }
      const line = lineAt(io, dst, differs, bufs.a);
      const kept = keepConflict(io, src, whole, dest, bufs);
      return { action: kept.known ? 'known-conflict' : 'conflict', bytes: kept.bytes, heldBack, size: archived, ...base, conflict: { copy: kept.copy, line, offset: differs } };
    } finally {
      io.closeSync(dst);
    }
  } finally {
    io.closeSync(src);
  }
}

function openForWrite(io: CopyFs, file: string): number {
  try {
    return io.openSync(file, 'a+', 0o600);
  } catch (e) {
    throw new ArchiveWriteError(file, errnoCode(e));
  }
}

/** Keep the source's version next to the archived one, unless that very version is already kept. */
function keepConflict(io: CopyFs, src: number, whole: number, dest: string, bufs: Buffers): { copy: string; known: boolean; bytes: number } {
  const folder = path.dirname(dest);
  const prefix = `${path.basename(dest)}.conflict-`;
  let next = 1;
  for (const name of io.readdirSync(folder)) {
    if (!name.startsWith(prefix)) continue;
    const n = Number(name.slice(prefix.length));
    if (Number.isSafeInteger(n)) next = Math.max(next, n + 1);
    const other = path.join(folder, name);
    const fd = io.openSync(other, 'r');
    try {
      if (io.fstatSync(fd).size === whole && firstDifference(io, src, fd, 0, whole, bufs) === -1) return { copy: other, known: true, bytes: 0 };
    } finally {
      io.closeSync(fd);
    }
  }
  const copy = path.join(folder, `${prefix}${next}`);
  let fd: number;
  try {
    fd = io.openSync(copy, 'wx', 0o600);
  } catch (e) {
    throw new ArchiveWriteError(copy, errnoCode(e));
  }
  try {
    copyBytes(io, src, fd, 0, whole, 0, copy, bufs);
  } catch (e) {
    io.closeSync(fd);
    try {
      io.unlinkSync(copy);
    } catch {
      // left for the next collect, which compares it like any kept copy
    }
    throw e;
  }
  io.closeSync(fd);
  fsyncDir(io, folder);
  return { copy, known: false, bytes: whole };
}
