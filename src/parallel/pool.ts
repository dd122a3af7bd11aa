// Worker threads for reading: a small pool that runs one job per worker at a time. Used only where
// it pays — enough bytes to read and more than one terminal — and only from the built bundle, where
// the worker script sits next to the code (elsewhere, e.g. in tests run from the sources, everything
// runs on the main thread, which gives the same results).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import type { MessageKey, Params } from '../i18n/index.js';

/** `COUNTER_CHECKLIST_THREADS=N`: use N workers whatever the size (0: none). A test seam. */
export const THREADS_ENV = 'COUNTER_CHECKLIST_THREADS';
/** Below this much to read, starting workers costs more than it saves. */
export const MIN_PARALLEL_BYTES = 16 * 1024 * 1024;

const WORKER = new URL('./worker.js', import.meta.url);

/** The error code of a job whose worker ran out of its heap: the caller reads it on the main thread. */
export const WORKER_OOM = 'ERR_WORKER_OUT_OF_MEMORY';
export const isWorkerOom = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === WORKER_OOM;

/**
 * Each worker's heap. A reader's garbage dies young and what lives is one terminal's session
 * summaries, so small generations keep three isolates' memory down (measured in docs/scale.md). The
 * young generation is 6 MB: at 3 MB a worker spent about a third of its time collecting (what a
 * 1 MiB chunk's records still held at each scavenge was copied and promoted), and from 6 MB up the
 * time no longer drops while the peak memory starts to rise. A
 * terminal too big for them (years of one terminal's sessions) fails its worker with WORKER_OOM and
 * is read again on the main thread, whose heap is V8's default. `COUNTER_CHECKLIST_TEST_WORKER_HEAP_MB`
 * makes the old generation tiny so tests can make that happen.
 */
function workerLimits(): { maxYoungGenerationSizeMb: number; maxOldGenerationSizeMb: number } {
  const forced = Number(process.env.COUNTER_CHECKLIST_TEST_WORKER_HEAP_MB);
  return { maxYoungGenerationSizeMb: 6, maxOldGenerationSizeMb: forced > 0 ? forced : 128 };
}

/** How many workers to use for `jobs` independent jobs over `bytes` bytes (0: the main thread). */
export function workerCount(bytes: number, jobs: number): number {
  if (jobs === 0 || !existsSync(fileURLToPath(WORKER))) return 0;
  const forced = process.env[THREADS_ENV];
  if (forced !== undefined && forced !== '') return Math.min(jobs, Math.max(0, Math.floor(Number(forced)) || 0));
  if (bytes < MIN_PARALLEL_BYTES || jobs < 2) return 0;
  return Math.min(jobs, availableParallelism());
}

interface Reply {
  id: number;
  ok?: boolean;
  result?: unknown;
  error?: { message: string; code?: string; key?: MessageKey; params?: Params };
  progress?: unknown;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  onProgress?: (p: unknown) => void;
}

/** An error from a worker, rebuilt on this side (a UserError stays one, an errno code stays). */
function rebuild(e: NonNullable<Reply['error']>): Error {
  if (e.key !== undefined) return new UserError(e.key, e.params ?? {});
  return Object.assign(new Error(e.message), e.code !== undefined ? { code: e.code } : {});
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: { msg: object; pending: Pending }[] = [];
  private readonly inFlight = new Map<Worker, Map<number, Pending>>();
  private nextId = 0;
  private failed: Error | null = null;

  constructor(size: number) {
    const limits = workerLimits();
    for (let i = 0; i < size; i++) {
      const w = new Worker(WORKER, { env: process.env, resourceLimits: limits });
      w.unref();
      this.all.push(w);
      this.idle.push(w);
      this.inFlight.set(w, new Map());
      w.on('message', (reply: Reply) => this.reply(w, reply));
      w.on('error', (e) => ((e as { code?: unknown }).code === WORKER_OOM ? this.lose(w, e) : this.fail(e)));
      w.on('exit', (code) => {
        if (code !== 0 && !this.closing && this.all.includes(w)) this.fail(new Error(`worker exited with code ${code}`));
      });
    }
  }

  /**
   * A worker out of heap: its jobs fail with WORKER_OOM (their callers read them on the main thread)
   * and the others go on; with no worker left, so do the jobs still queued.
   */
  private lose(w: Worker, e: Error): void {
    const at = this.all.indexOf(w);
    if (at < 0) return; // already lost
    this.all.splice(at, 1);
    const idle = this.idle.indexOf(w);
    if (idle >= 0) this.idle.splice(idle, 1);
    const oom = Object.assign(new Error(e.message), { code: WORKER_OOM });
    for (const p of this.inFlight.get(w)!.values()) p.reject(oom);
    this.inFlight.delete(w);
    if (this.all.length === 0) for (const q of this.queue.splice(0)) q.pending.reject(oom);
  }

  private closing = false;

  run<T>(msg: object, onProgress?: (p: unknown) => void): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.all.length === 0) return Promise.reject(Object.assign(new Error('no worker left'), { code: WORKER_OOM }));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ msg, pending: { resolve: resolve as (v: unknown) => void, reject, ...(onProgress ? { onProgress } : {}) } });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const { msg, pending } = this.queue.shift()!;
      const id = this.nextId++;
      this.inFlight.get(w)!.set(id, pending);
      w.ref();
      w.postMessage({ ...msg, id });
    }
  }

  private reply(w: Worker, reply: Reply): void {
    const pending = this.inFlight.get(w)?.get(reply.id);
    if (!pending) return; // a lost worker's last words
    if (reply.progress !== undefined) {
      pending.onProgress?.(reply.progress);
      return;
    }
    this.inFlight.get(w)!.delete(reply.id);
    w.unref();
    this.idle.push(w);
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(rebuild(reply.error ?? { message: 'worker failed' }));
    this.pump();
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const m of this.inFlight.values()) for (const p of m.values()) p.reject(e);
    for (const q of this.queue.splice(0)) q.pending.reject(e);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
