// Measuring `report` against its baselines: child processes timed by wall clock, with their peak
// memory (resident set size) read from /usr/bin/time when it is there, else from a preload that
// prints process.resourceUsage().maxRSS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TIME = '/usr/bin/time';
const MAXRSS = path.join(HERE, 'maxrss.js');
/** The middle of the timings (the mean of the two middle ones for an even count). */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const BASELINE = path.join(HERE, 'baseline-parse.js');
export const JQ_PROGRAM = path.join(HERE, 'report-group.jq');

const useTime = existsSync(TIME);
export const memoryMethod = useTime
  ? `${TIME} -f %M (peak resident set size of the child)`
  : 'process.resourceUsage().maxRSS printed at exit by bench/maxrss.js, preloaded in the child with --import';

/** Runs `node ...args` as a child (output discarded): wall time in ms and peak memory in MB. */
export function measureNode(args, env = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cc-bench-rss-'));
  const rssFile = path.join(tmp, 'rss');
  try {
    const [cmd, argv, extraEnv] = useTime
      ? [TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...args], {}]
      : [process.execPath, ['--import', MAXRSS, ...args], { CC_MAXRSS_FILE: rssFile }];
    const t0 = performance.now();
    const r = spawnSync(cmd, argv, { env: { ...process.env, ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    return { ms, mb: kb / 1024 };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function jqVersion() {
  const r = spawnSync('jq', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** jq doing the report's grouping over `files`: wall time in ms. */
export function timeJq(files) {
  const t0 = performance.now();
  const r = spawnSync('jq', ['-n', '-c', '-f', JQ_PROGRAM, ...files], { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`jq exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Every `*.jsonl` under `dir`, sorted. */
export function jsonlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Lines (records) in `files`. */
export function countRecords(files) {
  let n = 0;
  for (const f of files) {
    const buf = readFileSync(f);
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  }
  return n;
}
