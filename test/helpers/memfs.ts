// An in-memory file system behind the log's LogFs seam, with the failure and crash behaviour of a
// real one, for fault campaigns over the real writer, lock and controller:
// - what a write puts in a file is visible at once, but durable only after fsync (file data) or
//   after an fsync of the folder (a new name, a rename, an unlink);
// - `crash()` is a power cut: every file falls back to what was durable, and each file's unsynced
//   tail may survive in part, as zeros, or not at all; names not made durable disappear;
// - `kill()` is a process dying: nothing is lost, but a write in flight may have landed in part;
// - faults: any call can be made to fail (EIO, ENOSPC, EROFS...), a write can be cut short, an
//   fsync can fail after dropping the data (as Linux does), the disk can be read-only or full.
import path from 'node:path';
import type { FileStat, LogFs } from '../../src/log/fs.js';

type Op = keyof LogFs;

interface Inode {
  ino: number;
  dir: boolean;
  data: Buffer;
  /** What survives a power cut (files only). */
  durable: Buffer;
  mtimeMs: number;
}

interface Fd {
  ino: number;
  path: string;
  append: boolean;
  writable: boolean;
}

/** What the next call of an operation does instead of (or besides) its normal work. */
export type Fault =
  | { kind: 'error'; code: string }
  /** A write that puts only `bytes` bytes down, then fails with `code` (or returns short when no code). */
  | { kind: 'short'; bytes: number; code?: string }
  /** An fsync that fails with EIO and drops the unsynced data from what would survive a crash. */
  | { kind: 'fsync-lost' }
  /** An fsync that fails with EIO although the data did reach the disk. */
  | { kind: 'fsync-durable' };

const errnoError = (code: string, op: string, p: string) => Object.assign(new Error(`${code}: ${op} '${p}'`), { code });

export class MemFs implements LogFs {
  private readonly inodes = new Map<number, Inode>();
  /** Visible names → inode. */
  private readonly names = new Map<string, number>();
  /** Names that survive a power cut. */
  private durableNames = new Map<string, number>();
  private readonly fds = new Map<number, Fd>();
  private nextIno = 2;
  private nextFd = 10;
  private clock = 0;
  /** Faults queued per operation, taken one per call. */
  private readonly queued = new Map<Op, Fault[]>();
  /** Every later mutating call fails with EROFS. */
  readOnly = false;
  /** Bytes that can still be written (null: unlimited); ENOSPC past it. */
  spaceLeft: number | null = null;
  /** Calls made, per operation (for tests that aim a fault at one). */
  readonly calls: Partial<Record<Op, number>> = {};
  /** Called before every operation (a test can run another process "in between"). */
  before: ((op: Op, target: string) => void) | null = null;
  /**
   * The process died at this point: every later call fails and does nothing (even where the code
   * catches the error and goes on), until `resume()` (the next process).
   */
  halted = false;

  resume(): void {
    this.halted = false;
    this.fds.clear();
  }

  constructor() {
    const root = this.newInode(true);
    this.names.set('/', root.ino);
    this.durableNames.set('/', root.ino);
  }

  // ---- test controls ----------------------------------------------------------------------------

  /** The next call of `op` (after `skip` others) behaves as `fault`. */
  inject(op: Op, fault: Fault, skip = 0): void {
    const list = this.queued.get(op) ?? [];
    while (list.length < skip) list.push({ kind: 'error', code: 'NONE' });
    list.splice(skip, 0, fault);
    this.queued.set(op, list);
  }

  clearFaults(): void {
    this.queued.clear();
  }

