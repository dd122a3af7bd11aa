// `report`, `verify`, `readers` and `--version` never load Ink or React (their start-up budget): the built command is
// run with a module-load hook that writes down every module resolved (ESM) and every CommonJS
// module in the cache at exit, and the list is searched.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWard } from './helpers/session-logs.js';
import { BIN, ROOT, requireBuild } from './helpers/kiosk.js';

const HOOKS = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.CC_MODULE_LOG, result.url + '\\n');
  return result;
}
`;
const REGISTER = `
import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
register(new URL('./hooks.mjs', import.meta.url));
const require = createRequire(import.meta.url);
process.on('exit', () => {
  appendFileSync(process.env.CC_MODULE_LOG, Object.keys(require('node:module')._cache).join('\\n') + '\\n');
});
`;

const HEAVY = /node_modules[\\/](ink|react|react-reconciler|scheduler|yoga-layout|yoga-wasm-web)[\\/]|dist[\\/]bundle[\\/]/;

let dir: string;
let logs: string;
beforeAll(() => {
  requireBuild();
  dir = fs.mkdtempSync(path.join(tmpdir(), 'cc-no-ink-'));
  fs.writeFileSync(path.join(dir, 'hooks.mjs'), HOOKS);
  fs.writeFileSync(path.join(dir, 'register.mjs'), REGISTER);
  logs = path.join(dir, 'logs');
  writeWard(logs);
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs node with the hook; returns the exit code and the modules it loaded. */
function loaded(args: string[]): { code: number | null; modules: string[]; stderr: string } {
  const list = path.join(dir, `modules-${Math.random().toString(36).slice(2)}.txt`);
  fs.writeFileSync(list, '');
  const r = spawnSync(process.execPath, ['--import', path.join(dir, 'register.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, COUNTER_CHECKLIST_HOME: dir, CC_MODULE_LOG: list },
    encoding: 'utf8',
  });
  return { code: r.status, modules: fs.readFileSync(list, 'utf8').split('\n').filter(Boolean), stderr: r.stderr };
}

describe('no Ink or React on the supervisor path', () => {
  it('the hook sees Ink and React when they are loaded (the check can fail)', () => {
    const r = loaded(['--input-type=module', '-e', "await import('ink'); await import('react');"]);
    expect(r.code).toBe(0);
    expect(r.modules.some((m) => HEAVY.test(m))).toBe(true);
  });

  const cases: [string, string[], number][] = [
    ['--version', ['--version'], 0],
    ['report --format json', ['report', '__LOGS__', '--format', 'json'], 0],
    ['report --format table', ['report', '__LOGS__', '--format', 'table'], 0],
    ['report --format csv', ['report', '__LOGS__', '--format', 'csv'], 0],
    ['report --help', ['report', '--help'], 0],
    ['verify', ['verify', '__LOGS__'], 0],
    ['verify --help', ['verify', '--help'], 0],
    ['seal --help', ['seal', '--help'], 0],
    ['seal enroll (bad key)', ['seal', 'enroll', 'T-01', 'ABCD'], 2],
    ['readers', ['readers'], 0],
    ['readers --help', ['readers', '--help'], 0],
  ];
  for (const [name, args, code] of cases) {
    it(name, () => {
      const r = loaded([BIN, ...args.map((a) => (a === '__LOGS__' ? logs : a))]);
      expect(r.code, r.stderr).toBe(code);
      expect(r.modules.filter((m) => HEAVY.test(m))).toEqual([]);
      // The list is real: the command's own module is in it. The light bundle keeps Ink and React
      // external, so any import of them would load them from node_modules and show up above.
      expect(r.modules.some((m) => m.includes('/dist/light/cli.js'))).toBe(true);
    });
  }
});

describe("zod's messages in other languages stay out of the bundles (their start-up cost)", () => {
  // A German message of zod's, and the English one it is configured with (scripts/bundle.js).
  const GERMAN = 'Eingabe: erwartet';
  const ENGLISH = 'Invalid input: expected';
  it('the German message is there to be found in zod itself (the check can fail)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'node_modules/zod/v4/locales/de.js'), 'utf8')).toContain(GERMAN);
  });
  for (const bundle of ['dist/light/cli.js', 'dist/light/worker.js', 'dist/bundle/cli.js']) {
    it(bundle, () => {
      const text = fs.readFileSync(path.join(ROOT, bundle), 'utf8');
      expect(text).toContain(ENGLISH);
      expect(text).not.toContain(GERMAN);
    });
  }
});
