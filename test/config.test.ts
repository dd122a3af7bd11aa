import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runConfigCommand } from '../src/config/command.js';
import { configDir, defaultLogDir, homeDir, reviewsDir, stateDir } from '../src/config/paths.js';
import {
  DEFAULT_OPERATOR_PATTERN,
  SETTING_KEYS,
  SETTING_PARSERS,
  sanitizeTerminalId,
  Settings,
  TERMINAL_ID_PATTERN,
  type SettingKey,
} from '../src/config/schema.js';
import { effectiveLogDir, getSetting, listSettings, loadSettings, prepareWrites, setSetting, settingsFile } from '../src/config/store.js';
import { UserError } from '../src/errors.js';

beforeAll(prepareWrites);
import { t } from '../src/i18n/index.js';
import { configMessages } from '../src/i18n/config.js';

const ENV = 'COUNTER_CHECKLIST_HOME';
let home: string;
let savedEnv: string | undefined;

beforeEach(() => {
  savedEnv = process.env[ENV];
  home = mkdtempSync(join(tmpdir(), 'cc-config-'));
  process.env[ENV] = home;
});
afterEach(() => {
  if (savedEnv === undefined) delete process.env[ENV];
  else process.env[ENV] = savedEnv;
  rmSync(home, { recursive: true, force: true });
});

/** The UserError `fn` throws (fails the test when it throws something else or nothing). */
function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

const messages = (e: UserError) => [t('ja', e.key, e.params), t('en', e.key, e.params)];
const writeConfig = (data: unknown) => {
  const text = typeof data === 'string' ? data : JSON.stringify(data, null, 2);
  writeFileSync(join(home, 'config.json'), text);
  return text;
};
const stored = () => JSON.parse(readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>;

const DEFAULTS = {
  terminalId: sanitizeTerminalId(hostname()),
  locale: 'ja',
  idleLimitMinutes: 5,
  defaultChecklist: 'mynapoint-support',
  enabledChecklists: null,
  checklistDir: null,
  logDir: null,
  operatorPattern: '^[A-Za-z0-9-]{2,16}$',
  kioskLock: false,
  organization: '',
  cardReader: 'off',
};

describe('paths', () => {
  it('puts everything under COUNTER_CHECKLIST_HOME', () => {
    expect(homeDir()).toBe(home);
    expect(configDir()).toBe(home);
    expect(settingsFile()).toBe(join(home, 'config.json'));
    expect(defaultLogDir()).toBe(join(home, 'logs'));
    expect(reviewsDir()).toBe(join(home, 'reviews'));
    expect(stateDir()).toBe(join(home, 'state'));
  });

  it('resolves a relative COUNTER_CHECKLIST_HOME to an absolute path', () => {
    process.env[ENV] = relative(process.cwd(), home) || '.';
    expect(homeDir()).toBe(home);
    expect(isAbsolute(settingsFile())).toBe(true);
  });

  it('without it uses the OS folders, with no "-nodejs" suffix', () => {
    delete process.env[ENV];
    expect(homeDir()).toBeNull();
    process.env[ENV] = '';
    expect(homeDir()).toBeNull();
    for (const dir of [configDir(), defaultLogDir(), reviewsDir(), stateDir()]) {
      expect(isAbsolute(dir)).toBe(true);
      expect(dir).toMatch(/counter-checklist/);
      expect(dir).not.toMatch(/-nodejs/);
    }
    expect(defaultLogDir()).toMatch(/[/\\]logs$/);
    expect(reviewsDir()).toMatch(/[/\\]reviews$/);
    expect(stateDir()).toMatch(/[/\\]state$/);
  });
});

describe('defaults', () => {
  it('loads the defaults when there is no file, and does not create one', () => {
    expect(loadSettings()).toEqual(DEFAULTS);
    expect(Settings.parse({})).toEqual(DEFAULTS);
    expect(existsSync(settingsFile())).toBe(false);
    expect(listSettings().every(([, , isDefault]) => isDefault)).toBe(true);
    expect(effectiveLogDir(loadSettings())).toBe(join(home, 'logs'));
  });

  it('derives a stable terminal id from the host name, never stored', () => {
    const a = loadSettings().terminalId;
    expect(a).toMatch(TERMINAL_ID_PATTERN);
    expect(loadSettings().terminalId).toBe(a);
    setSetting('locale', 'en');
    expect(stored()).toEqual({ locale: 'en' });
    expect(loadSettings().terminalId).toBe(a);
  });

  it('sanitizes any host name into a valid terminal id', () => {
    expect(sanitizeTerminalId('Ward-PC01.local')).toBe('Ward-PC01');
    expect(sanitizeTerminalId('区役所_窓口PC 3')).toBe('PC-3');
    expect(sanitizeTerminalId('ＫＩＯＳＫ０１')).toBe('KIOSK01');
    expect(sanitizeTerminalId('')).toBe('terminal');
    expect(sanitizeTerminalId('窓口')).toBe('terminal');
    expect(sanitizeTerminalId('--_x')).toBe('x');
    expect(sanitizeTerminalId('a'.repeat(40))).toBe('a'.repeat(32));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (host) => {
        expect(sanitizeTerminalId(host)).toMatch(TERMINAL_ID_PATTERN);
      }),
      { numRuns: 500 },
    );
  });

  it('default operator pattern compiles and accepts typical staff ids', () => {
    const re = new RegExp(DEFAULT_OPERATOR_PATTERN, 'u');
    expect(re.test('A-1234')).toBe(true);
    expect(re.test('x')).toBe(false);
  });
});

