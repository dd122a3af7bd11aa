// The malformed-checklist corpus (test/fixtures/bad-checklists) through the BUILT bin: every file gets
// exit 2 and exactly one clear error line naming the file and the place, never a stack trace.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHECKLIST_BYTES } from '../src/checklist/load.js';
import { makeHome, requireBuild, ROOT, runCli } from './helpers/kiosk.js';

const BAD = path.join(ROOT, 'test', 'fixtures', 'bad-checklists');
const GOOD = path.join(ROOT, 'test', 'fixtures', 'good-checklists');
const STACK = /\n\s+at /;

/**
 * Each file, and what its (English) error says right after the file's path. One defect per file, so
 * each has exactly one error.
 */
const CORPUS: Record<string, string> = {
  // JSON syntax: FILE:LINE:COLUMN and what is wrong there
  'json-trailing-comma.json': ':40:11: invalid JSON at line 40, column 11: a "," right before a closing bracket',
  'json-missing-comma.json': ':4:3: invalid JSON at line 4, column 3: a "," or a closing bracket is needed here',
  'json-comment.json': ':3:3: invalid JSON at line 3, column 3: JSON has no comments',
  'json-single-quotes.json': ':3:3: invalid JSON at line 3, column 3: strings and field names take double quotes',
  'json-unquoted-key.json': ':3:3: invalid JSON at line 3, column 3: field names take double quotes',
  'json-missing-colon.json': ':3:13: invalid JSON at line 3, column 13: a ":" is missing after the field name',
  'json-truncated.json': ':70:3: invalid JSON at line 70, column 3: the file ends too early',
  'json-raw-newline-in-string.json': ':60:32: invalid JSON at line 60, column 32: a string cannot contain a raw line break',
  'json-bad-escape.json': ':64:44: invalid JSON at line 64, column 44: a "\\" in a string starts an invalid escape',
  'json-two-documents.json': ':103:1: invalid JSON at line 103, column 1: there is more text after the end',
  'json-smart-quotes.json': ':3:3: invalid JSON at line 3, column 3: "“" is not a JSON quote',
  'json-python-literals.json': ':28:23: invalid JSON at line 28, column 23: "True" is not a value',
  'json-leading-zero.json': ':3:15: invalid JSON at line 3, column 15: not a valid number',
  'json-duplicate-key.json': ':41:11: the field name "required" appears twice in the same { } (the second time at line 41, column 11).',
  'json-empty.json': ' is empty.',
  'json-whitespace-only.json': ' is empty.',
  'json-shift-jis.json': ' is not UTF-8 text.',
  'json-utf16.json': ' is saved as UTF-16.',
  'root-array.json': ': $: must be an object ({ … }), not […].',
  'root-null.json': ': $: must be an object ({ … }), not null.',
  // wrong types
  'type-required-string.json': ': sections[1].items[0].required: must be true or false, not "yes".',
  'type-note-string.json': ': interruptReasons[1].note: must be true or false, not "true".',
  'type-sections-object.json': ': sections: must be an array ([ … ]), not {…}.',
  'type-text-string.json': ': sections[1].items[0].text: must be an object ({ … }), not "カードを返した".',
  'type-version-number.json': ': version: must be a string ("…"), not 1.',
  // structure
  'gate-missing.json': ': logoutGate: required, but missing.',
  'gate-empty.json': ': logoutGate.items: needs at least 1 (has 0).',
  'reasons-empty.json': ': interruptReasons: needs at least 1 (has 0).',
  'sections-empty.json': ': sections: needs at least 1 (has 0).',
  'section-no-items.json': ': sections[1].items: needs at least 1 (has 0).',
  'too-many-items.json': ': sections[1].items: too many (101; at most 100).',
  // duplicate ids
  'duplicate-item-id.json': ': sections[1].items[0].id: the id "pin-accepted" is used twice (first at sections[0].items[1].id).',
  'duplicate-section-id.json': ': sections[1].id: the id "start" is used twice (first at sections[0].id).',
  'duplicate-gate-id.json': ': logoutGate.items[0].id: the id "card-returned" is used twice (first at sections[1].items[0].id).',
  'duplicate-reason-id.json': ': interruptReasons[1].id: the interrupt reason id "citizen-left" is used twice',
  // conditions
  'showif-unknown.json': ': sections[0].items[2].showIf.item: showIf refers to "pin-acepted", which is not an item',
  'showif-section-id.json': ': sections[1].items[0].showIf.item: showIf refers to "start", which is not an item',
  'showif-forward.json': ': sections[0].items[2].showIf.item: showIf refers to "card-returned", which comes later (sections[1].items[0])',
  'showif-self.json': ': sections[0].items[2].showIf.item: showIf refers to the item itself ("pin-reset-guided")',
  'showif-not-yesno.json': ': sections[1].items[0].showIf.item: showIf refers to "pin-reset-guided" (sections[0].items[2]), which is not a yes/no item',
  'showif-bad-answer.json': ': sections[0].items[2].showIf.answer: "false" is not allowed (allowed: "yes", "no").',
  // translations and texts
  'translation-missing-en.json': ': sections[0].items[1].text.en: the en text is missing',
  'translation-missing-ja-help.json': ': sections[1].items[0].help.ja: the ja text is missing',
  'translation-extra-language.json': ': title.zh: unknown field "zh" (allowed: ja, en).',
  'text-empty.json': ': logoutGate.items[0].text.ja: is empty',
  'text-too-long.json': ': sections[1].items[0].help.ja: too long (450 characters; at most 400).',
  // unknown keys
  'unknown-key-item.json': ': sections[1].items[0].requird: unknown field "requird" (allowed: id, kind, text, help, required, showIf, thenInterrupt, sensor, role).',
  'unknown-key-root.json': ': author: unknown field "author"',
  // the initial-screen item
  'first-item-no-role.json': ': sections[0].items[0].role: the first item needs "role": "initial-screen"',
  'initial-screen-twice.json': ': sections[1].items[0].role: only the first item may have "role": "initial-screen".',
  'initial-screen-yesno.json': ': sections[0].items[0].kind: the first, initial-screen item must be a "check" item.',
  'initial-screen-optional.json': ': sections[0].items[0].required: the first, initial-screen item must be "required": true.',
  'role-misspelt.json': ': sections[0].items[0].role: "initial" is not allowed (allowed: "initial-screen").',
  // ids, versions, kinds
  'bad-version.json': ': version: "1.0" is not a version like "1.0.0".',
  'bad-checklist-id.json': ': id: the id "Mynapoint_Support" is not allowed',
  'bad-item-id-japanese.json': ': sections[1].items[0].id: the id "カード返却" is not allowed',
  'bad-kind.json': ': sections[0].items[1].kind: "checkbox" is not allowed (allowed: "check", "yesno").',
  // the validity period
  'valid-until-before-from.json': ': validUntil: validUntil (2026-03-31) is before validFrom (2026-04-01)',
  'valid-until-not-a-day.json': ': validUntil: "2027-02-30" is not a date like "2026-04-01"',
};

