import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findChecklist,
  installedChecklists,
  loadChecklistFile,
  loadChecklists,
  MAX_CHECKLIST_BYTES,
  shippedChecklistDir,
} from '../src/checklist/load.js';
import { enabledChecklistIds, enabledChecklists } from '../src/config/flows.js';
import { Checklist, flatItems, validityOn } from '../src/checklist/schema.js';
import { UserError } from '../src/errors.js';
import { t } from '../src/i18n/index.js';

const SHIPPED = path.join(shippedChecklistDir(), 'mynapoint-support.json');
const SHIPPED_IDS = ['hokensho-link-support', 'kokin-koza-support', 'mynapoint-support'];
const shippedFile = (id: string) => path.join(shippedChecklistDir(), `${id}.json`);

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

describe('the shipped checklists', () => {
  it('are exactly the three flows, each loaded from the shipped folder with its hash', () => {
    const all = loadChecklists([shippedChecklistDir()]);
    expect(all.map((l) => l.checklist.id)).toEqual(SHIPPED_IDS);
    for (const loaded of all) {
      expect(loaded.file).toBe(shippedFile(loaded.checklist.id));
      expect(loaded.sha256).toBe(createHash('sha256').update(fs.readFileSync(loaded.file)).digest('hex'));
    }
    expect(findChecklist(all, 'mynapoint-support').checklist.version).toBe('2.0.0');
    expect(findChecklist(all, 'kokin-koza-support').checklist.version).toBe('1.2.0');
    expect(findChecklist(all, 'hokensho-link-support').checklist.version).toBe('1.2.0');
  });

  describe.each(SHIPPED_IDS)('%s', (id) => {
    const file = shippedFile(id);
    const load = () => loadChecklistFile(file).checklist;

    it('refers to the generated JSON Schema', () => {
      const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      expect(Object.keys(raw)[0]).toBe('$schema');
      expect(raw.$schema).toBe('../schema/checklist.schema.json');
      expect(fs.existsSync(path.resolve(path.dirname(file), String(raw.$schema)))).toBe(true);
    });

    it('starts with the initial-screen item and only that one has the role', () => {
      const items = flatItems(load()).map((x) => x.item);
      expect(items[0]?.role).toBe('initial-screen');
      expect(items[0]?.kind).toBe('check');
      expect(items[0]?.required).toBe(true);
      expect(items.filter((i) => i.role !== undefined)).toHaveLength(1);
    });

    it('has Japanese and English for every text', () => {
      const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
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
      const c = load();
      const lines = [...flatItems(c).map((x) => x.item.text), ...c.logoutGate.items.map((g) => g.text)];
      for (const text of lines) {
        expect(columns(text.ja), text.ja).toBeLessThanOrEqual(60);
        expect(columns(text.en), text.en).toBeLessThanOrEqual(60);
      }
    });

    it('has the common logout gate, interrupt reasons and PIN steps', () => {
      const c = load();
      expect(c.logoutGate.items.map((g) => g.id).slice(0, 3)).toEqual(['portal-logged-out', 'browser-closed', 'card-removed']);
      const reasons = c.interruptReasons.map((r) => r.id);
      expect(reasons[0]).toBe('citizen-left');
      expect(reasons).toContain('pin-locked');
      // Forgetting the PIN is not the same as a locked PIN: it is offered beside it (stop before the lock).
      expect(reasons[reasons.indexOf('pin-locked') + 1]).toBe('pin-forgotten');
      expect(reasons).toContain('system-error');
      expect(c.interruptReasons.at(-1)).toMatchObject({ id: 'other', note: true });
      const items = flatItems(c).map((x) => x.item);
      const ids = items.map((i) => i.id);
      // Mynapoint points to the city's own enquiry line (its programme); the others to the national hotline's leaflet.
      const enquiry = id === 'mynapoint-support' ? 'city-enquiry-guided' : 'hotline-guided';
      for (const step of ['pin-lock-warning', 'pin-by-citizen', 'pin-hands-off', 'card-returned', 'self-check-guided', enquiry]) {
        expect(ids, step).toContain(step);
      }
      // "PIN accepted?" no → guide to the reset window, right after it.
      const at = ids.indexOf('pin-accepted');
      expect(items[at]).toMatchObject({ kind: 'yesno', required: true });
      expect(items[at + 1]).toMatchObject({ id: 'pin-reset-guided', required: true, showIf: { item: 'pin-accepted', answer: 'no' } });
      expect(items.filter((i) => i.showIf !== undefined)).toHaveLength(1);
      expect(items.filter((i) => i.kind === 'yesno')).toHaveLength(1);
    });

    it('invents no phone numbers and mentions the PIN rules', () => {
      const all = fs.readFileSync(file, 'utf8');
      // The hotline is "the number on the leaflet".
      expect(all).not.toMatch(/\d{2,4}-\d{2,4}-\d{3,4}/);
      expect(all).not.toMatch(/0120|0570/);
      for (const fact of ['3回', '4桁', '利用者証明用電子証明書', 'チラシ', '初期化・再設定']) expect(all).toContain(fact);
    });
  });

  it('mynapoint-support 2.0.0 (municipal Mynapoint): 18 items in 8 sections, the PIN pair after pin-hands-off', () => {
    const c = loadChecklistFile(SHIPPED).checklist;
    expect(c.sections.map((s) => [s.id, s.items.length])).toEqual([
      ['before-start', 2],
      ['identity', 2],
      ['pin', 5],
      ['programme', 1],
      ['payment', 3],
      ['confirm', 1],
      ['complete', 1],
      ['closing', 3],
    ]);
    expect(c.sections[2]!.items.map((i) => i.id)).toEqual(['pin-lock-warning', 'pin-by-citizen', 'pin-hands-off', 'pin-accepted', 'pin-reset-guided']);
    expect(flatItems(c).findIndex((x) => x.item.id === 'pin-accepted')).toBe(7);
    expect(c.sections[2]!.items[4]).toMatchObject({ thenInterrupt: 'pin-locked' });
    expect(c.title.ja).toBe('自治体マイナポイント申込支援チェックリスト');
    expect(c.title.en).toContain('Municipal Mynapoint');
    expect(c.sections.map((s) => s.id)).not.toContain('measures');
  });

  it('mynapoint-support covers the gate, interrupt reasons and the facts of the municipal programme', () => {
    const c = loadChecklistFile(SHIPPED).checklist;
    expect(c.logoutGate.items.map((g) => g.id)).toEqual(['portal-logged-out', 'browser-closed', 'card-removed']);
    expect(c.interruptReasons.map((r) => [r.id, r.note])).toEqual([
      ['citizen-left', false],
      ['pin-locked', false],
      ['pin-forgotten', false],
      ['not-eligible', false],
      ['payment-info-missing', false],
      ['system-error', false],
      ['other', true],
    ]);
    const byId = new Map(flatItems(c).map((x) => [x.item.id, x.item]));
    // The programme chosen with the citizen; the payment service by the citizen; the ID read back.
    expect(byId.get('programme-chosen')?.text.ja).toContain('自治体の事業');
    expect(byId.get('payment-chosen')?.text.ja).toContain('ご本人が選んだ');
    expect(byId.get('payment-id-read-back')?.text.ja).toContain('読み合わせ');
    expect(byId.get('payment-id-read-back')?.text.en).toMatch(/ID or account/);
    // The city's own enquiry line, handed over on its printed copy.
    expect(byId.get('city-enquiry-guided')?.text.ja).toContain('配布資料');
    expect(byId.get('city-enquiry-guided')?.help?.ja).toContain('チラシ');
    const all = fs.readFileSync(SHIPPED, 'utf8');
    for (const fact of ['自治体マイナポイント', 'マイナポータル', 'キャッシュレス決済', '3回', '4桁', '変更できない', '決済サービスID', 'セキュリティコード', '問い合わせ']) {
      expect(all).toContain(fact);
    }
    // The national campaign's measures and hotline are gone.
    for (const gone of ['5,000', '7,500', '公金受取口座', '健康保険証', 'マイナポイント事業の問い合わせ', 'hotline']) expect(all).not.toContain(gone);
    for (const id of ['measures-chosen', 'account-own-name', 'payment-id-entered', 'hotline-guided']) expect(byId.has(id), id).toBe(false);
  });

  it('keeps 1.2.0 in checklists/history/, byte for byte, as an earlier version only', () => {
    const all = loadChecklists([shippedChecklistDir()]);
    expect(all.map((l) => l.checklist.id)).toEqual(SHIPPED_IDS);
    const myna = findChecklist(all, 'mynapoint-support');
    expect(myna.history?.map((h) => [h.checklist.version, path.relative(shippedChecklistDir(), h.file)])).toEqual([
      ['1.2.0', path.join('history', 'mynapoint-support-1.2.0.json')],
    ]);
    const old = myna.history![0]!;
    // The same bytes the 1.2.0 sessions recorded the hash of.
    expect(old.sha256).toBe(createHash('sha256').update(fs.readFileSync(old.file)).digest('hex'));
    expect(flatItems(old.checklist).map((x) => x.item.id)).toContain('measures-chosen');
    expect(installedChecklists({ checklistDir: null }).checklists.find((c) => c.checklist.id === 'mynapoint-support')?.checklist.version).toBe('2.0.0');
  });

  it('kokin-koza-support: own-name account, kana name, details by the citizen, result checked together', () => {
    const c = loadChecklistFile(shippedFile('kokin-koza-support')).checklist;
    const byId = new Map(flatItems(c).map((x) => [x.item.id, x.item]));
    expect(byId.get('account-own-name')?.text.ja).toContain('ご本人名義');
    expect(byId.get('account-own-name')?.text.ja).toContain('ご家族');
    expect(byId.get('account-own-name')?.text.en).toMatch(/own name/);
    expect(byId.get('kana-name-match')?.text.ja).toContain('カナ');
    expect(byId.get('account-details-by-citizen')?.text.ja).toContain('読み上げ');
    expect(byId.get('registration-result')?.text.ja).toContain('一緒に確認');
    expect(c.logoutGate.items.map((g) => g.id)).toContain('no-account-notes');
    expect(c.interruptReasons.map((r) => r.id)).toEqual(['citizen-left', 'pin-locked', 'pin-forgotten', 'account-info-missing', 'account-not-own', 'system-error', 'other']);
    expect(fs.readFileSync(shippedFile('kokin-koza-support'), 'utf8')).toContain('公金受取口座');
  });

  it('hokensho-link-support: the person on screen is read back after login; the citizen types the PIN', () => {
    const c = loadChecklistFile(shippedFile('hokensho-link-support')).checklist;
    const ids = flatItems(c).map((x) => x.item.id);
    const person = flatItems(c).find((x) => x.item.id === 'name-dob-read-back')!.item;
    expect(person.text.ja).toContain('氏名・生年月日');
    expect(person.text.en).toMatch(/name and date of birth/);
    expect(ids.indexOf('name-dob-read-back')).toBeGreaterThan(ids.indexOf('pin-reset-guided'));
    expect(ids.indexOf('pin-by-citizen')).toBeLessThan(ids.indexOf('consent'));
    expect(c.interruptReasons.map((r) => r.id)).toContain('wrong-person');
    expect(fs.readFileSync(shippedFile('hokensho-link-support'), 'utf8')).toContain('健康保険証');
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
    expect(err.key).toBe('checklist.invalid.missing');
    expect(err.params).toMatchObject({ file, path: 'logoutGate' });
  });

  it('refuses an empty logoutGate item list', () => {
    const { err } = refused((c) => (c.logoutGate.items = []));
    expect(err.key).toBe('checklist.invalid.tooFew');
    expect(err.params).toMatchObject({ path: 'logoutGate.items', minimum: 1, count: 0 });
  });

  it('refuses duplicate item ids within a section', () => {
    const { err } = refused((c) => (c.sections[0]!.items[1]!.id = 'initial'));
    expect(err.key).toBe('checklist.invalid.duplicateId');
    expect(err.params).toMatchObject({ path: 'sections[0].items[1].id', id: 'initial', first: 'sections[0].items[0].id' });
  });

  it('refuses duplicate item ids across sections', () => {
    const { err } = refused((c) => (c.sections[1]!.items[0]!.id = 'card'));
    expect(err.params).toMatchObject({ path: 'sections[1].items[0].id', first: 'sections[0].items[1].id' });
    expect(t('en', err.key, err.params)).toContain('the id "card" is used twice (first at sections[0].items[1].id)');
  });

  it('refuses a missing translation', () => {
    const { err, file } = refused((c) => delete (c.sections[1]!.items[0]!.text as Partial<{ en: string }>).en);
    expect(err.key).toBe('checklist.invalid.missingTranslation');
    expect(err.params).toMatchObject({ file, path: 'sections[1].items[0].text.en', lang: 'en' });
  });

  it('refuses a first item without the initial-screen role', () => {
    const { err } = refused((c) => delete (c.sections[0]!.items[0] as { role?: string }).role);
    expect(err.key).toBe('checklist.invalid.firstNotInitialScreen');
    expect(err.params).toMatchObject({ path: 'sections[0].items[0].role' });
    expect(t('en', err.key, err.params)).toContain('"role": "initial-screen"');
  });

  it('names an unknown key in the path', () => {
    const { err } = refused((c) => Object.assign(c.sections[0]!.items[1]!, { requird: true }));
    expect(err.key).toBe('checklist.invalid.unknownKey');
    expect(err.params).toMatchObject({ path: 'sections[0].items[1].requird', key: '"requird"' });
    expect(String(err.params.allowed).split(', ')).toEqual(['id', 'kind', 'text', 'help', 'required', 'showIf', 'thenInterrupt', 'sensor', 'role']);
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
    expect(err.key).toBe('checklist.badJson.missingColon');
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

  it('a number too large for JSON (1e400) is shown as what it became, not as null', () => {
    const text = JSON.stringify({ ...valid(), version: 0 }).replace('"version":0', '"version":1e400');
    const err = userError(() => loadChecklistFile(write(text)));
    expect(err.params).toMatchObject({ path: 'version', found: 'Infinity' });
    expect(t('en', err.key, err.params)).not.toContain('null');
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

describe('JSON syntax errors', () => {
  const at = (text: string) => {
    const err = userError(() => loadChecklistFile(write(text)));
    return { key: err.key, line: err.params.line, column: err.params.column, found: err.params.found };
  };

  it.each([
    ['{\n  "id": "x",\n}', 'checklist.badJson.trailingComma', 3, 1],
    ['{\n  "a": [1, 2,]\n}', 'checklist.badJson.trailingComma', 2, 14],
    ['{\n  "id": "x"\n  "version": "1.0.0"\n}', 'checklist.badJson.missingComma', 3, 3],
    ['{\n  // note\n  "id": "x"\n}', 'checklist.badJson.comment', 2, 3],
    ["{ 'id': 'x' }", 'checklist.badJson.singleQuote', 1, 3],
    ['{ id: "x" }', 'checklist.badJson.unquotedKey', 1, 3],
    ['{ "id" "x" }', 'checklist.badJson.missingColon', 1, 8],
    ['{ "id": "x\ny" }', 'checklist.badJson.controlChar', 1, 11],
    ['{ "id": "C:\\guide" }', 'checklist.badJson.badEscape', 1, 13],
    ['{ "n": 01 }', 'checklist.badJson.badNumber', 1, 9],
    ['{ "id": "x" } {}', 'checklist.badJson.extra', 1, 15],
    ['{ "ok": True }', 'checklist.badJson.badLiteral', 1, 9],
    ['{ “id”: "x" }', 'checklist.badJson.smartQuote', 1, 3],
    ['{ "id": "x"', 'checklist.badJson.end', 1, 12],
    ['{ "id": @ }', 'checklist.badJson', 1, 9],
  ])('%j → %s at %i:%i', (text, key, line, column) => {
    expect(at(text)).toMatchObject({ key, line, column });
  });

  it('agrees with JSON.parse about where the error is when it says', () => {
    // Node's "at position N" (when given) and ours point at the same character.
    for (const text of ['{"a":1,}', '{"a" 1}', '[1 2]', '{"a":tru}', '{"a":"\\q"}', '[01]']) {
      let position: number | undefined;
      try {
        JSON.parse(text);
      } catch (e) {
        const m = /at position (\d+)/.exec(String(e));
        position = m ? Number(m[1]) : undefined;
      }
      if (position !== undefined) expect(at(text).column, text).toBe(position + 1);
    }
  });

  it('refuses an empty file and a UTF-16 one with their own messages', () => {
    expect(userError(() => loadChecklistFile(write(''))).key).toBe('checklist.empty');
    expect(userError(() => loadChecklistFile(write(' \n\t'))).key).toBe('checklist.empty');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(valid()), 'utf16le')]);
    expect(userError(() => loadChecklistFile(write(utf16))).key).toBe('checklist.utf16');
  });

  it('survives deep nesting without a stack overflow', () => {
    const deep = '{"sections": ' + '['.repeat(100_000) + '}';
    expect(userError(() => loadChecklistFile(write(deep))).key).toBe('checklist.badJson');
    const balanced = '{"sections": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    expect(userError(() => loadChecklistFile(write(balanced))).key).toBe('checklist.invalid.missing');
  });
});

describe('yes/no items and showIf', () => {
  /** valid() plus a yes/no question and an item shown only on "no". */
  function conditional() {
    const c = valid();
    const items = c.sections[0]!.items as Record<string, unknown>[];
    items.push(
      { id: 'pin-ok', kind: 'yesno', required: true, text: tx('PIN accepted?') },
      { id: 'pin-reset', required: true, showIf: { item: 'pin-ok', answer: 'no' }, text: tx('Guided to reset') },
    );
    return c;
  }
  type Items = Record<string, unknown>[];
  const refusedConditional = (mutate: (items: Items, c: Fixture) => void) => {
    const c = conditional();
    mutate(c.sections[0]!.items as Record<string, unknown>[], c);
    const file = write(c);
    return { err: userError(() => loadChecklistFile(file)), file };
  };

  it('defaults kind to "check" so older files stay valid, and keeps showIf', () => {
    const items = flatItems(loadChecklistFile(write(conditional())).checklist).map((x) => x.item);
    expect(items.map((i) => i.kind)).toEqual(['check', 'check', 'yesno', 'check', 'check']);
    expect(items[3]!.showIf).toEqual({ item: 'pin-ok', answer: 'no' });
    expect(items[0]!.showIf).toBeUndefined();
  });

  it('accepts a condition on an item in a later section, and chains of conditions', () => {
    const c = conditional();
    c.sections[1]!.items.push(
      { id: 'again', kind: 'yesno', required: false, showIf: { item: 'pin-ok', answer: 'yes' }, text: tx('Again?') } as never,
      { id: 'after', required: false, showIf: { item: 'again', answer: 'yes' }, text: tx('After') } as never,
    );
    expect(Checklist.parse(c).sections[1]!.items.map((i) => i.showIf?.item)).toEqual([undefined, 'pin-ok', 'again']);
  });

  /** A mutation of the conditional fixture's first section: set `key` of item `i` to `value`. */
  const set =
    (i: number, key: string, value: unknown) =>
    (items: Items): void => {
      items[i]![key] = value;
    };

  it.each([
    ['an unknown id', set(3, 'showIf', { item: 'pin-okay', answer: 'no' }), 'showIfUnknown', 3, { ref: 'pin-okay' }],
    ['a section id', set(3, 'showIf', { item: 'start', answer: 'no' }), 'showIfUnknown', 3, { ref: 'start' }],
    ['the item itself', set(3, 'showIf', { item: 'pin-reset', answer: 'no' }), 'showIfSelf', 3, { ref: 'pin-reset' }],
    ['a later item', set(1, 'showIf', { item: 'pin-ok', answer: 'yes' }), 'showIfForward', 1, { ref: 'pin-ok', target: 'sections[0].items[2]' }],
    ['a check item', set(3, 'showIf', { item: 'card', answer: 'yes' }), 'showIfNotYesno', 3, { ref: 'card', target: 'sections[0].items[1]' }],
  ] as const)('refuses a showIf naming %s', (_, mutate, rule, index, params) => {
    const { err, file } = refusedConditional(mutate);
    expect(err.key).toBe(`checklist.invalid.${rule}`);
    const where = `sections[0].items[${index}].showIf.item`;
    expect(err.params).toMatchObject({ file, path: where, ...params });
    for (const locale of ['ja', 'en'] as const) {
      const msg = t(locale, err.key, err.params);
      expect(msg.startsWith(`${file}: ${where}: `)).toBe(true);
      expect(msg).toContain(params.ref);
      expect(msg).not.toMatch(/\{\w+\}/);
    }
  });

  it('refuses a thenInterrupt naming a reason the checklist does not have, in both languages', () => {
    const { err, file } = refusedConditional(set(1, 'thenInterrupt', 'pin-lockd'));
    expect(err.key).toBe('checklist.invalid.thenInterruptUnknown');
    expect(err.params).toMatchObject({ file, path: 'sections[0].items[1].thenInterrupt', ref: 'pin-lockd' });
    for (const locale of ['ja', 'en'] as const) expect(t(locale, err.key, err.params)).toContain('pin-lockd');
  });

  it('refuses a forward reference into a later section', () => {
    const { err } = refusedConditional(set(1, 'showIf', { item: 'done', answer: 'no' }));
    expect(err.key).toBe('checklist.invalid.showIfForward');
    expect(err.params).toMatchObject({ target: 'sections[1].items[0]' });
  });

  it.each([
    ['an answer other than yes/no', set(3, 'showIf', { item: 'pin-ok', answer: true }), 'badValue', 'sections[0].items[3].showIf.answer'],
    ['a missing answer', set(3, 'showIf', { item: 'pin-ok' }), 'missing', 'sections[0].items[3].showIf.answer'],
    ['an unknown showIf field', set(3, 'showIf', { item: 'pin-ok', answer: 'no', when: 1 }), 'unknownKey', 'sections[0].items[3].showIf.when'],
    ['an unknown kind', set(2, 'kind', 'yes-no'), 'badValue', 'sections[0].items[2].kind'],
    ['a yes/no initial-screen item', set(0, 'kind', 'yesno'), 'initialScreenKind', 'sections[0].items[0].kind'],
    ['an optional initial-screen item', set(0, 'required', false), 'initialScreenOptional', 'sections[0].items[0].required'],
    ['a second initial-screen item', set(2, 'role', 'initial-screen'), 'initialScreenNotFirst', 'sections[0].items[2].role'],
  ] as const)('refuses %s', (_, mutate, kind, where) => {
    const { err } = refusedConditional(mutate);
    expect(err.key).toBe(`checklist.invalid.${kind}`);
    expect(err.params.path).toBe(where);
  });

  it('refuses a conditional first item (it has nothing earlier to refer to)', () => {
    const { err } = refusedConditional(set(0, 'showIf', { item: 'pin-ok', answer: 'yes' }));
    expect(err.key).toBe('checklist.invalid.showIfForward');
    expect(err.params.path).toBe('sections[0].items[0].showIf.item');
  });
});

describe('installedChecklists and enabledChecklists', () => {
  const cityDir = () => fs.mkdtempSync(path.join(tmp, 'city-'));

  it('without checklistDir: the shipped checklists', () => {
    expect(installedChecklists({ checklistDir: null }).checklists.map((l) => l.checklist.id)).toEqual(SHIPPED_IDS);
  });

  it("adds the city's folder, sorted by id", () => {
    const dir = cityDir();
    const own = write(valid('city-flow'), 'city.json', dir);
    const { checklists: all, skipped } = installedChecklists({ checklistDir: dir });
    expect(all.map((l) => l.checklist.id)).toEqual(['city-flow', ...SHIPPED_IDS]);
    expect(all[0]!.file).toBe(own);
    expect(skipped).toEqual([]);
  });

  it('skips a city checklist with a shipped id, naming both files', () => {
    const dir = cityDir();
    const own = write(valid('kokin-koza-support'), 'kokin.json', dir);
    const { checklists, skipped } = installedChecklists({ checklistDir: dir });
    expect(checklists.find((c) => c.checklist.id === 'kokin-koza-support')?.file).toBe(shippedFile('kokin-koza-support'));
    const err = skipped[0]!;
    expect(err.key).toBe('checklist.duplicateId');
    expect(err.params).toEqual({ id: 'kokin-koza-support', first: shippedFile('kokin-koza-support'), second: own });
    for (const locale of ['ja', 'en'] as const) {
      const msg = t(locale, err.key, err.params);
      expect(msg).toContain(own);
      expect(msg).toContain(shippedFile('kokin-koza-support'));
    }
  });

  it('pointing checklistDir at the shipped folder is not a clash', () => {
    expect(installedChecklists({ checklistDir: shippedChecklistDir() }).checklists.map((l) => l.checklist.id)).toEqual(SHIPPED_IDS);
  });

  it('skips (and names) a missing folder and a bad file in the folder; the good ones still load', () => {
    const missing = path.join(tmp, 'no-city');
    const gone = installedChecklists({ checklistDir: missing });
    expect(gone.checklists.map((l) => l.checklist.id)).toEqual(SHIPPED_IDS);
    expect(gone.skipped.map((e) => e.params)).toEqual([{ dir: missing, reason: 'ENOENT' }]);
    const dir = cityDir();
    const bad = write('{"id": "x",}', 'bad.json', dir);
    write(valid('city-flow'), 'city.json', dir);
    const some = installedChecklists({ checklistDir: dir });
    expect(some.checklists.map((l) => l.checklist.id)).toContain('city-flow');
    expect(some.skipped.map((e) => e.params)).toEqual([expect.objectContaining({ file: bad })]);
    // An enabled flow among the skipped files stops the kiosk, naming the files it could not load.
    const err = userError(() => enabledChecklists(some.checklists, { enabledChecklists: ['x'], defaultChecklist: 'mynapoint-support' }, some.skipped));
    expect(err.key).toBe('checklist.enabledNotFoundSkipped');
    expect(t('en', err.key, err.params)).toContain(bad);
  });

  it('enabled: the configured ids in order, or just defaultChecklist when unset', () => {
    const installed = installedChecklists({ checklistDir: null }).checklists;
    const enabled = (ids: string[] | null, def = 'mynapoint-support') =>
      enabledChecklists(installed, { enabledChecklists: ids, defaultChecklist: def }).map((l) => l.checklist.id);
    expect(enabled(null)).toEqual(['mynapoint-support']);
    expect(enabled(null, 'kokin-koza-support')).toEqual(['kokin-koza-support']);
    expect(enabled(['kokin-koza-support', 'mynapoint-support'])).toEqual(['kokin-koza-support', 'mynapoint-support']);
    expect(enabledChecklistIds({ enabledChecklists: null, defaultChecklist: 'x' })).toEqual(['x']);
  });

  it('enabled: an id that is not installed is refused, naming the setting and the available ids', () => {
    const installed = installedChecklists({ checklistDir: null }).checklists;
    const err = userError(() => enabledChecklists(installed, { enabledChecklists: ['mynapoint-support', 'kokin'], defaultChecklist: 'mynapoint-support' }));
    expect(err.key).toBe('checklist.enabledNotFound');
    expect(err.params).toEqual({ id: 'kokin', setting: 'enabledChecklists', available: SHIPPED_IDS.join(', ') });
    const byDefault = userError(() => enabledChecklists(installed, { enabledChecklists: null, defaultChecklist: 'gone' }));
    expect(byDefault.params).toMatchObject({ id: 'gone', setting: 'defaultChecklist' });
    expect(t('ja', byDefault.key, byDefault.params)).toContain('config set defaultChecklist');
  });
});

describe('the validity period (validFrom, validUntil)', () => {
  it('is optional, and kept when given; one day is a period too', () => {
    expect(loadChecklistFile(write(valid())).checklist.validUntil).toBeUndefined();
    const c = loadChecklistFile(write({ ...valid(), validFrom: '2026-04-01', validUntil: '2027-03-31' })).checklist;
    expect([c.validFrom, c.validUntil]).toEqual(['2026-04-01', '2027-03-31']);
    expect(loadChecklistFile(write({ ...valid(), validFrom: '2026-04-01', validUntil: '2026-04-01' })).checklist.validFrom).toBe('2026-04-01');
  });

  it('refuses validUntil before validFrom, naming the field in both languages', () => {
    const { err, file } = refused((c) => Object.assign(c, { validFrom: '2026-04-01', validUntil: '2026-03-31' }));
    expect(err.key).toBe('checklist.invalid.validUntilBeforeFrom');
    expect(err.params).toMatchObject({ file, path: 'validUntil', from: '2026-04-01', until: '2026-03-31' });
    for (const locale of ['ja', 'en'] as const) {
      const msg = t(locale, err.key, err.params);
      expect(msg.startsWith(`${file}: validUntil: `)).toBe(true);
      expect(msg).toContain('2026-03-31');
      expect(msg).not.toMatch(/\{\w+\}/);
    }
  });

  it.each(['2026-02-30', '2026/04/01', '26-04-01', '2026-4-1'])('refuses %j as a date', (day) => {
    const { err } = refused((c) => Object.assign(c, { validFrom: day }));
    expect(err.key).toBe('checklist.invalid.badDate');
    expect(err.params).toMatchObject({ path: 'validFrom', value: JSON.stringify(day) });
  });

  it('validityOn: both ends inclusive', () => {
    const period = { validFrom: '2026-04-01', validUntil: '2027-03-31' };
    expect(validityOn(period, '2026-03-31')).toBe('not-yet');
    expect(validityOn(period, '2026-04-01')).toBe('valid');
    expect(validityOn(period, '2027-03-31')).toBe('valid');
    expect(validityOn(period, '2027-04-01')).toBe('expired');
    expect(validityOn({}, '1999-01-01')).toBe('valid');
    expect(validityOn({ validUntil: '2026-01-01' }, '2025-12-31')).toBe('valid');
  });
});

describe('earlier versions (history/)', () => {
  /** A folder with `fixture` 2.0.0 and a history/ subfolder holding the given versions of `id`. */
  function withHistory(versions: [id: string, version: string][]) {
    const dir = fs.mkdtempSync(path.join(tmp, 'hist-'));
    write({ ...valid('fixture'), version: '2.0.0' }, 'fixture.json', dir);
    const hist = path.join(dir, 'history');
    fs.mkdirSync(hist);
    const files = versions.map(([id, version]) => write({ ...valid(id), version }, `${id}-${version}.json`, hist));
    return { dir, files };
  }

  it('attaches older versions to their checklist, newest first; they are never installed checklists of their own', () => {
    const { dir, files } = withHistory([['fixture', '1.0.0'], ['fixture', '1.10.0'], ['fixture', '1.2.0']]);
    const [loaded] = loadChecklists([dir]);
    expect(loadChecklists([dir])).toHaveLength(1);
    expect(loaded!.checklist.version).toBe('2.0.0');
    // Versions compare as numbers: 1.10.0 is newer than 1.2.0.
    expect(loaded!.history?.map((h) => h.checklist.version)).toEqual(['1.10.0', '1.2.0', '1.0.0']);
    expect(loaded!.history?.map((h) => h.file)).toEqual([files[1], files[2], files[0]]);
  });

  it.each([
    ['a version that is not older', [['fixture', '2.0.0']], 'checklist.historyNotOlder', { version: '2.0.0', current: '2.0.0' }],
    ['a checklist that is not in the folder', [['gone', '1.0.0']], 'checklist.historyOrphan', { id: 'gone' }],
    ['the same version twice', [['fixture', '1.0.0'], ['fixture', '1.0.0']], 'checklist.historyDuplicate', { version: '1.0.0' }],
  ] as const)('refuses %s, naming the file in both languages', (_, versions, key, params) => {
    const dir = fs.mkdtempSync(path.join(tmp, 'hist-'));
    write({ ...valid('fixture'), version: '2.0.0' }, 'fixture.json', dir);
    fs.mkdirSync(path.join(dir, 'history'));
    const files = versions.map(([id, version], i) => write({ ...valid(id), version }, `${i}.json`, path.join(dir, 'history')));
    const err = userError(() => loadChecklists([dir]));
    expect(err.key).toBe(key);
    expect(err.params).toMatchObject({ file: files.at(-1), ...params });
    for (const locale of ['ja', 'en'] as const) {
      const msg = t(locale, err.key, err.params);
      expect(msg.startsWith(`${files.at(-1)}: `)).toBe(true);
      expect(msg).not.toMatch(/\{\w+\}/);
    }
  });

  it("in the city's folder, a bad history file is skipped and said; the flows still load", () => {
    const { dir } = withHistory([['fixture', '1.0.0']]);
    const bad = write('{', 'broken.json', path.join(dir, 'history'));
    const { checklists, skipped } = installedChecklists({ checklistDir: dir });
    expect(checklists.find((c) => c.checklist.id === 'fixture')?.history?.map((h) => h.checklist.version)).toEqual(['1.0.0']);
    expect(skipped.map((e) => e.params.file)).toEqual([bad]);
  });
});
