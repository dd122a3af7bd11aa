// Real-terminal test harness: run a command in a pseudo-terminal (node-pty) and render its
// output with a real terminal emulator (@xterm/headless), then type keys and read the screen.
//
// Why not ink-testing-library for these tests: it cannot exercise raw mode, Ctrl+C, signals,
// real widths or wide characters (Ink measures with string-width, so the emulator must count the same columns).
import { spawn as spawnPty, type IDisposable, type IPty } from 'node-pty';
// @xterm/headless is CommonJS (a bundled webpack build with no `exports` map) whose named exports
// Node's cjs-module-lexer cannot see: `import { Terminal } from '@xterm/headless'` fails at run
// time under plain Node ESM ("Named export 'Terminal' not found"). The default import is
// `module.exports` both under Node and under vitest (which externalises node_modules).
import xterm from '@xterm/headless';
import type { IBufferLine, Terminal as XTerminal } from '@xterm/headless';

const { Terminal } = xterm;

export const KEYS = {
  enter: '\r',
  esc: '\u001b',
  ctrlC: '\u0003',
  ctrlD: '\u0004',
  backspace: '\u007f', // ink 6.8 reports 0x7F as key.delete (and Backspace as key.delete: the kiosk decodes both itself)
  delete: '\u001b[3~',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  home: '\u001b[H',
  end: '\u001b[F',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  tab: '\t',
  shiftTab: '\u001b[Z',
  space: ' ',
} as const;

export interface SpawnTerminalOptions {
  command: string;
  args: string[];
  cwd?: string;
  /** Merged over the inherited environment; a key set to `undefined` removes that variable. */
  env?: Record<string, string | undefined>;
  cols?: number;
  rows?: number;
}

export interface ExitInfo {
  exitCode: number;
  /** Signal number (e.g. 9 for SIGKILL) when the child was killed by a signal. */
  signal?: number;
}

export type ScreenPredicate = string | RegExp | ((screen: string) => boolean);

export interface WaitForOptions {
  /** Default 10 000 ms. */
  timeoutMs?: number;
}

export interface Term {
  readonly pid: number;
  readonly cols: number;
  readonly rows: number;
  /** True once the child has exited and all of its output has been read from the pty. */
  readonly exited: boolean;
  readonly exitInfo: ExitInfo | undefined;
  /** The emulator itself, for cell-level assertions (colours, widths, cursor, modes). */
  readonly xterm: XTerminal;
  /** Visible viewport: each row right-trimmed, joined with '\n', trailing blank rows dropped. */
  screen(): string;
  /** Visible viewport: exactly `rows` entries, each right-trimmed. */
  lines(): string[];
  /** Cursor position in the viewport (0-based). */
  cursor(): { x: number; y: number };
  /** Resolves once xterm has parsed every chunk received so far. */
  flush(): Promise<void>;
  /** Polls (every 25 ms, after flushing) until the predicate holds; resolves with that screen. */
  waitFor(predicate: ScreenPredicate, opts?: WaitForOptions): Promise<string>;
  /** Resolves when the child has exited and xterm has parsed all of its output. */
  waitForExit(timeoutMs?: number): Promise<ExitInfo>;
  /** Writes raw data to the child (as if typed or pasted in one go). */
  type(text: string): void;
  /** Writes each key separately, letting the child and xterm settle between keys. */
  press(...keys: string[]): Promise<void>;
  /** Sends a signal to the child (default 'SIGHUP', like closing a terminal window). */
  kill(signal?: string): void;
  /** Resizes both the pty (the child gets SIGWINCH) and the emulator. */
  resize(cols: number, rows: number): void;
  /** All raw output so far, escape sequences included (for debugging). */
  output(): string;
  /** Kills the child with SIGKILL if it is still running and disposes the emulator. */
  dispose(): void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const POLL_MS = 25;
const PRESS_SETTLE_MS = 30;

/** Inherited variables that must not leak from the test runner into the child. */
const STRIPPED_INHERITED_ENV = [
  // Ink renders only the last frame, on exit, when either is set (its CI detection).
  'CI',
  'CONTINUOUS_INTEGRATION',
  // vitest.config.ts sets these for component tests; a real terminal shows colours.
  'FORCE_COLOR',
  'NO_COLOR',
  // DEV=true makes Ink import react-devtools-core and hang.
  'DEV',
];

const live = new Set<Term>();

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function buildEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const merged: Record<string, string | undefined> = { ...process.env };
  for (const key of STRIPPED_INHERITED_ENV) delete merged[key];
  merged.TERM = 'xterm-256color';
  merged.LANG = 'C.UTF-8';
  // Explicit values win, including an explicit CI (a test may want to check CI behaviour).
  Object.assign(merged, extra);
  // node-pty turns an undefined value into the literal string "undefined" ("CI=undefined" would
  // even switch Ink to CI mode: is-in-ci only checks `key in env`), so drop them here.
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) {
    if (value !== undefined) env[key] = value;
  }
  return env;
}

