// Indexing terminals as their files arrive: on worker threads (one terminal's chain per worker at a
// time) when there is enough to read for both cores to pay for starting them — the copying of the
// next terminal then goes on while the workers read — else one after another here.
import { WorkerPool, isWorkerOom, workerCount } from '../parallel/pool.js';
import type { SealKeys } from '../seal/state.js';
import type { Db } from './db.js';
import { indexTerminal, type PassResult } from './indexer.js';
import type { ArchiveLayout } from './paths.js';

export class IndexQueue {
  private readonly pool: WorkerPool | null;
  private readonly running: Promise<PassResult | null>[] = [];
  private readonly results: PassResult[] = [];
  private readonly queued = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly layout: ArchiveLayout,
    private readonly keys: SealKeys,
    /** About how many bytes there are to index, and in how many terminals (to decide on workers). */
    estimate: { bytes: number; terminals: number },
    private readonly onProgress: (bytes: number, records: number) => void,
  ) {
    const n = workerCount(estimate.bytes, estimate.terminals);
    this.pool = n > 0 ? new WorkerPool(n) : null;
  }

  /** Index what is new in `terminal` (its files are copied and recorded in the index). */
  async add(terminal: string): Promise<void> {
    if (this.queued.has(terminal)) return;
    this.queued.add(terminal);
    const keys = this.keys.get(terminal);
    if (this.pool === null) {
      const r = await indexTerminal(this.db, this.layout, terminal, { onProgress: this.onProgress, ...(keys ? { sealKeys: keys } : {}) });
      if (r) this.results.push(r);
      return;
    }
    const job = this.pool
      .run<PassResult | null>(
        { kind: 'index', index: this.layout.index, root: this.layout.root, terminal, keys: [...(keys ?? new Map())].map(([fp, k]) => [fp, k.toString('hex')]) },
        (p) => {
          const { bytes, records } = p as { bytes: number; records: number };
          this.onProgress(bytes, records);
        },
      )
      .catch((e: unknown) => {
        // Too big for a worker's heap: index it here, going on from the worker's last commit.
        if (isWorkerOom(e)) return indexTerminal(this.db, this.layout, terminal, { onProgress: this.onProgress, ...(keys ? { sealKeys: keys } : {}) });
        throw e;
      });
    job.catch(() => {}); // awaited in finish()
    this.running.push(job);
  }

  /** Wait for every terminal added; the first failure is thrown. */
  async finish(): Promise<PassResult[]> {
    try {
      for (const r of await Promise.all(this.running)) if (r) this.results.push(r);
      return this.results;
    } finally {
      await this.pool?.close();
    }
  }
}
