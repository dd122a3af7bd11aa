// The kiosk when things go wrong around it: signals, a second kiosk, an unwritable log, an
// injected write failure, the supervisor lock — all on the built bin in a real terminal.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readLogs } from '../src/log/reader.js';
import { LOCK_FILE } from '../src/log/lock.js';
import { disposeAllTerminals, KEYS, type Term } from './helpers/terminal.js';
import { logLines, makeHome, requireBuild, runCli, startKiosk } from './helpers/kiosk.js';
import { happyPath, shipped } from './helpers/fixtures.js';

beforeAll(requireBuild);
afterEach(disposeAllTerminals);

async function inSession(term: Term) {
  await term.waitFor('待機中');
  await term.press(KEYS.enter);
  await term.waitFor(/項目 1\/\d+/);
  await term.press(KEYS.enter);
  await term.waitFor(/項目 2\/\d+/);
}

async function problems(home: string) {
  const out: string[] = [];
  for await (const item of readLogs([path.join(home, 'logs')])) if (item.kind === 'problem') out.push(item.problem);
  return out;
}

describe('signals', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`${signal} mid-session: an exit record, the terminal restored, the gate at the next start`, async () => {
      const home = makeHome();
      const term = startKiosk(home, ['--operator', 'S-01']);
      await inSession(term);
      term.kill(signal);
      expect((await term.waitForExit()).exitCode).toBe(code);
      expect(term.output()).toContain('\u001b[?1049l'); // left the alternate screen
      expect(term.output()).toContain('\u001b[?25h'); // cursor shown again
      const exit = logLines(home).at(-1);
      expect(exit).toMatchObject({ type: 'exit', payload: { signal } });

      const again = startKiosk(home);
      await again.waitFor('前回のセッションが終了していません');
      // The last step is named (the first item, confirmed), never hidden behind the exit record.
      const first = shipped().checklist.sections[0]!.items[0]!.text.ja;
      await again.waitFor((s) => s.replace(/\s*[│║]\s*/g, '').includes(first.slice(0, 12)));
      expect(again.screen()).toContain('最後の記録: 確認済み: ');
      expect(again.screen()).not.toContain('セッションの途中');
      again.type('logout');
      await again.press(KEYS.enter);
      await again.waitFor('結果: 復旧');
      expect(await problems(home)).toEqual([]);
    });
  }

  it('SIGTERM on Ready ends quietly: no exit record, nothing to recover', async () => {
    const home = makeHome();
    const term = startKiosk(home, ['--operator', 'S-01']);
    await term.waitFor('待機中');
    term.kill('SIGTERM');
    await term.waitForExit();
    expect(logLines(home).map((r) => r.type)).toEqual(['sign-in']);
    const again = startKiosk(home);
    await again.waitFor('スタッフIDを入力して');
  });
});

describe('one kiosk per terminal log', () => {
  it('a second kiosk says which process holds the log and exits 2', async () => {
    const home = makeHome();
    const first = startKiosk(home);
    await first.waitFor('スタッフIDを入力して');
    const second = startKiosk(home);
    const { exitCode } = await second.waitForExit();
    expect(exitCode).toBe(2);
    expect(second.screen()).toContain(`pid ${first.pid}`);
    expect(second.screen()).not.toMatch(/\n\s+at /);
    // The first kiosk is untouched and still works.
    first.type('S-01');
    await first.press(KEYS.enter);
    await first.waitFor('待機中');
  });

  it('a stale lock (its process gone) is taken over', async () => {
    const home = makeHome();
    const folder = path.join(home, 'logs', 'T-E2E');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), since: 'x' }));
    const term = startKiosk(home);
    await term.waitFor('スタッフIDを入力して');
    expect(JSON.parse(readFileSync(path.join(folder, LOCK_FILE), 'utf8')).pid).toBe(term.pid);
    await term.press(KEYS.ctrlC);
    await term.waitForExit();
  });
});

