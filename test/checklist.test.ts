import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findChecklist,
  loadChecklistFile,
  loadChecklists,
  MAX_CHECKLIST_BYTES,
  shippedChecklistDir,
} from '../src/checklist/load.js';
import { flatItems } from '../src/checklist/schema.js';
import { UserError } from '../src/errors.js';
import { t } from '../src/i18n/index.js';

const SHIPPED = path.join(shippedChecklistDir(), 'mynapoint-support.json');

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-checklist-test-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

let seq = 0;
/** Write `content` (an object is JSON-encoded) to a fresh file, in `dir` when given. */
function write(content: unknown, name?: string, dir = tmp): string {
  const file = path.join(dir, name ?? `fixture-${++seq}.json`);
  fs.writeFileSync(file, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2));
  return file;
}

const tx = (s: string) => ({ ja: `${s}（ja）`, en: s });

/** A small valid checklist; tests break one thing at a time. */
function valid(id = 'fixture') {
  return {
    id,
    version: '1.0.0',
    title: tx('Fixture'),
    sections: [
      {
        id: 'start',
        title: tx('Start'),
        items: [
          { id: 'initial', role: 'initial-screen', required: true, text: tx('Initial screen shown') },
          { id: 'card', required: true, text: tx('Card checked') },
        ],
      },
      { id: 'end', title: tx('End'), items: [{ id: 'done', required: false, text: tx('Done') }] },
    ],
    logoutGate: { title: tx('Logout'), items: [{ id: 'logged-out', text: tx('Logged out') }] },
    interruptReasons: [{ id: 'other', text: tx('Other'), note: true }],
  };
}
type Fixture = ReturnType<typeof valid>;

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

/** Load a broken variant of the valid fixture and return the error. */
function refused(mutate: (c: Fixture) => void): { err: UserError; file: string } {
  const c = valid();
  mutate(c);
  const file = write(c);
  return { err: userError(() => loadChecklistFile(file)), file };
}

/** Terminal columns of `s`: East Asian wide and full-width characters take two. */
const columns = (s: string) =>
  [...s].reduce((n, ch) => n + (/[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1), 0);

/** Every object with a `ja` or `en` key anywhere in `v`, with its JSON path. */
function texts(v: unknown, at = '$'): { at: string; text: Record<string, unknown> }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => texts(x, `${at}[${i}]`));
  if (v === null || typeof v !== 'object') return [];
  const o = v as Record<string, unknown>;
  if ('ja' in o || 'en' in o) return [{ at, text: o }];
  return Object.entries(o).flatMap(([k, x]) => texts(x, `${at}.${k}`));
}

describe('the shipped Mynapoint checklist', () => {
  it('loads from the shipped folder', () => {
    const all = loadChecklists([shippedChecklistDir()]);
    const loaded = findChecklist(all, 'mynapoint-support');
    expect(loaded.file).toBe(SHIPPED);
    expect(loaded.checklist.version).toBe('1.0.0');
    expect(loaded.sha256).toBe(createHash('sha256').update(fs.readFileSync(SHIPPED)).digest('hex'));
  });

  it('starts with the initial-screen item and only that one has the role', () => {
    const items = flatItems(loadChecklistFile(SHIPPED).checklist).map((x) => x.item);
    expect(items[0]?.role).toBe('initial-screen');
    expect(items.filter((i) => i.role !== undefined)).toHaveLength(1);
  });

  it('has Japanese and English for every text', () => {
    const raw: unknown = JSON.parse(fs.readFileSync(SHIPPED, 'utf8'));
    const found = texts(raw);
    expect(found.length).toBeGreaterThan(30);
    for (const { at, text } of found) {
      expect(Object.keys(text).sort(), at).toEqual(['en', 'ja']);
      expect(typeof text.ja === 'string' && text.ja.trim() !== '', `${at}.ja`).toBe(true);
      expect(typeof text.en === 'string' && text.en.trim() !== '', `${at}.en`).toBe(true);
      expect(String(text.ja), `${at}.ja is Japanese`).toMatch(/[\u3040-\u30FF\u4E00-\u9FFF]/u);
    }
  });

  it('keeps item and gate texts within 60 columns', () => {
    const c = loadChecklistFile(SHIPPED).checklist;
    const lines = [...flatItems(c).map((x) => x.item.text), ...c.logoutGate.items.map((g) => g.text)];
    for (const text of lines) {
      expect(columns(text.ja), text.ja).toBeLessThanOrEqual(60);
      expect(columns(text.en), text.en).toBeLessThanOrEqual(60);
    }
  });

  it('covers the logout gate, interrupt reasons and the facts of DESIGN §4', () => {
    const c = loadChecklistFile(SHIPPED).checklist;
    expect(c.logoutGate.items.map((g) => g.id)).toEqual(['portal-logged-out', 'browser-closed', 'card-removed']);
    expect(c.interruptReasons.map((r) => [r.id, r.note])).toEqual([
      ['citizen-left', false],
      ['pin-locked', false],
      ['payment-info-missing', false],
      ['system-error', false],
      ['other', true],
    ]);
    const all = fs.readFileSync(SHIPPED, 'utf8');
    for (const fact of ['5,000', '7,500', '公金受取口座', '3回', '4桁', '変更できない', '読み上げ', '決済サービスID', 'セキュリティコード', '問い合わせ窓口']) {
      expect(all).toContain(fact);
    }
    // No invented phone numbers: the hotline is "the number on the leaflet".
    expect(all).not.toMatch(/\d{2,4}-\d{2,4}-\d{3,4}/);
  });
});

