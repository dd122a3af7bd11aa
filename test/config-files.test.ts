// The config file and its folder on disk: private modes whatever the umask (like the logs and the
// state), in process and through the built bin.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configDir } from '../src/config/paths.js';
import { loadSettings, prepareWrites, setSetting, settingsFile } from '../src/config/store.js';
import { BIN, ROOT, requireBuild } from './helpers/kiosk.js';

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
