// Synthetic log set for the report benchmark: many terminals and days, a realistic mix of complete and
// incomplete sessions, valid chains. Lines are written directly (not through openLog, whose fsync per
// record would take minutes for a million records) but with the writer's own serializer and the
// chain's own hash, so the bytes and the chain are exactly what the kiosk writes.
//
//   node bench/gen.js DIR [RECORDS] [TERMINALS]   (needs `npm run build`)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashLine } from '../dist/log/chain.js';
import { GENESIS, RECORD_VERSION } from '../dist/domain/record.js';
import { serialize } from '../dist/log/writer.js';
import { fingerprint, ratchet, sealTag } from '../dist/seal/key.js';

const CHECKLIST = { checklist: 'mynapoint-support', checklistVersion: '1.0.0', checklistSha256: 'c0ffee'.padEnd(64, '0') };
/** The shipped checklist's items in order: [section, item, required]. */
const ITEMS = [
  ['before-start', 'initial-screen', true],
  ['before-start', 'counter-clear', true],
  ['identity', 'in-person', true],
  ['identity', 'own-card', true],
  ['pin', 'pin-lock-warning', true],
  ['pin', 'pin-by-citizen', true],
  ['pin', 'pin-hands-off', true],
  ['measures', 'measures-chosen', true],
  ['measures', 'account-own-name', false],
  ['payment', 'payment-chosen', true],
  ['payment', 'payment-no-change', true],
  ['payment', 'payment-id-entered', true],
  ['confirm', 'confirm-screen', true],
  ['complete', 'completion-screen', true],
  ['closing', 'card-returned', true],
  ['closing', 'self-check-guided', true],
  ['closing', 'hotline-guided', true],
];
const GATE = ['portal-logged-out', 'browser-closed', 'card-removed'];
const INTERRUPT_REASONS = ['citizen-left', 'pin-locked', 'payment-info-missing', 'system-error'];
const WARDS = ['KITA', 'MINAMI', 'HIGASHI', 'NISHI', 'CHUO', 'MIDORI', 'AOBA', 'IZUMI'];

