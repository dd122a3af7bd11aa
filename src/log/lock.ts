// One kiosk per terminal log. The lock is a file in the terminal's log folder naming its holder
// (pid, host, boot, start time, a random nonce). Why each step is the way it is (docs/durability.md):
//
// - Created atomically *with its content*: the holder is written to a private temp file first and
//   then hard-linked to the lock name (link fails with EEXIST when the lock exists). An exclusive
//   create followed by a write would leave an empty lock for a moment, which a second kiosk starting
//   at the same instant took for a crashed one and took over.
// - A lock is stale only when its holder is provably gone: same host, and a different boot or a
//   dead pid. A lock from another host (a shared folder) is always respected.
// - A stale lock is removed under a take-over guard (a second file created the same way), so only
//   one kiosk removes it, and only while it still has the bytes judged stale; the others wait the
//   few microseconds that takes and then race for the free name by link, which one wins.
// - The holder checks before every append that the lock file is still its own (same inode): should
//   anything ever move it, the kiosk stops writing instead of interleaving with another one.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { ensureFolder, errnoCode, type LogFs, nodeFs } from './fs.js';

export const LOCK_FILE = '.kiosk.lock';
/** Beside the lock while a stale one is being removed: one remover at a time. */
export const GUARD_SUFFIX = '.takeover';

