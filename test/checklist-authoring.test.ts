// Authoring checklists: the generated JSON Schema, the guide's example, and the `checklists` command.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { listChecklists, runChecklistsCommand, validateChecklists } from '../src/checklist/command.js';
import { CHECKLIST_SCHEMA_PATH, checklistJsonSchemaText } from '../src/checklist/json-schema.js';
import { loadChecklistFile, shippedChecklistDir } from '../src/checklist/load.js';
import { Checklist, flatItems, Item } from '../src/checklist/schema.js';
import { UserError } from '../src/errors.js';
import { checklistMessages } from '../src/i18n/checklist.js';
import { t } from '../src/i18n/index.js';
import { ROOT } from './helpers/kiosk.js';

const SHIPPED_IDS = ['hokensho-link-support', 'kokin-koza-support', 'mynapoint-support'];
const shippedFile = (id: string) => path.join(shippedChecklistDir(), `${id}.json`);
const GUIDE = path.join(ROOT, 'docs', 'checklists.md');

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-authoring-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('schema/checklist.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema:checklist` when this fails)', () => {
    const file = path.join(ROOT, CHECKLIST_SCHEMA_PATH);
    expect(fs.existsSync(file), `${CHECKLIST_SCHEMA_PATH} is missing: run npm run schema:checklist`).toBe(true);
    const onDisk = fs.readFileSync(file, 'utf8');
    expect(onDisk === checklistJsonSchemaText(), `${CHECKLIST_SCHEMA_PATH} is out of date: run npm run schema:checklist`).toBe(true);
  });

  it('describes the input form: the same fields, kind and showIf optional, unknown fields refused', () => {
    const schema = JSON.parse(checklistJsonSchemaText()) as {
      $schema: string;
      properties: Record<string, unknown>;
      required: string[];
      additionalProperties: boolean;
      $defs: Record<string, { properties?: Record<string, { enum?: string[]; default?: unknown }>; required?: string[]; additionalProperties?: boolean }>;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties)).toEqual(Object.keys(Checklist.shape));
    expect(schema.required).toEqual(['id', 'version', 'title', 'sections', 'logoutGate', 'interruptReasons']);
    expect(schema.additionalProperties).toBe(false);
    const item = schema.$defs.Item!;
    expect(Object.keys(item.properties!)).toEqual(Object.keys(Item.shape));
    expect(item.required).toEqual(['id', 'text', 'required']);
    expect(item.properties!.kind).toMatchObject({ enum: ['check', 'yesno'], default: 'check' });
    expect(schema.$defs.ShowIf!.required).toEqual(['item', 'answer']);
    expect(schema.$defs.Text!.additionalProperties).toBe(false);
  });

  it('is what every shipped checklist names in $schema', () => {
    for (const id of SHIPPED_IDS) {
      const raw = JSON.parse(fs.readFileSync(shippedFile(id), 'utf8')) as { $schema?: string };
      expect(path.resolve(shippedChecklistDir(), raw.$schema ?? ''), id).toBe(path.join(ROOT, CHECKLIST_SCHEMA_PATH));
    }
  });
});

