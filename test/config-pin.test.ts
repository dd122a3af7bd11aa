// `counter-checklist config set-pin`: the built bin in a pseudo-terminal, typed at like a supervisor
// would (the prompts must not echo, both must work, nothing is stored unless both PINs were typed
// and match); piped standard input; and the prompts in process on a fake terminal, to check that
// raw mode is always switched off again and stdin is left usable.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pinChecker } from '../src/config/pin.js';
import { runSetPin } from '../src/config/set-pin.js';
import { UserError } from '../src/errors.js';
import { t } from '../src/i18n/index.js';
import { BIN, ROOT, requireBuild, runCli } from './helpers/kiosk.js';
import { mountReadOnly } from './helpers/mount.js';
import { disposeAllTerminals, KEYS, spawnTerminal, type Term } from './helpers/terminal.js';

beforeAll(requireBuild);
afterEach(disposeAllTerminals);

let homes: string;
beforeAll(() => {
  homes = mkdtempSync(path.join(os.tmpdir(), 'cc-config-pin-'));
});
afterAll(() => rmSync(homes, { recursive: true, force: true }));

/** A home that does not exist yet (set-pin creates it). */
const newHome = () => path.join(mkdtempSync(path.join(homes, 'h-')), 'home');
const pinFileOf = (home: string) => path.join(home, 'state', 'supervisor-pin.json');

/**
 * `config set-pin` in a pseudo-terminal, run by a shell that compares the terminal's settings
 * (`stty -g`) before and after and prints TTY-RESTORED or TTY-CHANGED; the shell exits with the
 * bin's exit code. (Node itself also resets the terminal when it exits, so this checks what the
 * user sees, not set-pin's own cleanup: the in-process tests below check that.)
 */
function startSetPin(home: string, locale?: 'en'): Term {
  const script = [
    'before=$(stty -g)',
    `"${process.execPath}" "${BIN}" config set-pin`,
    'code=$?',
    '[ "$(stty -g)" = "$before" ] && echo TTY-RESTORED || echo TTY-CHANGED',
    'exit $code',
  ].join('\n');
  const env: Record<string, string | undefined> = { COUNTER_CHECKLIST_HOME: home, CI: undefined };
  if (locale === 'en') {
    // The locale comes from the home's config file.
    const r = runCli(['config', 'set', 'locale', 'en'], home);
    expect(r.code, r.stderr).toBe(0);
  }
  return spawnTerminal({ command: '/bin/sh', args: ['-c', script], cwd: ROOT, env });
}

/** Whether the kiosk's PIN check, reading `home`, accepts `pin`. */
function acceptsPin(home: string, pin: string): boolean {
  const saved = process.env.COUNTER_CHECKLIST_HOME;
  process.env.COUNTER_CHECKLIST_HOME = home;
  try {
    return pinChecker()(pin);
  } finally {
    if (saved === undefined) delete process.env.COUNTER_CHECKLIST_HOME;
    else process.env.COUNTER_CHECKLIST_HOME = saved;
  }
}

/** Types a string one key at a time, as on a keyboard. */
async function typeKeys(term: Term, text: string) {
  await term.press(...text.split(''));
}

