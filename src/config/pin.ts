// The supervisor PIN for the kiosk lock: stored only as a salted scrypt hash, in its own 0600 file
// under the state folder (never in the config listing).
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { FILE_MODE, fsProblem, makePrivateDir } from './fs-problem.js';
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
  const tmp = `${file}.tmp`;
  try {
    makePrivateDir(path.dirname(file));
    // Write then rename: a crash never leaves a half-written PIN file.
    writeFileSync(tmp, JSON.stringify(record), { mode: FILE_MODE });
    renameSync(tmp, file);
  } catch (e) {
    try {
      rmSync(tmp, { force: true }); // a half-written temp file, if any
    } catch {
      // nothing there, or the folder itself is the problem (reported below)
    }
    const problem = fsProblem('write', file, e);
    if (problem && problem.cause !== 'noReadPermission') {
      throw new UserError(`config.pin.error.${problem.cause}`, { file, path: problem.path });
    }
    throw new UserError('config.pin.unwritable', { file, detail: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
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
