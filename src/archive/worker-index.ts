// Indexing one terminal on a worker thread: its own connection to the index (SQLite serialises the
// short write transactions of the two workers; readers are never blocked).
import { archiveLayout } from './paths.js';
import { openIndex, type Db } from './db.js';
import { indexTerminal, type PassResult } from './indexer.js';

let db: Db | null = null;
let dbFile: string | null = null;

export async function indexInWorker(
  job: { index: string; root: string; terminal: string; keys: [string, string][] },
  progress: (p: { bytes: number; records: number }) => void,
): Promise<PassResult | null> {
  if (db === null || dbFile !== job.index) {
    db?.close();
    db = openIndex(job.index);
    dbFile = job.index;
  }
  const keys = job.keys.length > 0 ? new Map(job.keys.map(([fp, hex]) => [fp, Buffer.from(hex, 'hex')])) : undefined;
  let bytes = 0;
  let records = 0;
  let last = Date.now();
  const result = await indexTerminal(db, archiveLayout(job.root), job.terminal, {
    ...(keys ? { sealKeys: keys } : {}),
    onProgress: (b, r) => {
      bytes += b;
      records += r;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      progress({ bytes, records });
      bytes = 0;
      records = 0;
    },
  });
  if (bytes > 0 || records > 0) progress({ bytes, records });
  return result;
}