describe('docs/checklists.md', () => {
  const guide = () => fs.readFileSync(GUIDE, 'utf8');

  /** The fenced block after `<!-- checklist-example: NAME -->`. */
  function example(): { name: string; json: string } {
    const m = /<!-- checklist-example: ([\w.-]+) -->\s*```json\n([\s\S]*?)\n```/.exec(guide());
    if (!m) throw new Error('no checklist example in docs/checklists.md');
    return { name: m[1]!, json: m[2]! };
  }

  it('has a complete example that the loader accepts, with a yes/no item and a condition', () => {
    const { name, json } = example();
    const file = path.join(tmp, name);
    fs.writeFileSync(file, json);
    const c = loadChecklistFile(file).checklist;
    expect(`${c.id}.json`).toBe(name);
    const items = flatItems(c).map((x) => x.item);
    expect(items.some((i) => i.kind === 'yesno')).toBe(true);
    const conditional = items.filter((i) => i.showIf !== undefined);
    expect(conditional).toHaveLength(1);
    // "Walked with 'PIN accepted?' answered yes, it has 6 items; answered no, 7."
    expect(guide()).toContain(`it has ${items.length - 1} items; answered no, ${items.length}.`);
    expect(validateChecklists('en', [file]).code).toBe(0);
  });

  it('shows error lines exactly as the command prints them', () => {
    const line = (key: Parameters<typeof t>[1], params: Record<string, string | number>) =>
      t('en', 'cli.error', { message: t('en', key, params) });
    const text = guide();
    expect(text).toContain(
      line('checklist.invalid.showIfUnknown', { file: 'city/portal-login.json', path: 'sections[1].items[0].showIf.item', ref: 'pin-acepted' }),
    );
    expect(text).toContain(line('checklist.badJson.trailingComma', { file: 'city/other.json', line: 14, column: 5 }));
  });

  it('names the commands and settings an author needs', () => {
    const text = guide();
    for (const s of [
      'counter-checklist checklists validate',
      'counter-checklist checklists list',
      'config set checklistDir',
      'config set enabledChecklists',
      '"kind": "yesno"',
      'showIf',
      'initial-screen',
      '$schema',
      ...SHIPPED_IDS,
    ]) {
      expect(text, s).toContain(s);
    }
  });
});