let enHome: string;
let jaHome: string;
let tmp: string;
beforeAll(() => {
  requireBuild();
  enHome = makeHome({ locale: 'en' });
  jaHome = makeHome();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-corpus-'));
});
afterAll(() => {
  for (const dir of [enHome, jaHome, tmp]) fs.rmSync(dir, { recursive: true, force: true });
});

const validate = (files: string[], home = enHome) => runCli(['checklists', 'validate', ...files], home);
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

/** Exit 2, one error line per file (in order), each naming its file and then `expected`, no stack trace. */
function expectErrors(r: ReturnType<typeof runCli>, files: string[], expected: (string | RegExp)[], prefix = 'Error: ') {
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stdout).not.toMatch(STACK);
  const errors = lines(r.stderr);
  expect(errors, r.stderr).toHaveLength(files.length);
  errors.forEach((line, i) => {
    expect(line.startsWith(prefix), line).toBe(true);
    const want = expected[i]!;
    if (typeof want === 'string') expect(line, files[i]).toContain(files[i]! + want);
    else {
      expect(line, files[i]).toContain(files[i]!);
      expect(line, files[i]).toMatch(want);
    }
  });
}

describe('the malformed checklist corpus', () => {
  const names = Object.keys(CORPUS);
  const files = names.map((n) => path.join(BAD, n));

  it('has at least 30 files, each with an expected error here', () => {
    const onDisk = fs.readdirSync(BAD).filter((n) => n.endsWith('.json')).sort();
    expect(onDisk.length).toBeGreaterThanOrEqual(30);
    expect(onDisk).toEqual([...names].sort());
  });

  it('validated together: one clear English error per file, in order, exit 2', () => {
    const r = validate(files);
    expectErrors(r, files, Object.values(CORPUS));
    expect(lines(r.stdout)).toEqual([`${files.length} of ${files.length} files have problems.`]);
  });

  it('validated together in Japanese: the same lines, translated', () => {
    const r = validate(files, jaHome);
    const pathOf = (want: string) => /^: (\S+): /.exec(want)?.[1];
    expectErrors(
      r,
      files,
      Object.values(CORPUS).map((want) => {
        const at = /^(:\d+:\d+: )/.exec(want)?.[1];
        if (at) return want.includes('appears twice') ? `${at}項目名 "required" が同じ { } の中に2回あります` : `${at}JSON の書き方に誤りがあります`;
        const p = pathOf(want);
        return p ? `: ${p}: ` : /チェックリスト .* (は空です|UTF-8|UTF-16)/;
      }),
      'エラー: ',
    );
    for (const line of lines(r.stderr)) expect(line).toMatch(/[\u3040-\u30FF\u4E00-\u9FFF]/u);
    expect(r.stdout).toContain(`${files.length} ファイル中 ${files.length} ファイルに問題があります。`);
  });

  it.each(['json-trailing-comma.json', 'showif-forward.json', 'gate-missing.json', 'json-utf16.json', 'duplicate-reason-id.json'])(
    '%s alone: exit 2, exactly one error line, nothing on stdout',
    (name) => {
      const file = path.join(BAD, name);
      const r = validate([file]);
      expectErrors(r, [file], [CORPUS[name]!]);
      expect(r.stdout).toBe('');
    },
  );

  it('a relative path is named as given', () => {
    const rel = path.relative(ROOT, path.join(BAD, 'bad-kind.json'));
    const r = validate([rel]);
    expectErrors(r, [rel], [CORPUS['bad-kind.json']!]);
  });
});