  /** A power cut: only what was durable is left (unsynced tails survive in part, zeroed, or not). */
  crash(rand: () => number = Math.random): void {
    this.fds.clear();
    const names = new Map(this.durableNames);
    for (const [p, ino] of [...names]) {
      if (!this.inodes.has(ino)) names.delete(p);
    }
    // Parent folders always exist (they are made durable by the writer before any file in them).
    this.names.clear();
    for (const [p, ino] of names) this.names.set(p, ino);
    for (const node of this.inodes.values()) {
      if (node.dir) continue;
      const extra = node.data.length - node.durable.length;
      const prefixOk = node.data.subarray(0, node.durable.length).equals(node.durable);
      let data = node.durable;
      if (extra > 0 && prefixOk) {
        const r = rand();
        const keep = Math.floor(rand() * (extra + 1));
        if (r < 0.34) data = node.durable;
        else if (r < 0.67) data = Buffer.concat([node.durable, node.data.subarray(node.durable.length, node.durable.length + keep)]);
        else data = Buffer.concat([node.durable, Buffer.alloc(keep)]);
      }
      node.data = Buffer.from(data);
      node.durable = Buffer.from(data);
    }
  }

  /** The process died: its descriptors are gone; files keep everything written (see tearTail). */
  kill(): void {
    this.fds.clear();
  }

  /** Cut the newest file under `folder` back by `bytes` bytes at its end (a write that landed in part). */
  tearTail(file: string, keep: number): void {
    const ino = this.names.get(norm(file));
    const node = ino === undefined ? undefined : this.inodes.get(ino);
    if (!node || node.dir) return;
    node.data = Buffer.from(node.data.subarray(0, Math.min(keep, node.data.length)));
    if (node.durable.length > node.data.length) node.durable = Buffer.from(node.data);
  }

  /** Every file (not folder) path, sorted. */
  files(): string[] {
    return [...this.names.entries()]
      .filter(([, ino]) => !this.inodes.get(ino)!.dir)
      .map(([p]) => p)
      .sort();
  }

  /** A file's bytes as they are now, for checks (no fault, no hook, not counted). */
  read(p: string): Buffer {
    const node = this.node(norm(p), 'open');
    return Buffer.from(node.data);
  }

  /** Write a file directly (test setup), durable. */
  put(p: string, data: string | Buffer): void {
    const file = norm(p);
    this.mkdirs(path.posix.dirname(file));
    let ino = this.names.get(file);
    if (ino === undefined) {
      ino = this.newInode(false).ino;
      this.names.set(file, ino);
    }
    this.durableNames.set(file, ino);
    const node = this.inodes.get(ino)!;
    node.data = Buffer.from(data);
    node.durable = Buffer.from(data);
  }

  // ---- LogFs ------------------------------------------------------------------------------------

  mkdirSync(p: string, _mode: number): void {
    const dir = norm(p);
    this.enter('mkdirSync', dir);
    if (this.names.has(dir)) throw errnoError('EEXIST', 'mkdir', p);
    const parent = this.names.get(path.posix.dirname(dir));
    if (parent === undefined) throw errnoError('ENOENT', 'mkdir', p);
    if (!this.inodes.get(parent)!.dir) throw errnoError('ENOTDIR', 'mkdir', p);
    if (this.readOnly) throw errnoError('EROFS', 'mkdir', p);
    const node = this.newInode(true);
    this.names.set(dir, node.ino);
    // Folders are durable at once: the writer fsyncs their parents, and the model stays simple.
    this.durableNames.set(dir, node.ino);
  }

  /** `mkdir -p` for test setup. */
  mkdirs(p: string): void {
    let at = '/';
    for (const part of norm(p).split('/').filter(Boolean)) {
      at = path.posix.join(at, part);
      if (!this.names.has(at)) this.mkdirSync(at, 0o700);
    }
  }

  readdirSync(p: string): string[] {
    const dir = norm(p);
    this.enter('readdirSync', dir);
    const node = this.node(dir, 'scandir');
    if (!node.dir) throw errnoError('ENOTDIR', 'scandir', p);
    const prefix = dir === '/' ? '/' : `${dir}/`;
    return [...this.names.keys()].filter((n) => n.startsWith(prefix) && n !== dir && !n.slice(prefix.length).includes('/')).map((n) => n.slice(prefix.length));
  }