describe('loadChecklistFile', () => {
  it('loads a valid file and hashes its bytes', () => {
    const file = write(valid());
    const loaded = loadChecklistFile(file);
    expect(loaded.file).toBe(file);
    expect(loaded.checklist.interruptReasons[0]?.note).toBe(true);
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.sha256).toBe(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
  });

  it('gives a different sha256 when one byte changes', () => {
    const text = JSON.stringify(valid(), null, 2);
    const a = loadChecklistFile(write(text));
    const b = loadChecklistFile(write(text.replace('"1.0.0"', '"1.0.1"')));
    const c = loadChecklistFile(write(text.replace('Fixture', 'Fixturf')));
    expect(new Set([a.sha256, b.sha256, c.sha256]).size).toBe(3);
    expect(loadChecklistFile(write(text)).sha256).toBe(a.sha256);
  });

  it('accepts a UTF-8 BOM (files saved by Windows editors)', () => {
    const file = write(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(valid()))]));
    expect(loadChecklistFile(file).checklist.id).toBe('fixture');
  });

  it('refuses a missing logoutGate', () => {
    const { err, file } = refused((c) => delete (c as Partial<Fixture>).logoutGate);
    expect(err.key).toBe('checklist.invalid');
    expect(err.params).toMatchObject({ file, path: 'logoutGate' });
  });

  it('refuses an empty logoutGate item list', () => {
    const { err } = refused((c) => (c.logoutGate.items = []));
    expect(err.params).toMatchObject({ path: 'logoutGate.items' });
  });

  it('refuses duplicate item ids within a section', () => {
    const { err } = refused((c) => (c.sections[0]!.items[1]!.id = 'initial'));
    expect(err.params).toMatchObject({ path: 'sections[0].items[1].id' });
    expect(err.params.message).toContain('duplicate id "initial"');
  });

  it('refuses duplicate item ids across sections', () => {
    const { err } = refused((c) => (c.sections[1]!.items[0]!.id = 'card'));
    expect(err.params).toMatchObject({ path: 'sections[1].items[0].id' });
    expect(err.params.message).toContain('sections.0.items.1.id');
  });

  it('refuses a missing translation', () => {
    const { err, file } = refused((c) => delete (c.sections[1]!.items[0]!.text as Partial<{ en: string }>).en);
    expect(err.key).toBe('checklist.invalid');
    expect(err.params).toMatchObject({ file, path: 'sections[1].items[0].text.en' });
    expect(String(err.params.message)).not.toBe('');
  });

  it('refuses a first item without the initial-screen role', () => {
    const { err } = refused((c) => delete (c.sections[0]!.items[0] as { role?: string }).role);
    expect(err.params).toMatchObject({ path: 'sections[0].items[0].role' });
    expect(err.params.message).toContain('initial-screen');
  });

  it('names an unknown key in the path', () => {
    const { err } = refused((c) => Object.assign(c.sections[0]!.items[1]!, { requird: true }));
    expect(err.params).toMatchObject({ path: 'sections[0].items[1].requird' });
  });

  it('names the file and the path in the translated message', () => {
    const { err, file } = refused((c) => (c.sections[1]!.items[0]!.text.en = ' '));
    for (const locale of ['ja', 'en'] as const) {
      const msg = t(locale, err.key, err.params);
      expect(msg).toContain(file);
      expect(msg).toContain('sections[1].items[0].text.en');
      expect(msg).not.toMatch(/\{\w+\}/);
    }
  });

  it('refuses bad JSON and names line:column', () => {
    const file = write('{\n  "id": "x",\n  "version" "1.0.0"\n}\n');
    const err = userError(() => loadChecklistFile(file));
    expect(err.key).toBe('checklist.badJson');
    expect(err.params).toMatchObject({ file, line: 3, column: 13 });
    expect(t('en', err.key, err.params)).toContain(`${file}:3:13`);
  });

  it('gives line:column for errors JSON.parse reports without a position', () => {
    // Node 20 says only "Unexpected token ']', ... is not valid JSON" here.
    const file = write('{\n  "sections": [\n    1,\n  ]\n}');
    expect(userError(() => loadChecklistFile(file)).params).toMatchObject({ line: 4, column: 3 });
    const cut = write('{\n  "id": ');
    expect(userError(() => loadChecklistFile(cut)).params).toMatchObject({ line: 2, column: 9 });
  });

  it('refuses a file over 1 MiB before parsing it', () => {
    const text = JSON.stringify(valid());
    const pad = (n: number) => text + ' '.repeat(n - Buffer.byteLength(text));
    const file = write(pad(MAX_CHECKLIST_BYTES + 1)); // valid JSON, one byte too many
    const err = userError(() => loadChecklistFile(file));
    expect(err.key).toBe('checklist.tooLarge');
    expect(err.params).toMatchObject({ file, size: MAX_CHECKLIST_BYTES + 1, limit: MAX_CHECKLIST_BYTES });
    expect(loadChecklistFile(write(pad(MAX_CHECKLIST_BYTES))).checklist.id).toBe('fixture');
  });

  it('refuses a missing file, a folder and non-UTF-8 bytes', () => {
    const missing = path.join(tmp, 'nope.json');
    expect(userError(() => loadChecklistFile(missing)).params).toMatchObject({ file: missing, reason: 'ENOENT' });
    expect(userError(() => loadChecklistFile(tmp)).key).toBe('checklist.notAFile');
    expect(userError(() => loadChecklistFile(write(Buffer.from([0x7b, 0xff, 0x7d])))).key).toBe('checklist.notUtf8');
  });
});

