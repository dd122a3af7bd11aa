// `npm run bench`: the budgets of docs/architecture.md, each measured side by side with its baseline in the
// same run and printed as a ratio. Timings never go into tests.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeToText } from './first-frame.js';
import { BASELINE, countRecords, jqVersion, jsonlFiles, measureNode, memoryMethod, timeJq, median } from './report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'counter-checklist.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
/** The report over a million records takes seconds a run: fewer runs, alternated with the baseline. */
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 3);
const REPORT_RECORDS = Number(process.env.BENCH_REPORT_RECORDS ?? 1_000_000);

const ms = (x) => `${x.toFixed(1)} ms`;
const results = [];

function budget(name, value, baseline, limit, unit = ms, higherIsBetter = false, baselineName = 'baseline') {
  const ratio = value / baseline;
  const met = higherIsBetter ? ratio >= limit : ratio <= limit;
  results.push({ name, met });
  console.log(
    `${name}\n  ours ${unit(value)}  ${baselineName} ${unit(baseline)}  ratio ${ratio.toFixed(2)}x  budget ${higherIsBetter ? '>=' : '<='} ${limit}x  ${met ? 'MET' : 'NOT MET'}`,
  );
}
const mb = (x) => `${x.toFixed(1)} MB`;
const perSecond = (x) => `${(x / 1e6).toFixed(2)} M records/s`;

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
  const seal = await (await import('./append.js')).sealBench(home);
  budget('sealed logout (seal + ratchet) vs one plain append of it (median)', seal.ours, seal.plain, 3, (x) => `${(x * 1000).toFixed(0)} µs`);

  // report and verify start like --version: within 2.5x a bare `node -e 0` (empty log folder).
  const empty = path.join(home, 'empty');
  mkdirSync(empty);
  const [reportEmpty, bare2] = await sideBySide(wall([BIN, 'report', empty, '--format', 'json'], env), wall(['-e', '0']));
  budget('report on an empty folder vs node -e 0', reportEmpty, bare2, 2.5);
  const [verifyEmpty, bare3] = await sideBySide(wall([BIN, 'verify', empty], env), wall(['-e', '0']));
  budget('verify on an empty folder vs node -e 0', verifyEmpty, bare3, 2.5);

  // report over a million records: a synthetic set (bench/gen.js) of many terminals and days.
  const { generate } = await import('./gen.js');
  const set = path.join(home, 'set');
  const t0 = performance.now();
  const stats = generate(set, { records: REPORT_RECORDS, terminals: 40 });
  const mib = stats.bytes / 1024 / 1024;
  console.log(
    `\n(generated ${stats.records.toLocaleString('en-US')} records, ${stats.sessions.toLocaleString('en-US')} sessions ` +
      `(${stats.incomplete.toLocaleString('en-US')} incomplete), ${stats.terminals.length} terminals, ${stats.files} files, ` +
      `${mib.toFixed(0)} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s; median of ${REPORT_RUNS} runs each)\n`,
  );
  const report = (dir) => [BIN, 'report', dir, '--format', 'json'];
  const ours = [];
  const base = [];
  const peakBig = [];
  for (let i = 0; i < REPORT_RUNS; i++) {
    const r = measureNode(report(set), env);
    ours.push(r.ms);
    peakBig.push(r.mb);
    base.push(measureNode([BASELINE, set]).ms);
  }
  const records = stats.records;
  budget(
    'report --format json over 1M records: throughput vs a minimal stream-split-JSON.parse loop',
    (records / median(ours)) * 1000,
    (records / median(base)) * 1000,
    0.8,
    perSecond,
    true,
  );
  const tuned = measureNode([BASELINE, set, '--buffers']).ms;
  console.log(
    `  for reference (not a budget): a hand-tuned parse-only loop (Buffer chunks, indexOf) does ${perSecond((records / tuned) * 1000)}; ` +
      `report does ${((tuned / median(ours)) * 100).toFixed(0)}% of that while also validating every record, hashing every line and folding sessions`,
  );
  const jq = jqVersion();
  if (jq) {
    const jqMs = timeJq(jsonlFiles(set));
    budget(`report vs jq (${jq}) doing the same grouping, streamed (one run)`, (records / median(ours)) * 1000, (records / jqMs) * 1000, 1, perSecond, true);
  } else {
    console.log('report vs jq doing the same grouping\n  jq is not installed: skipped (not counted)');
  }

  // verify with seals (every seal's tag checked, its key ratcheted) against verify without, on sets
  // of the same records: the same set generated sealed, and the key enrolled on the checking side.
  const sealed = path.join(home, 'sealed-set');
  const k0 = (await import('../dist/seal/key.js')).newKey();
  generate(sealed, { records: REPORT_RECORDS, terminals: 40, sealKey: k0 });
  const { fingerprint } = await import('../dist/seal/key.js');
  const supervisor = mkdtempSync(path.join(os.tmpdir(), 'cc-bench-sv-'));
  writeFileSync(path.join(supervisor, 'config.json'), JSON.stringify({ terminalId: 'SV' }));
  mkdirSync(path.join(supervisor, 'state'), { recursive: true });
  const enrolled = Object.fromEntries(stats.terminals.map((t) => [t, [{ fingerprint: fingerprint(k0), key: k0.toString('hex'), enrolledAt: 'bench' }]]));
  writeFileSync(path.join(supervisor, 'state', 'seal-keys.json'), JSON.stringify({ version: 1, terminals: enrolled }), { mode: 0o600 });
  const svEnv = { COUNTER_CHECKLIST_HOME: supervisor };
  // The unsealed set is verified on a machine without the keys: on the supervisor's, an enrolled
  // terminal whose logs hold no seal is a problem (its seals taken out).
  const plainHome = mkdtempSync(path.join(os.tmpdir(), 'cc-bench-plain-'));
  writeFileSync(path.join(plainHome, 'config.json'), JSON.stringify({ terminalId: 'SV' }));
  const plainEnv = { COUNTER_CHECKLIST_HOME: plainHome };
  const vSealed = [];
  const vPlain = [];
  for (let i = 0; i < REPORT_RUNS; i++) {
    rmSync(path.join(supervisor, 'state', 'heads.json'), { force: true });
    vSealed.push(measureNode([BIN, 'verify', sealed], svEnv).ms);
    rmSync(path.join(plainHome, 'state', 'heads.json'), { force: true });
    vPlain.push(measureNode([BIN, 'verify', set], plainEnv).ms);
  }
  budget('verify over 1M records with seals (keyed) vs without', median(vSealed), median(vPlain), 1.2);
  rmSync(sealed, { recursive: true, force: true });
  rmSync(supervisor, { recursive: true, force: true });
  rmSync(plainHome, { recursive: true, force: true });

  // Peak memory: must stay under 200 MB and not grow with the input (100k records vs 1M).
  const small = stats.terminals.slice(0, 4).map((t) => path.join(set, t));
  const smallRecords = countRecords(small.flatMap(jsonlFiles));
  const peakSmall = [];
  for (let i = 0; i < REPORT_RUNS; i++) peakSmall.push(measureNode([BIN, 'report', ...small, '--format', 'json'], env).mb);
  console.log(`(peak memory: ${memoryMethod}; largest of ${REPORT_RUNS} runs each)`);
  budget(`report peak memory at ${records.toLocaleString('en-US')} records`, Math.max(...peakBig), 200, 1, mb, false, 'limit');
  budget(
    `report peak memory, ${records.toLocaleString('en-US')} vs ${smallRecords.toLocaleString('en-US')} records (must not grow with size)`,
    Math.max(...peakBig),
    Math.max(...peakSmall),
    1.25,
    mb,
  );

  // The review screen at 100,000 sessions next to report on the same set (bench/review.js; not a budget).
  const reviewSet = await (await import('./review.js')).reviewBench({ bin: BIN, env, dir: home, runs: REPORT_RUNS, keep: true });

  // The monthly HTML page on the same 100,000 sessions (bench/html.js).
  console.log('');
  await (await import('./html.js')).htmlBench({ bin: BIN, env, set: reviewSet.dir, sessions: reviewSet.sessions, runs: REPORT_RUNS, budget, ms });

  // The supervisor's archive: collect, report and review on its index (bench/archive.js).
  console.log('');
  await (await import('./archive.js')).archiveBench({
    bin: BIN, env, home, set, records, smallSet: small, smallRecords, runs: REPORT_RUNS, budget, perSecond, ms, mb, reviewSet,
  });
  rmSync(reviewSet.dir, { recursive: true, force: true });

  const failed = results.filter((r) => !r.met);
  console.log(`\n${results.length - failed.length}/${results.length} budgets met`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
