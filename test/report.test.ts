// `report`: outcomes and flags of every kind of session in all three formats, the filters, bad input
// listed under integrity (never stopping the report), and usage errors (exit 2, nothing written).
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import stringWidth from 'string-width';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.js';
import { t as t_, type Locale } from '../src/i18n/index.js';
import { ReportDocument, type ReportSession } from '../src/report/document.js';
import { runReportCommand } from '../src/report/command.js';
import type { RawReportOptions } from '../src/report/options.js';
import { runReport, selectFiles, type Formatter } from '../src/report/run.js';
import { readLogBatches, type ReadItem } from '../src/log/reader.js';
import { jsonFormatter } from '../src/report/json.js';
import { Output } from '../src/report/output.js';
import { EXPECTED, KioskLog, local, sid, writeWard } from './helpers/session-logs.js';
import { BIN, ROOT, requireBuild, runCli } from './helpers/kiosk.js';
import { spawnSync } from 'node:child_process';

let root: string;
let logs: string;
let ids: ReturnType<typeof writeWard>;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(tmpdir(), 'cc-report-'));
  logs = path.join(root, 'logs');
  ids = writeWard(logs);
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** A stdout that keeps what it is given (and how many writes it took). */
class Capture extends Writable {
  chunks: string[] = [];
  isTTY: boolean;
  columns: number | undefined;
  constructor(tty = false, columns?: number) {
    super();
    this.isTTY = tty;
    this.columns = columns;
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.chunks.push(chunk.toString('utf8'));
    done();
  }
  get text() {
    return this.chunks.join('');
  }
}

async function report(paths: string[], options: RawReportOptions = {}, opts: { locale?: Locale; tty?: boolean; columns?: number } = {}) {
  const stdout = new Capture(opts.tty, opts.columns);
  const err: string[] = [];
  const code = await runReportCommand(paths, options, { stdout, err: (l) => err.push(l) }, opts.locale ?? 'ja');
  return { code, stdout: stdout.text, err, writes: stdout.chunks.length };
}

async function json(paths: string[], options: RawReportOptions = {}) {
  const r = await report(paths, { ...options, format: 'json' });
  return ReportDocument.parse(JSON.parse(r.stdout));
}

/** The display column where `text` starts in `line` (after `from` columns): full-width characters count two. */
function colOf(line: string, text: string, from = 0): number {
  let col = 0;
  for (let i = 0; i < line.length; ) {
    if (col >= from && line.startsWith(text, i)) return col;
    const ch = String.fromCodePoint(line.codePointAt(i)!);
    col += stringWidth(ch);
    i += ch.length;
  }
  return -1;
}

const byId = (sessions: readonly ReportSession[]) => new Map(sessions.map((s) => [s.id, s]));