describe('set / get / list', () => {
  const examples: [SettingKey, string, unknown][] = [
    ['terminalId', 'ward3-kiosk_01', 'ward3-kiosk_01'],
    ['locale', 'en', 'en'],
    ['idleLimitMinutes', '10', 10],
    ['idleLimitMinutes', '１２０', 120],
    ['defaultChecklist', 'health-insurance', 'health-insurance'],
    ['enabledChecklists', 'mynapoint-support', ['mynapoint-support']],
    ['enabledChecklists', 'mynapoint-support,kokin-koza-support,hokensho-link-support', ['mynapoint-support', 'kokin-koza-support', 'hokensho-link-support']],
    ['checklistDir', '/srv/counter-checklist/checklists', '/srv/counter-checklist/checklists'],
    ['logDir', '/var/log/counter-checklist', '/var/log/counter-checklist'],
    ['operatorPattern', '^S[0-9]{5}$', '^S[0-9]{5}$'],
    ['kioskLock', 'true', true],
    ['kioskLock', 'false', false],
    ['organization', '港区役所 区民課', '港区役所 区民課'],
    ['cardReader', 'auto', 'auto'],
    ['cardReader', 'SCM Microsystems Inc. SCR 3310 [CCID Interface] 00 00', 'SCM Microsystems Inc. SCR 3310 [CCID Interface] 00 00'],
    ['cardReader', 'off', 'off'],
  ];
  it.each(examples)('%s = %s round-trips', (key, raw, value) => {
    const settings = setSetting(key, raw);
    expect(settings[key]).toEqual(value);
    expect(getSetting(key)).toEqual(value);
    expect(loadSettings()[key]).toEqual(value);
    expect(stored()[key]).toEqual(value);
    const row = listSettings().find(([k]) => k === key);
    expect(row).toEqual([key, value, false]);
    // get prints exactly what set accepts
    expect(runConfigCommand(['get', key], 'ja').stdout).toBe(`${Array.isArray(value) ? value.join(',') : String(value)}\n`);
    expect(setSetting(key, runConfigCommand(['get', key], 'ja').stdout.trim())[key]).toEqual(value);
  });

  it('writes the file conf manages, at settingsFile(), keeping other keys', () => {
    writeConfig({ $schema: './config.schema.json', locale: 'en' });
    setSetting('idleLimitMinutes', '8');
    expect(stored()).toEqual({ $schema: './config.schema.json', locale: 'en', idleLimitMinutes: 8 });
    expect(loadSettings()).toEqual({ ...DEFAULTS, locale: 'en', idleLimitMinutes: 8 });
  });

  it('a terminal id shaped like a My Number is refused (it would be in every record)', () => {
    expect(() => setSetting('terminalId', '123456789018')).toThrow(expect.objectContaining({ key: 'config.error.badValue.terminalId' }));
    expect(existsSync(settingsFile())).toBe(false);
    expect(setSetting('terminalId', '123456789017').terminalId).toBe('123456789017');
  });

  it('logDir null goes back to the default folder', () => {
    setSetting('logDir', '/srv/logs');
    expect(effectiveLogDir(loadSettings())).toBe('/srv/logs');
    expect(setSetting('logDir', 'null').logDir).toBeNull();
    expect(stored()).not.toHaveProperty('logDir');
    expect(effectiveLogDir(loadSettings())).toBe(join(home, 'logs'));
    expect(listSettings().find(([k]) => k === 'logDir')).toEqual(['logDir', null, true]);
  });

  it('enabledChecklists takes commas, full-width commas, 、 and spaces; null unsets it', () => {
    const ids = ['mynapoint-support', 'kokin-koza-support', 'hokensho-link-support'];
    for (const raw of [
      'mynapoint-support,kokin-koza-support,hokensho-link-support',
      ' mynapoint-support, kokin-koza-support ,hokensho-link-support, ',
      'mynapoint-support，kokin-koza-support、hokensho-link-support',
      'mynapoint-support kokin-koza-support　hokensho-link-support',
    ]) {
      expect(setSetting('enabledChecklists', raw).enabledChecklists, raw).toEqual(ids);
    }
    expect(stored().enabledChecklists).toEqual(ids);
    expect(runConfigCommand(['get', 'enabledChecklists'], 'en').stdout).toBe(`${ids.join(',')}\n`);
    expect(setSetting('enabledChecklists', 'null').enabledChecklists).toBeNull();
    expect(stored()).not.toHaveProperty('enabledChecklists');
    expect(runConfigCommand(['get', 'enabledChecklists'], 'en').stdout).toBe('null\n');
  });

  it('enabledChecklists is not checked against the installed checklists when set (the kiosk checks at start)', () => {
    expect(setSetting('enabledChecklists', 'mynapoint-support,city-own-flow').enabledChecklists).toEqual(['mynapoint-support', 'city-own-flow']);
  });

  it('checklistDir null goes back to the shipped checklists only', () => {
    setSetting('checklistDir', '/srv/checklists');
    expect(loadSettings().checklistDir).toBe('/srv/checklists');
    expect(setSetting('checklistDir', ' null ').checklistDir).toBeNull();
    expect(stored()).not.toHaveProperty('checklistDir');
    expect(listSettings().find(([k]) => k === 'checklistDir')).toEqual(['checklistDir', null, true]);
  });

  it('has a parser for every key', () => {
    expect(Object.keys(SETTING_PARSERS).sort()).toEqual([...SETTING_KEYS].sort());
  });
});