/** Small deterministic PRNG (mulberry32): the same set on every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (rand, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += ((rand() * 16) | 0).toString(16);
  return s;
};
const uuid = (rand) => `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-${'89ab'[(rand() * 4) | 0]}${hex(rand, 3)}-${hex(rand, 12)}`;
const pad = (n, w = 2) => String(n).padStart(w, '0');

/** `2026-11-03T09:12:45.000+09:00` for a day index and seconds since midnight (JST, as at the counter). */
function ts(day, secs) {
  const d = new Date(Date.UTC(2026, 10, 1 + day));
  const s = Math.floor(secs);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}.${pad(Math.floor((secs % 1) * 1000), 3)}+09:00`;
}

/**
 * Writes `records` records (about; whole sessions) spread over `terminals` terminals into
 * DIR/TERMINAL/YYYY-MM-DD.jsonl. Returns counts of what was written.
 */
export function generate(dir, { records = 1_000_000, terminals = 40, seed = 20261127, sealKey = null } = {}) {
  const rand = prng(seed);
  const stats = { records: 0, files: 0, bytes: 0, sessions: 0, incomplete: 0, terminals: [], byOutcome: { completed: 0, interrupted: 0, recovered: 0, open: 0 } };
  const perTerminal = Math.ceil(records / terminals);
  for (let t = 0; t < terminals; t++) {
    const terminal = `${WARDS[t % WARDS.length]}-${pad(Math.floor(t / WARDS.length) + 1)}`;
    stats.terminals.push(terminal);
    const folder = path.join(dir, terminal);
    mkdirSync(folder, { recursive: true });
    const staff = [`S-${pad(t * 3 + 1, 4)}`, `${pad(t * 3 + 2, 5)}`, `S-${pad(t * 3 + 3, 4)}`];
    let seq = 0;
    let prev = GENESIS;
    let written = 0;
    let lines = [];
    let clock = 0;
    let day = 0;
    // Sealed like an enrolled kiosk: an enrolment record first, a seal after every logout and
    // sign-out (the same key for every terminal: a bench, not a city).
    const sealing = sealKey ? { fingerprint: fingerprint(sealKey), epoch: 0, key: sealKey, from: 1 } : null;
    const put = (operator, session, type, payload) => {
      seq++;
      clock += 5 + rand() * 25;
      const { line } = serialize({ v: RECORD_VERSION, seq, ts: ts(day, clock), terminal, operator, session, type, payload, prev });
      prev = hashLine(line);
      lines.push(line);
      written++;
    };
    const emit = (operator, session, type, payload) => {
      put(operator, session, type, payload);
      if (!sealing || (type !== 'logout' && type !== 'sign-out')) return;
      const fields = { terminal, fingerprint: sealing.fingerprint, epoch: sealing.epoch, from: sealing.from, to: seq, hash: prev, ts: ts(day, clock) };
      seq++;
      const { line } = serialize({ v: RECORD_VERSION, seq, ts: fields.ts, terminal, operator: null, session: null, type: 'seal', payload: { fingerprint: fields.fingerprint, epoch: fields.epoch, from: fields.from, to: fields.to, hash: fields.hash, tag: sealTag(sealing.key, fields) }, prev });
      prev = hashLine(line);
      lines.push(line);
      written++;
      sealing.epoch++;
      sealing.key = ratchet(sealing.key);
      sealing.from = seq + 1;
    };
    if (sealing) put(null, null, 'seal-init', { fingerprint: sealing.fingerprint });
    const flushDay = () => {
      if (!lines.length) return;
      const text = `${lines.join('\n')}\n`;
      writeFileSync(path.join(folder, `${ts(day, 0).slice(0, 10)}.jsonl`), text, { mode: 0o600 });
      stats.files++;
      stats.bytes += Buffer.byteLength(text);
      stats.records += lines.length;
      lines = [];
    };
    let killed = false;
    while (written < perTerminal && !killed) {
      clock = 8.5 * 3600;
      const operator = staff[day % staff.length];
      emit(operator, null, 'sign-in', {});
      const sessionsToday = 40 + ((rand() * 20) | 0);
      for (let n = 0; n < sessionsToday && written < perTerminal; n++) {
        const id = uuid(rand);
        const last = written + 40 >= perTerminal;
        stats.sessions++;
        const r = rand();
        emit(operator, id, 'session-start', CHECKLIST);
        if (last && r < 0.5) {
          // Killed at the end of the set and never restarted: stays open.
          for (let i = 0; i < 4; i++) emit(operator, id, 'step', step(ITEMS[i]));
          stats.byOutcome.open++;
          stats.incomplete++;
          killed = true;
          break;
        }
        if (r < 0.07) {
          // Interrupted: the citizen had no security code, the PIN locked...
          const k = 3 + ((rand() * 8) | 0);
          for (let i = 0; i < k; i++) emit(operator, id, 'step', step(ITEMS[i]));
          const [section, item] = ITEMS[k];
          emit(operator, id, 'interrupt', { reason: INTERRUPT_REASONS[(rand() * 4) | 0], section, item });
          emit(operator, id, 'logout', { outcome: 'interrupted', gate: GATE });
          stats.byOutcome.interrupted++;
          stats.incomplete++;
          continue;
        }
        if (r < 0.09) {
          // Killed mid-session (power cut, closed window): the next start recovers it through its gate.
          const k = 2 + ((rand() * 10) | 0);
          for (let i = 0; i < k; i++) emit(operator, id, 'step', step(ITEMS[i]));
          const signalled = rand() < 0.3;
          if (signalled) emit(operator, id, 'exit', { signal: 'SIGHUP' });
          const lastSeq = seq;
          clock += 120;
          emit(operator, id, 'recovery', { lastSeq, lastType: signalled ? 'exit' : 'step' });
          emit(operator, id, 'logout', { outcome: 'recovered', gate: GATE });
          emit(operator, null, 'sign-in', {});
          stats.byOutcome.recovered++;
          stats.incomplete++;
          continue;
        }
        const skipRequired = r < 0.12;
        const idle = r >= 0.12 && r < 0.14;
        for (let i = 0; i < ITEMS.length; i++) {
          const it = ITEMS[i];
          if (skipRequired && i === 11) emit(operator, id, 'step', { ...step(it, 'skip'), reason: '決済サービスIDの控えがない' });
          else if (!it[2] && rand() < 0.3) emit(operator, id, 'step', { ...step(it, 'skip'), reason: '対象外' });
          else emit(operator, id, 'step', step(it));
          if (i === 6 && rand() < 0.1) {
            emit(operator, id, 'step', step(ITEMS[i], 'back'));
            emit(operator, id, 'step', step(ITEMS[i]));
          }
          if (idle && i === 9) {
            clock += 400;
            emit(operator, id, 'idle', { idleSeconds: 400 });
          }
        }
        emit(operator, id, 'checklist-complete', {});
        emit(operator, id, 'logout', { outcome: 'completed', gate: GATE });
        stats.byOutcome.completed++;
        if (skipRequired || idle) stats.incomplete++;
      }
      if (written < perTerminal && !killed) emit(operator, null, 'sign-out', {});
      flushDay();
      day++;
    }
    flushDay();
  }
  return stats;
}

function step([section, item, required], action = 'confirm') {
  return { action, section, item, required };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, records = '1000000', terminals = '40', key] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node bench/gen.js DIR [RECORDS] [TERMINALS] [SEAL_KEY_HEX]');
    process.exit(2);
  }
  const sealKey = key ? Buffer.from(key, 'hex') : null;
  console.log(JSON.stringify(generate(dir, { records: Number(records), terminals: Number(terminals), sealKey })));
}
