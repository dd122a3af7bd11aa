// The config file and its folder on disk: private modes whatever the umask (like the logs and the
// state), and one clear line when the home cannot hold them (not a folder, read-only), in process
// and through the built bin.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configDir } from '../src/config/paths.js';
import { loadSettings, prepareWrites, setSetting, settingsFile } from '../src/config/store.js';
import { runConfigCommand } from '../src/config/command.js';
import { UserError } from '../src/errors.js';
import { t } from '../src/i18n/index.js';
import { BIN, ROOT, requireBuild } from './helpers/kiosk.js';
import { mountReadOnly } from './helpers/mount.js';

const ENV = 'COUNTER_CHECKLIST_HOME';
const mode = (p: string) => statSync(p).mode & 0o777;
const octal = (m: number) => m.toString(8).padStart(4, '0');

let root: string;
let savedEnv: string | undefined;
beforeAll(async () => {
  await prepareWrites();
  root = mkdtempSync(join(tmpdir(), 'cc-config-files-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => {
  savedEnv = process.env[ENV];
});
afterEach(() => {
  if (savedEnv === undefined) delete process.env[ENV];
  else process.env[ENV] = savedEnv;
});

/** A fresh folder under the test root (exists, mode 0700 as mkdtemp makes it). */
const scratch = () => mkdtempSync(join(root, 't-'));

/** Runs `fn` with the umask set to `mask`, restoring the previous one after. */
function withUmask<T>(mask: number, fn: () => T): T {
  const previous = process.umask(mask);
  try {
    return fn();
  } finally {
    process.umask(previous);
  }
}

describe.each([
  ['the usual umask 022', 0o022],
  ['umask 000', 0o000],
  ['umask 077', 0o077],
])('config set with %s', (_, umask) => {
  it('creates COUNTER_CHECKLIST_HOME 0700 (every folder it makes) and config.json 0600', () => {
    const parent = scratch();
    const home = join(parent, 'made', 'home');
    process.env[ENV] = home;
    withUmask(umask, () => setSetting('locale', 'en'));
    expect(octal(mode(home))).toBe('0700');
    expect(octal(mode(join(parent, 'made')))).toBe('0700');
    expect(octal(mode(settingsFile()))).toBe('0600');
    expect(loadSettings().locale).toBe('en');
    // the parent it did not make keeps its mode
    expect(octal(mode(parent))).toBe('0700');
  });

  it('an existing 0644 (or 0666) config file becomes 0600 on the next write', () => {
    for (const before of [0o644, 0o666]) {
      const home = scratch();
      process.env[ENV] = home;
      writeFileSync(settingsFile(), JSON.stringify({ locale: 'en' }));
      chmodSync(settingsFile(), before);
      withUmask(umask, () => setSetting('idleLimitMinutes', '9'));
      expect(octal(mode(settingsFile()))).toBe('0600');
      expect(JSON.parse(readFileSync(settingsFile(), 'utf8'))).toEqual({ locale: 'en', idleLimitMinutes: 9 });
    }
  });

  it('logDir null (a delete) on a new home also writes 0600 in a 0700 folder', () => {
    const home = join(scratch(), 'home');
    process.env[ENV] = home;
    withUmask(umask, () => setSetting('logDir', 'null'));
    expect(octal(mode(home))).toBe('0700');
    expect(octal(mode(settingsFile()))).toBe('0600');
  });
});

describe('config set when conf writes in place (its SNAP fallback)', () => {
  it('still leaves an existing 0644 file 0600', () => {
    const home = scratch();
    process.env[ENV] = home;
    writeFileSync(settingsFile(), '{}');
    chmodSync(settingsFile(), 0o644);
    const savedSnap = process.env.SNAP;
    process.env.SNAP = '/snap/counter-checklist/1';
    try {
      withUmask(0, () => setSetting('locale', 'en'));
    } finally {
      if (savedSnap === undefined) delete process.env.SNAP;
      else process.env.SNAP = savedSnap;
    }
    expect(octal(mode(settingsFile()))).toBe('0600');
    expect(loadSettings().locale).toBe('en');
  });
});

describe('config set with an existing folder', () => {
  it('leaves the mode of a COUNTER_CHECKLIST_HOME it did not create alone', () => {
    const home = scratch();
    chmodSync(home, 0o755);
    process.env[ENV] = home;
    withUmask(0, () => setSetting('locale', 'en'));
    expect(octal(mode(home))).toBe('0755');
    expect(octal(mode(settingsFile()))).toBe('0600');
  });
});

describe.runIf(process.platform === 'linux')('the OS config folder (no COUNTER_CHECKLIST_HOME)', () => {
  let savedXdg: string | undefined;
  beforeEach(() => {
    savedXdg = process.env.XDG_CONFIG_HOME;
  });
  afterEach(() => {
    if (savedXdg === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = savedXdg;
  });

  it.each([
    ['022', 0o022],
    ['000', 0o000],
  ])('is created 0700 with config.json 0600 (umask %s)', (_, umask) => {
    const xdg = join(scratch(), 'config');
    mkdirSync(xdg);
    process.env.XDG_CONFIG_HOME = xdg;
    delete process.env[ENV];
    expect(configDir()).toBe(join(xdg, 'counter-checklist'));
    withUmask(umask, () => setSetting('locale', 'en'));
    expect(octal(mode(configDir()))).toBe('0700');
    expect(octal(mode(join(configDir(), 'config.json')))).toBe('0600');
  });
});

describe('through the built bin', () => {
  beforeAll(requireBuild);

  /** `counter-checklist ARGS` under `umask MASK` (set by the shell that starts node). */
  function bin(args: string[], home: string, umask: string) {
    const r = spawnSync('/bin/sh', ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, [ENV]: home },
      encoding: 'utf8',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it.each(['022', '000'])('config set locale en under umask %s: home 0700, config.json 0600', (umask) => {
    const home = join(scratch(), 'home');
    const r = bin(['config', 'set', 'locale', 'en'], home, umask);
    expect(r.code, r.stderr).toBe(0);
    expect(octal(mode(home))).toBe('0700');
    expect(octal(mode(join(home, 'config.json')))).toBe('0600');

    chmodSync(join(home, 'config.json'), 0o644);
    expect(bin(['config', 'set', 'kioskLock', 'true'], home, umask).code).toBe(0);
    expect(octal(mode(join(home, 'config.json')))).toBe('0600');
  });
});

describe('a home that cannot hold the config', () => {
  /** The UserError `fn` throws. */
  function userError(fn: () => unknown): UserError {
    try {
      fn();
    } catch (e) {
      if (e instanceof UserError) return e;
      throw e;
    }
    throw new Error('expected a UserError');
  }

  /**
   * `config set locale en` through the built bin fails with exactly one translated line (in
   * Japanese: no home here has another locale set) containing `parts`, and no error code or stack
   * trace.
   */
  function expectOneLine(home: string, ...parts: string[]) {
    requireBuild();
    const r = spawnSync(process.execPath, [BIN, 'config', 'set', 'locale', 'en'], {
      cwd: ROOT,
      env: { ...process.env, [ENV]: home },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]!.startsWith('エラー: '), lines[0]).toBe(true);
    for (const part of parts) expect(lines[0]).toContain(part);
    // No errno code, no raw key, no stack: looked for outside the paths it names (a temporary
    // folder's random name can read like an errno code, cc-ro-EIOSJL).
    expect(lines[0]!.split(home).join('HOME')).not.toMatch(/\bE[A-Z]{3,}\b|予期しない|config\.error|\bat\s/);
  }

  const messages = (e: UserError) => [t('ja', e.key, e.params), t('en', e.key, e.params)];

  it('whose parent is a regular file: names that file and says it is not a folder (ENOTDIR)', () => {
    const parent = join(scratch(), 'not-a-folder');
    writeFileSync(parent, 'x');
    const home = join(parent, 'home');
    process.env[ENV] = home;
    const file = join(home, 'config.json');
    for (const attempt of [() => setSetting('locale', 'en'), () => loadSettings(), () => runConfigCommand(['list'], 'en')]) {
      const e = userError(attempt);
      expect(e.key).toBe('config.error.notFolder');
      expect(e.params).toEqual({ file, path: parent });
      const [ja, en] = messages(e);
      expect(ja).toBe(`設定ファイル ${file} を使えません: ${parent} はフォルダではありません。`);
      expect(en).toBe(`Cannot use config file ${file}: ${parent} is not a folder.`);
    }
    expectOneLine(home, file, `${parent} はフォルダではありません`);
  });

  it('that is itself a regular file: the same', () => {
    const home = join(scratch(), 'home');
    writeFileSync(home, 'x');
    process.env[ENV] = home;
    const e = userError(() => setSetting('locale', 'en'));
    expect(e.key).toBe('config.error.notFolder');
    expect(e.params).toEqual({ file: join(home, 'config.json'), path: home });
    expectOneLine(home, join(home, 'config.json'), `${home} はフォルダではありません`);
  });

  const readOnlyCases: [string, (mount: string) => string, (mount: string) => void][] = [
    ['the home is the read-only mount', (dir) => dir, () => {}],
    ['the home would be made on the read-only mount', (dir) => join(dir, 'a', 'home'), () => {}],
    [
      'the home on the read-only mount has a config file',
      (dir) => join(dir, 'home'),
      (dir) => {
        mkdirSync(join(dir, 'home'));
        writeFileSync(join(dir, 'home', 'config.json'), '{"locale":"ja"}');
      },
    ],
  ];
  it.for(readOnlyCases)('on a read-only file system (%s): names the folder and says it is read-only (EROFS)', ([, homeIn, fill], ctx) => {
    const mount = mountReadOnly(fill);
    if ('reason' in mount) return ctx.skip(`read-only mount not available: ${mount.reason}`);
    try {
      const home = homeIn(mount.dir);
      process.env[ENV] = home;
      const file = join(home, 'config.json');
      const e = userError(() => setSetting('locale', 'en'));
      expect(e.key).toBe('config.error.readOnly');
      // the nearest folder that exists: the home, or the mount when the home is not there yet
      const folder = home.endsWith(join('a', 'home')) ? mount.dir : home;
      expect(e.params).toEqual({ file, path: folder });
      const [ja, en] = messages(e);
      expect(ja).toBe(`設定ファイル ${file} を保存できません: ${folder} は読み取り専用のファイルシステムにあります。`);
      expect(en).toBe(`Cannot write config file ${file}: ${folder} is on a read-only file system.`);
      expectOneLine(home, file, `${folder} は読み取り専用のファイルシステムにあります`);
      // reading still works
      expect(() => loadSettings()).not.toThrow();
    } finally {
      mount.unmount();
    }
  });

  it('without permission: names the folder it may not write in, or may not read', (ctx) => {
    const base = scratch();
    const locked = join(base, 'locked');
    mkdirSync(locked);
    const cases = [
      { home: join(base, 'home'), key: 'config.error.noWritePermission', path: base, ja: `${base} に書き込む権限がありません` },
      { home: join(locked, 'home'), key: 'config.error.noReadPermission', path: locked, ja: `${locked} を読む権限がありません` },
    ];
    const asRoot = process.getuid?.() === 0;
    try {
      if (asRoot) {
        // root may write anywhere: run the bin as nobody (setpriv), in folders root keeps to itself.
        const setpriv = spawnSync('setpriv', ['--version']);
        if (setpriv.error || setpriv.status !== 0) return ctx.skip('as root, this needs setpriv to run the bin as another user');
        chmodSync(root, 0o755);
        chmodSync(base, 0o755);
        chmodSync(locked, 0o000);
        for (const c of cases) {
          const r = spawnSync(
            'setpriv',
            ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, 'config', 'set', 'locale', 'en'],
            { cwd: ROOT, env: { ...process.env, [ENV]: c.home }, encoding: 'utf8' },
          );
          expect(r.status, r.stderr).toBe(2);
          const lines = r.stderr.split('\n').filter((l) => l !== '');
          expect(lines, r.stderr).toEqual([`エラー: 設定ファイル ${join(c.home, 'config.json')} を${c.key.endsWith('ReadPermission') ? '読めません' : '保存できません'}: ${c.ja}。`]);
        }
      } else {
        chmodSync(base, 0o555);
        chmodSync(locked, 0o000);
        for (const c of cases) {
          process.env[ENV] = c.home;
          const e = userError(() => setSetting('locale', 'en'));
          expect(e.key).toBe(c.key);
          expect(e.params).toEqual({ file: join(c.home, 'config.json'), path: c.path });
          expect(messages(e)[0]).toContain(c.ja);
        }
      }
    } finally {
      chmodSync(root, 0o700);
      chmodSync(base, 0o700);
      chmodSync(locked, 0o700);
    }
  });
});
