// Every file-system call the log writer and the kiosk lock make, behind one small interface. In the
// kiosk it is node:fs; tests put an in-memory file system with crash semantics behind it (dropped
// unsynced writes, torn tails, failing calls, read-only and full disks) and drive the real writer,
// lock and controller over it. Nothing here may read or write anything else.
import * as fs from 'node:fs';
import path from 'node:path';

/** Log files are the terminal's evidence: readable by its user only (folders are 0700). */
export const MODE_FILE = 0o600;

export interface FileStat {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

export interface LogFs {
  /** One folder (its parent must exist); EEXIST when something is there. */
  mkdirSync(path: string, mode: number): void;
  readdirSync(path: string): string[];
  readFileSync(path: string): Buffer;
  /** Throws ENOENT (an errno error) when nothing is there. */
  statSync(path: string): FileStat;
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number;
  /** Write `buffer` at `position` (overwriting): the seal key's two slots, in place. */
  writeAtSync(fd: number, buffer: Buffer, position: number): number;
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, length: number): void;
  fstatSync(fd: number): FileStat;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  /** A hard link: fails with EEXIST when `to` exists (the atomic create of the kiosk lock). */
  linkSync(existing: string, to: string): void;
  unlinkSync(path: string): void;
}

export const nodeFs: LogFs = {
  mkdirSync: (p, mode) => void fs.mkdirSync(p, { mode }),
  readdirSync: (p) => fs.readdirSync(p),
  readFileSync: (p) => fs.readFileSync(p),
  statSync: (p) => fs.statSync(p),
  openSync: (p, flags, mode) => fs.openSync(p, flags, mode),
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  writeAtSync: (fd, buffer, position) => fs.writeSync(fd, buffer, 0, buffer.length, position),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  ftruncateSync: (fd, length) => fs.ftruncateSync(fd, length),
  fstatSync: (fd) => fs.fstatSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (a, b) => fs.renameSync(a, b),
  linkSync: (a, b) => fs.linkSync(a, b),
  unlinkSync: (p) => fs.unlinkSync(p),
};

/** The errno code of an error (`EIO` when it has none: an unknown failure is an I/O failure). */
export function errnoCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code ? code : 'EIO';
}

export function exists(io: LogFs, p: string): boolean {
  try {
    io.statSync(p);
    return true;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return false;
    throw e;
  }
}

/** Write all of `buf` at the fd's position, looping on short writes; a 0-byte write is an error. */
export function writeAll(io: LogFs, fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) {
    const n = io.writeSync(fd, buf, off, buf.length - off);
    if (!(n > 0)) throw Object.assign(new Error(`write returned ${n}`), { code: 'EIO' });
    off += n;
  }
}

const isWin = process.platform === 'win32';

/** fsync a folder so a new entry in it survives power loss (not possible on Windows: tolerated). */
export function fsyncDir(io: LogFs, dir: string): void {
  let fd: number | undefined;
  try {
    fd = io.openSync(dir, 'r');
    io.fsyncSync(fd);
  } catch (e) {
    const code = errnoCode(e);
    if (isWin && (code === 'EPERM' || code === 'EISDIR' || code === 'EACCES')) return;
    throw e;
  } finally {
    if (fd !== undefined) {
      try {
        io.closeSync(fd);
      } catch {
        // closing a read-only folder handle cannot lose data
      }
    }
  }
}

/**
 * `mkdir -p folder` (0700), and every folder it created made durable (its parent fsynced). One level
 * at a time: a recursive mkdir says ENOENT when a parent cannot be made (on a read-only disk, say)
 * instead of why. Errors are the file system's own (errno codes); callers say what failed.
 */
export function ensureFolder(io: LogFs, folder: string): void {
  const missing: string[] = [];
  for (let p = path.resolve(folder); !exists(io, p); p = path.dirname(p)) {
    missing.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const p of missing) {
    try {
      io.mkdirSync(p, 0o700);
    } catch (e) {
      // Made meanwhile by another process: fine when it is a folder.
      if (errnoCode(e) !== 'EEXIST' || !io.statSync(p).isDirectory()) throw e;
      continue;
    }
    fsyncDir(io, path.dirname(p));
  }
}
