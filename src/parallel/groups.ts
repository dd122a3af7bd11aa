// Every terminal of a set of log files read as groups (src/parallel/group.ts), in terminal order,
// on worker threads when that pays (src/parallel/pool.ts), otherwise here. Results are handed out in
// order; at most a couple of terminals' results wait at a time.
import { statSync } from 'node:fs';
import { groupByTerminal } from '../log/reader.js';
import { UuidSet } from '../log/uuid-set.js';
import type { SealKeys } from '../seal/state.js';
import { readGroup, type GroupJob, type GroupResult } from './group.js';
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
      const r = await results[i]!.catch((e: unknown) => {
        if (isWorkerOom(e)) return null; // too big for a worker's heap: read here
        throw e;
      });
      delete results[i];
      dispatch(i + window);
      // Read apart from the terminals before it: exact unless one of its session ids was started
      // on one of them; then read it again here, with theirs.
      if (r === null || r.starts.some((id) => seen.has(id))) yield await readGroup(jobs[i]!, seen);
      else {
        for (const id of r.starts) seen.add(id);
        yield r;
      }
    }
  } finally {
    await pool.close();
  }
}
