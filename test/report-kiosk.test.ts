// `report` and `verify` on logs written by the real kiosk in a real terminal: a completed session, an
// interrupted one, one killed and recovered at the next start, one killed and never recovered.
import * as fs from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReportDocument } from '../src/report/document.js';
import { happyPath, shipped } from './helpers/fixtures.js';
import { logLines, makeHome, requireBuild, runCli, startKiosk } from './helpers/kiosk.js';
import { disposeAllTerminals, KEYS, type Term } from './helpers/terminal.js';

beforeAll(requireBuild);
afterEach(disposeAllTerminals);

async function signIn(term: Term, id: string) {
  await term.waitFor('スタッフIDを入力して');
  term.type(id);
  await term.press(KEYS.enter);
  await term.waitFor('待機中');
}

async function logout(term: Term, result: string) {
  term.type('logout');
  await term.press(KEYS.enter);
  await term.waitFor(`結果: ${result}`);
}

describe('report on logs the kiosk wrote', () => {
  it('shows each session with the right outcome and flags in json, csv and table; verify is clean', async () => {
    const home = makeHome();
    let term = startKiosk(home);
    await signIn(term, 'S-0012');
    // 1. Completed.
    await term.press(KEYS.enter);
    await term.waitFor(/項目 1\/\d+/);
    for (const key of happyPath(shipped().checklist)) await term.press(key === 'y' ? 'y' : KEYS.enter);
    await term.waitFor('logout と入力して Enter');
    await logout(term, '完了');
    await term.press(KEYS.enter);
    await term.waitFor('待機中');
    // 2. Interrupted.
    await term.press(KEYS.enter);
    await term.waitFor(/項目 1\/\d+/);
    await term.press(KEYS.enter);
    await term.waitFor(/項目 2\/\d+/);
    await term.press('i');
    await term.waitFor('中断の理由');
    await term.press(KEYS.enter);
    await term.waitFor('中断しました');
    await logout(term, '中断');
    await term.press(KEYS.enter);
    await term.waitFor('待機中');
    // 3. Killed mid-session...
    await term.press(KEYS.enter);
    await term.waitFor(/項目 1\/\d+/);
    await term.press(KEYS.enter);
    await term.waitFor(/項目 2\/\d+/);
    term.kill('SIGKILL');
    await term.waitForExit();
    // ... and recovered through its gate at the next start.
    term = startKiosk(home);
    await term.waitFor('前回のセッションが終了していません');
    await logout(term, '復旧');
    await term.press(KEYS.enter);
    await signIn(term, '0034');
    // 4. Killed, not started again: still open.
    await term.press(KEYS.enter);
    await term.waitFor(/項目 1\/\d+/);
    await term.press(KEYS.enter);
    await term.waitFor(/項目 2\/\d+/);
    term.kill('SIGKILL');
    await term.waitForExit();

    const starts = logLines(home)
      .filter((r) => r.type === 'session-start')
      .map((r) => r.session as string);
    expect(starts).toHaveLength(4);
    const [completed, interrupted, recovered, open] = starts as [string, string, string, string];

    const json = runCli(['report', '--format', 'json'], home);
    expect(json.code, json.stderr).toBe(0);
    const doc = ReportDocument.parse(JSON.parse(json.stdout));
    const got = Object.fromEntries(doc.sessions.map((s) => [s.id, [s.outcome, s.flags.join(',') || '-', s.logoutConfirmed, s.operator]]));
    expect(got).toEqual({
      [completed]: ['completed', '-', true, 'S-0012'],
      [interrupted]: ['interrupted', 'interrupted', true, 'S-0012'],
      [recovered]: ['recovered', 'unclean-exit', true, 'S-0012'],
      [open]: ['open', 'no-logout', false, '0034'],
    });
    expect(doc.summary).toMatchObject({ sessions: 4, completed: 1, incomplete: 3, byTerminal: { 'T-E2E': { sessions: 4, incomplete: 3 } } });
    expect(doc.integrity).toEqual([]);

    const csv = runCli(['report', '--format', 'csv'], home);
    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith('\uFEFFid,terminal,operator,')).toBe(true);
    const rows = csv.stdout.slice(1).split('\r\n').slice(1, -1);
    expect(rows).toHaveLength(4);
    const row = (id: string) => rows.find((r) => r.startsWith(id))!;
    expect(row(completed)).toMatch(/,completed,true,,false,,,,$/);
    expect(row(interrupted)).toMatch(/,interrupted,true,interrupted,false,[a-z-]+,,,$/);
    expect(row(recovered)).toMatch(/,recovered,true,unclean-exit,false,,,,$/);
    expect(row(open)).toMatch(/^[^,]+,"=""T-E2E""","=""0034""",.*,,open,false,no-logout,false,,,,$/);

    const table = runCli(['report', '--format', 'table'], home).stdout.split('\n');
    const at = (id: string) => table.findIndex((l) => l.startsWith(id.slice(0, 8)));
    // The flow column: the shipped checklist's Japanese title, cut to 9 columns by display width.
    expect(table[at(interrupted)]).toMatch(/T-E2E\s+S-0012\s+自治体マ…\s+中断\s+中断$/);
    expect(table[at(recovered)]).toMatch(/S-0012\s+自治体マ…\s+復旧\s+異常終了$/);
    // ログアウト未確認 is wider than the flags' 12 columns at 80: it goes on over the next line.
    expect(table[at(open)]).toMatch(/0034\s+自治体マ…\s+未終了\s+ログアウト$/);
    expect(table[at(open) + 1]!.trim()).toBe('未確認');
    expect(table[at(completed)]).toMatch(/S-0012\s+自治体マ…\s+完了$/);
    expect(at(completed)).toBeGreaterThan(Math.max(at(interrupted), at(recovered), at(open)));
    expect(table.find((l) => l.startsWith('T-E2E'))).toMatch(/^T-E2E\s+4\s+3\s+\[########\.\.\]\s+75\.0%$/);

    const verify = runCli(['verify'], home);
    expect(verify.stdout).toMatch(/^問題はありません/);
    expect(verify.code).toBe(0);
    fs.rmSync(home, { recursive: true, force: true });
  }, 120_000);
});
