// Forward-secure sealing: the key as people copy it, the seals the writer adds and the key moving on
// after each, what verify checks with and without the key, a whole file rewritten with a fresh chain,
// every edit inside a sealed range, and a kill at every step of a seal and its ratchet.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldSessions, type FoldedSession } from '../src/log/fold.js';
import { hashLine } from '../src/log/chain.js';
import { readTerminalBuffer, type ProblemItem, type ReadItem } from '../src/log/reader.js';
import { SealCheck, type SealSnapshot } from '../src/log/terminal-checks.js';
import type { LogRecord, NewRecord } from '../src/domain/record.js';
import { openLog, serialize } from '../src/log/writer.js';
import { fingerprint, formatKey, keyAt, newKey, parseKey, ratchet, sealTag } from '../src/seal/key.js';
import { TerminalKey } from '../src/seal/state.js';
import { MemFs } from './helpers/memfs.js';

const T = 'T-01';
const DIR = '/logs';
const KEY_FILE = `/state/seal/${T}.json`;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const START = { checklist: 'mynapoint-support', checklistVersion: '1.10', checklistSha256: 'ab'.repeat(32) };

/** A terminal enrolled for sealing, over an in-memory disk, and a writer on its log. */
function enrolled(mem = new MemFs(), clock = { ms: new Date(2026, 10, 27, 9).getTime() }) {
  const store = new TerminalKey(KEY_FILE, T, mem);
  const k0 = newKey();
  const fp = fingerprint(k0);
  store.write({ fingerprint: fp, epoch: 0, key: k0 }, 'now');
  const now = () => new Date((clock.ms += 1000));
  const open = () => openLog({ dir: DIR, terminal: T, io: mem, now, seal: store });
  return { mem, store, k0, fp, clock, now, open, keys: new Map([[T, new Map([[fp, k0]])]]) };
}

function sessions(log: ReturnType<typeof openLog>, from: number, n: number) {
  const rec = (session: string | null, type: string, payload: object) => log.appendAll([{ type, payload, operator: 'S-01', session } as NewRecord]);
  for (let i = from; i < from + n; i++) {
    rec(id(i), 'session-start', START);
    rec(id(i), 'step', { action: 'confirm', section: 's', item: 'initial', required: true });
    if (i % 3 === 0) rec(id(i), 'interrupt', { reason: 'citizen-left' });
    rec(id(i), 'logout', { outcome: i % 3 === 0 ? 'interrupted' : 'completed', gate: ['g'] });
  }
}

const dayFile = (mem: MemFs) => mem.files().find((f) => f.startsWith(`${DIR}/${T}/`) && f.endsWith('.jsonl'))!;
const problemsOf = (items: ReadItem[]) => items.filter((i) => i.kind === 'problem');

async function fold(items: ReadItem[]): Promise<Map<string, FoldedSession>> {
  const out = new Map<string, FoldedSession>();
  for await (const s of foldSessions([items])) out.set(s.id, s);
  return out;
}

describe('the seal key as people copy it', () => {
  it('round-trips through its grouped form, any case, dashes or not; a typo or another terminal is caught', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat(55), (bytes, at) => {
        const key = Buffer.from(bytes);
        const text = formatKey(T, key);
        expect(text).toMatch(/^([A-Z2-7]{4}-){13}[A-Z2-7]{4}$/);
        expect(parseKey(T, text)).toEqual({ key });
        expect(parseKey(T, text.toLowerCase().replaceAll('-', ' '))).toEqual({ key });
        expect(parseKey('T-02', text)).toEqual({ problem: 'checksum' });
        // One character changed (not in the padding bits of the last key character).
        const plain = text.replaceAll('-', '');
        const i = at === 51 ? 50 : at;
        const swapped = plain.slice(0, i) + (plain[i] === 'A' ? 'B' : 'A') + plain.slice(i + 1);
        expect(parseKey(T, swapped)).toEqual({ problem: 'checksum' });
      }),
      { numRuns: 200 },
    );
    expect(parseKey(T, 'ABCD')).toEqual({ problem: 'length' });
    expect(parseKey(T, '9'.repeat(56))).toEqual({ problem: 'characters' });
  });

  it('ratchets one way and deterministically; a fingerprint names the key without giving it away', () => {
    const k0 = newKey();
    const k3 = ratchet(ratchet(ratchet(k0)));
    expect(keyAt(k0, 3)).toEqual(k3);
    expect(keyAt(k0, 5, { epoch: 3, key: k3 })).toEqual(ratchet(ratchet(k3)));
    expect(fingerprint(k0)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(k0)).not.toBe(fingerprint(k3));
  });
});

