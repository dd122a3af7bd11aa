// Forward-secure sealing, the arithmetic (no I/O). A terminal is enrolled with a random 256-bit seal
// key K0, which the supervisor keeps. The terminal keeps only the key of the current epoch: each seal
// is an HMAC-SHA256 under K_e of what it covers, and then the key moves on, one way:
// K_{e+1} = HMAC-SHA256(K_e, "ratchet"). Whoever takes the terminal over at epoch T has K_T and can
// seal what comes after, but cannot compute K_e for e < T: earlier seals cannot be forged, so
// sealed records cannot be changed unnoticed (docs/evidence.md).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const KEY_BYTES = 32;

/** The epoch key as it moves on: one way, deterministic (the supervisor derives the same chain). */
export function ratchet(key: Buffer): Buffer {
  return createHmac('sha256', key).update('counter-checklist ratchet v1').digest();
}

/** K_epoch from K0 (the supervisor's side; `from` continues a derivation already at `from.epoch`). */
export function keyAt(k0: Buffer, epoch: number, from?: { epoch: number; key: Buffer }): Buffer {
  let e = from && from.epoch <= epoch ? from.epoch : 0;
  let k = from && from.epoch <= epoch ? from.key : k0;
  while (e < epoch) {
    k = ratchet(k);
    e++;
  }
  return k;
}

/** The enrolment's name: from K0, one way (it names the key in the log without revealing it). */
export function fingerprint(k0: Buffer): string {
  return createHash('sha256').update('counter-checklist seal fingerprint v1').update(k0).digest('hex').slice(0, 16);
}

export interface SealFields {
  terminal: string;
  fingerprint: string;
  epoch: number;
  /** The first and last seq the seal covers, and the hash of the line of `to`. */
  from: number;
  to: number;
  hash: string;
  /** The seal record's own timestamp (so no byte of the newest seal can change unseen). */
  ts: string;
}

const message = (f: SealFields) => `counter-checklist seal v1|${f.terminal}|${f.fingerprint}|${f.epoch}|${f.from}|${f.to}|${f.hash}|${f.ts}`;

export function sealTag(key: Buffer, f: SealFields): string {
  return createHmac('sha256', key).update(message(f)).digest('hex');
}

export function tagMatches(key: Buffer, f: SealFields, tag: string): boolean {
  const expected = Buffer.from(sealTag(key, f), 'hex');
  const got = Buffer.from(tag, 'hex');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export const newKey = (): Buffer => randomBytes(KEY_BYTES);

// ---- the key as people copy it --------------------------------------------------------------------

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of text) {
    const v = B32.indexOf(c);
    if (v < 0) return null;
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** Four base32 characters of a checksum of the terminal id and the key: a typo is caught at enrolment. */
function checksum(terminal: string, key: Buffer): string {
  return base32(createHash('sha256').update(`counter-checklist seal key|${terminal}|`).update(key).digest()).slice(0, 4);
}

/** `XXXX-XXXX-…-CCCC`: the 52 base32 characters of the key in groups of four, then the checksum. */
export function formatKey(terminal: string, key: Buffer): string {
  const text = base32(key) + checksum(terminal, key);
  return text.match(/.{1,4}/g)!.join('-');
}

/**
 * A key as typed at enrolment (any case, with or without dashes or spaces; 0/1/8 read as O/I/B) for
 * `terminal`: the key, or why not ('length' | 'characters' | 'checksum').
 */
export function parseKey(terminal: string, typed: string): { key: Buffer } | { problem: 'length' | 'characters' | 'checksum' } {
  const text = typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/0/g, 'O')
    .replace(/1/g, 'I')
    .replace(/8/g, 'B');
  if (text.length !== 56) return { problem: 'length' };
  const key = unbase32(text.slice(0, 52));
  if (!key || key.length !== KEY_BYTES) return { problem: 'characters' };
  if (checksum(terminal, key) !== text.slice(52)) return { problem: 'checksum' };
  return { key };
}