describe('checklists list', () => {
  const settings = { checklistDir: null, enabledChecklists: null, defaultChecklist: 'mynapoint-support' };

  it('shows id, version, enabled state, title in the UI language, item count and file, one line each', async () => {
    for (const locale of ['ja', 'en'] as const) {
      const { stdout, stderr, code } = await runChecklistsCommand(['list'], locale, settings);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      const lines = stdout.split('\n');
      for (const id of SHIPPED_IDS) {
        const c = loadChecklistFile(shippedFile(id)).checklist;
        const line = lines.find((l) => l.startsWith(`${id} `));
        expect(line, id).toBeDefined();
        expect(line).toContain(`v${c.version}`);
        expect(line).toContain(c.title[locale]);
        expect(line).toContain(shippedFile(id));
        const count = flatItems(c).length;
        expect(line).toContain(locale === 'ja' ? `${count} 項目（うち条件付き 1）` : `${count} items, 1 conditional`);
        const enabled = id === 'mynapoint-support';
        expect(line).toContain(locale === 'ja' ? (enabled ? '  有効  ' : '  無効  ') : enabled ? '  enabled ' : '  disabled  ');
      }
      // The columns line up: every version starts at the same place.
      const starts = lines.filter((l) => /^[a-z0-9-]+ +v\d/.test(l)).map((l) => l.indexOf(' v') );
      expect(new Set(starts).size).toBe(1);
    }
    expect((await runChecklistsCommand([], 'en', settings)).stdout).toBe((await runChecklistsCommand(['list'], 'en', settings)).stdout);
  });

  it('shows the earlier Mynapoint version apart, as history, never as an installed or enabled flow', async () => {
    for (const locale of ['ja', 'en'] as const) {
      const { stdout } = await runChecklistsCommand(['list'], locale, settings);
      const history = path.join(shippedChecklistDir(), 'history', 'mynapoint-support-1.2.0.json');
      const line = stdout.split('\n').find((l) => l.includes(history));
      expect(line).toBe(t(locale, 'checklist.list.history', { id: 'mynapoint-support', version: '1.2.0', file: history }));
      expect(stdout.split('\n').filter((l) => l.startsWith('mynapoint-support '))).toHaveLength(1);
      expect(stdout).toMatch(/^mynapoint-support +v2\.0\.0 /m);
    }
  });

  it("includes the city's folder and the enabled ids", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'city-'));
    const example = JSON.parse(fs.readFileSync(shippedFile('mynapoint-support'), 'utf8')) as Record<string, unknown>;
    delete example.$schema;
    fs.writeFileSync(path.join(dir, 'kita.json'), JSON.stringify({ ...example, id: 'kita-mynapoint' }));
    const { stdout, code } = await runChecklistsCommand(['list'], 'en', {
      checklistDir: dir,
      enabledChecklists: ['kita-mynapoint', 'kokin-koza-support'],
      defaultChecklist: 'mynapoint-support',
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^kita-mynapoint .* enabled .*kita\.json$/m);
    expect(stdout).toMatch(/^kokin-koza-support .* enabled /m);
    expect(stdout).toMatch(/^mynapoint-support .* disabled /m);
    expect(stdout).toContain('Enabled: kita-mynapoint,kokin-koza-support');
    expect(stdout).toContain(`City checklist folder: ${dir}`);
  });

  describe('validity periods and columns', () => {
    /** A city folder: flows with short and long, Japanese and ASCII titles, and periods of every kind. */
    function cityWithPeriods(): string {
      const dir = fs.mkdtempSync(path.join(tmp, 'city-periods-'));
      const base = JSON.parse(fs.readFileSync(shippedFile('kokin-koza-support'), 'utf8')) as Record<string, unknown>;
      delete base.$schema;
      const flows: [string, string, Record<string, string>][] = [
        ['city-ended', '終了した事業', { validFrom: '2025-04-01', validUntil: '2026-03-31' }],
        ['city-current', '今年度の自治体ポイント事業の申込支援', { validFrom: '2026-04-01', validUntil: '2027-03-31' }],
        ['city-later', 'Later', { validFrom: '2027-04-01' }],
        ['city-until', 'ポイント', { validUntil: '2026-12-31' }],
      ];
      for (const [id, ja, period] of flows) {
        fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify({ ...base, id, title: { ja, en: ja }, ...period }));
      }
      return dir;
    }
    const today = new Date(2026, 10, 27, 10, 0); // 27 November 2026, local

    it('shows each period (or no end) and marks the expired and not-yet-valid flows', () => {
      const dir = cityWithPeriods();
      const ja = listChecklists('ja', { ...settings, checklistDir: dir }, today).stdout;
      const line = (out: string, id: string) => out.split('\n').find((l) => l.startsWith(`${id} `))!;
      expect(line(ja, 'city-ended')).toContain('2025-04-01〜2026-03-31 ［期限切れ］');
      expect(line(ja, 'city-current')).toContain('2026-04-01〜2027-03-31  ');
      expect(line(ja, 'city-current')).not.toMatch(/期限切れ|開始前/);
      expect(line(ja, 'city-later')).toContain('2027-04-01〜（期限なし） ［開始前］');
      expect(line(ja, 'city-until')).toContain('〜2026-12-31');
      expect(line(ja, 'mynapoint-support')).toContain('  期限なし  ');
      const en = listChecklists('en', { ...settings, checklistDir: dir }, today).stdout;
      expect(line(en, 'city-ended')).toContain('2025-04-01 to 2026-03-31 [expired]');
      expect(line(en, 'city-later')).toContain('from 2027-04-01, no end [not yet valid]');
      expect(line(en, 'kokin-koza-support')).toContain('  no end  ');
      // On the last day it is still valid; the day after, expired.
      expect(line(listChecklists('en', { ...settings, checklistDir: dir }, new Date(2027, 2, 31, 23, 59)).stdout, 'city-current')).not.toContain('[expired]');
      expect(line(listChecklists('en', { ...settings, checklistDir: dir }, new Date(2027, 3, 1, 0, 0)).stdout, 'city-current')).toContain('[expired]');
    });

    it('lines up the columns after a full-width title, measured in terminal columns', () => {
      const dir = cityWithPeriods();
      for (const locale of ['ja', 'en'] as const) {
        const rows = listChecklists(locale, { ...settings, checklistDir: dir }, today).stdout.split('\n').filter((l) => /^[a-z0-9-]+ +v\d/.test(l));
        expect(rows.length).toBe(7);
        // Where (in display columns) the item count and the file start on each row.
        const startOf = (l: string, re: RegExp) => stringWidth(l.slice(0, l.search(re)));
        const items = rows.map((l) => startOf(l, /\d+ (項目|items)/));
        const files = rows.map((l) => startOf(l, /\/\S+\.json$/));
        expect(new Set(items).size, rows.join('\n')).toBe(1);
        expect(new Set(files).size, rows.join('\n')).toBe(1);
      }
    });
  });

  it('reports an enabled id that is not installed (exit 2), still listing what is installed', async () => {
    const { stdout, stderr, code } = await runChecklistsCommand(['list'], 'en', { ...settings, enabledChecklists: ['mynapoint-support', 'gone'] });
    expect(code).toBe(2);
    expect(stdout).toContain('mynapoint-support');
    expect(stderr.trim().split('\n')).toEqual([
      `Error: ${t('en', 'checklist.enabledNotFound', { id: 'gone', setting: 'enabledChecklists', available: SHIPPED_IDS.join(', ') })}`,
    ]);
  });
});

