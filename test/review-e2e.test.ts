// The supervisor's review as a new user meets it: a day of kiosk sessions driven through the real
// kiosk in a real terminal (one completed, one interrupted, one killed with SIGKILL and recovered at
// the next start, one more completed), then the built bin's `review` in a pseudo-terminal: the two
// incomplete sessions first, timelines that explain them, an acknowledgement that `report` shows
// and that is still there after a restart.
import * as fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readLogs } from '../src/log/reader.js';
import { ReportDocument } from '../src/report/document.js';
import { happyPath, shipped } from './helpers/fixtures.js';
import { logLines, makeHome, requireBuild, runCli, startKiosk } from './helpers/kiosk.js';
import { disposeAllTerminals, KEYS, type Term } from './helpers/terminal.js';

beforeAll(requireBuild);
afterEach(disposeAllTerminals);

const ROW = /^│ [> ](済 {2}| {4}) 令和\d+\/\d{2}\/\d{2} \d{2}:\d{2} /;
const rows = (term: Term) => term.lines().filter((l) => ROW.test(l));

async function logout(term: Term, result: string) {
  term.type('logout');
  await term.press(KEYS.enter);
  await term.waitFor(`結果: ${result}`);
  await term.press(KEYS.enter);
  await term.waitFor('待機中');
}

async function completeOne(term: Term) {
  await term.press(KEYS.enter);
  await term.waitFor(/項目 1\/\d+/);
  for (const key of happyPath(shipped().checklist)) await term.press(key === 'y' ? 'y' : KEYS.enter);
  await term.waitFor('logout と入力して Enter');
  await logout(term, '完了');
}

/** A counter's day through the real kiosk; returns the session ids in the order they started. */
async function workDay(home: string): Promise<string[]> {
  let term = startKiosk(home);
  await term.waitFor('スタッフIDを入力して');
  term.type('S-0012');
  await term.press(KEYS.enter);
  await term.waitFor('待機中');
  await completeOne(term);
  // Interrupted: the citizen left (the first reason), at the second item.
  await term.press(KEYS.enter);
  await term.waitFor(/項目 1\/\d+/);
  await term.press(KEYS.enter);
  await term.waitFor(/項目 2\/\d+/);
  await term.press('i');
  await term.waitFor('中断の理由');
  await term.press(KEYS.enter);
  await term.waitFor('中断しました');
  await logout(term, '中断');
  // Killed mid-session, then recovered through its gate at the next start.
  await term.press(KEYS.enter);
  await term.waitFor(/項目 1\/\d+/);
  await term.press(KEYS.enter);
  await term.waitFor(/項目 2\/\d+/);
  term.kill('SIGKILL');
  await term.waitForExit();
  term = startKiosk(home);
  await term.waitFor('前回のセッションが終了していません');
  term.type('logout');
  await term.press(KEYS.enter);
  await term.waitFor('結果: 復旧');
  await term.press(KEYS.enter);
  await term.waitFor('スタッフIDを入力して');
  term.type('S-0012');
  await term.press(KEYS.enter);
  await term.waitFor('待機中');
  await completeOne(term);
  await term.press(KEYS.ctrlC);
  await term.waitForExit();
  return logLines(home)
    .filter((r) => r.type === 'session-start')
    .map((r) => r.session as string);
}