describe('bad input', () => {
  const bad: [SettingKey, string][] = [
    ['terminalId', ''],
    ['terminalId', '-leading'],
    ['terminalId', 'has space'],
    ['terminalId', 'x'.repeat(33)],
    ['locale', 'fr'],
    ['idleLimitMinutes', '0'],
    ['idleLimitMinutes', '121'],
    ['idleLimitMinutes', '2.5'],
    ['idleLimitMinutes', 'ten'],
    ['defaultChecklist', 'Not_An_Id'],
    ['enabledChecklists', ''],
    ['enabledChecklists', ' , '],
    ['enabledChecklists', 'mynapoint-support,Kokin_Koza'],
    ['enabledChecklists', 'mynapoint-support,mynapoint-support'],
    ['enabledChecklists', Array.from({ length: 21 }, (_, i) => `flow-${i}`).join(',')],
    ['checklistDir', 'city/checklists'],
    ['checklistDir', ''],
    ['logDir', 'relative/logs'],
    ['operatorPattern', '(unclosed'],
    ['operatorPattern', ''],
    ['kioskLock', 'yes'],
    ['organization', 'x'.repeat(101)],
    ['organization', 'a\u0007b'],
    ['cardReader', ''],
    ['cardReader', '   '],
    ['cardReader', 'x'.repeat(201)],
    ['cardReader', 'Reader\n00'],
  ];
  it.each(bad)('%s = %j is refused, naming the key, and nothing is written', (key, raw) => {
    const e = userError(() => setSetting(key, raw));
    expect(e.key).toBe(`config.error.badValue.${key}`);
    expect(e.params).toMatchObject({ key, value: raw });
    for (const m of messages(e)) {
      expect(m).toContain(key);
      expect(m).not.toBe(e.key); // translated, not the bare key
    }
    expect(existsSync(settingsFile())).toBe(false);
  });

  it('an unknown key is refused, listing the keys', () => {
    for (const fn of [() => setSetting('idleLimit', '5'), () => getSetting('idleLimit')]) {
      const e = userError(fn);
      expect(e.key).toBe('config.error.unknownKey');
      expect(e.params.key).toBe('idleLimit');
      for (const k of SETTING_KEYS) expect(String(e.params.keys)).toContain(k);
      expect(t('en', e.key, e.params)).toContain('idleLimit');
    }
    expect(existsSync(settingsFile())).toBe(false);
  });
});