describe('config set-pin on a terminal', () => {
  it('asks twice without echo, stores only a scrypt hash in a 0600 file', async () => {
    const home = newHome();
    const term = startSetPin(home);
    await term.waitFor('責任者の暗証番号（4〜12桁）: ');
    await typeKeys(term, '8642');
    await term.press(KEYS.enter);
    await term.waitFor('もう一度: ');
    await typeKeys(term, '8642');
    await term.press(KEYS.enter);
    const exit = await term.waitForExit();
    const screen = term.screen();
    expect(exit.exitCode, screen).toBe(0);
    expect(screen).toContain('責任者の暗証番号を設定しました');
    expect(screen).toContain('TTY-RESTORED');
    expect(term.output()).not.toContain('8642');

    const file = pinFileOf(home);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/8642/);
    const stored = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['N', 'algorithm', 'hash', 'p', 'r', 'salt']);
    expect(stored.algorithm).toBe('scrypt');
  });

  it('Backspace edits the PIN being typed; both PINs typed ahead in one go work too', async () => {
    const home = newHome();
    const term = startSetPin(home, 'en');
    await term.waitFor('Supervisor PIN (4-12 digits): ');
    // 13579 typed, then one Backspace (and a BS from terminals that send ^H): 135 + 7 = 1357
    await typeKeys(term, '13579');
    await term.press(KEYS.backspace, '\b', '7');
    await term.press(KEYS.enter);
    await term.waitFor('Again: ');
    await typeKeys(term, '1357');
    await term.press(KEYS.enter);
    expect((await term.waitForExit()).exitCode, term.screen()).toBe(0);
    expect(term.screen()).toContain('Supervisor PIN set');
    expect(term.output()).not.toMatch(/135/);

    // The kiosk's checker accepts exactly the edited PIN.
    expect(acceptsPin(home, '1357')).toBe(true);
    expect(acceptsPin(home, '13579')).toBe(false);
    expect(acceptsPin(home, '1359')).toBe(false);

    const again = newHome();
    const ahead = startSetPin(again);
    await ahead.waitFor('責任者の暗証番号（4〜12桁）: ');
    ahead.type('2468\r2468\r');
    expect((await ahead.waitForExit()).exitCode, ahead.screen()).toBe(0);
    expect(existsSync(pinFileOf(again))).toBe(true);
    expect(ahead.output()).not.toContain('2468');
  });

  it('two different PINs: exit 2 with a translated message, nothing stored', async () => {
    const home = newHome();
    const term = startSetPin(home);
    await term.waitFor('責任者の暗証番号（4〜12桁）: ');
    await typeKeys(term, '1234');
    await term.press(KEYS.enter);
    await term.waitFor('もう一度: ');
    await typeKeys(term, '4321');
    await term.press(KEYS.enter);
    expect((await term.waitForExit()).exitCode, term.screen()).toBe(2);
    const screen = term.screen();
    expect(screen).toContain('エラー: 2回入力した暗証番号が一致しません。');
    expect(screen).toContain('TTY-RESTORED');
    expect(screen).not.toMatch(/1234|4321|config\.pin|^\s+at /m);
    expect(existsSync(pinFileOf(home))).toBe(false);
  });

  it('Ctrl+C at the first prompt cancels: exit 2, a translated message, nothing stored', async () => {
    const home = newHome();
    const term = startSetPin(home);
    await term.waitFor('責任者の暗証番号（4〜12桁）: ');
    await typeKeys(term, '99');
    await term.press(KEYS.ctrlC);
    expect((await term.waitForExit()).exitCode, term.screen()).toBe(2);
    const screen = term.screen();
    expect(screen).toContain('エラー: 暗証番号の設定を中止しました。');
    expect(screen).toContain('TTY-RESTORED');
    expect(screen).not.toContain('もう一度');
    expect(term.output()).not.toContain('99');
    expect(existsSync(pinFileOf(home))).toBe(false);
  });

  it('Ctrl+C at the second prompt cancels too (English)', async () => {
    const home = newHome();
    const term = startSetPin(home, 'en');
    await term.waitFor('Supervisor PIN (4-12 digits): ');
    await typeKeys(term, '5555');
    await term.press(KEYS.enter);
    await term.waitFor('Again: ');
    await term.press(KEYS.ctrlC);
    expect((await term.waitForExit()).exitCode, term.screen()).toBe(2);
    expect(term.screen()).toContain('Error: Setting the PIN was cancelled.');
    expect(term.screen()).toContain('TTY-RESTORED');
    expect(existsSync(pinFileOf(home))).toBe(false);
  });

  it('a first PIN that is not 4 to 12 digits is refused before the second prompt', async () => {
    const home = newHome();
    const term = startSetPin(home);
    await term.waitFor('責任者の暗証番号（4〜12桁）: ');
    await typeKeys(term, '12');
    await term.press(KEYS.enter);
    expect((await term.waitForExit()).exitCode, term.screen()).toBe(2);
    expect(term.screen()).toContain('暗証番号は4〜12桁の数字にしてください。');
    expect(term.screen()).not.toContain('もう一度');
    expect(existsSync(pinFileOf(home))).toBe(false);
  });
});

