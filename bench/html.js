// The monthly HTML page at 100,000 sessions (bench/review.js's set, 40 terminals): how long
// `report --format html` takes next to `report --format json` on the same set, the file's size
// against the 2 MB limit, and how long Debian's Chromium takes to open it (load event), against
// the 2 s limit. Skipped, with a line saying so, where Chromium is not installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from './report.js';

const CHROMIUM = '/usr/bin/chromium';

export async function htmlBench({ bin, env, set, sessions, runs = 3, budget, ms }) {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'cc-html-bench-')), 'page.html');
  // The whole set: a period wider than its days (the page then charts the days with sessions).
  const period = ['--since', '2000-01-01', '--until', '2099-12-31'];
  const run = (args) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [bin, 'report', set, ...period, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`report ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return performance.now() - t0;
  };
  const html = [];
  const json = [];
  for (let i = 0; i < runs; i++) {
    html.push(run(['--format', 'html', '--out', out]));
    json.push(run(['--format', 'json', '--out', `${out}.json`]));
  }
  const label = `${sessions.toLocaleString('en-US')} sessions`;
  budget(`report --format html vs --format json, ${label}`, median(html), median(json), 1.2);
  const size = statSync(out).size;
  budget(`the monthly page's size at ${label}, vs the 2 MB limit`, size / 1e6, 2, 1, (x) => `${x.toFixed(2)} MB`, false, 'limit');
  if (!existsSync(CHROMIUM)) {
    console.log(`the monthly page in a browser: skipped (${CHROMIUM} is not installed)`);
  } else {
    const { chromium } = await import('playwright-core');
    const profile = mkdtempSync(path.join(os.tmpdir(), 'cc-html-profile-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const opened = [];
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage();
      const t0 = performance.now();
      await page.goto(`file://${out}`, { waitUntil: 'load' });
      opened.push(performance.now() - t0);
      await page.close();
    }
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
    budget(`the monthly page opened in Chromium (load) at ${label}, vs the 2 s limit`, median(opened), 2000, 1, ms, false, 'limit');
  }
  rmSync(path.dirname(out), { recursive: true, force: true });
}
