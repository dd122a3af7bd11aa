// Running the built bin in tests: a fresh COUNTER_CHECKLIST_HOME, the kiosk in a real terminal, and
// the CLI as a plain child process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { spawnTerminal, type Term } from './terminal.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'counter-checklist.js');

export function requireBuild() {
  if (!existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  }
}

// Every home of a test file lives under one folder, removed after the file's tests.
let homes: string | undefined;
const homesRoot = () => (homes ??= mkdtempSync(path.join(os.tmpdir(), 'cc-homes-')));
afterAll(() => {
  if (homes) rmSync(homes, { recursive: true, force: true });
  homes = undefined;
});

/** A fresh home with a fixed terminal id and any other settings given. */
export function makeHome(settings: Record<string, unknown> = {}): string {
  const home = mkdtempSync(path.join(homesRoot(), 'home-'));
  writeFileSync(path.join(home, 'config.json'), JSON.stringify({ terminalId: 'T-E2E', ...settings }));
  return home;
}

export function startKiosk(
  home: string,
  args: string[] = [],
  env: Record<string, string | undefined> = {},
  size: { cols: number; rows: number } = { cols: 80, rows: 24 },
): Term {
  return spawnTerminal({
    command: process.execPath,
    args: [BIN, ...args],
    cwd: ROOT,
    env: { COUNTER_CHECKLIST_HOME: home, ...env },
    ...size,
  });
}

/** Runs the built bin to its end (`timeout` ms: killed then, and `code` is null: a hang fails the test). */
export function runCli(args: string[], home: string, opts: { input?: string; env?: Record<string, string>; timeout?: number } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, COUNTER_CHECKLIST_HOME: home, ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function logFiles(home: string, terminal = 'T-E2E'): string[] {
  const dir = path.join(home, 'logs', terminal);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function logLines(home: string, terminal = 'T-E2E'): Record<string, unknown>[] {
  return logFiles(home, terminal).flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
}
