// The built bin in a real terminal: keys typed, screen read, log files checked.
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readLogs } from '../src/log/reader.js';
import { disposeAllTerminals, KEYS, type Term } from './helpers/terminal.js';
import { happyPath, shipped } from './helpers/fixtures.js';
import { logFiles, logLines, makeHome, requireBuild, runCli, startKiosk } from './helpers/kiosk.js';

beforeAll(requireBuild);
afterEach(disposeAllTerminals);

const PATH = happyPath(shipped().checklist);
const STEPS = PATH.length;

async function signIn(term: Term, id = 'S-0012') {
  await term.waitFor('スタッフIDを入力して');
  term.type(id);
  await term.press(KEYS.enter);
  await term.waitFor('待機中');
}

async function verify(home: string) {
  const problems: string[] = [];
  let records = 0;
  for await (const item of readLogs([path.join(home, 'logs')])) {
    if (item.kind === 'problem') problems.push(`${item.file}:${item.line}: ${item.problem}`);
    else records += 1;
  }
  return { problems, records };
}

describe('kiosk in a real terminal', () => {
  it('completes a session; only typing logout ends it; the log is chained and private', async () => {
    const home = makeHome();
    const term = startKiosk(home);
    await signIn(term);
    expect(term.screen()).toContain('本日のセッション数: 0');
    await term.press(KEYS.enter);
    await term.waitFor(/項目 1\/\d+/);
    for (const [i, key] of PATH.entries()) await term.press(key === 'y' ? 'y' : i % 2 ? KEYS.space : KEYS.enter);
    await term.waitFor('logout と入力して Enter');
    // Enter alone, many times, never passes the gate.
    for (let i = 0; i < 10; i++) await term.press(KEYS.enter);
    await term.waitFor('logout と入力してから Enter を押してください');
    expect(term.screen()).toContain('ログアウトの確認（次の方の案内前に必ず）');
    term.type('logout');
    await term.press(KEYS.enter);
    await term.waitFor('セッション終了');
    expect(term.screen()).toContain('結果: 完了');
    await term.press('x');
    await term.waitFor('本日のセッション数: 1');
    await term.press(KEYS.ctrlC);
    expect((await term.waitForExit()).exitCode).toBe(0);

    const types = logLines(home).map((r) => r.type);
    expect(types).toEqual([
      'sign-in',
      'session-start',
      ...Array.from({ length: STEPS }, () => 'step'),
      'checklist-complete',
      'logout',
      'sign-out',
    ]);
    expect(await verify(home)).toEqual({ problems: [], records: types.length });
    const [file] = logFiles(home);
    if (process.platform !== 'win32') {
      expect(statSync(file!).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(file!)).mode & 0o777).toBe(0o700);
    }
  });

  it('interrupts a session; Ctrl+C, q, Esc and Enter do not leave it; logout does', async () => {
    const home = makeHome();
    const term = startKiosk(home, ['--operator', 'S-0012']);
    await term.waitFor('待機中');
    await term.press(KEYS.enter);
    await term.waitFor(/項目 1\/\d+/);
    await term.press(KEYS.enter);
    await term.waitFor(/項目 2\/\d+/);
    await term.press(KEYS.ctrlC);
    await term.waitFor('中断するには i を押してください');
    await term.press('q');
    expect(term.exited).toBe(false);
    // Esc and i typed in one burst (Ink sees "Alt+i"): Esc says how to interrupt, i interrupts.
    term.type(`${KEYS.esc}i`);
    await term.waitFor('中断の理由');
    await term.press(KEYS.down, KEYS.enter);
    await term.waitFor('中断しました');
    for (let i = 0; i < 5; i++) await term.press(KEYS.enter);
    await term.press(KEYS.ctrlC);
    await term.waitFor('ログアウト確認は省略できません');
    expect(term.exited).toBe(false);
    term.type('ＬＯＧＯＵＴ');
    await term.press(KEYS.enter);
    await term.waitFor('結果: 中断');
    expect(term.screen()).toContain('要確認: 中断');
    await term.press(KEYS.enter);
    await term.waitFor('待機中');
    await term.press(KEYS.ctrlC);
    expect((await term.waitForExit()).exitCode).toBe(0);

    const records = logLines(home);
    const interrupt = records.find((r) => r.type === 'interrupt');
    expect(interrupt?.payload).toMatchObject({ reason: 'pin-locked' });
    expect(records.filter((r) => r.type === 'logout')).toHaveLength(1);
    expect((await verify(home)).problems).toEqual([]);
  });

  it('is drawn in English with locale en, within 80×24', async () => {
    const home = makeHome({ locale: 'en' });
    const term = startKiosk(home);
    await term.waitFor('Sign in');
    term.type('S-01');
    await term.press(KEYS.enter, KEYS.enter);
    await term.waitFor(/Item 1\/\d+/);
    expect(term.screen()).toContain('Enter/Space confirm');
    expect(term.lines().length).toBe(24);
  });

  it('without a terminal: one clear line and exit 2, no stack trace', () => {
    const home = makeHome();
    const r = runCli([], home);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('端末（TTY）で実行してください');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a bad --operator with exit 2 before drawing', () => {
    const r = runCli(['kiosk', '--operator', '山田 太郎'], makeHome());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--operator');
    // A staff ID shaped like a My Number would be written into every record: refused, and not echoed.
    const mn = runCli(['kiosk', '--operator', '123456789018'], makeHome());
    expect(mn.code).toBe(2);
    expect(mn.stderr).toContain('個人番号');
    expect(mn.stderr).not.toContain('123456789018');
  });
});