describe('config set-pin with piped standard input', () => {
  it('reads one line, stores only the hash', () => {
    const home = newHome();
    const r = runCli(['config', 'set-pin'], home, { input: '7531\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('責任者の暗証番号を設定しました');
    expect(r.stdout).not.toContain('7531');
    expect(statSync(pinFileOf(home)).mode & 0o777).toBe(0o600);
    expect(readFileSync(pinFileOf(home), 'utf8')).not.toContain('7531');
  });

  /** The one line set-pin prints on stderr for `home`; exit 2, nothing on stdout. */
  function failsWithOneLine(home: string): string {
    const r = runCli(['config', 'set-pin'], home, { input: '7531\n' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines, r.stderr).toHaveLength(1);
    // Outside the paths it names: a temporary folder's random name can read like an errno code.
    expect(lines[0]!.split(home).join('HOME')).not.toMatch(/\bE[A-Z]{3,}\b|予期しない|config\.pin|\bat\s/);
    return lines[0]!;
  }

  it('a home under a regular file: one line naming the PIN file and the file in the way', () => {
    const parent = path.join(mkdtempSync(path.join(homes, 'h-')), 'not-a-folder');
    writeFileSync(parent, 'x');
    const home = path.join(parent, 'home');
    expect(failsWithOneLine(home)).toBe(`エラー: 暗証番号のファイル ${pinFileOf(home)} を保存できません: ${parent} はフォルダではありません。`);
  });

  it('a read-only home: one line naming the PIN file and the read-only folder', (ctx) => {
    const mount = mountReadOnly();
    if ('reason' in mount) return ctx.skip(`read-only mount not available: ${mount.reason}`);
    try {
      for (const home of [mount.dir, path.join(mount.dir, 'home')]) {
        expect(failsWithOneLine(home)).toBe(
          `エラー: 暗証番号のファイル ${pinFileOf(home)} を保存できません: ${mount.dir} は読み取り専用のファイルシステムにあります。`,
        );
      }
    } finally {
      mount.unmount();
    }
  });

  it('refuses a bad PIN with exit 2, nothing stored', () => {
    const home = newHome();
    const r = runCli(['config', 'set-pin'], home, { input: 'abcd\n' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('エラー: 暗証番号は4〜12桁の数字にしてください。');
    expect(existsSync(pinFileOf(home))).toBe(false);
  });
});

/** A stand-in for a terminal's stdin: records raw-mode switches; chunks are "typed" with push. */
class FakeTty extends PassThrough {
  readonly isTTY = true;
  isRaw = false;
  readonly rawModes: boolean[] = [];
  setRawMode(mode: boolean) {
    this.isRaw = mode;
    this.rawModes.push(mode);
    return this;
  }
}

describe('set-pin prompts in process (fake terminal)', () => {
  let home: string;
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.COUNTER_CHECKLIST_HOME;
    home = newHome();
    process.env.COUNTER_CHECKLIST_HOME = home;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.COUNTER_CHECKLIST_HOME;
    else process.env.COUNTER_CHECKLIST_HOME = saved;
  });

  /** Runs set-pin with `chunks` typed (each a separate read); `end` closes stdin afterwards. */
  async function run(chunks: string[], opts: { end?: boolean; locale?: 'ja' | 'en' } = {}) {
    const stdin = new FakeTty();
    const written: string[] = [];
    const stdout = { write: (text: string) => written.push(text) };
    for (const c of chunks) stdin.write(c);
    if (opts.end) stdin.end();
    let error: unknown;
    let result: string | undefined;
    try {
      result = await runSetPin(opts.locale ?? 'ja', { stdin, stdout });
    } catch (e) {
      error = e;
    }
    return { stdin, output: written.join(''), result, error };
  }

  /**
   * Raw mode on once, off once at the end; stdin left paused with no listener of ours, and not
   * destroyed (unless it ended by itself).
   */
  function expectTerminalRestored(stdin: FakeTty) {
    expect(stdin.rawModes).toEqual([true, false]);
    expect(stdin.isRaw).toBe(false);
    if (!stdin.readableEnded) expect(stdin.destroyed).toBe(false);
    expect(stdin.isPaused()).toBe(true);
    expect(stdin.listenerCount('data')).toBe(0);
    expect(stdin.listenerCount('end')).toBe(0);
  }

  const cancelled = (e: unknown) => e instanceof UserError && e.key === 'config.pin.cancelled';

  it('both prompts read (the stream is not destroyed after the first), only the hash is stored', async () => {
    const r = await run(['4', '8', '1', '5', '\r', '4815', '\r']);
    expect(r.error).toBeUndefined();
    expect(r.result).toContain('責任者の暗証番号を設定しました');
    expect(r.output).toBe('責任者の暗証番号（4〜12桁）: \nもう一度: \n');
    expectTerminalRestored(r.stdin);
    expect(acceptsPin(home, '4815')).toBe(true);
  });

  it('Backspace (DEL or BS) edits, arrow keys are ignored, CR LF is one Enter', async () => {
    const r = await run(['12345\u007f\b6', '\u001b[D\u001b[A', '\r\n', '1236\r']);
    expect(r.error).toBeUndefined();
    expectTerminalRestored(r.stdin);
    expect(acceptsPin(home, '1236')).toBe(true);
  });

  it('a mismatch, a bad first PIN, Ctrl+C, Ctrl+D and the end of input all store nothing and restore the terminal', async () => {
    const cases: [string[], boolean, (e: unknown) => boolean][] = [
      [['1234\r', '4321\r'], false, (e) => e instanceof UserError && e.key === 'config.pin.mismatch'],
      [['12\r'], false, (e) => e instanceof UserError && e.key === 'config.pin.invalid'],
      [['12\u0003'], false, cancelled],
      [['1234\r', '\u0003'], false, cancelled],
      [['1234\r', '12\u0004'], false, cancelled],
      [['1234'], true, cancelled],
    ];
    for (const [chunks, end, expected] of cases) {
      const r = await run(chunks, { end });
      expect(expected(r.error), JSON.stringify(chunks)).toBe(true);
      expectTerminalRestored(r.stdin);
      expect(r.output.replace('（4〜12桁）', '')).not.toMatch(/[0-9]/); // nothing typed is echoed
      expect(existsSync(pinFileOf(home))).toBe(false);
    }
  });

  it('the cancel message is translated', () => {
    expect(t('ja', 'config.pin.cancelled')).toBe('暗証番号の設定を中止しました。');
    expect(t('en', 'config.pin.cancelled')).toBe('Setting the PIN was cancelled.');
  });
});