describe('review in a real terminal', () => {
  it('lists the interrupted and the killed session first, explains them, records a follow-up that report shows and a restart keeps', async () => {
    const home = makeHome();
    const starts = await workDay(home);
    expect(starts).toHaveLength(4);
    const [, interrupted, killed] = starts as [string, string, string, string];

    // --- review: the two incomplete sessions first --------------------------------------------
    let term = startKiosk(home, ['review']);
    await term.waitFor('セッション 4 件  要確認 2 件（未確認 2 件）');
    let list = rows(term);
    expect(list).toHaveLength(4);
    // Start, terminal, staff, the flow (the shipped checklist's title, cut), outcome, flags.
    expect(list[0]).toMatch(/^│ > +\S+ \S+ +T-E2E +S-0012 +自治体マ… +中断 +中断 +│$/);
    expect(list[1]).toMatch(/T-E2E +S-0012 +自治体マ… +復旧 +異常終了 +│$/);
    expect(list.slice(2).every((l) => /S-0012 +自治体マ… +完了 +│$/.test(l))).toBe(true);
    expect(term.screen()).toMatch(/T-E2E +\[###\.\.\.\] +50%/);
    expect(term.screen()).toContain('Enter 経過');

    // The interrupted session's timeline: what was done, where, and why.
    await term.press(KEYS.enter);
    await term.waitFor('logout と入力してログアウトを確認（中断）');
    let screen = term.screen();
    expect(screen).toContain(`セッションの経過  ${interrupted.slice(0, 8)}`);
    expect(screen).toMatch(/開始 +自治体マイナポイント申込支援チェックリスト/);
    expect(screen).toMatch(/確認 +開始前の確認 \/ /);
    expect(screen).toMatch(/中断 +ご本人が途中で帰られた（中断した項目: /);
    await term.press(KEYS.esc);
    await term.waitFor('セッション 4 件');

    // The killed one: the kiosk stopped mid-session; its logout check came at the next start.
    await term.press(KEYS.down, KEYS.enter);
    await term.waitFor('キオスクが途中で停止していました');
    screen = term.screen();
    expect(screen).toContain(`セッションの経過  ${killed.slice(0, 8)}`);
    expect(screen).toContain('結果 復旧  フラグ 異常終了');
    expect(screen).toContain('logout と入力してログアウトを確認（復旧）');
    await term.press(KEYS.esc);
    await term.waitFor('セッション 4 件');

    // Acknowledge the interrupted session: reviewer id, note, Enter.
    await term.press(KEYS.up, 'a');
    await term.waitFor('確認者（あなた）のスタッフIDを入力して');
    term.type('SV-01');
    await term.press(KEYS.enter);
    await term.waitFor('対応の内容を短く入力して Enter');
    term.type('ご本人に電話で連絡済み');
    await term.waitFor('ご本人に電話で連絡済み');
    await term.press(KEYS.enter);
    await term.waitFor('確認を記録しました。');
    await term.waitFor('未確認 1 件');
    list = rows(term);
    // The reviewed session sinks below the one still unreviewed; the cursor goes with it.
    expect(list[0]).toMatch(/^│ {7}令和.* 復旧 /);
    expect(list[1]).toMatch(/^│ >済 .* 中断 +中断 +│$/);
    // The reviewed row is dimmed (once the cursor leaves it).
    await term.press(KEYS.down);
    await term.waitFor((s) => /^│  済 /m.test(s));
    const y = term.lines().findIndex((l) => /^│  済 /.test(l));
    const x = term.lines()[y]!.indexOf('T-E2E');
    expect(term.xterm.buffer.active.getLine(term.xterm.buffer.active.viewportY + y)!.getCell(x)!.isDim()).toBeTruthy();
    await term.press('q');
    expect((await term.waitForExit()).exitCode).toBe(0);

    // --- report shows it ------------------------------------------------------------------------
    const json = runCli(['report', '--format', 'json'], home);
    expect(json.code, json.stderr).toBe(0);
    const doc = ReportDocument.parse(JSON.parse(json.stdout));
    const byId = Object.fromEntries(doc.sessions.map((s) => [s.id, s]));
    expect(byId[interrupted]).toMatchObject({ reviewed: true, reviews: [{ reviewer: 'SV-01', note: 'ご本人に電話で連絡済み' }] });
    expect(byId[interrupted]!.reviews![0]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
    expect(byId[killed]).toMatchObject({ reviewed: false });
    expect(byId[killed]).not.toHaveProperty('reviews');
    expect(doc.sessions.filter((s) => s.reviewed)).toHaveLength(1);
    const csv = runCli(['report', '--format', 'csv'], home);
    expect(csv.stdout.split('\r\n').find((l) => l.startsWith(interrupted))).toMatch(/,interrupted,true,citizen-left,,,$/);

    // --- the review log: the supervisor's own, private, chained ---------------------------------
    const folder = path.join(home, 'reviews', 'T-E2E.reviews');
    const files = fs.readdirSync(folder);
    expect(files).toHaveLength(1);
    expect(fs.statSync(path.join(folder, files[0]!)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(home, 'reviews')).mode & 0o777).toBe(0o700);
    const problems = [];
    for await (const item of readLogs([path.join(home, 'reviews')])) if (item.kind === 'problem') problems.push(item);
    expect(problems).toEqual([]);
    // The terminal's log is untouched by the review.
    expect(logLines(home).some((r) => r.type === 'review')).toBe(false);

    // --- a restart: still reviewed, now after the unreviewed one ---------------------------------
    term = startKiosk(home, ['review']);
    await term.waitFor('セッション 4 件  要確認 2 件（未確認 1 件）');
    list = rows(term);
    expect(list[0]).toMatch(/^│ > {3}.* 復旧 +異常終了 +│$/);
    expect(list[1]).toMatch(/^│  済 .* 中断 +中断 +│$/);
    await term.press(KEYS.down, KEYS.enter);
    await term.waitFor('SV-01: ご本人に電話で連絡済み');
    expect(term.screen()).toContain('確認記録 1 件');
    // Any size: larger, the frame fills the height and is centred at its readable width; below
    // 80×24 one notice and no key acts; back at 80×24 the same timeline, whole.
    term.resize(120, 40);
    await term.waitFor((s) => s.split('\n')[0]!.startsWith('     ╭') && s.split('\n').length === 39);
    expect(term.lines()[38]!.trimStart()).toMatch(/^╰─+╯$/);
    expect(term.screen()).toContain('SV-01: ご本人に電話で連絡済み');
    term.resize(60, 20);
    await term.waitFor('画面が小さすぎます');
    await term.press(KEYS.esc, 'q');
    expect(term.exited).toBe(false);
    term.resize(80, 24);
    await term.waitFor((s) => s.includes('SV-01: ご本人に電話で連絡済み') && s.split('\n')[0]!.startsWith('╭'));
    expect(term.lines()[22]).toMatch(/^╰─+╯$/);
    await term.press(KEYS.ctrlC);
    expect((await term.waitForExit()).exitCode).toBe(0);

    // verify checks the review log like any log.
    const verify = runCli(['verify', path.join(home, 'reviews')], home);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    fs.rmSync(home, { recursive: true, force: true });
  }, 120_000);

  it('without a terminal: one translated line and exit 2; --help explains the keys and where reviews go', () => {
    const home = makeHome();
    const r = runCli(['review'], home);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('counter-checklist review は端末（TTY）で実行してください')]);
    const help = runCli(['review', '--help'], home);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('counter-checklist review [PATH...]');
    expect(help.stdout).toContain(path.join(home, 'reviews'));
    const missing = runCli(['review', path.join(home, 'no-such-folder')], home);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-folder');
    expect(runCli(['--help'], home).stdout).toContain('counter-checklist review [PATH...]');
    fs.rmSync(home, { recursive: true, force: true });
  });
});