describe('generated bad inputs', () => {
  it('a file over 1 MiB, deep nesting, a folder and a missing file: one error each', () => {
    const large = path.join(tmp, 'large.json');
    fs.writeFileSync(large, `{"id": "large", "padding": "${'x'.repeat(MAX_CHECKLIST_BYTES)}"}`);
    const deep = path.join(tmp, 'deep.json');
    fs.writeFileSync(deep, `{"sections": ${'['.repeat(200_000)}}`);
    const deepBalanced = path.join(tmp, 'deep-balanced.json');
    fs.writeFileSync(deepBalanced, `{"sections": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    const folder = fs.mkdtempSync(path.join(tmp, 'folder-'));
    const missing = path.join(tmp, 'missing.json');
    const files = [large, deep, deepBalanced, folder, missing];
    const r = validate(files);
    expectErrors(r, files, [
      ` is too large (${fs.statSync(large).size} bytes; the limit is ${MAX_CHECKLIST_BYTES} bytes).`,
      ':1:200014: invalid JSON at line 1, column 200014: "}" cannot appear here.',
      ': id: required, but missing.',
      ' is not a file.',
      ' (ENOENT).',
    ]);
    // The large one alone, too.
    expectErrors(validate([large]), [large], [' is too large']);
  });
});

describe('valid files', () => {
  it('a UTF-8 BOM and CRLF line endings are fine: exit 0, an OK line each', () => {
    const files = ['with-bom.json', 'crlf.json'].map((n) => path.join(GOOD, n));
    const r = validate(files);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([
      `${files[0]}: OK (fixture v1.0.0, 4 items, 1 conditional)`,
      `${files[1]}: OK (fixture v1.0.0, 4 items, 1 conditional)`,
      'All 2 files are valid.',
    ]);
  });

  it('the shipped checklists validate', () => {
    const files = ['mynapoint-support', 'kokin-koza-support', 'hokensho-link-support'].map((id) => path.join(ROOT, 'checklists', `${id}.json`));
    const r = validate(files, jaHome);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('3 ファイルすべて問題ありません。');
  });

  it('valid and invalid mixed: OK lines for the valid ones, errors for the rest, exit 2', () => {
    const files = [path.join(GOOD, 'with-bom.json'), path.join(BAD, 'gate-missing.json'), path.join(GOOD, 'crlf.json')];
    const r = validate(files);
    expectErrors(r, [files[1]!], [CORPUS['gate-missing.json']!]);
    expect(lines(r.stdout)).toEqual([
      `${files[0]}: OK (fixture v1.0.0, 4 items, 1 conditional)`,
      `${files[2]}: OK (fixture v1.0.0, 4 items, 1 conditional)`,
      '1 of 3 files have problems.',
    ]);
  });
});

describe('checklists list and usage through the bin', () => {
  it("lists the shipped checklists and a city's folder", () => {
    const city = fs.mkdtempSync(path.join(tmp, 'city-'));
    fs.copyFileSync(path.join(GOOD, 'crlf.json'), path.join(city, 'fixture.json'));
    const home = makeHome({ locale: 'en', checklistDir: city, enabledChecklists: ['fixture', 'kokin-koza-support'] });
    try {
      const r = runCli(['checklists', 'list'], home);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const rows = lines(r.stdout);
      expect(rows[0]).toMatch(/^fixture +v1\.0\.0 +enabled +no end +Test checklist +4 items, 1 conditional +\S+fixture\.json$/);
      // The earlier Mynapoint version is listed as history, not as a flow of its own.
      expect(rows.filter((l) => l.startsWith('mynapoint-support '))).toHaveLength(1);
      expect(rows.some((l) => /^Earlier version .*mynapoint-support v1\.2\.0 .*history\/mynapoint-support-1\.2\.0\.json$/.test(l))).toBe(true);
      expect(rows.some((l) => /^kokin-koza-support .* enabled /.test(l))).toBe(true);
      expect(rows.some((l) => /^mynapoint-support .* disabled /.test(l))).toBe(true);
      expect(r.stdout).toContain(`City checklist folder: ${city}`);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it("a bad file in the city's folder: exit 2, one line naming it", () => {
    const city = fs.mkdtempSync(path.join(tmp, 'city-'));
    fs.copyFileSync(path.join(BAD, 'showif-self.json'), path.join(city, 'broken.json'));
    const home = makeHome({ checklistDir: city });
    try {
      const r = runCli(['checklists', 'list'], home);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(STACK);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toContain(`${path.join(city, 'broken.json')}: sections[0].items[2].showIf.item: `);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('an enabled id that is not installed: exit 2 from list', () => {
    const home = makeHome({ locale: 'en', enabledChecklists: ['mynapoint-support', 'kokin'] });
    try {
      const r = runCli(['checklists', 'list'], home);
      expect(r.code).toBe(2);
      expect(lines(r.stderr)).toEqual([expect.stringContaining('names checklist "kokin", which is not installed')]);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('validate without files is bad usage (exit 2)', () => {
    const r = runCli(['checklists', 'validate'], enHome);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).not.toMatch(STACK);
  });
});
