// The worker thread's side: reads one terminal's chain per message (a raw-path report or verify),
// or indexes one terminal of the archive, and posts the result back.
import { parentPort } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { readGroup, type GroupJob } from './group.js';
import { keepYoungGenerationSmall } from './heap.js';

// Starting this worker put V8's flags back, for the main thread too (src/parallel/heap.ts).
keepYoungGenerationSmall();

type Job = { id: number } & ({ kind: 'read'; job: GroupJob } | { kind: 'index'; index: string; root: string; terminal: string; keys: [string, string][] });

const port = parentPort!;

port.on('message', (msg: Job) => {
  void handle(msg);
});

async function handle(msg: Job): Promise<void> {
  try {
    let result: unknown;
    if (msg.kind === 'read') result = await readGroup(msg.job);
    else {
      const { indexInWorker } = await import('../archive/worker-index.js');
      result = await indexInWorker(msg, (progress) => port.postMessage({ id: msg.id, progress }));
    }
    port.postMessage({ id: msg.id, ok: true, result });
  } catch (e) {
    const error =
      e instanceof UserError
        ? { message: e.message, key: e.key, params: e.params }
        : { message: (e as Error).message ?? String(e), ...(typeof (e as { code?: unknown }).code === 'string' ? { code: (e as { code: string }).code } : {}) };
    port.postMessage({ id: msg.id, ok: false, error });
  }
}