describe('the terminal key file', () => {
  it('is one block of two checksummed slots: the new key in one, the other blanked; a torn slot is never taken', () => {
    const mem = new MemFs();
    const store = new TerminalKey(KEY_FILE, T, mem);
    const k0 = newKey();
    const fp = fingerprint(k0);
    store.write({ fingerprint: fp, epoch: 0, key: k0 }, 'x');
    store.write({ fingerprint: fp, epoch: 1, key: ratchet(k0) }, 'x');
    const block = mem.read(KEY_FILE);
    expect(block.length).toBe(512);
    expect(block.toString()).not.toContain(k0.toString('hex'));
    expect(store.read()).toEqual({ fingerprint: fp, epoch: 1, key: ratchet(k0) });
    // The next write tore: the old slot (epoch 1) was not blanked, the new one (epoch 2) is damaged.
    const before = mem.read(KEY_FILE);
    store.write({ fingerprint: fp, epoch: 2, key: ratchet(ratchet(k0)) }, 'x');
    const after = mem.read(KEY_FILE);
    const newAt = after.subarray(0, 256).toString().trim() === '' ? 256 : 0;
    const oldAt = 256 - newAt;
    const torn = Buffer.from(after);
    before.copy(torn, oldAt, oldAt, oldAt + 256);
    torn[newAt + 40] = torn[newAt + 40] === 0x61 ? 0x62 : 0x61;
    mem.put(KEY_FILE, torn);
    const other = new TerminalKey(KEY_FILE, T, mem);
    expect(other.read()?.epoch).toBe(1);
    // Both slots whole (the blanking torn away): the higher epoch is the key.
    const both = Buffer.from(after);
    before.copy(both, oldAt, oldAt, oldAt + 256);
    mem.put(KEY_FILE, both);
    expect(other.read()?.epoch).toBe(2);
    mem.put(KEY_FILE, Buffer.alloc(512, 0x20));
    expect(() => other.read()).toThrow(expect.objectContaining({ key: 'seal.error.keyUnreadable' }));
  });
});

describe('the writer seals', () => {
  it('at every logout and sign-out and after 15 minutes, moving the key on after each; the old key is gone', () => {
    const e = enrolled();
    const log = e.open();
    sessions(log, 1, 3);
    log.append({ type: 'sign-in', payload: {}, operator: 'S-01', session: null });
    e.clock.ms += 16 * 60_000;
    log.append({ type: 'sign-in', payload: {}, operator: 'S-02', session: null });
    log.append({ type: 'sign-out', payload: {}, operator: 'S-02', session: null });
    log.close();
    const records = e.mem.read(dayFile(e.mem)).toString().trim().split('\n').map((l) => JSON.parse(l) as LogRecord);
    const types = records.map((r) => r.type);
    expect(types[0]).toBe('seal-init');
    const seals = records.filter((r): r is Extract<LogRecord, { type: 'seal' }> => r.type === 'seal');
    // Three logouts, the sign-in after 15 minutes, the sign-out.
    expect(seals.map((s) => s.payload.epoch)).toEqual([0, 1, 2, 3, 4]);
    for (const s of seals) expect(records[records.indexOf(s) - 1]!.seq).toBe(s.payload.to);
    expect(types.filter((t) => t === 'logout').every((_, i) => types[types.indexOf('logout') + 1] === 'seal' || i > 0)).toBe(true);
    // The key file holds the key of the next epoch only.
    const stored = e.store.read()!;
    expect(stored.epoch).toBe(5);
    expect(stored.key).toEqual(keyAt(e.k0, 5));
    expect(e.mem.read(KEY_FILE).toString()).not.toContain(e.k0.toString('hex'));
    // Clean with the key: sealed up to the sign-out.
    const items = readTerminalBuffer(T, dayFile(e.mem), e.mem.read(dayFile(e.mem)), e.keys.get(T));
    expect(problemsOf(items)).toEqual([]);
  });

  it('heals a key left behind (a kill between a seal and its ratchet): never two seals of one epoch', () => {
    const e = enrolled();
    const log = e.open();
    sessions(log, 1, 1);
    // The ratchet's write fails: the key file stays at the epoch just used.
    e.mem.inject('writeAtSync', { kind: 'error', code: 'EIO' });
    sessions(log, 2, 1);
    expect(e.store.read()!.epoch).toBe(1);
    log.close();
    const again = e.open();
    expect(e.store.read()!.epoch).toBe(2);
    sessions(again, 3, 1);
    again.close();
    const items = readTerminalBuffer(T, dayFile(e.mem), e.mem.read(dayFile(e.mem)), e.keys.get(T));
    expect(problemsOf(items)).toEqual([]);
    const epochs = items.flatMap((i) => (i.kind === 'record' && i.record.type === 'seal' ? [i.record.payload.epoch] : []));
    expect(epochs).toEqual([0, 1, 2]);
  });
});

