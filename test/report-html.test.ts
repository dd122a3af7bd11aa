// The monthly page in a real browser: Debian's Chromium driven by playwright-core. The page loads
// with no console error and no request beyond itself; the figures read from its DOM are the JSON
// report's, and the CSV's add up to the same; it prints to A4 with one page per section; an empty
// month says so without a chart; English with `locale en`.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportDocument, type ReportSummary } from '../src/report/document.js';
import { openReviewLog } from '../src/review/log.js';
import { FLAGS } from '../src/domain/flags.js';
import { requireBuild, runCli } from './helpers/kiosk.js';
import { local, writeWard } from './helpers/session-logs.js';

const CHROMIUM = '/usr/bin/chromium';
const NOVEMBER = ['--since', '2026-11-01', '--until', '2026-11-30'];

let home: string;
let ids: ReturnType<typeof writeWard>;
let browser: BrowserContext;
let profile: string;

function cli(args: string[], env: Record<string, string> = {}) {
  const r = runCli(args, home, { env });
  expect(r.code, r.stderr).toBe(0);
  return r;
}

function page(name: string, args: string[]): string {
  const file = path.join(home, name);
  const r = cli(['report', '--format', 'html', ...args, '--out', file]);
  expect(r.stderr).toContain(file);
  return file;
}

const json = (args: string[]) => ReportDocument.parse(JSON.parse(cli(['report', '--format', 'json', ...args]).stdout));

/** The figures a page shows, as its cells mark them. */
function expectedFigures(s: ReportSummary): Record<string, number> {
  const out: Record<string, number> = {
    sessions: s.sessions,
    completed: s.completed,
    incomplete: s.incomplete,
    'followUp.reviewed': s.followUp.reviewed,
    'followUp.unreviewed': s.followUp.unreviewed,
  };
  for (const f of FLAGS) out[`flag.${f}`] = s.byFlag[f];
  const tallies = [['terminal', s.byTerminal], ['checklist', s.byChecklist], ['day', s.byDay]] as const;
  for (const [kind, m] of tallies) {
    for (const [id, c] of Object.entries(m)) {
      out[`${kind}.${id}.sessions`] = c.sessions;
      out[`${kind}.${id}.incomplete`] = c.incomplete;
    }
  }
  for (const [cl, m] of Object.entries(s.interruptReasons)) for (const [r, n] of Object.entries(m)) out[`interrupt.${cl}.${r}`] = n;
  for (const [cl, m] of Object.entries(s.requiredSkips)) for (const [i, n] of Object.entries(m)) out[`skip.${cl}.${i}`] = n;
  for (const [cl, m] of Object.entries(s.notApplicable)) for (const [i, n] of Object.entries(m)) out[`na.${cl}.${i}`] = n;
  return out;
}

interface Loaded {
  page: Page;
  errors: string[];
  requests: string[];
}

async function open(file: string, width = 1280): Promise<Loaded> {
  const p = await browser.newPage();
  await p.setViewportSize({ width, height: 900 });
  const errors: string[] = [];
  const requests: string[] = [];
  p.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  p.on('pageerror', (e) => errors.push(e.message));
  p.on('request', (r) => requests.push(r.url()));
  await p.goto(`file://${file}`, { waitUntil: 'load' });
  return { page: p, errors, requests };
}

const figuresOf = (p: Page) =>
  p.$$eval('[data-figure]', (cells) => Object.fromEntries(cells.map((c) => [c.getAttribute('data-figure')!, Number(c.textContent!.replace(/,/g, ''))])));