describe('a hand-edited file', () => {
  /** Every way of touching the settings must refuse with `key` and leave the file byte-identical. */
  function expectRefusedUntouched(text: string, key: string, field?: string) {
    const file = settingsFile();
    const mtime = statSync(file).mtimeMs;
    const attempts: (() => unknown)[] = [
      () => loadSettings(),
      () => listSettings(),
      () => getSetting('locale'),
      // setting another field (setting the broken one itself repairs it: see below)
      field === 'kioskLock' ? () => setSetting('locale', 'en') : () => setSetting('kioskLock', 'true'),
      () => runConfigCommand([], 'ja'),
    ];
    for (const attempt of attempts) {
      const e = userError(attempt);
      expect(e.key).toBe(key);
      expect(e.params.file).toBe(file);
      if (field !== undefined) expect(e.params.field).toBe(field);
      for (const m of messages(e)) {
        expect(m).toContain(file);
        if (field !== undefined) expect(m).toContain(field);
      }
    }
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(statSync(file).mtimeMs).toBe(mtime);
  }

  it('with a bad value names the file and the field, and is never rewritten', () => {
    const text = writeConfig({ locale: 'ja', idleLimitMinutes: 0 });
    expectRefusedUntouched(text, 'config.error.file.idleLimitMinutes', 'idleLimitMinutes');
  });

  it.each([
    [{ terminalId: 'bad id!' }, 'terminalId'],
    [{ locale: 'jp' }, 'locale'],
    [{ idleLimitMinutes: '10' }, 'idleLimitMinutes'],
    [{ defaultChecklist: 42 }, 'defaultChecklist'],
    [{ logDir: 'logs' }, 'logDir'],
    [{ checklistDir: './mine' }, 'checklistDir'],
    [{ checklistDir: 42 }, 'checklistDir'],
    [{ enabledChecklists: 'mynapoint-support' }, 'enabledChecklists'],
    [{ enabledChecklists: [] }, 'enabledChecklists'],
    [{ enabledChecklists: ['a', 'a'] }, 'enabledChecklists'],
    [{ enabledChecklists: ['Bad Id'] }, 'enabledChecklists'],
    [{ operatorPattern: '[a-' }, 'operatorPattern'],
    [{ kioskLock: 'true' }, 'kioskLock'],
  ])('%j: names %s', (data, field) => {
    const text = writeConfig(data);
    expectRefusedUntouched(text, `config.error.file.${field}`, field);
  });

  it('with an unknown (misspelt) key names it', () => {
    const text = writeConfig({ idleLimitMinute: 10 });
    expectRefusedUntouched(text, 'config.error.file.unknownField', 'idleLimitMinute');
  });

  it('with a "__proto__" key names it as unknown; what it holds is never taken as settings', () => {
    const text = writeConfig('{ "__proto__": { "logDir": "/x", "terminalId": "EVIL-01" } }');
    expectRefusedUntouched(text, 'config.error.file.unknownField', '__proto__');
  });

  it('that is not JSON, or not an object, is reported, not wiped', () => {
    const notJson = writeConfig('{ "locale": "en", }');
    expectRefusedUntouched(notJson, 'config.error.fileNotJson');
    for (const text of ['[]', 'null', '"ja"', '42']) {
      writeConfig(text);
      expectRefusedUntouched(text, 'config.error.fileNotObject');
    }
  });

  it('can be repaired by setting the broken field itself', () => {
    writeConfig({ locale: 'en', idleLimitMinutes: 0 });
    expect(setSetting('idleLimitMinutes', '7')).toEqual({ ...DEFAULTS, locale: 'en', idleLimitMinutes: 7 });
    expect(stored()).toEqual({ locale: 'en', idleLimitMinutes: 7 });
  });

  it('with a BOM (Windows Notepad) still loads and saves', () => {
    writeConfig('\uFEFF{"locale": "en"}');
    expect(loadSettings().locale).toBe('en');
    setSetting('kioskLock', 'true');
    expect(loadSettings()).toEqual({ ...DEFAULTS, locale: 'en', kioskLock: true });
  });

  it('that is unreadable (a folder) is reported', () => {
    mkdirSync(settingsFile());
    const e = userError(() => loadSettings());
    expect(e.key).toBe('config.error.fileUnreadable');
    expect(e.params.file).toBe(settingsFile());
  });
});

