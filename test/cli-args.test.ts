// Bad arguments get the user's words, not Node's: which option, what is wrong, where to look; exit 2.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, requireBuild, runCli } from './helpers/kiosk.js';
import { writeWard } from './helpers/session-logs.js';

let home: string;
beforeAll(() => {
  requireBuild();
  home = fs.mkdtempSync(path.join(tmpdir(), 'cc-args-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const COMMANDS = ['kiosk', 'report', 'review', 'collect', 'verify', 'checklists', 'config', 'seal'];

/** Nothing of Node's English parseArgs text, and the quotes of the message are balanced. */
function expectOwnWords(stderr: string) {
  expect(stderr).not.toMatch(/Unknown option|To specify a positional|argument missing|does not take an argument|\n\s+at /);
  for (const [open, close] of [['「', '」'], ['（', '）']]) expect(stderr.split(open!).length).toBe(stderr.split(close!).length);
  expect((stderr.match(/"/g) ?? []).length % 2).toBe(0);
}

describe('bad arguments', () => {
  it.each(COMMANDS)('%s --bogus: names the option and the command to ask for help, in Japanese and English', (command) => {
    const ja = runCli([command, '--bogus'], home);
    expect(ja.code).toBe(2);
    expect(ja.stderr).toContain('「--bogus」というオプションはありません');
    expect(ja.stderr).toContain(`counter-checklist ${command} --help`);
    expectOwnWords(ja.stderr);
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ locale: 'en' }));
    try {
      const en = runCli([command, '--bogus'], home);
      expect(en.code).toBe(2);
      expect(en.stderr).toContain('There is no option "--bogus"');
      expectOwnWords(en.stderr);
    } finally {
      fs.rmSync(path.join(home, 'config.json'));
    }
  });

  it('kiosk with a word it does not take (a staff id without --operator) says so instead of starting', () => {
    const r = runCli(['kiosk', 'S-01'], home);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('「S-01」という引数は使えません');
    expect(r.stderr).toContain('counter-checklist kiosk --help');
    expectOwnWords(r.stderr);
  });

  it('an option missing its value, and a flag given one', () => {
    const missing = runCli(['report', '--since'], home);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--since には値が必要です');
    expectOwnWords(missing.stderr);
    const extra = runCli(['report', '--flagged=yes'], home);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('--flagged には値を付けられません');
    expectOwnWords(extra.stderr);
  });

  it('config set with a negative number gets the setting’s own rule, not an option error', () => {
    const r = runCli(['config', 'set', 'idleLimitMinutes', '-3'], home);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('idleLimitMinutes に「-3」は設定できません。1 から 120 までの整数');
    expectOwnWords(r.stderr);
  });

  it('an error quoting what was typed or named (a value, a path) writes its control characters out, never sends them', () => {
    for (const args of [
      ['config', 'set', 'organization', '北区\u001b[2J'],
      ['report', path.join(home, 'nope\u001b[31m\nFAKE')],
    ]) {
      const r = runCli(args, home);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(r.stderr).toContain('\\u001b[');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('checklists validate on a named pipe says it is not a file instead of waiting for a writer', () => {
    const fifo = path.join(home, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    try {
      const r = runCli(['checklists', 'validate', fifo], home, { timeout: 15_000 });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${fifo} はファイルではありません`);
      expectOwnWords(r.stderr);
    } finally {
      fs.rmSync(fifo);
    }
  });

  // `> file` on a full disk: the output's failure is said in words, exit 2, for the commands that
  // print a few lines as for those that stream (report, verify), never as Node's stack trace.
  it.skipIf(!fs.existsSync('/dev/full')).each([
    ['--version'],
    ['--help'],
    ['config', 'list'],
    ['checklists', 'list'],
    ['report', 'WARD', '--format', 'json'],
    ['verify', 'WARD'],
  ].map((args) => ({ name: args.join(' '), args })))('$name > /dev/full: a clear message and exit 2', ({ args: given }) => {
    const ward = path.join(home, 'ward');
    if (!fs.existsSync(ward)) writeWard(ward);
    const args = given.map((a) => (a === 'WARD' ? ward : a));
    const full = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, COUNTER_CHECKLIST_HOME: home }, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 30_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('出力を書き込めません（ENOSPC）');
      expectOwnWords(r.stderr);
    } finally {
      fs.closeSync(full);
    }
  });

  it('a reader that goes away (| head) is no failure', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --help | head -c 1 > /dev/null`], { env: { ...process.env, COUNTER_CHECKLIST_HOME: home }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('config --help names set-pin, and says kiosk settings take effect at the next start', () => {
    const r = runCli(['config', '--help'], home);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('set-pin');
    expect(r.stdout).toContain('再起動');
  });
});