describe('fail-safe logging', () => {
  /** A kiosk killed mid-session: its session is open in the log. */
  async function killedMidSession(home: string) {
    const term = startKiosk(home, ['--operator', 'S-01']);
    await inSession(term);
    term.kill('SIGKILL');
    await term.waitForExit();
  }

  it('a retry after a failed start re-reads the log: the killed session is gated before sign-in', async () => {
    const home = makeHome();
    await killedMidSession(home);
    // The first open of the restart (the lock's file) fails as on a read-only disk.
    const term = startKiosk(home, [], { COUNTER_CHECKLIST_TEST_FAULT: 'open:1:EROFS' });
    await term.waitFor('記録を保存できません');
    expect(term.screen()).toContain('EROFS');
    await term.press('r');
    await term.waitFor('前回のセッションが終了していません');
    term.type('S-02');
    await term.waitFor('logout: S-02'); // typed into the gate's field: no sign-in, no Ready
    await term.press(KEYS.enter);
    await term.waitFor('入力された語は logout ではありませんでした'); // a wrong word, told as such
    expect(term.screen()).toContain('前回のセッションが終了していません');
    term.type('logoxx');
    await term.waitFor('logout: logoxx');
    term.type('\u007f\u007f'); // a burst of Backspaces in one read: each one deletes
    await term.waitFor(/logout: logo\s+║/);
    term.type('ut');
    await term.waitFor('logout: logout');
    await term.press(KEYS.enter);
    await term.waitFor('結果: 復旧');
    const types = logLines(home).map((r) => r.type);
    expect(types.slice(-2)).toEqual(['recovery', 'logout']);
    expect(types.filter((t) => t === 'session-start')).toHaveLength(1);
  });

  it('the same on a real read-only mount (root only): EROFS at start, then writable and r', async (ctx) => {
    const home = makeHome();
    await killedMidSession(home);
    const logs = path.join(home, 'logs');
    const mnt = path.join(home, 'ro');
    mkdirSync(mnt);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt]).status !== 0) {
      ctx.skip(); // not root, or no mount in this sandbox: the fault-seam test above covers the path
      return;
    }
    try {
      cpSync(logs, mnt, { recursive: true });
      writeFileSync(path.join(home, 'config.json'), JSON.stringify({ terminalId: 'T-E2E', logDir: mnt }));
      expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
      const term = startKiosk(home);
      await term.waitFor('記録を保存できません');
      expect(term.screen()).toContain('EROFS');
      expect(spawnSync('mount', ['-o', 'remount,rw', mnt]).status).toBe(0);
      await term.press('r');
      await term.waitFor('前回のセッションが終了していません');
      term.type('logout');
      await term.press(KEYS.enter);
      await term.waitFor('結果: 復旧');
      await term.press(KEYS.enter);
      await term.waitFor('スタッフIDを入力して');
      await term.press(KEYS.ctrlC);
      await term.waitForExit();
    } finally {
      spawnSync('umount', ['-l', mnt]);
    }
  });

  it('an unwritable log folder: nothing starts, the screen says why, r retries once it is fixed', async () => {
    const home = makeHome();
    const blocked = path.join(home, 'blocked');
    writeFileSync(blocked, 'a file where the log folder should be');
    writeFileSync(path.join(home, 'config.json'), JSON.stringify({ terminalId: 'T-E2E', logDir: path.join(blocked, 'logs') }));
    const term = startKiosk(home);
    await term.waitFor('記録を保存できません');
    expect(term.screen()).toMatch(/ENOTDIR|EEXIST/);
    term.type('S-01');
    await term.press(KEYS.enter);
    await term.waitFor('記録を保存できません');
    expect(term.screen()).not.toContain('待機中');

    rmSync(blocked);
    mkdirSync(blocked);
    await term.press('r');
    await term.waitFor('スタッフID: S-01'); // the sign-in screen again, with what was typed kept
    await term.press(KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace);
    term.type('S-01');
    await term.press(KEYS.enter);
    await term.waitFor('待機中');
    const lines = readFileSync(path.join(blocked, 'logs', 'T-E2E', readdirOne(path.join(blocked, 'logs', 'T-E2E'))), 'utf8');
    expect(lines).toContain('"sign-in"');
  });

  it('an injected fsync failure: the step is not shown as done; after r it is, once, and the unacknowledged line is kept aside', async () => {
    const home = makeHome();
    // fsync #1–2: the new folders logs/ and logs/T-E2E (their parents); #3 the new day file's
    // folder; #4 sign-in; #5 session-start; #6 the first step fails (written, not acknowledged).
    const term = startKiosk(home, ['--operator', 'S-01'], { COUNTER_CHECKLIST_TEST_FAULT: 'fsync:6' });
    await term.waitFor('待機中');
    await term.press(KEYS.enter);
    await term.waitFor(/項目 1\/\d+/);
    await term.press(KEYS.enter);
    await term.waitFor('記録を保存できません');
    expect(term.screen()).toContain('EIO');
    await term.press(KEYS.enter, KEYS.enter);
    await term.press('r');
    await term.waitFor(/項目 1\/\d+/); // still the first item: it was never shown as done
    await term.press(KEYS.enter);
    await term.waitFor(/項目 2\/\d+/);
    expect(await problems(home)).toEqual([]);
    const lines = logLines(home);
    // The step that failed was moved aside at the retry; the log holds it once, as acknowledged.
    expect(lines.map((r) => r.type)).toEqual(['sign-in', 'session-start', 'repair', 'step']);
    expect(lines[2]).toMatchObject({ payload: { cause: 'unacknowledged' } });
    const folder = path.join(home, 'logs', 'T-E2E');
    const broken = readdirSync(folder).filter((f) => f.endsWith('.broken'));
    expect(broken).toHaveLength(1);
    expect(readFileSync(path.join(folder, broken[0]!), 'utf8')).toContain('"initial-screen"');
  });

  it('a failed last step (confirm and checklist-complete in one write) is never in the log twice after r', async () => {
    const home = makeHome();
    const path_ = happyPath(shipped().checklist);
    // write #1: the lock file; #2 sign-in; #3 session-start; then one write per item: the last
    // item's confirm and checklist-complete are one write, and it fails.
    const term = startKiosk(home, ['--operator', 'S-01'], { COUNTER_CHECKLIST_TEST_FAULT: `write:${3 + path_.length}` });
    await term.waitFor('待機中');
    await term.press(KEYS.enter);
    for (const key of path_) await term.press(key === 'y' ? 'y' : KEYS.enter);
    await term.waitFor('記録を保存できません');
    await term.press('r');
    await term.waitFor(`項目 ${path_.length}/${path_.length}`);
    await term.press(KEYS.enter);
    await term.waitFor('チェックリスト完了。');
    const types = logLines(home).map((r) => r.type);
    expect(types.filter((t) => t === 'step')).toHaveLength(path_.length);
    expect(types.filter((t) => t === 'checklist-complete')).toHaveLength(1);
    expect(types.at(-1)).toBe('checklist-complete');
    expect(await problems(home)).toEqual([]);
  });
});

