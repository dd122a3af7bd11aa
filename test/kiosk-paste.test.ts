// Pastes and keys typed ahead, in a real terminal: the built kiosk asks for bracketed paste, a paste
// is text for a field at most (its newlines never confirm anything), and every key of a burst acts.
// Once through node-pty (markers written by hand, as a terminal sends them), once through tmux's
// own paste (which adds the markers only when the application asked for them).
import { execFileSync, spawnSync } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shipped } from './helpers/fixtures.js';
import { disposeAllTerminals, KEYS, type Term } from './helpers/terminal.js';
import { BIN, logLines, makeHome, requireBuild, ROOT, startKiosk } from './helpers/kiosk.js';

beforeAll(requireBuild);
afterEach(disposeAllTerminals);

const PASTE = (s: string) => `\u001b[200~${s}\u001b[201~`;
const steps = (home: string) => logLines(home).filter((r) => r.type === 'step').map((r) => (r.payload as { action: string; item: string }));

async function atFirstItem(home: string): Promise<Term> {
  const term = startKiosk(home, ['--operator', 'S-01']);
  await term.waitFor('待機中');
  await term.press(KEYS.enter);
  await term.waitFor(/項目 1\/\d+/);
  return term;
}

describe('pastes in a real terminal', () => {
  it('asks for bracketed paste at start and turns it off on the way out', async () => {
    const home = makeHome();
    const term = startKiosk(home);
    await term.waitFor('スタッフIDを入力して');
    expect(term.output()).toContain('\u001b[?2004h');
    await term.press(KEYS.ctrlC);
    await term.waitForExit();
    const out = term.output();
    expect(out.lastIndexOf('\u001b[?2004l')).toBeGreaterThan(out.lastIndexOf('\u001b[?2004h'));
  });

  it('a pasted skip reason with newlines is one line of text: nothing is confirmed by it', async () => {
    const home = makeHome();
    const term = await atFirstItem(home);
    term.type('s');
    await term.waitFor('スキップの理由');
    term.type(PASTE('reason one\r\r\r\r'));
    await term.waitFor('スキップの理由: reason one');
    expect(steps(home)).toEqual([]);
    await term.press(KEYS.enter);
    await term.waitFor(/項目 2\/\d+/);
    expect(steps(home)).toEqual([expect.objectContaining({ action: 'skip', item: 'initial-screen' })]);
    expect(logLines(home).find((r) => r.type === 'step')).toMatchObject({ payload: { reason: 'reason one' } });
  });

  it('a pasted note cannot reach the gate; a My Number in it is refused; a paste at the gate or on an item does nothing', async () => {
    const home = makeHome();
    const term = await atFirstItem(home);
    term.type(PASTE('\r\r\r'));
    await term.waitFor('貼り付けはここでは使えません');
    expect(steps(home)).toEqual([]);
    term.type('i');
    await term.waitFor('中断の理由');
    // その他（内容を入力）: the reason that asks for a note, by its number on the list.
    term.type(String(shipped().checklist.interruptReasons.findIndex((r) => r.note) + 1));
    await term.press(KEYS.enter);
    await term.waitFor('内容を短く入力して');
    term.type(PASTE('1234\n5678\n9018'));
    await term.waitFor('1234 5678 9018');
    await term.press(KEYS.enter);
    await term.waitFor('個人番号（マイナンバー）と思われる');
    expect(logLines(home).map((r) => r.type)).toEqual(['sign-in', 'session-start']);
    await term.press(...Array(14).fill(KEYS.backspace));
    term.type('power cut');
    await term.press(KEYS.enter);
    await term.waitFor('中断しました');
    term.type(PASTE('logout\r'));
    await term.waitFor('ログアウト確認は貼り付けできません');
    expect(logLines(home).map((r) => r.type)).not.toContain('logout');
    term.type('logout');
    await term.press(KEYS.enter);
    await term.waitFor('セッション終了');
    expect(JSON.stringify(logLines(home))).not.toContain('9018');
  });

  it('keys typed ahead in one read each act once, in order', async () => {
    const home = makeHome();
    const term = await atFirstItem(home);
    term.type('\r \r'); // three confirmations typed ahead: Enter, Space, Enter
    await term.waitFor(/項目 4\/\d+/);
    expect(steps(home).map((s) => s.action)).toEqual(['confirm', 'confirm', 'confirm']);
    term.type('sxyz\u007f\u007f\r'); // skip, type, two Backspaces, Enter
    await term.waitFor(/項目 5\/\d+/);
    expect(logLines(home).filter((r) => r.type === 'step').at(-1)).toMatchObject({ payload: { action: 'skip', reason: 'x' } });
  });
});

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

describe('a paste through tmux (the markers come only when the kiosk asks for them)', () => {
  it.skipIf(!hasTmux && !process.env.CI)('pastes a reason with newlines as text; it confirms nothing', async () => {
    expect(hasTmux, 'tmux is needed (.ci/run installs it)').toBe(true);
    const home = makeHome();
    const session = `cc-paste-${process.pid}`;
    const tmux = (...args: string[]) => execFileSync('tmux', ['-L', session, ...args], { encoding: 'utf8' });
    const screen = () => tmux('capture-pane', '-p', '-t', session);
    const waitFor = async (text: string) => {
      for (let i = 0; i < 200; i++) {
        if (screen().includes(text)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`tmux: "${text}" not shown:\n${screen()}`);
    };
    const env = `env -u CI -u NO_COLOR COUNTER_CHECKLIST_HOME=${home} LANG=C.UTF-8`;
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', session, '-x', '80', '-y', '24', `cd ${ROOT} && ${env} ${process.execPath} ${BIN} --operator S-01`);
    try {
      await waitFor('待機中');
      tmux('send-keys', '-t', session, 'Enter');
      await waitFor('項目 1/');
      tmux('send-keys', '-t', session, 's');
      await waitFor('スキップの理由');
      tmux('set-buffer', '-b', 'cc', 'reason one\n\n\n\n');
      tmux('paste-buffer', '-p', '-b', 'cc', '-t', session);
      await waitFor('スキップの理由: reason one');
      expect(steps(home)).toEqual([]);
      tmux('send-keys', '-t', session, 'Enter');
      await waitFor('項目 2/');
      expect(steps(home)).toHaveLength(1);
    } finally {
      spawnSync('tmux', ['-L', session, 'kill-server']);
    }
  });
});