  readFileSync(p: string): Buffer {
    const file = norm(p);
    this.enter('readFileSync', file);
    const node = this.node(file, 'open');
    if (node.dir) throw errnoError('EISDIR', 'read', p);
    return Buffer.from(node.data);
  }

  statSync(p: string): FileStat {
    const file = norm(p);
    this.enter('statSync', file);
    return this.stat(this.node(file, 'stat'));
  }

  openSync(p: string, flags: string, _mode?: number): number {
    const file = norm(p);
    this.enter('openSync', file);
    const ino = this.names.get(file);
    const writable = flags !== 'r';
    if (flags === 'wx' && ino !== undefined) throw errnoError('EEXIST', 'open', p);
    if ((flags === 'r' || flags === 'r+') && ino === undefined) throw errnoError('ENOENT', 'open', p);
    if (writable && this.readOnly) throw errnoError('EROFS', 'open', p);
    let node = ino === undefined ? undefined : this.inodes.get(ino);
    if (!node) {
      const parent = this.names.get(path.posix.dirname(file));
      if (parent === undefined) throw errnoError('ENOENT', 'open', p);
      if (!this.inodes.get(parent)!.dir) throw errnoError('ENOTDIR', 'open', p);
      node = this.newInode(false);
      this.names.set(file, node.ino);
    }
    if (node.dir && writable) throw errnoError('EISDIR', 'open', p);
    if (flags === 'w') node.data = Buffer.alloc(0);
    const fd = this.nextFd++;
    this.fds.set(fd, { ino: node.ino, path: file, append: flags === 'a', writable });
    return fd;
  }

  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number {
    const f = this.fd(fd);
    const fault = this.enter('writeSync', f.path);
    if (!f.writable) throw errnoError('EBADF', 'write', f.path);
    if (this.readOnly) throw errnoError('EROFS', 'write', f.path);
    const node = this.inodes.get(f.ino)!;
    let n = length;
    let failAfter: string | undefined;
    if (fault?.kind === 'short') {
      n = Math.min(length, fault.bytes);
      failAfter = fault.code;
    }
    if (this.spaceLeft !== null) {
      if (this.spaceLeft <= 0) throw errnoError('ENOSPC', 'write', f.path);
      if (n > this.spaceLeft) n = this.spaceLeft;
      this.spaceLeft -= n;
    }
    node.data = Buffer.concat([node.data, buffer.subarray(offset, offset + n)]);
    node.mtimeMs = ++this.clock;
    if (failAfter) throw errnoError(failAfter, 'write', f.path);
    if (fault?.kind === 'short' && n === 0) throw errnoError('ENOSPC', 'write', f.path);
    return n;
  }

  writeAtSync(fd: number, buffer: Buffer, position: number): number {
    const f = this.fd(fd);
    this.enter('writeAtSync', f.path);
    if (!f.writable) throw errnoError('EBADF', 'write', f.path);
    if (this.readOnly) throw errnoError('EROFS', 'write', f.path);
    const node = this.inodes.get(f.ino)!;
    const data = Buffer.alloc(Math.max(node.data.length, position + buffer.length));
    node.data.copy(data);
    buffer.copy(data, position);
    node.data = data;
    node.mtimeMs = ++this.clock;
    return buffer.length;
  }

  fsyncSync(fd: number): void {
    const f = this.fd(fd);
    const fault = this.enter('fsyncSync', f.path);
    const node = this.inodes.get(f.ino)!;
    if (fault?.kind === 'fsync-lost') throw errnoError('EIO', 'fsync', f.path);
    if (fault?.kind === 'fsync-durable') {
      if (!node.dir) node.durable = Buffer.from(node.data);
      throw errnoError('EIO', 'fsync', f.path);
    }
    if (node.dir) {
      // The folder's names become durable as they are now.
      const prefix = f.path === '/' ? '/' : `${f.path}/`;
      const inDir = (n: string) => n.startsWith(prefix) && !n.slice(prefix.length).includes('/') && n !== f.path;
      for (const n of [...this.durableNames.keys()]) if (inDir(n) && !this.names.has(n)) this.durableNames.delete(n);
      for (const [n, ino] of this.names) if (inDir(n)) this.durableNames.set(n, ino);
      return;
    }
    node.durable = Buffer.from(node.data);
  }