function readdirOne(dir: string): string {
  return readdirSync(dir).filter((f) => f.endsWith('.jsonl'))[0]!;
}

describe('kiosk lock', () => {
  it('needs a PIN to be set first', () => {
    const home = makeHome({ kioskLock: true });
    const r = runCli(['kiosk'], home);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('config set-pin');
  });

  it('asks the supervisor PIN to exit from Ready; the PIN is stored only as a hash', async () => {
    const home = makeHome();
    const set = runCli(['config', 'set-pin'], home, { input: '2468\n' });
    expect(set.code).toBe(0);
    const pinFile = path.join(home, 'state', 'supervisor-pin.json');
    expect(readFileSync(pinFile, 'utf8')).not.toContain('2468');
    expect(statSync(pinFile).mode & 0o777).toBe(0o600);
    expect(runCli(['config', 'set', 'kioskLock', 'true'], home).code).toBe(0);

    const term = startKiosk(home, ['--operator', 'S-01']);
    await term.waitFor('待機中');
    await term.press(KEYS.ctrlC);
    await term.waitFor('責任者の暗証番号');
    term.type('1111');
    await term.press(KEYS.enter);
    await term.waitFor('暗証番号が違います');
    expect(term.exited).toBe(false);
    term.type('２４６８');
    await term.press(KEYS.enter);
    expect((await term.waitForExit()).exitCode).toBe(0);
  });

  it('refuses a PIN that is not 4 to 12 digits', () => {
    const r = runCli(['config', 'set-pin'], makeHome(), { input: '12\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('4〜12桁');
  });
});

describe('PII guard in the real terminal', () => {
  it('a My Number typed as a skip reason is refused and never reaches the log', async () => {
    const home = makeHome();
    const term = startKiosk(home, ['--operator', 'S-01']);
    await term.waitFor('待機中');
    await term.press(KEYS.enter);
    await term.waitFor(/項目 1\/\d+/);
    await term.press('s');
    await term.waitFor('スキップの理由');
    term.type('番号 １２３４ ５６７８ ９０１８');
    await term.press(KEYS.enter);
    await term.waitFor('個人番号（マイナンバー）');
    expect(term.screen()).toContain('スキップの理由'); // still in the prompt, nothing skipped
    const all = logLines(home).map((r) => JSON.stringify(r)).join('\n');
    expect(all).not.toMatch(/9018|９０１８/);
  });
});