/** RFC 4180 parser (quotes, doubled quotes, CRLF), for checking what Excel would read. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

describe('report: every kind of session, all three formats', () => {
  it('json: the report document, with the right outcome and flags for each session', async () => {
    const doc = await json([logs]);
    const s = byId(doc.sessions);
    for (const [kind, want] of Object.entries(EXPECTED)) {
      const got = s.get(ids[kind as keyof typeof EXPECTED])!;
      expect({ kind, outcome: got.outcome, flags: got.flags }).toEqual({ kind, outcome: want.outcome, flags: want.flags });
      expect(got.logoutConfirmed).toBe(want.outcome !== 'open');
      expect(got.endedAt === null).toBe(want.outcome === 'open');
      expect(got.reviewed).toBe(false);
    }
    const completed = s.get(ids.completed)!;
    expect(completed).toMatchObject({ terminal: 'T-01', operator: 'S-01', checklist: 'mynapoint-support', checklistVersion: '1.10' });
    expect(completed.startedAt).toMatch(/^2026-11-26T09:00:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(s.get(ids.other)).toMatchObject({ terminal: '0042', operator: '0012', flags: [] });
    expect(s.get(ids.otherOpen)).toMatchObject({ outcome: 'open', flags: ['no-logout'] });

    expect(doc.summary).toEqual({
      sessions: 9,
      completed: 5,
      incomplete: 6,
      byFlag: { 'no-logout': 2, 'unclean-exit': 1, interrupted: 1, 'required-skipped': 1, idle: 1, integrity: 0, unsensed: 0 },
      byTerminal: { '0042': { sessions: 2, incomplete: 1 }, 'T-01': { sessions: 7, incomplete: 5 } },
      byChecklist: { 'mynapoint-support': { sessions: 9, incomplete: 6 } },
      byDay: { '2026-11-26': { sessions: 4, incomplete: 3 }, '2026-11-27': { sessions: 5, incomplete: 3 } },
      interruptReasons: { 'mynapoint-support': { 'payment-info-missing': 1 } },
      // A required item skipped and later confirmed is not counted: as the flag, the latest answer counts.
      requiredSkips: { 'mynapoint-support': { 'own-card': 1 } },
      notApplicable: {},
      skipReasons: [{ checklist: 'mynapoint-support', item: 'own-card', reason: 'カードを忘れた', count: 1 }],
      followUp: { reviewed: 0, unreviewed: 6 },
    });
    // The summary's reasons are the sessions' own, summed.
    const skipped = doc.sessions.flatMap((x) => x.skips.filter((k) => k.required));
    expect(skipped).toHaveLength(1);
    expect(doc.sessions.flatMap((x) => x.interrupts)).toEqual([{ reason: 'payment-info-missing' }]);
    expect(doc.integrity).toEqual([]);
  });

  it('json is the default when stdout is not a terminal, a table when it is', async () => {
    expect(JSON.parse((await report([logs])).stdout)).toHaveProperty('summary');
    expect((await report([logs], {}, { tty: true })).stdout).toContain('端末別の集計');
  });

  it('csv: BOM, CRLF, RFC 4180, one row per session, flags joined with ;, ids kept as text for Excel', async () => {
    const r = await report([logs], { format: 'csv' });
    expect(r.stdout.startsWith('\uFEFFid,terminal,operator,checklist,checklistVersion,startedAt,endedAt,outcome,logoutConfirmed,flags,reviewed,interrupts,skips,skipReasons,notApplicable\r\n')).toBe(true);
    expect(r.stdout.replace(/\r\n/g, '')).not.toContain('\n');
    const [head, ...rows] = parseCsv(r.stdout.slice(1));
    expect(rows).toHaveLength(9);
    const doc = await json([logs]);
    const csv = new Map(rows.map((cells) => [cells[0]!, Object.fromEntries(head!.map((h, i) => [h, cells[i]!]))]));
    for (const s of doc.sessions) {
      const row = csv.get(s.id)!;
      expect(row.outcome).toBe(s.outcome);
      expect(row.flags).toBe(s.flags.join(';'));
      expect(row.logoutConfirmed).toBe(String(s.logoutConfirmed));
      expect(row.endedAt).toBe(s.endedAt ?? '');
      // Excel shows ="0012" as the text 0012: leading zeros and "1.10" survive.
      expect(row.terminal).toBe(`="${s.terminal}"`);
      expect(row.operator).toBe(`="${s.operator}"`);
      expect(row.checklistVersion).toBe('="1.10"');
    }
    expect(csv.get(ids.interrupted)!.flags).toBe('interrupted');
    expect(csv.get(ids.otherOpen)).toMatchObject({ terminal: '="0042"', operator: '="0012"', flags: 'no-logout' });
    // The raw bytes: the text formula is quoted as RFC 4180 requires.
    expect(r.stdout).toContain(',"=""0042""","=""0012""",');
  });

  it('table (ja): Japanese headers, incomplete sessions first, 和暦, per-terminal summary with bars, within 80 columns', async () => {
    const { stdout } = await report([logs], { format: 'table' });
    const lines = stdout.split('\n');
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(lines[0]).toBe('要確認のセッション（未完了・フラグあり）');
    expect(lines[1]).toMatch(/^ID\s+開始日時\s+端末\s+スタッフ\s+手順\s+結果\s+確認\s+フラグ$/);
    const rowOf = (id: string) => lines.findIndex((l) => l.startsWith(id.slice(0, 8)));
    const completeAt = lines.indexOf('問題のないセッション');
    expect(completeAt).toBeGreaterThan(0);
    for (const id of [ids.interrupted, ids.recovered, ids.idle, ids.skipped, ids.open, ids.otherOpen]) {
      expect(rowOf(id)).toBeGreaterThan(1);
      expect(rowOf(id)).toBeLessThan(completeAt);
    }
    for (const id of [ids.completed, ids.skipThenConfirm, ids.other]) expect(rowOf(id)).toBeGreaterThan(completeAt);
    expect(lines[rowOf(ids.interrupted)]).toMatch(/令和8\/11\/26 09:\d\d\s+T-01\s+S-01\s+自治体マ…\s+中断\s+中断$/);
    // Every cell starts under its header: ids 8 columns each, the flow (the checklist's Japanese
    // title, cut to 9 columns by display width), the outcome, the reviewed mark, the flags.
    const head = lines[1]!;
    const row = lines[rowOf(ids.interrupted)]!;
    expect(colOf(row, 'T-01')).toBe(colOf(head, '端末'));
    expect(colOf(row, 'S-01')).toBe(colOf(head, 'スタッフ'));
    expect(colOf(head, 'スタッフ') - colOf(head, '端末')).toBe(9);
    expect(colOf(row, '自治体マ…')).toBe(colOf(head, '手順'));
    expect(colOf(head, '結果') - colOf(head, '手順')).toBe(10);
    expect(colOf(row, '中断')).toBe(colOf(head, '結果'));
    expect(colOf(row, '中断', colOf(row, '中断') + 1)).toBe(colOf(head, 'フラグ'));
    // Not reviewed: nothing under 確認.
    expect(row.slice(0, row.lastIndexOf('中断'))).not.toContain('済');
    expect(lines[rowOf(ids.recovered)]).toMatch(/復旧\s+異常終了$/);
    // ログアウト未確認 is wider than the 12 columns the flags have at 80: it goes on under them.
    expect(lines[rowOf(ids.open)]).toMatch(/令和8\/11\/27 .*未終了\s+ログアウト$/);
    expect(lines[rowOf(ids.open) + 1]).toBe(`${' '.repeat(colOf(lines[1]!, 'フラグ'))}未確認`);
    expect(lines[rowOf(ids.otherOpen)]).toMatch(/0042\s+0012\s+自治体マ…\s+未終了/);
    expect(stdout).toContain('端末別の集計');
    expect(lines.find((l) => l.startsWith('T-01'))).toMatch(/^T-01\s+7\s+5\s+\[#######\.\.\.\]\s+71\.4%$/);
    expect(lines.find((l) => l.startsWith('0042'))).toMatch(/^0042\s+2\s+1\s+\[#####\.\.\.\.\.\]\s+50\.0%$/);
    expect(lines.find((l) => l.startsWith('合計'))).toMatch(/^合計\s+9\s+6\s+\[#######\.\.\.\]\s+66\.7%$/);
    expect(stdout).toContain('セッション 9 件　完了 5 件　要確認 6 件');
    expect(stdout).toContain('期間（開始日）: 令和8年11月26日 〜 令和8年11月27日');
  });

  it('table (en): English headers and labels, Gregorian dates', async () => {
    const { stdout } = await report([logs], { format: 'table' }, { locale: 'en' });
    const lines = stdout.split('\n');
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(lines[0]).toBe('Incomplete sessions (flagged)');
    expect(lines[1]).toMatch(/^ID\s+Started\s+Terminal\s+Staff\s+Flow\s+Outcome\s+Rev\.\s+Flags$/);
    // 80 columns leave the English flags 11 (the flow gives up two, so "interrupted" is whole): a
    // longer flag goes on under the flags column between its words, not cut.
    const at = lines.findIndex((l) => /2026-11-26 09:\d\d\s+T-01\s+S-01\s+Munici…\s+recovered\s+unclean$/.test(l));
    expect(at, stdout).toBeGreaterThan(1);
    expect(lines[at + 1]!.trimStart()).toBe('exit');
    expect(colOf(lines[at + 1]!, 'exit')).toBe(colOf(lines[1]!, 'Flags'));
    expect(colOf(lines[at]!, 'Munici…')).toBe(colOf(lines[1]!, 'Flow'));
    expect(stdout).toMatch(/ interrupted +interrupted\n/);
    expect(stdout).toContain('By terminal');
    expect(stdout).toContain('9 sessions   5 completed   6 incomplete');
    expect(stdout).not.toMatch(/令和|中断/);
  });

  it('table: a wide terminal gets a wider flags column; many flags wrap under it', async () => {
    // One session with four flags: interrupted, skipped a required item, idle, killed (no logout).
    const dir = path.join(root, 'many');
    const log = new KioskLog(dir, 'T-09', local(2026, 11, 28));
    log.signIn('S-09');
    const id = sid(99);
    log['start']('S-09', id);
    log['step']('S-09', id, 1, 'skip');
    log['w']('S-09', id, { type: 'idle', payload: { idleSeconds: 600 } });
    log['w']('S-09', id, { type: 'interrupt', payload: { reason: 'citizen-left' } });
    log.close();
    const narrow = (await report([dir], { format: 'table' })).stdout.split('\n');
    const at = narrow.findIndex((l) => l.startsWith(id.slice(0, 8)));
    const flagsCol = narrow[1]!.indexOf('フラグ');
    expect(narrow[at + 1]!.slice(0, flagsCol).trim()).toBe('');
    expect(narrow.slice(at, at + 5).map((l) => l.trim()).join('')).toMatch(/^[^]*未終了 +ログアウト未確認、中断、?必須スキップ、?放置$/); // a separator stays at a line's end when it fits
    for (const line of narrow.slice(at + 1, at + 4)) expect(colOf(line, line.trim())).toBe(colOf(narrow[1]!, 'フラグ'));
    expect(narrow[at + 4]).toBe('');
    for (const line of narrow) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    const wide = (await report([dir], { format: 'table' }, { tty: true, columns: 140 })).stdout.split('\n');
    const row = wide.find((l) => l.startsWith(id.slice(0, 8)))!;
    expect(row).toContain('ログアウト未確認、中断、必須スキップ、放置');
    expect(stringWidth(row)).toBeLessThanOrEqual(140);
  });
});

describe('report: optional items that did not apply', () => {
  it('are listed per session and counted apart from confirmed and skipped, in JSON and CSV', async () => {
    const dir = path.join(root, 'na');
    const log = new KioskLog(dir, 'T-09', local(2026, 11, 28));
    log.signIn('S-09').complete('S-09', sid(98), { notApplicable: true }).complete('S-09', sid(97));
    log.close();
    const doc = await json([dir]);
    const byId = new Map(doc.sessions.map((s) => [s.id, s]));
    expect(byId.get(sid(98))).toMatchObject({ notApplicable: [expect.any(String)], skips: [], flags: [] });
    const item = byId.get(sid(98))!.notApplicable[0]!;
    expect(byId.get(sid(97))).toMatchObject({ notApplicable: [], skips: [expect.objectContaining({ item, required: false })] });
    expect(doc.summary.notApplicable).toEqual({ 'mynapoint-support': { [item]: 1 } });
    expect(doc.summary.requiredSkips).toEqual({});
    const csv = (await report([dir], { format: 'csv' })).stdout;
    expect(csv.split('\r\n').find((l) => l.startsWith(sid(98)))).toMatch(new RegExp(`,${item}$`));
    // The archive's index keeps them too: its report says the same.
    const archive = path.join(root, 'archive');
    expect(runCli(['collect', dir, '--archive', archive, '--format', 'json'], root).code).toBe(0);
    const indexed = JSON.parse(runCli(['report', '--archive', archive, '--format', 'json'], root).stdout) as typeof doc;
    expect(indexed.summary).toEqual(doc.summary);
    expect(indexed.sessions.find((x) => x.id === sid(98))?.notApplicable).toEqual([item]);
  });
});

describe('report: filters', () => {
  const sessionIds = async (options: RawReportOptions) => (await json([logs], options)).sessions.map((s) => s.id).sort();

  it('--since and --until are inclusive local dates of the session start', async () => {
    const day26 = [ids.completed, ids.interrupted, ids.recovered, ids.idle].sort();
    const day27 = [ids.skipped, ids.skipThenConfirm, ids.open, ids.other, ids.otherOpen].sort();
    expect(await sessionIds({ until: '2026-11-26' })).toEqual(day26);
    expect(await sessionIds({ since: '2026-11-27' })).toEqual(day27);
    expect(await sessionIds({ since: '2026-11-26', until: '2026-11-26' })).toEqual(day26);
    expect(await sessionIds({ since: '2026-11-28' })).toEqual([]);
  });

  it('--terminal reads only that terminal; --operator; --flagged; the summary counts what is shown', async () => {
    const t = await json([logs], { terminal: '0042' });
    expect(t.sessions.map((s) => s.id).sort()).toEqual([ids.other, ids.otherOpen].sort());
    expect(t.summary.byTerminal).toEqual({ '0042': { sessions: 2, incomplete: 1 } });
    expect(selectFiles([logs], '0042').every((f) => f.includes(`${path.sep}0042${path.sep}`))).toBe(true);
    // A terminal with no logs here (a typo) is said, naming the ones there: never an empty report.
    const typo = await json([logs], { terminal: 'T-1' }).catch((e: unknown) => e);
    expect(typo).toBeInstanceOf(UserError);
    expect(t_('ja', (typo as UserError).key, (typo as UserError).params)).toBe('--terminal T-1 のログがありません（ここにある端末: 0042, T-01）');
    expect(await sessionIds({ operator: 'S-02' })).toEqual([ids.skipped, ids.skipThenConfirm, ids.open].sort());
    // The table over flagged sessions draws no share (it would read 100% everywhere) and says why.
    const table = (await report([logs], { format: 'table', flagged: true })).stdout;
    expect(table).toContain('--flagged: 要確認のセッションだけを数えるため、割合は出しません');
    expect(table).not.toContain('100.0%');
    for (const line of table.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    expect((await report([logs], { format: 'table' })).stdout).not.toContain('--flagged');
    const flagged = await json([logs], { flagged: true });
    expect(flagged.sessions.every((s) => s.flags.length > 0)).toBe(true);
    expect(flagged.summary).toMatchObject({ sessions: 6, incomplete: 6, completed: 2 });
    expect(await sessionIds({ flagged: true, operator: 'S-02', since: '2026-11-27' })).toEqual([ids.skipped, ids.open].sort());
  });

  it('a file and a folder can be given together, and the same file twice counts once', async () => {
    const file = fs.readdirSync(path.join(logs, 'T-01')).map((f) => path.join(logs, 'T-01', f))[0]!;
    const doc = await json([file, path.join(logs, '0042'), file]);
    expect(doc.sessions.map((s) => s.id).sort()).toEqual([ids.completed, ids.interrupted, ids.recovered, ids.idle, ids.other, ids.otherOpen].sort());
  });

  it('reviewed sessions are marked when a set of reviewed ids is passed in', async () => {
    const stdout = new Capture();
    await runReportCommand([logs], { format: 'json' }, { stdout, err: () => {} }, 'ja', async () => ({ reviewed: new Set([ids.open]) }));
    const doc = ReportDocument.parse(JSON.parse(stdout.text));
    expect(doc.sessions.filter((s) => s.reviewed).map((s) => s.id)).toEqual([ids.open]);
  });
});

describe('report: bad input is listed, never fatal', () => {
  it('torn, invalid, edited and unknown-version lines go under integrity; their sessions are flagged', async () => {
    const [day1, day2] = fs.readdirSync(path.join(logs, 'T-01')).sort().map((f) => path.join(logs, 'T-01', f));
    // Day 1: one byte of the interrupted session's step changed (its next line no longer chains).
    const lines1 = fs.readFileSync(day1!, 'utf8').split('\n');
    const stepAt = lines1.findIndex((l) => l.includes(ids.interrupted) && l.includes('"type":"step"'));
    lines1[stepAt] = lines1[stepAt]!.replace('initial-screen', 'initial-screem');
    fs.writeFileSync(day1!, lines1.join('\n'));
    // Day 2: a record of a future version in the middle, and a torn tail (a crash mid-write).
    const lines2 = fs.readFileSync(day2!, 'utf8').split('\n');
    const future = JSON.parse(lines2[3]!) as Record<string, unknown>;
    lines2.splice(4, 0, JSON.stringify({ ...future, v: 2 }));
    fs.writeFileSync(day2!, `${lines2.join('\n')}{"v":1,"seq":9`);
    // 0042: a line that is not JSON at all.
    const other = path.join(logs, '0042', fs.readdirSync(path.join(logs, '0042'))[0]!);
    const lines3 = fs.readFileSync(other, 'utf8').split('\n');
    lines3.splice(2, 0, 'garbage');
    fs.writeFileSync(other, lines3.join('\n'));

    const r = await report([logs], { format: 'json' });
    expect(r.code).toBe(0);
    const doc = ReportDocument.parse(JSON.parse(r.stdout));
    const problems = doc.integrity.map((p) => `${path.basename(path.dirname(p.file))}/${path.basename(p.file)}:${p.line}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        `T-01/${path.basename(day1!)}:${stepAt + 2}`,
        `T-01/${path.basename(day2!)}:5`,
        `T-01/${path.basename(day2!)}:${lines2.length}`,
        `0042/${path.basename(other)}:3`,
      ]),
    );
    expect(doc.integrity.find((p) => p.line === 5)!.problem).toMatch(/version/);
    expect(doc.integrity.find((p) => p.problem.includes('torn'))).toBeDefined();
    const s = byId(doc.sessions);
    expect(s.get(ids.interrupted)!.flags).toEqual(['interrupted', 'integrity']);
    expect(s.get(ids.other)!.flags).toContain('integrity');
    // Every session is still reported, and the untouched ones keep their flags.
    expect(doc.sessions).toHaveLength(9);
    expect(s.get(ids.completed)!.flags).toEqual([]);
    expect(doc.summary.byFlag.integrity).toBeGreaterThanOrEqual(2);

    const table = await report([logs], { format: 'table' });
    expect(table.stdout).toMatch(/記録の問題（\d+ 件）/);
    expect(table.stdout).toContain(`${day2!}:5: 未対応の記録バージョンです：2`);
    const csv = await report([logs], { format: 'csv' });
    expect(csv.err.join('\n')).toContain(`${other}:3: JSON として読めない行です`);
    expect(csv.stdout).toContain('interrupted;integrity');
  });

  it('a spooled integrity list (more problems than kept in memory) comes back whole and in order', async () => {
    const file = path.join(logs, 'garbage.jsonl');
    fs.writeFileSync(file, Array.from({ length: 12_050 }, (_, i) => `not json ${i}`).join('\n') + '\n');
    const doc = await json([file]);
    expect(doc.integrity).toHaveLength(12_050);
    expect(doc.integrity.map((p) => p.line)).toEqual(Array.from({ length: 12_050 }, (_, i) => i + 1));
    const left = fs.readdirSync(tmpdir()).filter((f) => f.startsWith('cc-report-') && fs.existsSync(path.join(tmpdir(), f, 'spool.jsonl')));
    expect(left).toEqual([]);
  });
});

describe('report: usage errors (exit 2, nothing written)', () => {
  const fails = async (options: RawReportOptions, key: string, paths = [logs]) => {
    const stdout = new Capture();
    const run = runReportCommand(paths, options, { stdout, err: () => {} }, 'ja');
    await expect(run).rejects.toBeInstanceOf(UserError);
    await expect(run).rejects.toMatchObject({ key });
    expect(stdout.text).toBe('');
  };

  it('bad dates, reversed range, unknown format, empty filter, missing path', async () => {
    await fails({ since: '2026-02-30' }, 'report.error.badDate');
    await fails({ until: '26-11-27' }, 'report.error.badDate');
    await fails({ since: '2026-11-28', until: '2026-11-27' }, 'report.error.dateRange');
    await fails({ format: 'xlsx' }, 'report.error.badFormat');
    await fails({ terminal: '' }, 'report.error.emptyOption');
    await fails({}, 'log.error.pathNotFound', [path.join(root, 'nope')]);
  });

  describe('through the built command', () => {
    beforeAll(requireBuild);

    it('prints one translated line naming the option or the path, exit 2, no stack trace', () => {
      const home = root;
      let r = runCli(['report', logs, '--since', '2026-13-01'], home);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toBe('エラー: --since の日付が正しくありません: 2026-13-01（YYYY-MM-DD の形式で、実在する日付を指定してください）');
      r = runCli(['report', path.join(root, 'missing'), '--format', 'csv'], home);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(path.join(root, 'missing'));
      expect(r.stderr).not.toMatch(/\n\s+at /);
      r = runCli(['report', '--format', 'yaml', logs], home);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--format');
    });

    it('reads the machine log folder by default, exit 0, json when piped', () => {
      const r = runCli(['report'], root);
      expect(r.code).toBe(0);
      expect(ReportDocument.parse(JSON.parse(r.stdout)).sessions).toHaveLength(9);
    });

    it('report --help and verify --help are in the catalog language; main help lists both', () => {
      fs.writeFileSync(path.join(root, 'config.json'), JSON.stringify({ locale: 'en' }));
      expect(runCli(['report', '--help'], root).stdout).toContain('--format FORMAT      table (default on a terminal), json (default when piped');
      expect(runCli(['verify', '--help'], root).stdout).toContain(path.join(root, 'state', 'heads.json'));
      const main = runCli(['--help'], root).stdout;
      expect(main).toMatch(/counter-checklist report \[PATH\.\.\.\]/);
      expect(main).toMatch(/counter-checklist verify \[PATH\.\.\.\]/);
    });

    it('stops quietly when the reader goes away (report | head)', () => {
      const big = path.join(root, 'big');
      for (let t = 0; t < 3; t++) {
        const log = new KioskLog(big, `B-0${t}`, local(2026, 11, 20));
        for (let i = 0; i < 150; i++) log.complete('S-01', sid(1000 * (t + 1) + i));
        log.close();
      }
      const r = spawnSync('bash', ['-c', `node "${BIN}" report "${big}" --format json | head -c 100 >/dev/null; echo "status=\${PIPESTATUS[0]}"`], {
        cwd: ROOT,
        env: { ...process.env, COUNTER_CHECKLIST_HOME: root },
        encoding: 'utf8',
      });
      expect(r.stdout.trim()).toBe('status=0');
      expect(r.stderr).toBe('');
    });
  });
});

describe('report: streaming', () => {
  it("hands a terminal's sessions to the output when its records end, and writes in chunks", async () => {
    const dir = path.join(root, 'stream');
    for (let t = 0; t < 2; t++) {
      const log = new KioskLog(dir, `S-0${t}`, local(2026, 11, 20));
      for (let i = 0; i < 300; i++) log.complete('S-01', sid(5000 + 1000 * t + i));
      log.close();
    }
    // The reader's batches, handed over one record at a time, counting how many were taken.
    const items: ReadItem[] = [];
    for await (const batch of readLogBatches(selectFiles([dir]))) items.push(...batch);
    let taken = 0;
    async function* oneByOne() {
      for (const item of items) {
        taken++;
        yield [item];
      }
    }
    const stdout = new Capture();
    const inner = jsonFormatter(new Output((chunk) => void stdout.write(chunk)));
    const seenAt: number[] = [];
    const spy: Formatter = { ...inner, session: (s) => (seenAt.push(taken), inner.session(s)) };
    const totals = await runReport({ files: [], filter: {}, source: oneByOne() }, spy);
    expect(totals.sessions).toBe(600);
    // The first terminal's 300 leave when the second terminal's first item is read, the rest at the end.
    const firstOfSecond = items.findIndex((it) => it.group === 'S-01') + 1;
    expect(seenAt).toEqual([...Array<number>(300).fill(firstOfSecond), ...Array<number>(300).fill(items.length)]);
    // 600 sessions of JSON (~190 KB) leave in several chunks, not as one string at the end.
    await new Promise((r) => setImmediate(r));
    expect(stdout.chunks.length).toBeGreaterThan(2);
    expect(ReportDocument.parse(JSON.parse(stdout.text)).sessions).toHaveLength(600);
  });
});
