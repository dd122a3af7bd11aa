// `counter-checklist readers` through the built bin, against a private pcscd with the virtual reader
// and card (test/helpers/pcsc.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { makeHome, requireBuild, runCli } from './helpers/kiosk.js';
import { PCSC_SOCKET, pcscAvailable, startPcsc } from './helpers/pcsc.js';

const skip = pcscAvailable();
if (skip !== null && process.env.CI) throw new Error(`CI must run the PC/SC tests: ${skip}`);

beforeAll(() => requireBuild());

describe.skipIf(skip !== null)('readers', () => {
  it('without a PC/SC service: says so calmly, exit 0', () => {
    const home = makeHome({ locale: 'en' });
    const r = runCli(['readers'], home, { env: { PCSCLITE_CSOCK_NAME: PCSC_SOCKET } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('PC/SC is not available: the smart card service is not running');
    expect(r.stdout).toContain('cardReader is off');
    const json = runCli(['readers', '--format', 'json'], home, { env: { PCSCLITE_CSOCK_NAME: PCSC_SOCKET } });
    expect(JSON.parse(json.stdout)).toEqual({ setting: 'off', readers: [], uses: null, unavailable: 'no-service' });
  });

  it('lists the virtual reader without and with a card, and the reader cardReader uses', async () => {
    const pcsc = await startPcsc();
    const home = makeHome({ cardReader: 'auto' });
    const [first, second] = pcsc.readerNames as [string, string];
    let r = runCli(['readers'], home, { env: pcsc.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`  ${first}  カードなし`);
    expect(r.stdout).toContain(`設定 cardReader は auto です: 「${first}」を使います。`);
    await pcsc.insertCard();
    r = runCli(['readers', '--format', 'json'], home, { env: pcsc.env });
    expect(JSON.parse(r.stdout)).toEqual({
      setting: 'auto',
      readers: [
        { name: first, card: true },
        { name: second, card: false },
      ],
      uses: first,
    });
    const named = makeHome({ cardReader: 'No Such Reader', locale: 'en' });
    r = runCli(['readers'], named, { env: pcsc.env });
    expect(r.stdout).toContain(`  ${first}  card in`);
    expect(r.stdout).toContain('cardReader is "No Such Reader", but that reader is not found now.');
  });

  it('a bad --format or a stray argument is bad usage (exit 2)', () => {
    const home = makeHome({ locale: 'en' });
    expect(runCli(['readers', '--format', 'csv'], home).code).toBe(2);
    const r = runCli(['readers', 'extra'], home);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: counter-checklist readers');
  });

  it('config set cardReader: auto works, a bad value names the setting (exit 2)', () => {
    const home = makeHome({ locale: 'en' });
    expect(runCli(['config', 'set', 'cardReader', 'auto'], home).code).toBe(0);
    expect(runCli(['config', 'get', 'cardReader'], home).stdout).toBe('auto\n');
    const r = runCli(['config', 'set', 'cardReader', ' '], home);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cardReader cannot be set to');
  });
});
