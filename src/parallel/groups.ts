// Every terminal of a set of log files read as groups (src/parallel/group.ts), in terminal order,
// on worker threads when that pays (src/parallel/pool.ts), otherwise here. Results are handed out in
// order; at most a couple of terminals' results wait at a time.
import { statSync } from 'node:fs';
import { groupByTerminal } from '../log/reader.js';
import { UuidSet } from '../log/uuid-set.js';
import type { SealKeys } from '../seal/state.js';
import { readGroup, type GroupJob, type GroupResult } from './group.js';
import { RelayHeap } from './heap.js';
import { WorkerPool, isWorkerOom, workerCount } from './pool.js';

export interface GroupsOptions {
  fold: boolean;
  sealKeys?: SealKeys;
  /** verify's remembered heads: terminal → seq and hash. */
  anchors?: ReadonlyMap<string, { seq: number; hash: string }>;
}

export async function* readGroups(files: readonly string[], opts: GroupsOptions): AsyncGenerator<GroupResult> {
  const anchors: [string, number, string][] = [...(opts.anchors ?? new Map())].map(([t, a]) => [t, a.seq, a.hash]);
  const jobs: GroupJob[] = [...groupByTerminal(files)].map(([terminal, entries]) => ({
    terminal,
    files: entries,
    keys: [...(opts.sealKeys?.get(terminal) ?? new Map())].map(([fp, key]) => [fp, key.toString('hex')]),
    fold: opts.fold,
    anchors,
  }));
  let bytes = 0;
  for (const f of files) {
    try {
      bytes += statSync(f).size;
    } catch {
      // unreadable: the reader reports it
    }
  }
  // Session ids started on the terminals read so far (a reused one is a duplicate: SessionOrderCheck).
  const seen = new UuidSet();
  const n = workerCount(bytes, jobs.length);
  if (n === 0) {
    for (const job of jobs) yield await readGroup(job, seen);
    return;
  }
  const pool = new WorkerPool(n);
  const heap = new RelayHeap();
  try {
    const results: Promise<GroupResult>[] = [];
    const window = n + 1;
    const dispatch = (i: number) => {
      if (i < jobs.length && results[i] === undefined) {
        results[i] = pool.run<GroupResult>({ kind: 'read', job: jobs[i] });
        // Rejections are awaited in order below; do not let one surface earlier as unhandled.
        results[i]!.catch(() => {});
      }
    };
    for (let i = 0; i < window; i++) dispatch(i);
    for (let i = 0; i < jobs.length; i++) {
      let r: GroupResult | null = await results[i]!.catch((e: unknown) => {
        if (isWorkerOom(e)) return null; // too big for a worker's heap: read here
        throw e;
      });
      delete results[i];
      dispatch(i + window);
      // Read apart from the terminals before it: exact unless one of its session ids was started
      // on one of them; then read it again here, with theirs.
      let out: GroupResult | null = r === null || r.starts.some((id) => seen.has(id)) ? await readGroup(jobs[i]!, seen) : r;
      if (r !== null && out === r) for (const id of r.starts) seen.add(id);
      const records = out.records;
      yield out;
      // Written out by now: let go of it, and collect once enough has passed.
      r = out = null;
      heap.passed(records);
    }
  } finally {
    await pool.close();
  }
}