  ftruncateSync(fd: number, length: number): void {
    const f = this.fd(fd);
    this.enter('ftruncateSync', f.path);
    if (this.readOnly) throw errnoError('EROFS', 'ftruncate', f.path);
    const node = this.inodes.get(f.ino)!;
    node.data = Buffer.from(node.data.subarray(0, length));
  }

  fstatSync(fd: number): FileStat {
    const f = this.fd(fd);
    this.enter('fstatSync', f.path);
    return this.stat(this.inodes.get(f.ino)!);
  }

  closeSync(fd: number): void {
    this.fd(fd);
    this.enter('closeSync', String(fd));
    this.fds.delete(fd);
  }

  renameSync(from: string, to: string): void {
    const a = norm(from);
    const b = norm(to);
    this.enter('renameSync', a);
    if (this.readOnly) throw errnoError('EROFS', 'rename', from);
    const ino = this.names.get(a);
    if (ino === undefined) throw errnoError('ENOENT', 'rename', from);
    this.names.delete(a);
    this.names.set(b, ino);
  }

  linkSync(existing: string, to: string): void {
    const a = norm(existing);
    const b = norm(to);
    this.enter('linkSync', b);
    if (this.readOnly) throw errnoError('EROFS', 'link', to);
    const ino = this.names.get(a);
    if (ino === undefined) throw errnoError('ENOENT', 'link', existing);
    if (this.names.has(b)) throw errnoError('EEXIST', 'link', to);
    this.names.set(b, ino);
  }

  unlinkSync(p: string): void {
    const file = norm(p);
    this.enter('unlinkSync', file);
    if (this.readOnly) throw errnoError('EROFS', 'unlink', p);
    if (!this.names.delete(file)) throw errnoError('ENOENT', 'unlink', p);
  }

  // ---- internals --------------------------------------------------------------------------------

  private enter(op: Op, target: string): Fault | undefined {
    if (this.halted) throw errnoError('EKILLED', op, target);
    this.calls[op] = (this.calls[op] ?? 0) + 1;
    this.before?.(op, target);
    if (this.halted) throw errnoError('EKILLED', op, target);
    const list = this.queued.get(op);
    const fault = list?.shift();
    if (list && list.length === 0) this.queued.delete(op);
    if (!fault || (fault.kind === 'error' && fault.code === 'NONE')) return undefined;
    if (fault.kind === 'error') throw errnoError(fault.code, op, target);
    return fault;
  }

  private newInode(dir: boolean): Inode {
    const node: Inode = { ino: this.nextIno++, dir, data: Buffer.alloc(0), durable: Buffer.alloc(0), mtimeMs: ++this.clock };
    this.inodes.set(node.ino, node);
    return node;
  }

  private node(p: string, op: string): Inode {
    const ino = this.names.get(p);
    if (ino === undefined) throw errnoError('ENOENT', op, p);
    return this.inodes.get(ino)!;
  }

  private fd(fd: number): Fd {
    const f = this.fds.get(fd);
    if (!f) throw errnoError('EBADF', 'fd', String(fd));
    return f;
  }

  private stat(node: Inode): FileStat {
    return {
      dev: 1,
      ino: node.ino,
      size: node.data.length,
      mtimeMs: node.mtimeMs,
      isFile: () => !node.dir,
      isDirectory: () => node.dir,
    };
  }
}

const norm = (p: string) => path.posix.resolve('/', p);