describe('config command', () => {
  it('list (the default) prints aligned key/value lines, marks defaults and names the file', () => {
    setSetting('idleLimitMinutes', '15');
    const out = runConfigCommand([], 'ja').stdout;
    expect(runConfigCommand(['list'], 'ja').stdout).toBe(out);
    const lines = out.split('\n');
    const width = Math.max(...SETTING_KEYS.map((k) => k.length));
    for (const key of SETTING_KEYS) {
      const line = lines.find((l) => l.startsWith(`${key} `));
      expect(line, key).toBeDefined();
      // values start in one column
      expect(line!.slice(width, width + 2)).toBe('  ');
      expect(line![width + 2]).not.toBe(' ');
      expect(line!.includes('（既定値）')).toBe(key !== 'idleLimitMinutes');
    }
    expect(lines.find((l) => l.startsWith('idleLimitMinutes'))).toBe(`${'idleLimitMinutes'.padEnd(width)}  15`);
    expect(out).toContain(`設定ファイル: ${settingsFile()}`);
    expect(out).toContain(`ログの保存先: ${join(home, 'logs')}`);
    expect(runConfigCommand([], 'en').stdout).toContain('(default)');
  });

  it('get prints the bare value', () => {
    expect(runConfigCommand(['get', 'idleLimitMinutes'], 'ja').stdout).toBe('5\n');
    expect(runConfigCommand(['get', 'logDir'], 'ja').stdout).toBe('null\n');
    expect(runConfigCommand(['get', 'kioskLock'], 'en').stdout).toBe('false\n');
  });

  it('set prints a translated confirmation and stores the value', () => {
    expect(runConfigCommand(['set', 'locale', 'en'], 'ja').stdout).toBe('locale を en に設定しました。\n');
    expect(runConfigCommand(['set', 'kioskLock', 'true'], 'en').stdout).toBe('kioskLock is now true.\n');
    expect(runConfigCommand(['get', 'locale'], 'ja').stdout).toBe('en\n');
  });

  it.each([[['get']], [['get', 'locale', 'extra']], [['set', 'locale']], [['set', 'locale', 'en', 'x']], [['list', 'x']], [['remove', 'locale']]])(
    'bad usage %j is a UserError',
    (args) => {
      const e = userError(() => runConfigCommand(args, 'ja'));
      expect(e.key).toBe('config.error.usage');
      expect(t('ja', e.key, e.params)).toContain(args.join(' '));
    },
  );

  it('set with a bad value or key is a UserError naming it', () => {
    expect(userError(() => runConfigCommand(['set', 'idleLimitMinutes', '0'], 'ja')).params.key).toBe('idleLimitMinutes');
    expect(userError(() => runConfigCommand(['get', 'nope'], 'ja')).key).toBe('config.error.unknownKey');
  });

  it('--help prints usage listing the keys', () => {
    const out = runConfigCommand(['--help'], 'en').stdout;
    expect(out).toMatch(/^Usage: counter-checklist config/);
    for (const k of SETTING_KEYS) expect(out).toContain(k);
  });
});

describe('catalog', () => {
  it('has the same keys in ja and en, and a bad-value and bad-file message per setting', () => {
    expect(Object.keys(configMessages.en).sort()).toEqual(Object.keys(configMessages.ja).sort());
    for (const k of SETTING_KEYS) {
      expect(configMessages.ja).toHaveProperty([`config.error.badValue.${k}`]);
      expect(configMessages.ja).toHaveProperty([`config.error.file.${k}`]);
    }
  });
});
