// The help texts are the only manual at the counter: every option a command takes is named in its
// own --help and in the overview (`counter-checklist --help`), in both languages; and an option
// given twice is refused instead of the second value silently winning.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, OPTIONS } from '../src/cli.js';

let home: string;
const before = process.env.COUNTER_CHECKLIST_HOME;
beforeAll(() => {
  home = fs.mkdtempSync(path.join(tmpdir(), 'cc-help-'));
  process.env.COUNTER_CHECKLIST_HOME = home;
});
afterAll(() => {
  if (before === undefined) delete process.env.COUNTER_CHECKLIST_HOME;
  else process.env.COUNTER_CHECKLIST_HOME = before;
  fs.rmSync(home, { recursive: true, force: true });
});

async function run(args: string[], locale: 'ja' | 'en'): Promise<{ code: number; out: string; err: string }> {
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ locale }));
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

/** The overview's entry of one command: its line and the indented lines under it, up to the next command. */
function entry(overview: string, command: string): string {
  const lines = overview.split('\n');
  const head = command === 'kiosk' ? 'counter-checklist [kiosk]' : `counter-checklist ${command} `;
  const at = lines.findIndex((l) => l.trimStart().startsWith(head));
  expect(at, `the overview lists ${command}`).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(at + 1);
  const end = rest.findIndex((l) => l.trimStart().startsWith('counter-checklist') || l.trim() === '');
  return [lines[at], ...rest.slice(0, end < 0 ? rest.length : end)].join('\n');
}

const COMMANDS = Object.keys(OPTIONS) as (keyof typeof OPTIONS)[];

describe.each(['ja', 'en'] as const)('help (%s)', (locale) => {
  it.each(COMMANDS)('%s: every option is in its own --help and in the overview', async (command) => {
    const overview = (await run(['--help'], locale)).out;
    const own = await run([command, '--help'], locale);
    expect(own.code).toBe(0);
    const listed = entry(overview, command);
    for (const [name, spec] of Object.entries(OPTIONS[command])) {
      expect(own.out, `${command} --help names --${name}`).toContain(`--${name}`);
      expect(listed, `the overview names ${command} --${name}`).toContain(`--${name}`);
      // A repeatable option says so (`--terminal ID]...`).
      if ((spec as { multiple?: boolean }).multiple) expect(listed).toMatch(new RegExp(`--${name} [A-Z]+\\]\\.\\.\\.`));
    }
  });
});

describe('an option given twice', () => {
  it.each([
    ['report', ['report', '--since', '2026-01-01', '--since', '2026-02-01'], '--since'],
    ['report', ['report', '--terminal=A', '--terminal', 'B'], '--terminal'],
    ['report', ['report', '--flagged', '--flagged'], '--flagged'],
    ['collect', ['collect', 'x', '--format', 'json', '--format', 'table'], '--format'],
    ['kiosk', ['kiosk', '--operator', 'S-01', '--operator', 'S-02'], '--operator'],
  ])('%s %j: refused with exit 2, naming the option', async (command, args, option) => {
    const ja = await run(args, 'ja');
    expect(ja.code).toBe(2);
    expect(ja.err).toContain(`${option} は1回だけ指定できます`);
    expect(ja.err).toContain(`counter-checklist ${command} --help`);
    const en = await run(args, 'en');
    expect(en.code).toBe(2);
    expect(en.err).toContain(`${option} can be given only once`);
  });

  it('a repeatable option (verify --terminal) is still taken as often as given', async () => {
    const r = await run(['verify', path.join(home, 'nothing-here'), '--terminal', 'A', '--terminal', 'B'], 'en');
    expect(r.err).not.toContain('only once');
  });
});
