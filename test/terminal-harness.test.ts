// Proves the real-terminal harness (test/helpers/terminal.ts) without the kiosk: plain node
// output, a small inline Ink program driven by keys, and signals.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  KEYS,
  assertLinesFit,
  assertNoOverflow,
  disposeAllTerminals,
  lineCellWidth,
  measureWidths,
  spawnTerminal,
} from './helpers/terminal.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromProject = createRequire(join(projectRoot, 'package.json'));
const node = process.execPath;

afterEach(() => {
  disposeAllTerminals();
});

describe('plain output', () => {
  it('renders Japanese (wide) text and colours like a real terminal', async () => {
    const term = spawnTerminal({
      command: node,
      args: [
        '-e',
        "process.stdout.write('こんにちは、窓口\\n\\u001b[31mred ASCII line\\u001b[0m\\nenv CI=' + (process.env.CI ?? 'unset') + ' TERM=' + process.env.TERM + ' tty=' + process.stdout.isTTY + ' ' + process.stdout.columns + 'x' + process.stdout.rows + '\\n')",
      ],
    });
    const screen = await term.waitFor('env CI=');
    expect(term.lines().slice(0, 3)).toEqual([
      'こんにちは、窓口',
      'red ASCII line',
      'env CI=unset TERM=xterm-256color tty=true 80x24',
    ]);
    expect(screen.split('\n')).toHaveLength(3); // trailing blank rows are dropped from screen()
    expect(term.lines()).toHaveLength(24);

    const buffer = term.xterm.buffer.active;
    const jp = buffer.getLine(0);
    const red = buffer.getLine(1);
    if (!jp || !red) throw new Error('missing rows');
    // 8 wide characters = 16 cells; each occupies a 2-wide cell plus a 0-wide continuation cell.
    expect(lineCellWidth(jp)).toBe(16);
    expect(jp.getCell(0)?.getWidth()).toBe(2);
    expect(jp.getCell(1)?.getWidth()).toBe(0);
    expect(jp.getCell(2)?.getChars()).toBe('ん');
    expect(jp.getCell(10)?.getChars()).toBe('、');
    // SGR 31 → palette colour 1 on the ASCII line, default colour on the Japanese line.
    expect(red.getCell(0)?.isFgPalette()).toBeTruthy();
    expect(red.getCell(0)?.getFgColor()).toBe(1);
    expect(jp.getCell(0)?.isFgDefault()).toBeTruthy();
    expect(term.output()).toContain('\u001b[31m');

    expect(await term.waitForExit()).toEqual({ exitCode: 0 });
    expect(term.exited).toBe(true);
    assertNoOverflow(term);
  });

  it('assertNoOverflow catches lines wider than the terminal, counting wide characters as two', async () => {
    const fits = spawnTerminal({
      command: node,
      // exactly 80 columns each: 80 ASCII, 40 wide characters
      args: ['-e', "console.log('x'.repeat(80)); console.log('窓'.repeat(40)); console.log('end')"],
    });
    await fits.waitForExit();
    expect(fits.lines()[1]).toBe('窓'.repeat(40));
    assertNoOverflow(fits);

    const wideOverflow = spawnTerminal({
      command: node,
      // 79 ASCII + one wide char: the wide char does not fit in the last column and wraps
      args: ['-e', "console.log('y'.repeat(79) + '口'); console.log('end')"],
    });
    await wideOverflow.waitForExit();
    expect(wideOverflow.lines().slice(0, 2)).toEqual(['y'.repeat(79), '口']);
    expect(() => assertNoOverflow(wideOverflow)).toThrow(/wider than 80 columns wrapped/);

    const tall = spawnTerminal({
      command: node,
      args: ['-e', 'for (let i = 0; i < 30; i++) console.log("row " + i)'],
      rows: 10,
    });
    await tall.waitForExit();
    expect(() => assertNoOverflow(tall)).toThrow(/scrolled off the top of the 80x10 screen/);
    assertNoOverflow(tall, { allowScroll: true });
  });

  it('measures arbitrary strings with the emulator', async () => {
    expect(await measureWidths(['こんにちは', 'abc', '\u001b[32m済\u001b[39m ok', ''])).toEqual([10, 3, 5, 0]);
    await assertLinesFit(['窓'.repeat(40)], 80);
    await expect(assertLinesFit(['ok', '窓'.repeat(41)], 80)).rejects.toThrow(/line 1: 82 columns/);
  });

  it('waitFor failures show the last screen', async () => {
    const term = spawnTerminal({
      command: node,
      args: ['-e', "console.log('受付中'); setTimeout(() => {}, 5000)"],
    });
    await term.waitFor('受付中');
    await expect(term.waitFor(/never shown/, { timeoutMs: 200 })).rejects.toThrow(
      /waitFor\(\/never shown\/\) timed out after 200 ms \(child pid \d+ running\)\. Last screen:\n-+\n受付中\n-+/,
    );
    term.kill('SIGTERM');
    await expect(term.waitFor('never shown either')).rejects.toThrow(/child exited before the screen matched/);
  });
});