describe('loadChecklists and findChecklist', () => {
  const dirs = () => {
    const a = fs.mkdtempSync(path.join(tmp, 'a-'));
    const b = fs.mkdtempSync(path.join(tmp, 'b-'));
    return { a, b };
  };

  it('loads every *.json of every folder, sorted by id', () => {
    const { a, b } = dirs();
    write(valid('zeta'), 'z.json', a);
    write(valid('alpha'), 'y.json', a);
    write(valid('mid'), 'm.json', b);
    write('not a checklist', 'notes.txt', b);
    const ids = loadChecklists([a, b]).map((l) => l.checklist.id);
    expect(ids).toEqual(['alpha', 'mid', 'zeta']);
  });

  it('refuses the same id in a later folder, naming both files', () => {
    const { a, b } = dirs();
    const first = write(valid('same'), 'one.json', a);
    const second = write(valid('same'), 'two.json', b);
    const err = userError(() => loadChecklists([a, b]));
    expect(err.key).toBe('checklist.duplicateId');
    expect(err.params).toEqual({ id: 'same', first, second });
  });

  it('reports a bad file found in a folder with its path', () => {
    const { a } = dirs();
    const bad = write('{', 'bad.json', a);
    expect(userError(() => loadChecklists([a])).params).toMatchObject({ file: bad });
  });

  it('refuses a folder it cannot read', () => {
    const missing = path.join(tmp, 'no-such-folder');
    expect(userError(() => loadChecklists([missing])).params).toEqual({ dir: missing, reason: 'ENOENT' });
  });

  it('finds by id, and lists the available ids when not found', () => {
    const { a } = dirs();
    write(valid('one'), 'one.json', a);
    write(valid('two'), 'two.json', a);
    const list = loadChecklists([a]);
    expect(findChecklist(list, 'two').checklist.id).toBe('two');
    const err = userError(() => findChecklist(list, 'three'));
    expect(err.key).toBe('checklist.notFound');
    expect(err.params).toEqual({ id: 'three', available: 'one, two' });
  });
});
