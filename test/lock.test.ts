// The one-kiosk lock under contention: every interleaving of two (and three) kiosks starting at the
// same moment, over an in-memory file system where another kiosk can run between any two calls;
// then real processes racing on a real folder, many rounds.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.js';
import { acquireLock, GUARD_SUFFIX, LOCK_FILE, type Lock, type ProcessFacts } from '../src/log/lock.js';
import { MemFs } from './helpers/memfs.js';
import { requireBuild, ROOT } from './helpers/kiosk.js';

const FOLDER = '/logs/T-01';
const DEAD = 4_000_001;

function facts(pid: number, live: Set<number>, over: Partial<ProcessFacts> = {}): ProcessFacts {
  return { pid, host: 'counter-pc', boot: 'boot-1', alive: (p) => live.has(p), ...over };
}

type Scenario = 'none' | 'stale-dead' | 'stale-empty' | 'stale-old-boot' | 'stale-garbage' | 'stale-guard';

function plant(fs: MemFs, scenario: Scenario) {
  const file = `${FOLDER}/${LOCK_FILE}`;
  fs.mkdirs(FOLDER);
  if (scenario === 'stale-dead') fs.put(file, JSON.stringify({ pid: DEAD, host: 'counter-pc', boot: 'boot-1', since: 'x', nonce: 'n' }));
  if (scenario === 'stale-empty') fs.put(file, '');
  if (scenario === 'stale-old-boot') fs.put(file, JSON.stringify({ pid: 11, host: 'counter-pc', boot: 'boot-0', since: 'x', nonce: 'n' }));
  if (scenario === 'stale-garbage') fs.put(file, '{"pid": 12');
  // A kiosk that died while taking a stale lock over: its guard and the stale lock are both left.
  if (scenario === 'stale-guard') {
    fs.put(file, JSON.stringify({ pid: DEAD, host: 'counter-pc', boot: 'boot-1', since: 'x', nonce: 'n' }));
    fs.put(`${file}${GUARD_SUFFIX}`, JSON.stringify({ pid: DEAD + 1, host: 'counter-pc', boot: 'boot-1', since: 'y', nonce: 'm' }));
  }
}

interface Outcome {
  held: Lock[];
  refused: number;
}

/**
 * A acquires; when A's call number `at` comes, B runs its whole acquire in between; when call number
 * `at2` of `inside` comes (B's, or A's again after B is done), C runs its whole acquire there.
 * Returns who holds the lock at the end.
 */
function race(scenario: Scenario, at: number, at2: number | null, inside: 'A' | 'B' = 'B'): Outcome & { calls: number; handed: number } {
  const fs = new MemFs();
  plant(fs, scenario);
  const live = new Set([101, 102, 103, 11]);
  const held: Lock[] = [];
  let refused = 0;
  const counts = new Map<string, number>();
  let current = '';
  const attempt = (name: string, pid: number) => {
    const outer = current;
    current = name;
    try {
      // A kiosk waiting for another's take-over replays here without sleeping (the other one is
      // paused mid-call and finishes after this attempt gives up).
      held.push(acquireLock(FOLDER, { io: fs, proc: facts(pid, live), sleep: () => {} }));
    } catch (e) {
      if (!(e instanceof UserError) || e.key !== 'kiosk.locked') throw e;
      refused++;
    } finally {
      current = outer;
    }
  };
  fs.before = () => {
    const n = (counts.get(current) ?? 0) + 1;
    counts.set(current, n);
    if (current === 'A' && n === at) attempt('B', 102);
    if (current === inside && at2 !== null && n === at2 && (inside === 'B' || n > at)) attempt('C', 103);
  };
  attempt('A', 101);
  fs.before = null;
  // Whatever the interleaving, nothing but the lock is left in the folder.
  expect(fs.files().filter((f) => f.startsWith(FOLDER))).toEqual(held.some((l) => l.held()) ? [`${FOLDER}/${LOCK_FILE}`] : []);
  return { held: held.filter((l) => l.held()), handed: held.length, refused, calls: counts.get('A') ?? 0 };
}

const SCENARIOS: Scenario[] = ['none', 'stale-dead', 'stale-empty', 'stale-old-boot', 'stale-garbage', 'stale-guard'];

