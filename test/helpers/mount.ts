// A small read-only file system for tests of "cannot write here" (EROFS): a 1 MB tmpfs, filled by
// `setup` while still writable, then remounted read-only. Needs Linux and root (or CAP_SYS_ADMIN);
// when it cannot be had, the reason is returned instead, for the test to skip with.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ReadOnlyMount {
  dir: string;
  /** Unmounts and removes the mount point; call it in `finally`. */
  unmount(): void;
}

function run(args: string[]): string | null {
  const r = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8' });
  if (r.error) return r.error.message;
  return r.status === 0 ? null : (r.stderr || r.stdout).trim() || `${args[0]} exited ${r.status}`;
}

export function mountReadOnly(setup: (dir: string) => void = () => {}): ReadOnlyMount | { reason: string } {
  if (process.platform !== 'linux') return { reason: `a tmpfs mount needs Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { reason: 'mounting a read-only tmpfs needs root' };
  const dir = mkdtempSync(join(tmpdir(), 'cc-ro-'));
  const failed = run(['mount', '-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
  if (failed !== null) {
    rmdirSync(dir);
    return { reason: `cannot mount a tmpfs here: ${failed}` };
  }
  const unmount = () => {
    if (run(['umount', dir]) !== null) run(['umount', '-l', dir]);
    rmdirSync(dir);
  };
  let ro: string | null;
  try {
    setup(dir);
    ro = run(['mount', '-o', 'remount,ro', dir]);
  } catch (e) {
    unmount();
    throw e;
  }
  if (ro !== null) {
    unmount();
    return { reason: `cannot remount a tmpfs read-only here: ${ro}` };
  }
  return { dir, unmount };
}

export interface SmallMount {
  dir: string;
  /** Give the mount another size (a disk that was full gets room). */
  resize(size: string): void;
  unmount(): void;
}

/** A writable tmpfs of `size` (e.g. `2m`): a disk that fills up. Linux and root only, like above. */
export function mountSmall(size: string): SmallMount | { reason: string } {
  if (process.platform !== 'linux') return { reason: `a tmpfs mount needs Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { reason: 'mounting a tmpfs needs root' };
  const dir = mkdtempSync(join(tmpdir(), 'cc-small-'));
  const failed = run(['mount', '-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (failed !== null) {
    rmdirSync(dir);
    return { reason: `cannot mount a tmpfs here: ${failed}` };
  }
  return {
    dir,
    resize(to) {
      const r = run(['mount', '-o', `remount,size=${to}`, dir]);
      if (r !== null) throw new Error(`cannot resize the tmpfs: ${r}`);
    },
    unmount() {
      if (run(['umount', dir]) !== null) run(['umount', '-l', dir]);
      rmdirSync(dir);
    },
  };
}
