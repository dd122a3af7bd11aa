// `counter-checklist seal init` (on a terminal, once, when a supervisor enrols it) and
// `seal enroll TERMINAL KEY` (on the supervisor's machine). No drawing: plain text in and out.
import path from 'node:path';
import { createInterface } from 'node:readline';
import { stateDir } from '../config/paths.js';
import { effectiveLogDir, loadSettings } from '../config/store.js';
import { UserError } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';
import { nodeFs, type LogFs } from '../log/fs.js';
import { acquireLock } from '../log/lock.js';
import { isoWithOffset } from '../log/time.js';
import { openLog } from '../log/writer.js';
import { fingerprint, formatKey, newKey, parseKey } from './key.js';
import { enrolledKeysFile, saveEnrolment, TerminalKey, terminalKeyFile } from './state.js';

export interface SealIo {
  out(text: string): void;
  /** Asks a question on the terminal; null when there is none to ask (stdin is not a TTY). */
  ask?: (question: string) => Promise<string | null>;
}

async function askOnTty(question: string): Promise<string | null> {
  if (!process.stdin.isTTY) return null;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
  }
}

/**
 * Enrol this terminal: a new random seal key, kept here only as the current epoch's key, a
 * `seal-init` record in the log, and the key printed once for the supervisor. An enrolled terminal
 * is enrolled again only after a confirmation (`--yes`, or `yes` typed).
 */
export async function sealInit(locale: Locale, opts: { yes: boolean }, io: SealIo, fs: LogFs = nodeFs): Promise<void> {
  const settings = loadSettings();
  const terminal = settings.terminalId;
  const store = new TerminalKey(terminalKeyFile(stateDir(), terminal), terminal, fs);
  if (store.exists() && !opts.yes) {
    const answer = await (io.ask ?? askOnTty)(t(locale, 'seal.init.confirm', { terminal, file: store.file }));
    if (answer === null) throw new UserError('seal.init.needsYes', { terminal });
    if (answer.normalize('NFKC').trim().toLowerCase() !== 'yes') throw new UserError('seal.init.cancelled');
  }
  const dir = effectiveLogDir(settings);
  // The kiosk must not be running: it holds the log, and its key would be stale.
  const lock = acquireLock(path.join(dir, terminal), { io: fs });
  try {
    const k0 = newKey();
    const fp = fingerprint(k0);
    const now = new Date();
    store.write({ fingerprint: fp, epoch: 0, key: k0 }, isoWithOffset(now));
    // Opening the log with the new key writes its enrolment record (seal-init). If it cannot, the
    // key is removed again: a key nobody was shown must not seal anything.
    try {
      openLog({ dir, terminal, io: fs, seal: store, holdsLock: () => lock.held(), lockFile: lock.file }).close();
    } catch (e) {
      try {
        store.remove();
      } catch {
        // nothing more to undo
      }
      throw e;
    }
    const key = formatKey(terminal, k0);
    const { renderUnicodeCompact } = await import('uqr');
    io.out(
      [
        t(locale, 'seal.init.done', { terminal, fingerprint: fp }),
        '',
        `  ${terminal}  ${key}`,
        '',
        renderUnicodeCompact(`counter-checklist seal enroll ${terminal} ${key}`, { border: 1 }),
        '',
        t(locale, 'seal.init.next', { terminal, key }),
      ].join('\n'),
    );
  } finally {
    lock.release();
  }
}

/** Store a terminal's seal key on the supervisor's machine (0600), checked against its checksum. */
export function sealEnroll(locale: Locale, terminal: string, typed: string, io: SealIo, fs: LogFs = nodeFs): void {
  const parsed = parseKey(terminal, typed);
  if ('problem' in parsed) throw new UserError(`seal.enroll.${parsed.problem}`, { terminal });
  const fp = fingerprint(parsed.key);
  const file = enrolledKeysFile(stateDir());
  const added = saveEnrolment(file, fs, terminal, fp, parsed.key, isoWithOffset(new Date()));
  io.out(t(locale, added ? 'seal.enroll.done' : 'seal.enroll.again', { terminal, fingerprint: fp, file }));
}
