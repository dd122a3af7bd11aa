// Folders made private, and file-system failures told apart, for the files under the config and
// state folders (config.json, the PIN hash): the messages name what is in the way and why, never a
// bare error code.
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/**
 * Create `dir` (and any missing parents), each 0700 whatever the umask; a folder that already exists
 * keeps its mode. One folder at a time: a recursive mkdir reports ENOENT when a parent cannot be
 * made (e.g. on a read-only file system) instead of the reason.
 */
export function makePrivateDir(dir: string): void {
  const missing: string[] = [];
  for (let p = dir; ; p = dirname(p)) {
    try {
      statSync(p);
      break;
    } catch {
      // missing, or in the way (a file, no permission): mkdir below says which
    }
    missing.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const p of missing) {
    try {
      mkdirSync(p, { mode: DIR_MODE });
    } catch (e) {
      // made meanwhile by someone else: theirs, keep its mode
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(p).isDirectory()) continue;
      throw e;
    }
    // mkdir's mode is masked by the umask, chmod's is not.
    chmodSync(p, DIR_MODE);
  }
}

/** `p` or its nearest parent that exists: the folder (or file) a file-system error is about. */
export function nearestExisting(p: string): string {
  for (;;) {
    try {
      statSync(p);
      return p;
    } catch {
      const up = dirname(p);
      if (up === p) return p;
      p = up;
    }
  }
}

export type FsCause = 'notFolder' | 'readOnly' | 'noReadPermission' | 'noWritePermission' | 'noSpace';

/**
 * Why reading or writing `file` failed, and the path in the way (the file that is not a folder, the
 * nearest folder that exists); null for errors without a message of their own.
 */
export function fsProblem(op: 'read' | 'write', file: string, e: unknown): { cause: FsCause; path: string } | null {
  const code = e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
  switch (code) {
    case 'ENOTDIR':
    case 'EEXIST': // mkdir: the folder (or a parent) exists and is a file
      return { cause: 'notFolder', path: nearestExisting(file) };
    case 'EROFS':
      return { cause: 'readOnly', path: nearestExisting(dirname(file)) };
    case 'EACCES':
    case 'EPERM':
      return op === 'read'
        ? { cause: 'noReadPermission', path: nearestExisting(file) }
        : { cause: 'noWritePermission', path: nearestExisting(dirname(file)) };
    case 'ENOSPC':
    case 'EDQUOT':
      return op === 'write' ? { cause: 'noSpace', path: nearestExisting(dirname(file)) } : null;
    default:
      return null;
  }
}
