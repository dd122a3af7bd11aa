// A test seam: `COUNTER_CHECKLIST_TEST_FAULT=OP:N[:CODE][,OP:N[:CODE]...]` makes the Nth call of OP on
// the log's file system fail once (with CODE, default EIO), so real-terminal tests can show that the
// kiosk never shows an unlogged step as done and that a retry re-reads the log. OP is one of the
// LogFs calls (write, fsync, open, mkdir, link, rename, ftruncate, ...). CODE `KILL` kills the
// process with SIGKILL right there instead (a crash at an exact point). Unset (always, outside
// tests), the kiosk uses node:fs directly.
import type { LogFs } from './fs.js';

export const FAULT_ENV = 'COUNTER_CHECKLIST_TEST_FAULT';

const OPS: Record<string, keyof LogFs> = {
  write: 'writeSync',
  writeat: 'writeAtSync',
  fsync: 'fsyncSync',
  open: 'openSync',
  mkdir: 'mkdirSync',
  link: 'linkSync',
  rename: 'renameSync',
  ftruncate: 'ftruncateSync',
  unlink: 'unlinkSync',
  readdir: 'readdirSync',
  read: 'readFileSync',
};

export function faultyIo(spec: string | undefined, base: LogFs): LogFs {
  const faults = new Map<keyof LogFs, { at: number; code: string }[]>();
  for (const part of (spec ?? '').split(',')) {
    const m = /^([a-z]+):(\d+)(?::([A-Z]+))?$/.exec(part.trim());
    const op = m ? OPS[m[1]!] : undefined;
    if (!m || !op) continue;
    faults.set(op, [...(faults.get(op) ?? []), { at: Number(m[2]), code: m[3] ?? 'EIO' }]);
  }
  if (faults.size === 0) return base;
  const io: Record<string, unknown> = { ...base };
  for (const [op, list] of faults) {
    let count = 0;
    const real = base[op] as (...args: unknown[]) => unknown;
    io[op] = (...args: unknown[]) => {
      count += 1;
      const hit = list.find((f) => f.at === count);
      if (hit?.code === 'KILL') process.kill(process.pid, 'SIGKILL');
      if (hit) throw Object.assign(new Error(`${hit.code}: injected by ${FAULT_ENV}`), { code: hit.code });
      return real.apply(base, args);
    };
  }
  return io as unknown as LogFs;
}

const points = new Map<string, number>();

/**
 * A named point in code that is not a LogFs call (the archive's index commits): `OP:N[:CODE]` in the
 * same variable makes its Nth pass fail (or, with KILL, die) the same way.
 */
export function faultPoint(op: string, spec: string | undefined = process.env[FAULT_ENV]): void {
  if (spec === undefined || spec === '') return;
  const count = (points.get(op) ?? 0) + 1;
  points.set(op, count);
  for (const part of spec.split(',')) {
    const m = /^([a-z]+):(\d+)(?::([A-Z]+))?$/.exec(part.trim());
    if (!m || m[1] !== op || Number(m[2]) !== count) continue;
    if (m[3] === 'KILL') process.kill(process.pid, 'SIGKILL');
    throw Object.assign(new Error(`${m[3] ?? 'EIO'}: injected by ${FAULT_ENV}`), { code: m[3] ?? 'EIO' });
  }
}
