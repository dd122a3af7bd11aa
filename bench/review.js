// The review screen at 100,000 sessions next to `report --format json` over the same set (the
// report's generator, bench/gen.js). Measured in a real pseudo-terminal, like the kiosk's first frame:
//   - first frame: the screen is up (title and a progress line), before the logs are read;
//   - list ready: the header shows the sessions' count, i.e. every log was read, folded, and the list
//     sorted (incomplete and unreviewed first) and drawn;
//   - peak memory of the review process (it keeps one summary per session, not the records).
// Not a budget: printed side by side for the record.
//
//   node bench/review.js [SESSIONS]   (needs `npm run build`)
import { spawn } from 'node-pty';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './gen.js';
import { measureNode, median } from './report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIME = '/usr/bin/time';
const TITLE = 'セッションの確認（監督者）';
const LIST = /セッション [\d,]+ 件 {2}要確認/;

const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Records per session in gen.js's mix, from a small sample. */
function recordsPerSession(dir) {
  const sample = path.join(dir, 'sample');
  const s = generate(sample, { records: 40_000, terminals: 4 });
  rmSync(sample, { recursive: true, force: true });
  return s.records / s.sessions;
}

/**
 * `review SET` in an 80×24 pty: ms to the first frame and to the full list; then `q`, and the peak
 * resident memory from /usr/bin/time when it is there.
 */
export function timeReview(bin, set, env, extra = []) {
  return new Promise((resolve, reject) => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'cc-bench-review-'));
    const rssFile = path.join(tmp, 'rss');
    const childEnv = { ...process.env, TERM: 'xterm-256color', NODE_ENV: 'production', ...env };
    delete childEnv.CI;
    const args = [bin, 'review', ...(set ? [set] : []), ...extra];
    const useTime = existsSync(TIME);
    const t0 = performance.now();
    const pty = useTime
      ? spawn(TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...args], { cols: 80, rows: 24, env: childEnv })
      : spawn(process.execPath, args, { cols: 80, rows: 24, env: childEnv });
    let out = '';
    let first = null;
    let list = null;
    const timer = setTimeout(() => {
      pty.kill('SIGKILL');
      reject(new Error(`review: no list within 300 s: ${out.slice(-300)}`));
    }, 300_000);
    pty.onData((d) => {
      out += d;
      if (out.length > 200_000) out = out.slice(-100_000);
      const now = performance.now() - t0;
      if (first === null && out.includes(TITLE)) first = now;
      if (list === null && LIST.test(out)) {
        list = now;
        pty.write('q');
      }
    });
    pty.onExit(() => {
      clearTimeout(timer);
      let mb = null;
      try {
        if (useTime) mb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024;
      } catch {
        // no figure
      }
      rmSync(tmp, { recursive: true, force: true });
      if (first === null || list === null) reject(new Error(`review exited before its list: ${out.slice(-300)}`));
      else resolve({ first, list, mb });
    });
  });
}

export async function reviewBench({ bin, env, dir, runs = 3, sessions = Number(process.env.BENCH_REVIEW_SESSIONS ?? 100_000), keep = false }) {
  const set = path.join(dir, 'review-set');
  const t0 = performance.now();
  const perSession = recordsPerSession(dir);
  const stats = generate(set, { records: Math.ceil(sessions * perSession * 1.01), terminals: 40, seed: 20261128 });
  console.log(
    `\n(review: generated ${stats.sessions.toLocaleString('en-US')} sessions (${stats.incomplete.toLocaleString('en-US')} incomplete), ` +
      `${stats.records.toLocaleString('en-US')} records, ${(stats.bytes / 1024 / 1024).toFixed(0)} MiB, ${stats.files} files in ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s; median of ${runs} runs each, alternated)`,
  );
  const first = [];
  const list = [];
  const mem = [];
  const report = [];
  const reportMem = [];
  try {
    for (let i = 0; i < runs; i++) {
      const r = await timeReview(bin, set, env);
      first.push(r.first);
      list.push(r.list);
      if (r.mb !== null) mem.push(r.mb);
      const p = measureNode([bin, 'report', set, '--format', 'json'], env);
      report.push(p.ms);
      reportMem.push(p.mb);
    }
  } finally {
    if (!keep) rmSync(set, { recursive: true, force: true });
  }
  const result = { sessions: stats.sessions, records: stats.records, first: median(first), list: median(list), report: median(report), dir: set };
  console.log(`review at ${stats.sessions.toLocaleString('en-US')} sessions vs report --format json on the same set (not a budget)`);
  console.log(`  review first frame (title and progress)  ${secs(result.first)}`);
  console.log(
    `  review list ready (all read, sorted, drawn)  ${secs(result.list)}  report ${secs(result.report)}  ratio ${(result.list / result.report).toFixed(2)}x`,
  );
  if (mem.length > 0) {
    console.log(`  peak memory: review ${Math.max(...mem).toFixed(1)} MB, report ${Math.max(...reportMem).toFixed(1)} MB`);
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'cc-bench-'));
  writeFileSync(path.join(home, 'config.json'), JSON.stringify({ terminalId: 'BENCH' }));
  try {
    const sessions = process.argv[2] ? Number(process.argv[2]) : undefined;
    await reviewBench({ bin: path.join(ROOT, 'bin', 'counter-checklist.js'), env: { COUNTER_CHECKLIST_HOME: home }, dir: home, ...(sessions ? { sessions } : {}) });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