/** An attacker's script: change one record, then recompute the whole chain (and the seals' hashes). */
function rewrite(file: Buffer, change: (r: LogRecord) => LogRecord, forgeKey?: (epoch: number) => Buffer): Buffer {
  const records = file.toString().trim().split('\n').map((l) => JSON.parse(l) as LogRecord);
  let prev = records[0]!.prev;
  const out: string[] = [];
  let lastHash = '';
  for (const original of records) {
    let r = change({ ...original });
    r = { ...r, prev } as LogRecord;
    if (r.type === 'seal') {
      const p = { ...r.payload, hash: lastHash };
      const tag = forgeKey ? sealTag(forgeKey(p.epoch), { terminal: r.terminal, ...p, ts: r.ts }) : p.tag;
      r = { ...r, payload: { ...p, tag } };
    }
    const { line } = serialize(r);
    out.push(line);
    lastHash = hashLine(line);
    prev = lastHash;
  }
  return Buffer.from(`${out.join('\n')}\n`);
}

describe('verify with and without the key', () => {
  it('a whole file rewritten with a fresh chain passes unkeyed verify and fails keyed verify, flagging the session', async () => {
    const e = enrolled();
    const log = e.open();
    sessions(log, 1, 6);
    log.close();
    const file = dayFile(e.mem);
    const target = id(3); // interrupted: made to look completed
    const forged = rewrite(e.mem.read(file), (r) =>
      r.session === target && r.type === 'logout' ? ({ ...r, payload: { ...r.payload, outcome: 'completed' } } as LogRecord) : r.session === target && r.type === 'interrupt' ? ({ ...r, type: 'step', payload: { action: 'confirm', section: 's', item: 'x', required: true } } as LogRecord) : r,
    );
    expect(problemsOf(readTerminalBuffer(T, file, forged))).toEqual([]);
    const keyed = readTerminalBuffer(T, file, forged, e.keys.get(T));
    expect(problemsOf(keyed).map((p) => p.kind === 'problem' && p.code)).toContain('seal-bad');
    const s = (await fold(keyed)).get(target)!;
    expect(s.flags).toContain('integrity');
    // Someone who took the terminal over later holds only a later key: seals of earlier epochs
    // forged with it fail too.
    const later = keyAt(e.k0, 4);
    const withLaterKey = rewrite(e.mem.read(file), (r) => (r.session === target && r.type === 'logout' ? ({ ...r, payload: { ...r.payload, outcome: 'completed' } } as LogRecord) : r), () => later);
    const keyed2 = readTerminalBuffer(T, file, withLaterKey, e.keys.get(T));
    expect(problemsOf(keyed2).some((p) => p.kind === 'problem' && p.code === 'seal-bad')).toBe(true);
    expect((await fold(keyed2)).get(target)!.flags).toContain('integrity');
  });

  it('a seal removed, or the log cut after a seal and continued, is an epoch gap', () => {
    const e = enrolled();
    const log = e.open();
    sessions(log, 1, 4);
    log.close();
    const file = dayFile(e.mem);
    const lines = e.mem.read(file).toString().trim().split('\n');
    const sealAt = lines.findIndex((l) => l.includes('"type":"seal"'));
    const records = lines.map((l) => JSON.parse(l) as LogRecord);
    // Drop the first seal and recompute the chain (and the later seals' hashes and ranges stay).
    const dropped = rewrite(Buffer.from(`${lines.filter((_, i) => i !== sealAt).join('\n')}\n`), (r) => {
      if (r.seq > records[sealAt]!.seq) return { ...r, seq: r.seq - 1 } as LogRecord;
      return r;
    });
    const codes = problemsOf(readTerminalBuffer(T, file, dropped, e.keys.get(T))).map((p) => p.kind === 'problem' && p.code);
    expect(codes).toContain('seal-epoch');
  });
});

