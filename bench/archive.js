// The supervisor's archive (bench/run.js calls this after the report budgets), side by side with
// its baselines in one run:
//   - collect of the set into an empty archive, and raw-path report of it, against DuckDB's
//     read_json + per-session GROUP BY of the same flags over the same files (throughput);
//   - report --archive of one day against `node -e 0`, whatever the archive's size;
//   - review --archive: list ready at 100,000 sessions, and at 1,000,000 (an index grown to that
//     size with copies of its rows: review reads only the index);
//   - collecting 5,000 new records on top of the archive against collecting them into an empty one;
//   - peak memory of each, at 100k records and at the full set.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { measureNode, median } from './report.js';
import { timeReview } from './review.js';


/** DuckDB doing the report's grouping: sessions with their outcome and flags, from the same files. */
export async function timeDuck(dir) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const t0 = performance.now();
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(`
    SELECT terminal, session, min(ts) AS started, max(CASE WHEN type = 'logout' THEN ts END) AS ended,
      max(CASE WHEN type = 'logout' THEN (payload->>'outcome') END) AS outcome,
      bool_or(type = 'logout') AS logout, bool_or(type IN ('recovery', 'exit')) AS unclean,
      bool_or(type = 'interrupt') AS interrupted, bool_or(type = 'idle') AS idle,
      bool_or(type = 'step' AND (payload->>'action') = 'skip' AND (payload->>'required') = 'true') AS skipped
    FROM read_json('${dir}/*/*.jsonl', format = 'newline_delimited', columns = {v: 'INTEGER', seq: 'BIGINT', ts: 'VARCHAR',
      terminal: 'VARCHAR', operator: 'VARCHAR', session: 'VARCHAR', type: 'VARCHAR', payload: 'JSON', prev: 'VARCHAR'})
    WHERE session IS NOT NULL AND type <> 'review' GROUP BY terminal, session`);
  const rows = r.getRows().length;
  c.closeSync?.();
  return { ms: performance.now() - t0, rows };
}

/** Write the page cache's dirty pages out (`sync`), where there is one. */
const flush = () => spawnSync('sync', { stdio: 'ignore' });

/** `before/`: every terminal's files without its last lines (`total` in all); `tail/`: just those lines. */
function split(src, out, total) {
  const terminals = readdirSync(src).sort();
  const k = Math.ceil(total / terminals.length);
  for (const t of terminals) {
    const files = readdirSync(path.join(src, t)).sort();
    mkdirSync(path.join(out, 'before', t), { recursive: true });
    mkdirSync(path.join(out, 'tail', t), { recursive: true });
    for (const f of files.slice(0, -1)) cpSync(path.join(src, t, f), path.join(out, 'before', t, f));
    const last = files.at(-1);
    const lines = readFileSync(path.join(src, t, last), 'utf8').split('\n').slice(0, -1);
    const cut = Math.max(0, lines.length - k);
    writeFileSync(path.join(out, 'before', t, last), lines.slice(0, cut).map((l) => `${l}\n`).join(''));
    writeFileSync(path.join(out, 'tail', t, last), lines.slice(cut).map((l) => `${l}\n`).join(''));
  }
}

/** An index grown to `sessions` rows with copies of its own (new ids): what review would list. */
async function growIndex(archive, sessions) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path.join(archive, 'index.sqlite'));
  const have = db.prepare('SELECT COUNT(*) FROM sessions').pluck().get();
  const cols = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('sessions').filter((c) => c !== 'id');
  const list = cols.join(', ');
  db.transaction(() => {
    for (let round = 1; have * round < sessions; round++) {
      db.prepare(`INSERT INTO sessions (id, ${list}) SELECT printf('%08x', ?) || substr(id, 9), ${list} FROM sessions WHERE id NOT LIKE 'ff%' LIMIT ?`).run(
        0xff000000 + round,
        Math.min(have, sessions - have * round),
      );
    }
  })();
  const n = db.prepare('SELECT COUNT(*) FROM sessions').pluck().get();
  db.close();
  return n;
}