// A tiny Ink app, written to a temp .mjs that imports the project's own ink and react by file URL.
const inkProgram = (inkUrl: string, reactUrl: string) => `
import React from ${JSON.stringify(reactUrl)};
import { render, Box, Text, useApp, useInput } from ${JSON.stringify(inkUrl)};

const h = React.createElement;

function keyName(input, key) {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl) return 'ctrl+' + input;
  return JSON.stringify(input);
}

function App() {
  const { exit } = useApp();
  const [last, setLast] = React.useState('(none)');
  const [count, setCount] = React.useState(0);
  useInput((input, key) => {
    if (input === 'q') {
      exit();
      return;
    }
    setLast(keyName(input, key));
    setCount((n) => n + 1);
  });
  return h(
    Box,
    { borderStyle: 'round', flexDirection: 'column', width: 40, paddingX: 1 },
    h(Text, { color: 'green' }, '窓口チェックリスト'),
    h(Text, null, 'last key: ' + last),
    h(Text, null, 'keys: ' + count),
    h(Text, null, 'CI in child: ' + (process.env.CI ?? 'unset')),
  );
}

const app = render(h(App), { exitOnCtrlC: false });
await app.waitUntilExit();
console.log('BYE');
`;

describe('inline Ink program', () => {
  let dir = '';
  let script = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'terminal-harness-'));
    script = join(dir, 'ink-app.mjs');
    const inkUrl = pathToFileURL(requireFromProject.resolve('ink')).href;
    const reactUrl = pathToFileURL(requireFromProject.resolve('react')).href;
    writeFileSync(script, inkProgram(inkUrl, reactUrl));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders every frame, updates on keys and exits on q (even when the runner has CI=true)', async () => {
    const term = spawnTerminal({ command: node, args: [script], cwd: dir });
    await term.waitFor('last key: (none)');
    const first = term.lines();
    expect(first[0]).toMatch(/^╭─+╮$/);
    expect(first[0]).toHaveLength(40);
    expect(first[1]).toBe('│ 窓口チェックリスト                   │');
    expect(term.screen()).toContain('CI in child: unset');
    // <Text color="green">: colours reach the terminal (FORCE_COLOR=0 from vitest.config is stripped)
    const title = term.xterm.buffer.active.getLine(1)?.getCell(2);
    expect(title?.getChars()).toBe('窓');
    expect(title?.getFgColor()).toBe(2);

    await term.press('a');
    await term.waitFor('last key: "a"');
    await term.press(KEYS.up);
    await term.waitFor('last key: up');
    await term.press(KEYS.esc);
    await term.waitFor('last key: esc');
    await term.press(KEYS.enter, KEYS.backspace, KEYS.ctrlC);
    await term.waitFor('keys: 6');
    expect(term.screen()).toContain('last key: ctrl+c'); // exitOnCtrlC:false → delivered to useInput
    term.type('窓口'); // one chunk, like an IME commit
    const screen = await term.waitFor('last key: "窓口"');
    expect(screen).toContain('keys: 7');
    expect(term.exited).toBe(false);
    assertNoOverflow(term);

    await term.press('q');
    expect(await term.waitForExit()).toEqual({ exitCode: 0 });
    expect(term.screen()).toContain('BYE');
  });

  it('negative control: with CI=true in the child, Ink draws nothing until it exits', async () => {
    const term = spawnTerminal({ command: node, args: [script], cwd: dir, env: { CI: 'true' } });
    await expect(term.waitFor('last key', { timeoutMs: 1500 })).rejects.toThrow(/timed out/);
    await term.press('x', 'q');
    expect(await term.waitForExit()).toEqual({ exitCode: 0 });
    // Only the last frame, written on unmount.
    expect(term.screen()).toContain('last key: "x"');
    expect(term.screen()).toContain('CI in child: true');
  });
});

describe('signals', () => {
  it('kill(SIGKILL) is reported by waitForExit', async () => {
    const term = spawnTerminal({
      command: node,
      args: ['-e', "process.on('SIGTERM', () => {}); console.log('READY'); setInterval(() => {}, 1000)"],
    });
    await term.waitFor('READY');
    term.kill('SIGKILL');
    const info = await term.waitForExit(5000);
    expect(info.signal).toBe(9);
    expect(term.exited).toBe(true);
    expect(term.exitInfo).toEqual(info);
  });
});

describe('child environment', () => {
  it('drops inherited CI/FORCE_COLOR/NO_COLOR and undefined values; explicit values win', async () => {
    process.env.HARNESS_GONE = 'inherited';
    process.env.HARNESS_KEPT = 'inherited';
    try {
      const term = spawnTerminal({
        command: node,
        args: [
          '-e',
          "for (const k of ['CI','CONTINUOUS_INTEGRATION','FORCE_COLOR','NO_COLOR','TERM','LANG','HARNESS_X','HARNESS_GONE','HARNESS_KEPT']) console.log(k + '=' + (k in process.env ? process.env[k] : '-'))",
        ],
        env: { CONTINUOUS_INTEGRATION: 'false', HARNESS_X: 'x', HARNESS_GONE: undefined },
      });
      await term.waitForExit();
      expect(term.screen().split('\n')).toEqual([
        'CI=-',
        'CONTINUOUS_INTEGRATION=false',
        'FORCE_COLOR=-',
        'NO_COLOR=-',
        'TERM=xterm-256color',
        'LANG=C.UTF-8',
        'HARNESS_X=x',
        'HARNESS_GONE=-',
        'HARNESS_KEPT=inherited',
      ]);
    } finally {
      delete process.env.HARNESS_GONE;
      delete process.env.HARNESS_KEPT;
    }
  });
});