describe('property: any change inside a sealed range is found and flags the sessions of the changed lines', () => {
  it('holds for single-byte edits, deleted, inserted, duplicated and swapped lines (keyed verify)', async () => {
    const e = enrolled();
    const log = e.open();
    sessions(log, 1, 5);
    log.close();
    const file = dayFile(e.mem);
    const original = e.mem.read(file).toString();
    const lines = original.trim().split('\n');
    const records = lines.map((l) => JSON.parse(l) as LogRecord);
    // The sealed range: up to the last seal (everything, since the last line is a logout's seal).
    const lastSeal = records.map((r) => r.type).lastIndexOf('seal');
    expect(lastSeal).toBe(lines.length - 1);
    const sessionOf = records.map((r) => r.session);
    // Any byte of any line, the newest seal's included (its tag covers its own fields); lines moved
    // inside what that seal covers (the newest seal itself removed leaves the newest records
    // unsealed: that is a warning, and the head anchors' part).
    const inside = lastSeal - 1;
    const change = fc.oneof(
      fc.record({ kind: fc.constant('byte' as const), line: fc.nat(lastSeal), at: fc.nat(400) }),
      fc.record({ kind: fc.constant('delete' as const), line: fc.nat(inside) }),
      fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat(inside) }),
      fc.record({ kind: fc.constant('insert' as const), line: fc.nat(inside), from: fc.nat(inside) }),
      fc.record({ kind: fc.constant('swap' as const), line: fc.nat(lastSeal - 1), with: fc.integer({ min: 1, max: 5 }) }),
    );
    await fc.assert(
      fc.asyncProperty(change, async (c) => {
        const ls = [...lines];
        let touched: number[] = [];
        if (c.kind === 'byte') {
          const l = ls[c.line]!;
          const i = c.at % l.length;
          const ch = l[i] === 'a' ? 'b' : l[i] === '0' ? '1' : 'a';
          ls[c.line] = l.slice(0, i) + ch + l.slice(i + 1);
          touched = [c.line];
        } else if (c.kind === 'delete') {
          ls.splice(c.line, 1);
          touched = [c.line - 1, c.line].filter((x) => x >= 0 && x < lines.length);
        } else if (c.kind === 'duplicate') {
          ls.splice(c.line, 0, ls[c.line]!);
          touched = [c.line];
        } else if (c.kind === 'insert') {
          ls.splice(c.line, 0, lines[c.from]!);
          touched = [c.line, c.from];
        } else {
          const j = Math.min(lines.length - 1, c.line + c.with);
          [ls[c.line], ls[j]] = [ls[j]!, ls[c.line]!];
          touched = [c.line, j];
        }
        const items = readTerminalBuffer(T, file, Buffer.from(`${ls.join('\n')}\n`), e.keys.get(T));
        expect(problemsOf(items).length, JSON.stringify(c)).toBeGreaterThan(0);
        const folded = await fold(items);
        for (const line of touched) {
          const own = sessionOf[line];
          if (own) expect(folded.get(own)?.flags, `${JSON.stringify(c)}: session of line ${line + 1}`).toContain('integrity');
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('a kill at every step of a seal and its ratchet', () => {
  it('restarts to a log whose seals all verify, with the key on the right epoch', () => {
    // Count the file-system calls of one sealed logout (the seal in its write, then the ratchet).
    const probe = enrolled();
    const plog = probe.open();
    sessions(plog, 1, 1);
    plog.appendAll([{ type: 'session-start', payload: START, operator: 'S-01', session: id(2) } as NewRecord]);
    const before = { ...probe.mem.calls };
    plog.append({ type: 'logout', payload: { outcome: 'completed', gate: ['g'] }, operator: 'S-01', session: id(2) });
    const steps = Object.entries(probe.mem.calls).reduce((n, [op, c]) => n + c - ((before as Record<string, number>)[op] ?? 0), 0);
    expect(steps).toBeGreaterThanOrEqual(6);

    for (let k = 1; k <= steps; k++) {
      const e = enrolled();
      const log = e.open();
      sessions(log, 1, 1);
      log.appendAll([{ type: 'session-start', payload: START, operator: 'S-01', session: id(2) } as NewRecord]);
      let n = 0;
      e.mem.before = () => {
        if (++n === k) e.mem.halted = true; // the process dies here: nothing after it reaches the disk
      };
      try {
        log.append({ type: 'logout', payload: { outcome: 'completed', gate: ['g'] }, operator: 'S-01', session: id(2) });
      } catch {
        // died mid-append
      }
      e.mem.before = null;
      e.mem.resume();
      // The next start: heals, gates the session if its logout did not reach the disk, goes on, seals again.
      const again = e.open();
      if (!again.records().some((r) => r.type === 'logout' && r.session === id(2))) {
        again.append({ type: 'recovery', payload: { lastSeq: again.head.seq, lastType: 'session-start' }, operator: 'S-01', session: id(2) });
        again.append({ type: 'logout', payload: { outcome: 'recovered', gate: ['g'] }, operator: 'S-01', session: id(2) });
      }
      sessions(again, 3, 2);
      again.close();
      const items = readTerminalBuffer(T, dayFile(e.mem), e.mem.read(dayFile(e.mem)), e.keys.get(T));
      expect(problemsOf(items).map((p) => p.kind === 'problem' && `${p.line}: ${p.problem}`), `killed at step ${k} of ${steps}`).toEqual([]);
      const seals = items.flatMap((i) => (i.kind === 'record' && i.record.type === 'seal' ? [i.record.payload.epoch] : []));
      expect(seals, `killed at step ${k}`).toEqual(seals.map((_, i) => i));
      expect(e.store.read()!.epoch, `killed at step ${k}`).toBe(seals.length);
    }
  });
});

describe('property: seals taken out are found, once per gap, whatever the steps a log is read in', () => {
  /** The log with the seals at `drop` (their indexes among the seals) taken out, numbered and chained again. */
  function stripSeals(file: Buffer, drop: ReadonlySet<number>): Buffer {
    const records = file.toString().trim().split('\n').map((l) => JSON.parse(l) as LogRecord);
    let seal = -1;
    const kept = records.filter((r) => r.type !== 'seal' || !drop.has(++seal));
    let seq = 0;
    return rewrite(Buffer.from(`${kept.map((r) => JSON.stringify(r)).join('\n')}\n`), (r) => ({ ...r, seq: ++seq }) as LogRecord);
  }

  it('a second end without its seal: one seal-missing naming it, flagging the sessions from the last good seal; read in pieces, the same', async () => {
    const e = enrolled();
    const log = e.open();
    sessions(log, 1, 9);
    log.close();
    const file = dayFile(e.mem);
    const original = e.mem.read(file);
    const seals = original.toString().split('\n').filter((l) => l.includes('"type":"seal"')).length;
    expect(seals).toBeGreaterThanOrEqual(9);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.nat(seals - 1), { maxLength: seals }), fc.array(fc.nat(), { maxLength: 3 }), fc.boolean(), async (drop, cuts, keyed) => {
        const buf = stripSeals(original, new Set(drop));
        const keys = keyed ? e.keys.get(T) : undefined;
        const items = readTerminalBuffer(T, file, buf, keys);
        const records = items.filter((i) => i.kind === 'record');
        const missing = problemsOf(items).filter((p) => p.kind === 'problem' && p.code === 'seal-missing');
        // One seal per logout here. Taking one out renumbers what follows, so every later seal's
        // range no longer matches (a problem of its own) and none of them counts as good: from the
        // first seal taken out on, each logout whose seal was taken out is one more end without
        // its seal. The second gives exactly one seal-missing, known once a record follows it; when
        // it is the last record, verify asks at the end (the check's status says so).
        const gone = [...drop].sort((a, b) => a - b);
        const second = gone.length >= 2 ? gone[1]! : null;
        expect(missing.length).toBe(second !== null && second !== seals - 1 ? 1 : 0);
        if (drop.length === 0) expect(problemsOf(items)).toEqual([]);
        // The sessions they concern are flagged.
        const folded = await fold(items);
        for (const p of missing) {
          if (p.kind !== 'problem' || !p.range) throw new Error('no range');
          const [from, to] = p.range;
          for (const s of folded.values()) if (s.firstSeq <= to && (s.lastSeq ?? 0) >= from) expect(s.flags).toContain('integrity');
        }
        // Read in pieces, the check taken up again from its snapshot (as collect does): the same.
        const points = [...new Set(cuts.map((c) => c % (records.length + 1)))].sort((a, b) => a - b);
        let check = new SealCheck(T, keys);
        const pieces: ProblemItem[] = [];
        records.forEach((r, i) => {
          if (points.includes(i)) check = new SealCheck(T, keys, JSON.parse(JSON.stringify(check.snapshot())) as SealSnapshot);
          if (r.kind === 'record') pieces.push(...check.record(r));
        });
        const shape = (p: ReadItem) => (p.kind === 'problem' ? { code: p.code, line: p.line, params: p.params, range: p.range } : null);
        expect(pieces.filter((p) => p.code === 'seal-missing').map(shape)).toEqual(missing.map(shape));
        const status = check.end();
        expect(Boolean(status.pendingEnd) && status.unsealedEnds === 1).toBe(second === seals - 1);
      }),
      { numRuns: 60 },
    );
  });
});
