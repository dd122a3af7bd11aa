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
