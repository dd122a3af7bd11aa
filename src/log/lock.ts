// One kiosk per terminal log: a lock file created exclusively in the terminal's log folder, holding
// the holder's pid and start time. A lock whose pid is gone is stale and taken over.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';

export const LOCK_FILE = '.kiosk.lock';

interface Holder {
  pid: number;
  host: string;
  since: string;
}

export interface Lock {
  readonly file: string;
  release(): void;
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

function readHolder(file: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' ? { pid: h.pid, host: String(h.host ?? ''), since: String(h.since ?? '') } : null;
  } catch {
    return null;
  }
}

/** Take the lock of `folder` (created 0700 if needed), or throw a UserError naming the holder. */
export function acquireLock(folder: string, now: () => Date = () => new Date()): Lock {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = path.join(folder, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      // A lock from another machine (a shared folder) cannot be checked: it is respected.
      if (holder && (holder.host !== hostname() || alive(holder.pid))) {
        throw new UserError('kiosk.locked', { pid: holder.pid, since: holder.since, file });
      }
      // Stale (its process is gone) or unreadable (a crash mid-write): take it over.
      try {
        unlinkSync(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      continue;
    }
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: now().toISOString() }));
    closeSync(fd);
    return {
      file,
      release() {
        // Only our own lock: never remove one a later kiosk took over.
        if (readHolder(file)?.pid === process.pid) unlinkSync(file);
      },
    };
  }
  throw new UserError('kiosk.locked', { pid: '?', since: '?', file });
}