function describePredicate(predicate: ScreenPredicate): string {
  if (typeof predicate === 'string') return JSON.stringify(predicate);
  if (predicate instanceof RegExp) return String(predicate);
  return predicate.name ? `predicate ${predicate.name}()` : 'predicate function';
}

function toMatcher(predicate: ScreenPredicate): (screen: string) => boolean {
  if (typeof predicate === 'string') return (screen) => screen.includes(predicate);
  if (predicate instanceof RegExp) {
    return (screen) => {
      predicate.lastIndex = 0; // global/sticky regexes keep state between calls
      return predicate.test(screen);
    };
  }
  return predicate;
}

function frame(text: string, cols: number): string {
  const rule = '-'.repeat(cols);
  return `${rule}\n${text}\n${rule}`;
}

function viewportLines(xt: XTerminal): IBufferLine[] {
  const buffer = xt.buffer.active;
  const out: IBufferLine[] = [];
  for (let y = buffer.viewportY; y < buffer.viewportY + xt.rows; y++) {
    const line = buffer.getLine(y);
    if (line) out.push(line);
  }
  return out;
}

/**
 * Number of cells a buffer line uses, up to its last written cell (spaces count, untouched
 * cells do not). A wide character occupies two cells, so this is the display width.
 */
export function lineCellWidth(line: IBufferLine): number {
  let width = 0;
  for (let x = 0; x < line.length; x++) {
    const cell = line.getCell(x);
    if (!cell) break;
    // The right half of a wide character has width 0 and no content.
    if (cell.getChars() !== '' || cell.getWidth() === 0) width = x + 1;
  }
  return width;
}

export function spawnTerminal(opts: SpawnTerminalOptions): Term {
  const cols = opts.cols ?? 80;
  const rows = opts.rows ?? 24;
  // allowProposedApi is required: in @xterm/headless 6 even `terminal.buffer` is "proposed" and
  // throws without it.
  const xt = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 1000 });
  const pty: IPty = spawnPty(opts.command, opts.args, {
    name: 'xterm-256color',
    cols,
    rows,
    cwd: opts.cwd ?? process.cwd(),
    env: buildEnv(opts.env),
  });

  const chunks: string[] = [];
  let pendingWrites = 0;
  let disposed = false;
  let exitInfo: ExitInfo | undefined;
  let resolveExit!: (info: ExitInfo) => void;
  const exitPromise = new Promise<ExitInfo>((resolve) => {
    resolveExit = resolve;
  });

  const subscriptions: IDisposable[] = [];
  subscriptions.push(
    pty.onData((data) => {
      chunks.push(data);
      if (disposed) return;
      pendingWrites++;
      xt.write(data, () => {
        pendingWrites--;
      });
    }),
  );
  // node-pty emits exit only after the pty socket closed, so all output has been received.
  // Not in `subscriptions`: it stays attached after dispose() so `exited` still becomes true.
  pty.onExit(({ exitCode, signal }) => {
    exitInfo = signal ? { exitCode, signal } : { exitCode };
    resolveExit(exitInfo);
  });
  // Answer terminal queries (cursor position, device attributes...) like a real terminal does.
  subscriptions.push(
    xt.onData((data) => {
      if (!exitInfo && !disposed) pty.write(data);
    }),
  );

  const flush = (): Promise<void> => {
    if (disposed || pendingWrites === 0) return Promise.resolve();
    // xterm parses writes in order, so the callback of an empty write runs after all earlier ones.
    return new Promise<void>((resolve) => xt.write('', resolve));
  };

  const lines = (): string[] =>
    disposed ? [] : viewportLines(xt).map((line) => line.translateToString(true));

  const screen = (): string => lines().join('\n').replace(/\n+$/, '');

  const status = (): string => {
    const parts = [exitInfo ? `child exited ${JSON.stringify(exitInfo)}` : `child pid ${pty.pid} running`];
    if (!disposed && xt.modes.synchronizedOutputMode) parts.push('synchronized output still active');
    return parts.join('; ');
  };

  const term: Term = {
    get pid() {
      return pty.pid;
    },
    get cols() {
      return xt.cols;
    },
    get rows() {
      return xt.rows;
    },
    get exited() {
      return exitInfo !== undefined;
    },
    get exitInfo() {
      return exitInfo;
    },
    xterm: xt,
    screen,
    lines,
    cursor() {
      const buffer = xt.buffer.active;
      return { x: buffer.cursorX, y: buffer.cursorY };
    },
    flush,

    async waitFor(predicate, waitOpts = {}) {
      const timeoutMs = waitOpts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const matches = toMatcher(predicate);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const exitedBefore = exitInfo !== undefined;
        await flush();
        // A real terminal does not show a frame while the app holds synchronized output
        // (DECSET 2026, which Ink 6.8 uses on TTYs); the buffer may be half-drawn then.
        const midFrame = !disposed && xt.modes.synchronizedOutputMode && !exitedBefore;
        const current = screen();
        if (!midFrame && matches(current)) return current;
        if (exitedBefore) {
          throw new Error(
            `waitFor(${describePredicate(predicate)}): the child exited before the screen matched ` +
              `(${status()}). Last screen:\n${frame(current, xt.cols)}`,
          );
        }
        if (Date.now() >= deadline) {
          throw new Error(
            `waitFor(${describePredicate(predicate)}) timed out after ${timeoutMs} ms (${status()}). ` +
              `Last screen:\n${frame(current, xt.cols)}`,
          );
        }
        await sleep(POLL_MS);
      }
    },

    async waitForExit(timeoutMs = DEFAULT_TIMEOUT_MS) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(
            new Error(
              `waitForExit timed out after ${timeoutMs} ms (${status()}). Last screen:\n${frame(screen(), xt.cols)}`,
            ),
          );
        }, timeoutMs);
      });
      try {
        const info = await Promise.race([exitPromise, timeout]);
        await flush();
        return info;
      } finally {
        clearTimeout(timer);
      }
    },

    type(text) {
      if (exitInfo) throw new Error(`type(${JSON.stringify(text)}): ${status()}`);
      pty.write(text);
    },

    async press(...keys) {
      for (const key of keys) {
        term.type(key);
        await sleep(PRESS_SETTLE_MS);
        await flush();
      }
    },

    kill(signal = 'SIGHUP') {
      if (!exitInfo) pty.kill(signal);
    },

    resize(newCols, newRows) {
      if (!exitInfo) pty.resize(newCols, newRows);
      xt.resize(newCols, newRows);
    },

    output() {
      return chunks.join('');
    },

    dispose() {
      if (disposed) return;
      if (!exitInfo) pty.kill('SIGKILL');
      disposed = true;
      live.delete(term);
      for (const sub of subscriptions.splice(0)) sub.dispose();
      xt.dispose();
    },
  };
  live.add(term);
  return term;
}

