// `npm run bench`: the budgets of DESIGN §5, each measured side by side with its baseline in the
// same run and printed as a ratio. Timings never go into tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeToText } from './first-frame.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'counter-checklist.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;
const results = [];

function budget(name, value, baseline, limit, unit = ms, higherIsBetter = false) {
  const ratio = value / baseline;
  const met = higherIsBetter ? ratio >= limit : ratio <= limit;
  results.push({ name, met });
  console.log(
    `${name}\n  ours ${unit(value)}  baseline ${unit(baseline)}  ratio ${ratio.toFixed(2)}x  budget ${higherIsBetter ? '>=' : '<='} ${limit}x  ${met ? 'MET' : 'NOT MET'}`,
  );
}

/** Alternate the two so that machine noise hits both alike. */
async function sideBySide(a, b, runs = RUNS) {
  const ta = [];
  const tb = [];
  for (let i = 0; i < runs; i++) {
    ta.push(await a());
    tb.push(await b());
  }
  return [median(ta), median(tb)];
}

const wall = (args, env = {}) => () => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
};

const home = mkdtempSync(path.join(os.tmpdir(), 'cc-bench-'));
writeFileSync(path.join(home, 'config.json'), JSON.stringify({ terminalId: 'BENCH' }));
const env = { COUNTER_CHECKLIST_HOME: home };

try {
  console.log(`counter-checklist bench — node ${process.version}, ${os.cpus().length} cores, median of ${RUNS} runs\n`);

  // Kiosk: first frame within 1.3x a bare Ink hello.
  const [kiosk, hello] = await sideBySide(
    () => timeToText([BIN], 'サインイン', env),
    () => timeToText([path.join(ROOT, 'bench', 'ink-hello.js')], 'hello'),
  );
  budget('kiosk first frame vs bare Ink "hello"', kiosk, hello, 1.3);

  // --version: within 2.5x a bare `node -e 0`.
  const [version, bare] = await sideBySide(wall([BIN, '--version'], env), wall(['-e', '0']));
  budget('--version vs node -e 0', version, bare, 2.5);

  // Appending a record (fsync included) against raw writeSync+fsyncSync of the same bytes.
  const { appendBench } = await import('./append.js');
  const append = await appendBench(home);
  budget('append+fsync of one record vs raw writeSync+fsyncSync (median)', append.ours, append.raw, 1.5, (x) => `${(x * 1000).toFixed(0)} µs`);

  const failed = results.filter((r) => !r.met);
  console.log(`\n${results.length - failed.length}/${results.length} budgets met`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
