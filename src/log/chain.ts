// The hash chain: each record's `prev` is the SHA-256 of the previous record's exact line bytes
// (without its newline). The first record of a terminal has prev = GENESIS.
import * as crypto from 'node:crypto';

export { GENESIS } from '../domain/record.js';

// crypto.hash (Node >= 20.12) is the one-shot form: about 2.5x faster than createHash() for a
// ~300-byte line, which matters when a supervisor verifies a million records.
// (Imported as a namespace: a named import of a missing export would fail to link on Node < 20.12.)
const fastHash = (crypto as { hash?: (alg: string, data: Buffer | string, enc: 'hex') => string }).hash;

/** Hex SHA-256 of one log line, given without its trailing `\n`. Strings are hashed as UTF-8. */
export function hashLine(lineWithoutNewline: string | Buffer): string {
  if (fastHash) return fastHash('sha256', lineWithoutNewline, 'hex');
  return crypto.createHash('sha256').update(lineWithoutNewline).digest('hex');
}