/** Pages of a PDF: its page objects (`/Type /Page`, not `/Pages`). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

beforeAll(async () => {
  requireBuild();
  expect(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: .ci/run installs Debian's chromium`).toBe(true);
  home = fs.mkdtempSync(path.join(tmpdir(), 'cc-html-'));
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ terminalId: 'SV-PC', organization: '東京都テスト区 区民課' }));
  ids = writeWard(path.join(home, 'logs'));
  let clock = local(2026, 11, 28, 10).getTime();
  const log = openReviewLog({ dir: path.join(home, 'reviews'), terminal: 'SV-PC', now: () => new Date((clock += 60_000)) });
  log.append({ session: ids.interrupted, terminal: 'T-01', reviewer: 'SV-01', note: 'ご本人に電話で連絡し、後日来庁いただくことになった' });
  log.close();
  profile = fs.mkdtempSync(path.join(tmpdir(), 'cc-chromium-'));
  // A fresh profile each run; the flags keep Chromium from reaching the network or a GPU.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(profile, { recursive: true, force: true });
});

describe('report --format html in Chromium', () => {
  it('loads with no console error and no request; its figures are the JSON report’s; integrity comes first', async () => {
    const file = page('november.html', NOVEMBER);
    const html = fs.readFileSync(file, 'utf8');
    // Self-contained: no script, no external reference of any kind (a chart's clip path refers to
    // an element of the page itself, url(#…)).
    expect(html.match(/<script|<link|@import|url\((?!#)|\ssrc=|https?:\/\/|\shref=/gi)).toBeNull();
    const { page: p, errors, requests } = await open(file);
    expect(errors).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);

    const doc = json(NOVEMBER);
    expect(doc.summary.sessions).toBeGreaterThan(0);
    expect(await figuresOf(p)).toEqual(expectedFigures(doc.summary));
    expect(doc.summary.followUp).toEqual({ reviewed: 1, unreviewed: doc.summary.incomplete - 1 });

    // The header: the organization, the period in the era year with the Western year, the logs read.
    const header = await p.textContent('header');
    expect(header).toContain('東京都テスト区 区民課');
    expect(header).toContain('令和8年11月（2026年11月）');
    expect(header).toMatch(/端末 2 台、ファイル \d+ 件、記録 \d+ 件/);
    // The integrity box is the first section, before any figure.
    expect(await p.$eval('main > section', (s) => s.id)).toBe('integrity');
    // Every chart is inline SVG, and has its table of numbers.
    const charts = await p.$$eval('figure', (fs) => fs.map((f) => f.querySelector('svg') !== null && f.parentElement!.querySelector('table') !== null));
    expect(charts.length).toBeGreaterThanOrEqual(4);
    expect(charts.every(Boolean)).toBe(true);
    // The follow-up lists: the reviewed session with its note; the others oldest first.
    expect(await p.textContent('#reviewed')).toContain('後日来庁');
    const starts = await p.$$eval('#unreviewed tbody tr td:first-child', (tds) => tds.map((td) => td.textContent!));
    expect(starts).toEqual([...starts].sort());
    expect(starts).toHaveLength(doc.summary.followUp.unreviewed);
    // Interrupt reasons as the checklist words them.
    expect(await p.textContent('#reasons')).toContain('決済サービス');

    const shot = await p.screenshot({ fullPage: true });
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    fs.writeFileSync(path.join(home, 'november.png'), shot);
    // A4: the summary, then one page each for terminals, days, reasons and follow-up.
    const pdf = await p.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfPages(pdf)).toBe(5);
    await p.close();
  });

  it('the CSV’s rows add up to the same figures', () => {
    const doc = json(NOVEMBER);
    const csv = cli(['report', '--format', 'csv', ...NOVEMBER]).stdout.slice(1);
    const [head, ...rows] = csv.split('\r\n').filter((l) => l !== '').map((l) => l.split(','));
    const col = (name: string) => head!.indexOf(name);
    expect(rows).toHaveLength(doc.summary.sessions);
    expect(rows.filter((r) => r[col('flags')] !== '').length).toBe(doc.summary.incomplete);
    const interrupts: Record<string, number> = {};
    for (const r of rows) for (const id of r[col('interrupts')]!.split(';').filter(Boolean)) interrupts[id] = (interrupts[id] ?? 0) + 1;
    expect(interrupts).toEqual(doc.summary.interruptReasons['mynapoint-support']);
    const skipped = rows.flatMap((r) => r[col('skips')]!.split(';').filter(Boolean));
    // Required and optional skips are both listed per session; the summary counts the required ones.
    for (const [item, n] of Object.entries(doc.summary.requiredSkips['mynapoint-support'] ?? {})) {
      expect(skipped.filter((x) => x === item)).toHaveLength(n);
    }
  });

  it('an empty month: a page that says so, with no chart, and zero figures', async () => {
    const october = ['--since', '2026-10-01', '--until', '2026-10-31'];
    const file = page('october.html', october);
    const { page: p, errors, requests } = await open(file);
    expect(errors).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(await p.$('[data-empty="true"]')).not.toBeNull();
    expect(await p.$$('svg')).toHaveLength(0);
    expect(await figuresOf(p)).toEqual(expectedFigures(json(october).summary));
    expect(await p.textContent('header')).toContain('令和8年10月（2026年10月）');
    expect(pdfPages(await p.pdf({ format: 'A4' }))).toBeGreaterThanOrEqual(1);
    await p.close();
  });

  it('in English with locale en; with no period given, the last full month', async () => {
    const file = path.join(home, 'en.html');
    const config = path.join(home, 'config.json');
    const before = fs.readFileSync(config, 'utf8');
    fs.writeFileSync(config, JSON.stringify({ ...JSON.parse(before), locale: 'en' }));
    try {
      cli(['report', '--format', 'html', '--out', file]);
    } finally {
      fs.writeFileSync(config, before);
    }
    const html = fs.readFileSync(file, 'utf8');
    const now = new Date();
    const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
    const ymd = `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, '0')}-01`;
    expect(html).toContain(`data-period="${ymd}/`);
    const { page: p, errors } = await open(file, 800);
    expect(errors).toEqual([]);
    expect(await p.getAttribute('html', 'lang')).toBe('en');
    expect(await p.textContent('h1')).toContain('monthly report');
    await p.close();
  });

  it('a period given in part: --until alone starts at its month\'s first day; --since alone ends today', () => {
    const until = fs.readFileSync(page('until.html', ['--until', '2026-11-15']), 'utf8');
    expect(until).toContain('data-period="2026-11-01/2026-11-15"');
    expect(until).toContain('令和8年11月1日〜令和8年11月15日（2026年11月1日〜2026年11月15日）');
    const now = new Date();
    const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    expect(fs.readFileSync(page('since.html', ['--since', '2026-11-20']), 'utf8')).toContain(`data-period="2026-11-20/${today}"`);
  });

  it('--out never replaces a log, an archived file or the index, nor writes where logs are kept', () => {
    const own = fs.mkdtempSync(path.join(tmpdir(), 'cc-out-'));
    try {
      const logs = path.join(own, 'logs'); // this machine's log folder under COUNTER_CHECKLIST_HOME
      writeWard(logs);
      const stick = path.join(own, 'stick');
      fs.cpSync(logs, stick, { recursive: true });
      const log = path.join(stick, 'T-01', fs.readdirSync(path.join(stick, 'T-01')).find((f) => f.endsWith('.jsonl'))!);
      const before = fs.readFileSync(log);
      const refused = (args: string[], says: string) => {
        const r = runCli(['report', ...args], own);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toContain(says);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      };
      // A log being read, named as it is or through the folder it is in.
      refused([log, '--format', 'json', '--out', log], '読むログのファイル');
      refused([stick, '--format', 'json', '--out', log], stick);
      // Inside a folder being read: it would be read as a log next time.
      refused([stick, '--format', 'json', '--out', path.join(stick, 'T-02', 'r.jsonl')], stick);
      expect(fs.readFileSync(log)).toEqual(before);
      // This machine's log folder, when no PATH is given.
      refused(['--format', 'json', '--out', path.join(logs, 'T-01', 'x.jsonl')], logs);
      // The archive: its verbatim files and its index.
      expect(runCli(['collect', stick, '--format', 'json'], own).code).toBe(0);
      const archive = path.join(own, 'archive');
      const index = fs.readFileSync(path.join(archive, 'index.sqlite'));
      const archived = path.join(archive, 'logs', 'T-01', path.basename(log));
      refused(['--format', 'csv', '--out', archived], archive);
      refused(['--format', 'csv', '--out', path.join(archive, 'index.sqlite')], archive);
      refused(['--archive', archive, '--format', 'csv', '--out', path.join(archive, 'r.csv')], archive);
      expect(fs.readFileSync(archived)).toEqual(before);
      expect(fs.readFileSync(path.join(archive, 'index.sqlite'))).toEqual(index);
      expect(fs.readdirSync(archive).filter((f) => f.endsWith('.tmp') || f.endsWith('.csv'))).toEqual([]);
      // Anywhere else, as before.
      const ok = runCli(['report', '--format', 'csv', '--out', path.join(own, 'r.csv')], own);
      expect(ok.code, ok.stderr).toBe(0);
    } finally {
      fs.rmSync(own, { recursive: true, force: true });
    }
  });

  it('a bad --out is exit 2 with a translated message naming the file; nothing is left behind', () => {
    const r = runCli(['report', '--format', 'html', ...NOVEMBER, '--out', path.join(home, 'no-such-dir', 'x.html')], home);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-dir');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(home).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