describe('lock: every interleaving of kiosks starting together', () => {
  it('two kiosks: exactly one holds the lock, at every call where the second can run', () => {
    let interleavings = 0;
    for (const scenario of SCENARIOS) {
      const calls = race(scenario, Number.MAX_SAFE_INTEGER, null).calls;
      for (let at = 1; at <= calls; at++) {
        const { held, refused } = race(scenario, at, null);
        expect(held, `${scenario}, B at A's call ${at}`).toHaveLength(1);
        expect(refused).toBe(1);
        interleavings++;
      }
    }
    expect(interleavings).toBeGreaterThan(40);
  });

  it('three kiosks: exactly one holds the lock, wherever the second and third run', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCENARIOS), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), fc.constantFrom<'A' | 'B'>('A', 'B'), (scenario, at, at2, inside) => {
        const { held, handed } = race(scenario, at, at2, inside);
        // One lock handed out, and still held: none was taken from under its holder.
        expect(handed).toBe(1);
        expect(held).toHaveLength(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('a live lock is respected; one from another host too; a released lock is free again', () => {
    const fs = new MemFs();
    const live = new Set([101, 102]);
    const a = acquireLock(FOLDER, { io: fs, proc: facts(101, live) });
    expect(() => acquireLock(FOLDER, { io: fs, proc: facts(102, live) })).toThrow(UserError);
    a.release();
    const b = acquireLock(FOLDER, { io: fs, proc: facts(102, live) });
    expect(b.held()).toBe(true);
    // Another host's lock (a shared folder) cannot be checked: it is respected even if its pid is not running here.
    const other = new MemFs();
    other.put(`${FOLDER}/${LOCK_FILE}`, JSON.stringify({ pid: DEAD, host: 'other-pc', boot: 'b', since: 'x', nonce: 'n' }));
    expect(() => acquireLock(FOLDER, { io: other, proc: facts(101, live) })).toThrow(UserError);
    // No temp or stale files are left behind.
    expect(fs.files()).toEqual([`${FOLDER}/${LOCK_FILE}`]);
  });

  it('a lock removed or replaced under its holder is no longer held', () => {
    const fs = new MemFs();
    const live = new Set([101, 102]);
    const a = acquireLock(FOLDER, { io: fs, proc: facts(101, live) });
    fs.unlinkSync(`${FOLDER}/${LOCK_FILE}`);
    expect(a.held()).toBe(false);
    const b = acquireLock(FOLDER, { io: fs, proc: facts(102, live) });
    expect(a.held()).toBe(false);
    a.release(); // never removes b's lock
    expect(b.held()).toBe(true);
  });
});

// ---- real processes ---------------------------------------------------------------------------

const CHILD = `
import { acquireLock } from ${JSON.stringify(path.join(ROOT, 'dist/log/lock.js'))};
const [folder, rounds, startAt, everyMs] = process.argv.slice(1);
const sleepUntil = (t) => { while (Date.now() < t) {} };
const results = [];
for (let r = 0; r < Number(rounds); r++) {
  sleepUntil(Number(startAt) + r * Number(everyMs));
  let lock = null;
  try { lock = acquireLock(folder + '/r' + r); } catch (e) { if (e.key !== 'kiosk.locked') { results.push('E:' + (e.code ?? e.message)); continue; } }
  // Hold it for a while (a running kiosk), then say whether it is still ours.
  sleepUntil(Number(startAt) + r * Number(everyMs) + Number(everyMs) / 2);
  results.push(lock ? (lock.held() ? 'H' : 'L') : '-');
}
process.stdout.write(results.join(','));
`;

describe('lock: real processes racing on a real folder', () => {
  let dir: string;
  beforeAll(() => {
    requireBuild();
    dir = mkdtempSync(path.join(tmpdir(), 'cc-lock-race-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('in every round exactly one of four processes holds the lock (empty and stale locks planted)', async () => {
    const rounds = 60;
    const everyMs = 40;
    // Half the rounds start over a stale lock: an empty file (a crash between create and write in
    // older versions) or a dead pid's.
    for (let r = 0; r < rounds; r++) {
      const folder = path.join(dir, `r${r}`);
      if (r % 3 === 0) continue;
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, LOCK_FILE), r % 3 === 1 ? '' : JSON.stringify({ pid: DEAD, host: hostname(), since: 'x' }));
    }
    const startAt = Date.now() + 1500; // after all four have started
    const children = Array.from({ length: 4 }, () =>
      new Promise<string[]>((resolve, reject) => {
        const c = spawn(process.execPath, ['--input-type=module', '-e', CHILD, dir, String(rounds), String(startAt), String(everyMs)]);
        let out = '';
        c.stdout.on('data', (d: Buffer) => (out += d.toString()));
        c.stderr.on('data', (d: Buffer) => (out += d.toString()));
        c.on('exit', (code) => (code === 0 ? resolve(out.split(',')) : reject(new Error(out))));
      }),
    );
    const results = await Promise.all(children);
    let contested = 0;
    for (let r = 0; r < rounds; r++) {
      const round = results.map((res) => res[r]);
      expect(round.filter((x) => x === 'H'), `round ${r}: ${round.join(' ')}`).toHaveLength(1);
      expect(round.filter((x) => x === 'L' || x?.startsWith('E:'))).toEqual([]);
      contested++;
    }
    expect(contested).toBe(rounds);
  }, 60_000);
});
