// Append cost: the log writer's append (build, validate, chain, one write, fsync) against a raw
// writeSync+fsyncSync of the same bytes on the same disk.
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';

const N = 2000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function appendBench(dir) {
  const { openLog } = await import('../dist/log/writer.js');
  const log = openLog({ dir: path.join(dir, 'append-logs'), terminal: 'BENCH' });
  const record = (i) => ({
    type: 'step',
    operator: 'S-0001',
    session: '00000000-0000-4000-8000-000000000001',
    payload: { action: 'confirm', section: 'identity', item: `item-${i % 10}`, required: true },
  });
  const ours = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    log.append(record(i));
    ours.push(performance.now() - t0);
  }
  const lines = readFileSync(log.file, 'utf8').split('\n').filter(Boolean);
  log.close();
  const fd = openSync(path.join(dir, 'raw.jsonl'), 'a', 0o600);
  const raw = [];
  for (let i = 0; i < N; i++) {
    const buf = Buffer.from(`${lines[i % lines.length]}\n`);
    const t0 = performance.now();
    writeSync(fd, buf);
    fsyncSync(fd);
    raw.push(performance.now() - t0);
  }
  closeSync(fd);
  return { ours: median(ours), raw: median(raw) };
}

/**
 * A sealed logout (the logout and its seal in one write, fsync, then the key ratcheted: temp file,
 * fsync, rename, fsync the folder) against one plain append of the same logout on an unsealed log.
 */
export async function sealBench(dir) {
  const { openLog } = await import('../dist/log/writer.js');
  const { TerminalKey } = await import('../dist/seal/state.js');
  const { fingerprint, newKey } = await import('../dist/seal/key.js');
  const k0 = newKey();
  const store = new TerminalKey(path.join(dir, 'seal-state', 'seal', 'BENCH.json'), 'BENCH', (await import('../dist/log/fs.js')).nodeFs);
  store.write({ fingerprint: fingerprint(k0), epoch: 0, key: k0 }, 'bench');
  const sealed = openLog({ dir: path.join(dir, 'seal-logs'), terminal: 'BENCH', seal: store });
  const plain = openLog({ dir: path.join(dir, 'plain-logs'), terminal: 'BENCH' });
  const logout = { type: 'logout', operator: 'S-0001', session: '00000000-0000-4000-8000-000000000001', payload: { outcome: 'completed', gate: ['portal-logged-out'] } };
  const ours = [];
  const base = [];
  for (let i = 0; i < N / 4; i++) {
    let t0 = performance.now();
    sealed.append(logout);
    ours.push(performance.now() - t0);
    t0 = performance.now();
    plain.append(logout);
    base.push(performance.now() - t0);
  }
  sealed.close();
  plain.close();
  return { ours: median(ours), plain: median(base) };
}
