// The supervisor PIN for the kiosk lock: stored only as a salted scrypt hash, in its own 0600 file
// under the state folder (never in the config listing).
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { stateDir } from './paths.js';

const PinFile = z.strictObject({
  algorithm: z.literal('scrypt'),
  N: z.int().min(1024),
  r: z.int().min(1),
  p: z.int().min(1),
  salt: z.base64(),
  hash: z.base64(),
});
type PinFile = z.infer<typeof PinFile>;

const COST = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

export const pinFile = () => path.join(stateDir(), 'supervisor-pin.json');

/** A PIN is 4 to 12 digits; full-width digits are accepted. */
export function normalizePin(pin: string): string | null {
  const p = pin.normalize('NFKC').trim();
  return /^[0-9]{4,12}$/.test(p) ? p : null;
}

function derive(pin: string, f: Pick<PinFile, 'N' | 'r' | 'p'>, salt: Buffer): Buffer {
  return scryptSync(pin, salt, KEY_LENGTH, { N: f.N, r: f.r, p: f.p, maxmem: 64 * 1024 * 1024 });
}

export function setPin(pin: string): void {
  const p = normalizePin(pin);
  if (p === null) throw new UserError('config.pin.invalid');
  const salt = randomBytes(16);
  const record: PinFile = { algorithm: 'scrypt', ...COST, salt: salt.toString('base64'), hash: derive(p, COST, salt).toString('base64') };
  const file = pinFile();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Write then rename: a crash never leaves a half-written PIN file.
  writeFileSync(`${file}.tmp`, JSON.stringify(record), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

function readPin(): PinFile | null {
  let text: string;
  try {
    text = readFileSync(pinFile(), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UserError('config.pin.unreadable', { file: pinFile() });
  }
  const parsed = PinFile.safeParse((() => { try { return JSON.parse(text) as unknown; } catch { return null; } })());
  if (!parsed.success) throw new UserError('config.pin.unreadable', { file: pinFile() });
  return parsed.data;
}

export const hasPin = () => readPin() !== null;

/** A checker bound to the stored hash (read once), for the kiosk's unlock prompt. */
export function pinChecker(): (pin: string) => boolean {
  const stored = readPin();
  return (pin) => {
    const p = normalizePin(pin);
    if (!stored || p === null) return false;
    const expected = Buffer.from(stored.hash, 'base64');
    const got = derive(p, stored, Buffer.from(stored.salt, 'base64'));
    return got.length === expected.length && timingSafeEqual(got, expected);
  };
}
