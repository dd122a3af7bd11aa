// The main thread's heap while workers' results pass through it (src/parallel/heap.ts).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectGarbage, RelayHeap, YOUNG_GROWTH_FLAG } from '../src/parallel/heap.js';

describe('the relay heap', () => {
  it('collectGarbage runs a full collection: an object nothing holds is gone after it', async () => {
    let ref: WeakRef<object> | null = null;
    (() => {
      ref = new WeakRef({ big: new Array(1000).fill('x') });
    })();
    // A WeakRef's target is kept until the current job ends.
    await new Promise((r) => setImmediate(r));
    expect(collectGarbage()).toBe(true);
    expect(ref!.deref()).toBeUndefined();
  });

  it('the launcher sets the same flag for the commands that read (it cannot import it)', () => {
    const bin = readFileSync(new URL('../bin/counter-checklist.js', import.meta.url), 'utf8');
    expect(bin).toContain(`setFlagsFromString('${YOUNG_GROWTH_FLAG}')`);
  });

  it('collects once every so many records, not at each result', () => {
    let n = 0;
    const heap = new RelayHeap(100, () => n++);
    for (const records of [30, 30, 30]) heap.passed(records);
    expect(n).toBe(0);
    heap.passed(10);
    expect(n).toBe(1);
    heap.passed(99);
    expect(n).toBe(1);
    heap.passed(250);
    expect(n).toBe(2);
  });

  it('the flag keeps the young generation at its first size, and a worker\'s start puts it back', () => {
    // In a fresh process: this one's heap has grown already.
    const script = `
      const v8 = require('node:v8');
      const { Worker } = require('node:worker_threads');
      const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
      const keep = [];
      const churn = () => { for (let i = 0; i < 1e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 2e5) keep.splice(0, 1e5); } };
      v8.setFlagsFromString(process.argv[1]);
      churn();
      const kept = young();
      const w = new Worker('setTimeout(() => {}, 50)', { eval: true });
      w.on('online', () => {
        keep.length = 0;
        churn();
        console.log(JSON.stringify({ kept, afterWorker: young() }));
      });`;
    const r = spawnSync(process.execPath, ['-e', script, '--', YOUNG_GROWTH_FLAG], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const { kept, afterWorker } = JSON.parse(r.stdout) as { kept: number; afterWorker: number };
    expect(kept).toBeLessThanOrEqual(2);
    // Why each worker sets the flag again (src/parallel/worker.ts).
    expect(afterWorker).toBeGreaterThan(2);
  });
});