/** Who and where this process is: what a lock holder records and what staleness is judged by. */
export interface ProcessFacts {
  pid: number;
  host: string;
  /** This boot of the machine (Linux boot_id), or null when unknown. */
  boot: string | null;
  /** Whether a process with this pid runs on this machine now. */
  alive(pid: number): boolean;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

export const thisProcess = (): ProcessFacts => ({ pid: process.pid, host: hostname(), boot: bootId(), alive });

interface Holder {
  pid: number;
  host: string;
  boot: string | null;
  since: string;
  nonce: string;
}

export interface Lock {
  readonly file: string;
  /** Whether the lock file is still the one this kiosk created. */
  held(): boolean;
  release(): void;
}

export interface LockOptions {
  io?: LogFs;
  proc?: ProcessFacts;
  now?: () => Date;
  /** The lock file's name (default: the kiosk's); the archive's collect has its own. */
  name?: string;
  /** The message naming the holder when the lock is taken. */
  lockedKey?: MessageKey;
  /** How to wait for another kiosk's take-over of a stale lock (tests replay interleavings without sleeping). */
  sleep?: (ms: number) => void;
}

function parseHolder(bytes: Buffer | null): Holder | null {
  if (bytes === null) return null;
  try {
    const h = JSON.parse(bytes.toString('utf8')) as Partial<Holder>;
    if (typeof h.pid !== 'number' || !Number.isSafeInteger(h.pid)) return null;
    return {
      pid: h.pid,
      host: String(h.host ?? ''),
      boot: typeof h.boot === 'string' ? h.boot : null,
      since: String(h.since ?? ''),
      nonce: String(h.nonce ?? ''),
    };
  } catch {
    return null;
  }
}

function readOrNull(io: LogFs, file: string): Buffer | null {
  try {
    return io.readFileSync(file);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return null;
    throw e;
  }
}

/** The lock file's bytes, or null when there is none (or it cannot be read: the normal path then says why). */
function peek(io: LogFs, file: string): Buffer | null {
  try {
    return io.readFileSync(file);
  } catch {
    return null;
  }
}

const removeQuietly = (io: LogFs, file: string) => {
  try {
    io.unlinkSync(file);
  } catch {
    // already gone, or the folder is failing: nothing to keep
  }
};

/** Whether `h` may be taken over: its holder is provably gone. An unreadable lock counts as gone. */
function isStale(h: Holder | null, proc: ProcessFacts): boolean {
  if (h === null) return true;
  if (h.host !== proc.host) return false;
  if (h.boot !== null && proc.boot !== null && h.boot !== proc.boot) return true;
  return !proc.alive(h.pid);
}

const lockedError = (h: Holder | null, file: string, key: MessageKey = 'kiosk.locked') =>
  new UserError(key, { pid: h ? String(h.pid) : '?', since: h?.since || '?', file, host: h?.host || '?' });

/** Take the lock of `folder` (created 0700 if needed), or throw a UserError naming the holder. */
export function acquireLock(folder: string, opts: LockOptions = {}): Lock {
  const io = opts.io ?? nodeFs;
  const proc = opts.proc ?? thisProcess();
  const now = opts.now ?? (() => new Date());
  const name = opts.name ?? LOCK_FILE;
  const file = path.join(folder, name);
  // A kiosk that runs is said first, even when this one could not write a thing (a full or
  // read-only disk would otherwise hide it behind a disk error).
  const present = peek(io, file);
  if (present !== null && !isStale(parseHolder(present), proc)) throw lockedError(parseHolder(present), file, opts.lockedKey);
  ensureFolder(io, folder);
  const nonce = randomBytes(8).toString('hex');
  const me: Holder = { pid: proc.pid, host: proc.host, boot: proc.boot, since: now().toISOString(), nonce };
  const tmp = path.join(folder, `${name}.${proc.pid}.${nonce}.tmp`);
  const fd = io.openSync(tmp, 'wx', 0o600);
  try {
    const bytes = Buffer.from(JSON.stringify(me));
    let off = 0;
    while (off < bytes.length) off += io.writeSync(fd, bytes, off, bytes.length - off) || 0;
  } finally {
    io.closeSync(fd);
  }
  const sleep = opts.sleep ?? sleepMs;
  let waits = 0;
  try {
    // Each pass either takes the free name, or finds the holder live, or removes a stale lock (or
    // waits while another kiosk does); a pass that ends without the lock looks again.
    for (let pass = 0; pass < 64; pass++) {
      try {
        io.linkSync(tmp, file);
      } catch (e) {
        if (errnoCode(e) !== 'EEXIST') throw e;
        const seen = readOrNull(io, file);
        if (seen === null) continue; // released in between: try again
        const holder = parseHolder(seen);
        if (!isStale(holder, proc)) throw lockedError(holder, file, opts.lockedKey);
        if (removeStale(io, file, seen, tmp, nonce, proc) === 'busy') {
          // Another kiosk is taking the stale lock over right now (a few microseconds): wait for it.
          if (waits++ >= GUARD_WAITS) throw lockedError(holder, file, opts.lockedKey);
          sleep(GUARD_WAIT_MS);
          pass--;
        }
        continue;
      }
      const ino = io.statSync(file).ino;
      const held = () => {
        try {
          return io.statSync(file).ino === ino;
        } catch {
          return false;
        }
      };
      return {
        file,
        held,
        release() {
          // Only our own lock: never remove one a later kiosk holds.
          if (held()) removeQuietly(io, file);
        },
      };
    }
    throw lockedError(parseHolder(readOrNull(io, file)), file, opts.lockedKey);
  } finally {
    removeQuietly(io, tmp);
  }
}

const GUARD_WAITS = 400;
const GUARD_WAIT_MS = 5;

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Remove the stale lock whose bytes were `seen`, under the take-over guard: only the process that
 * holds the guard removes a lock, and the stale lock's holder is gone and cannot release it, so
 * while the guard is held the lock still has the bytes seen only if it is still the stale one.
 * (Renaming the lock away to check it afterwards, as before, left the name free for a moment when
 * the file moved was a live lock, and a third kiosk could take it then: two holders.)
 */
function removeStale(io: LogFs, file: string, seen: Buffer, tmp: string, nonce: string, proc: ProcessFacts): 'done' | 'busy' {
  const guard = `${file}${GUARD_SUFFIX}`;
  try {
    io.linkSync(tmp, guard);
  } catch (e) {
    if (errnoCode(e) !== 'EEXIST') throw e;
    const other = readOrNull(io, guard);
    if (other === null) return 'done'; // released in between: look again
    if (!isStale(parseHolder(other), proc)) return 'busy';
    breakStaleGuard(io, guard, other, nonce);
    return 'done';
  }
  const guardIno = io.statSync(guard).ino;
  try {
    const now = readOrNull(io, file);
    if (now !== null && now.equals(seen)) io.unlinkSync(file);
  } finally {
    if (inoOrNull(io, guard) === guardIno) removeQuietly(io, guard);
  }
  return 'done';
}

function inoOrNull(io: LogFs, file: string): number | null {
  try {
    return io.statSync(file).ino;
  } catch {
    return null;
  }
}

/**
 * A guard left by a process that died while taking a lock over (a crash within microseconds of
 * work). It is moved to a private name and compared with the bytes judged stale; a live guard moved
 * by mistake is put back. Only this rare path keeps the old rename-and-check.
 */
function breakStaleGuard(io: LogFs, guard: string, seen: Buffer, nonce: string): void {
  const grave = `${guard}.${nonce}.stale`;
  try {
    io.renameSync(guard, grave);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return; // someone else moved it first
    throw e;
  }
  const moved = readOrNull(io, grave);
  if (moved === null || !moved.equals(seen)) {
    try {
      io.linkSync(grave, guard);
    } catch (e) {
      if (errnoCode(e) !== 'EEXIST') throw e;
    }
  }
  removeQuietly(io, grave);
}