describe('checklists validate', () => {
  const good = () => {
    const file = path.join(tmp, `good-${Math.random().toString(36).slice(2)}.json`);
    fs.copyFileSync(shippedFile('kokin-koza-support'), file);
    return file;
  };
  const bad = (text: string) => {
    const file = path.join(tmp, `bad-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, text);
    return file;
  };

  it('checks every file, one OK line or one error line each, and exits 2 if any is invalid', () => {
    const files = [good(), bad('{'), good(), bad('[]'), path.join(tmp, 'missing.json')];
    const { stdout, stderr, code } = validateChecklists('en', files);
    expect(code).toBe(2);
    const errors = stderr.trim().split('\n');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(new RegExp(`^Error: ${files[1]}:1:2: invalid JSON`));
    expect(errors[1]).toMatch(new RegExp(`^Error: ${files[3]}: \\$: must be an object`));
    expect(errors[2]).toContain(files[4]);
    const ok = stdout.trim().split('\n');
    expect(ok).toEqual([
      `${files[0]}: OK (kokin-koza-support v1.2.0, 17 items, 1 conditional)`,
      `${files[2]}: OK (kokin-koza-support v1.2.0, 17 items, 1 conditional)`,
      '3 of 5 files have problems.',
    ]);
  });

  it('exits 0 when every file is valid; a single file gets no summary', () => {
    const one = validateChecklists('ja', [good()]);
    expect(one).toMatchObject({ code: 0, stderr: '' });
    expect(one.stdout.trim().split('\n')).toHaveLength(1);
    const all = validateChecklists('ja', SHIPPED_IDS.map(shippedFile));
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('3 ファイルすべて問題ありません。');
  });

  it('refuses bad usage', async () => {
    for (const args of [['validate'], ['list', 'x'], ['remove']]) {
      await expect(runChecklistsCommand(args, 'en')).rejects.toBeInstanceOf(UserError);
    }
  });
});

describe('catalog', () => {
  it('has the same keys in ja and en, and every problem message names its place', () => {
    expect(Object.keys(checklistMessages.en).sort()).toEqual(Object.keys(checklistMessages.ja).sort());
    for (const locale of ['ja', 'en'] as const) {
      for (const [key, template] of Object.entries(checklistMessages[locale])) {
        if (key.startsWith('checklist.invalid.')) expect(template.startsWith('{file}: {path}: '), key).toBe(true);
        if (key.startsWith('checklist.badJson')) expect(template.startsWith('{file}:{line}:{column}: '), key).toBe(true);
        expect(template, key).not.toContain('\n');
      }
    }
  });
});