/** Disposes every terminal that is still open (call from afterEach). */
export function disposeAllTerminals(): void {
  for (const term of [...live]) term.dispose();
}

/**
 * Throws if the app's output did not fit the terminal: a row was auto-wrapped (something was
 * printed past the last column; a wide character that does not fit in the last column wraps
 * too), or, with `allowScroll: false` (the default), lines scrolled off the top of the screen.
 * Widths come from the emulator's cells (a wide character occupies two), not from guessing.
 */
export function assertNoOverflow(term: Term, opts: { allowScroll?: boolean } = {}): void {
  const buffer = term.xterm.buffer.active;
  const problems: string[] = [];
  if (!opts.allowScroll && buffer.baseY > 0) {
    problems.push(`${buffer.baseY} line(s) scrolled off the top of the ${term.cols}x${term.rows} screen`);
  }
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y);
    if (!line?.isWrapped) continue;
    const previous = buffer.getLine(y - 1);
    const text = `${previous?.translateToString(true) ?? ''}${line.translateToString(true)}`;
    const width = (previous ? lineCellWidth(previous) : 0) + lineCellWidth(line);
    problems.push(
      `buffer row ${y - buffer.viewportY}: a line wider than ${term.cols} columns wrapped ` +
        `(~${width} columns): ${JSON.stringify(text)}`,
    );
  }
  if (problems.length > 0) {
    throw new Error(`Output overflows ${term.cols}x${term.rows}:\n${problems.join('\n')}\nScreen:\n${frame(term.screen(), term.cols)}`);
  }
}

/**
 * Display widths of single-line strings (ANSI allowed), measured by writing them into a scratch
 * xterm: useful for frames that never went through a pty, e.g. ink-testing-library's lastFrame().
 */
export async function measureWidths(lines: readonly string[]): Promise<number[]> {
  if (lines.length === 0) return [];
  const cols = Math.max(2, ...lines.map((line) => line.length * 2 + 2));
  const xt = new Terminal({ cols, rows: lines.length, allowProposedApi: true, scrollback: 0 });
  try {
    await new Promise<void>((resolve) => xt.write(lines.join('\r\n'), resolve));
    const buffer = xt.buffer.active;
    return lines.map((_, y) => {
      const line = buffer.getLine(y);
      return line ? lineCellWidth(line) : 0;
    });
  } finally {
    xt.dispose();
  }
}

/** Throws if any line is wider than `cols` display columns (wide characters count as two). */
export async function assertLinesFit(lines: readonly string[], cols: number): Promise<void> {
  const widths = await measureWidths(lines);
  const bad = widths
    .map((width, i) => ({ width, i }))
    .filter(({ width }) => width > cols)
    .map(({ width, i }) => `line ${i}: ${width} columns: ${JSON.stringify(lines[i])}`);
  if (bad.length > 0) throw new Error(`Lines wider than ${cols} columns:\n${bad.join('\n')}`);
}