export async function archiveBench({ bin, env, home, set, records, smallSet, smallRecords, runs, budget, perSecond, ms, mb, reviewSet }) {
  const archive = path.join(home, 'archive-bench');
  const collect = (sources, dir, extra = []) => [bin, 'collect', ...sources, '--archive', dir, '--format', 'json', ...extra];
  // (collect exits 1 when it finds problems; the bench sets have none: 0 is required.)
  const ours = [];
  const duck = [];
  const peak = [];
  for (let i = 0; i < runs; i++) {
    rmSync(archive, { recursive: true, force: true });
    const r = measureNode(collect([set], archive), env);
    ours.push(r.ms);
    peak.push(r.mb);
    duck.push((await timeDuck(set)).ms);
  }
  budget('collect of 1M records into an empty archive: throughput vs DuckDB read_json + GROUP BY', (records / median(ours)) * 1000, (records / median(duck)) * 1000, 0.4, perSecond, true, 'DuckDB');
  const raw = [];
  const rawPeak = [];
  const duck2 = [];
  for (let i = 0; i < runs; i++) {
    const r = measureNode([bin, 'report', set, '--format', 'json'], env);
    raw.push(r.ms);
    rawPeak.push(r.mb);
    duck2.push((await timeDuck(set)).ms);
  }
  budget('raw-path report --format json over 1M records: throughput vs DuckDB', (records / median(raw)) * 1000, (records / median(duck2)) * 1000, 0.4, perSecond, true, 'DuckDB');

  // report --archive: one day (what a supervisor asks for daily), against node -e 0.
  const day = JSON.parse(spawnSync(process.execPath, [bin, 'report', '--archive', archive, '--format', 'json'], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 30 }).stdout).sessions[0].startedAt.slice(0, 10);
  const oneDay = [];
  const bare = [];
  const full = [];
  const archPeak = [];
  for (let i = 0; i < runs * 3; i++) {
    const r = measureNode([bin, 'report', '--archive', archive, '--since', day, '--until', day, '--format', 'json'], env);
    oneDay.push(r.ms);
    archPeak.push(r.mb);
    bare.push(measureNode(['-e', '0']).ms);
  }
  for (let i = 0; i < runs; i++) full.push(measureNode([bin, 'report', '--archive', archive, '--format', 'json'], env).ms);
  budget(`report --archive --since ${day} --until ${day} (one day of 40 terminals) vs node -e 0`, median(oneDay), median(bare), 3, ms);
  console.log(`  for reference (not a budget): report --archive of every session of the 1M records takes ${ms(median(full))}`);

  // Collecting 5,000 new records on top of the archive vs into an empty one.
  const inc = path.join(home, 'incremental');
  split(set, inc, 5000);
  const base = path.join(inc, 'archive-before');
  if (measureNode(collect([path.join(inc, 'before')], base), env).ms < 0) throw new Error('unreachable');
  const onTop = [];
  const empty = [];
  for (let i = 0; i < runs; i++) {
    const a = path.join(inc, 'a');
    rmSync(a, { recursive: true, force: true });
    cpSync(base, a, { recursive: true });
    // The copy's pages are still dirty: flushed first, or the collect's fsyncs would write them
    // (hundreds of MB) and time the bench's own copy instead of the collect.
    flush();
    onTop.push(measureNode(collect([set], a), env).ms);
    const e = path.join(inc, 'e');
    rmSync(e, { recursive: true, force: true });
    flush();
    empty.push(measureNode(collect([path.join(inc, 'tail')], e), env).ms);
  }
  budget('collect of 5,000 new records on top of the 1M archive vs into an empty one', median(onTop), median(empty), 2, ms);
  rmSync(inc, { recursive: true, force: true });

  // Peak memory at 100k records and at the full set.
  const small = path.join(home, 'archive-small');
  const smallPeak = [];
  const smallRaw = [];
  for (let i = 0; i < runs; i++) {
    rmSync(small, { recursive: true, force: true });
    smallPeak.push(measureNode(collect(smallSet, small), env).mb);
    smallRaw.push(measureNode([bin, 'report', ...smallSet, '--format', 'json'], env).mb);
  }
  const archSmall = measureNode([bin, 'report', '--archive', small, '--format', 'json'], env).mb;
  const archBig = measureNode([bin, 'report', '--archive', archive, '--format', 'json'], env).mb;
  for (const [name, big, little] of [
    ['collect', Math.max(...peak), Math.max(...smallPeak)],
    ['raw-path report (worker threads)', Math.max(...rawPeak), Math.max(...smallRaw)],
    ['report --archive (every session)', archBig, archSmall],
  ]) {
    budget(`${name} peak memory at ${records.toLocaleString('en-US')} records`, big, 150, 1, mb, false, 'limit');
    budget(`${name} peak memory, ${records.toLocaleString('en-US')} vs ${smallRecords.toLocaleString('en-US')} records (must not grow)`, big, little, 1.25, mb);
  }
  rmSync(small, { recursive: true, force: true });

  // review --archive: the list at 100,000 sessions (the review bench's set, collected), then at 1M.
  const reviewArchive = path.join(home, 'archive-review');
  rmSync(reviewArchive, { recursive: true, force: true });
  measureNode(collect([reviewSet.dir], reviewArchive), env);
  const lists = [];
  const reviewPeak = [];
  for (let i = 0; i < runs; i++) {
    const r = await timeReview(bin, null, env, ['--archive', reviewArchive]);
    lists.push(r.list);
    if (r.mb !== null) reviewPeak.push(r.mb);
  }
  budget(`review --archive: list ready at ${reviewSet.sessions.toLocaleString('en-US')} sessions (limit 1 s)`, median(lists), 1000, 1, ms, false, 'limit');
  const grown = await growIndex(reviewArchive, 1_000_000);
  const big = [];
  const bigPeak = [];
  for (let i = 0; i < runs; i++) {
    const r = await timeReview(bin, null, env, ['--archive', reviewArchive]);
    big.push(r.list);
    if (r.mb !== null) bigPeak.push(r.mb);
  }
  console.log(
    `review --archive at ${grown.toLocaleString('en-US')} sessions (not a budget): list ready ${ms(median(big))}` +
      (bigPeak.length ? `, peak memory ${mb(Math.max(...bigPeak))} (at ${reviewSet.sessions.toLocaleString('en-US')}: ${mb(Math.max(...reviewPeak))})` : ''),
  );
  rmSync(reviewArchive, { recursive: true, force: true });
  rmSync(archive, { recursive: true, force: true });
}
