import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldSessions, SeqSet, SessionFold, type FoldedSession } from '../src/log/fold.js';
import { readLogs, type ReadItem } from '../src/log/reader.js';
import type { NewRecord } from '../src/domain/record.js';
import { openLog } from '../src/log/writer.js';

const ids = {
  completed: '11111111-1111-4111-8111-111111111111',
  interrupted: '22222222-2222-4222-8222-222222222222',
  skipped: '33333333-3333-4333-8333-333333333333',
  recovered: '44444444-4444-4444-8444-444444444444',
  open: '55555555-5555-4555-8555-555555555555',
  idle: '66666666-6666-4666-8666-666666666666',
};

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(tmpdir(), 'cc-log-fold-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const OP = 'op-001';
const start = (session: string): NewRecord => ({
  type: 'session-start',
  payload: { checklist: 'mynapoint-support', checklistVersion: '1.2.0', checklistSha256: 'a'.repeat(64) },
  operator: OP,
  session,
});
const step = (session: string, item: string, action: 'confirm' | 'skip' = 'confirm', required = true): NewRecord => ({
  type: 'step',
  payload: { action, section: 'identity', item, required, ...(action === 'skip' ? { reason: 'no card' } : {}) },
  operator: OP,
  session,
});
const complete = (session: string): NewRecord => ({ type: 'checklist-complete', payload: {}, operator: OP, session });
const interrupt = (session: string): NewRecord => ({
  type: 'interrupt',
  payload: { reason: 'no-security-code' },
  operator: OP,
  session,
});
const logout = (session: string, outcome: 'completed' | 'interrupted' | 'recovered'): NewRecord => ({
  type: 'logout',
  payload: { outcome, gate: ['portal-logout', 'card-returned'] },
  operator: OP,
  session,
});
const signIn = (): NewRecord => ({ type: 'sign-in', payload: {}, operator: OP, session: null });
const recovery = (session: string, lastSeq: number): NewRecord => ({
  type: 'recovery',
  payload: { lastSeq, lastType: 'step' },
  operator: OP,
  session,
});
const idle = (session: string): NewRecord => ({ type: 'idle', payload: { idleSeconds: 400 }, operator: OP, session });

/** The day's log of terminal T01: every kind of session. Returns the file. */
function writeDay(terminal = 'T01'): string {
  let ms = new Date(2026, 10, 27, 9).getTime();
  const log = openLog({ dir: root, terminal, now: () => new Date((ms += 1000)) });
  const w = (r: NewRecord) => log.append(r);
  w(signIn());
  w(start(ids.completed));
  w(step(ids.completed, 'card'));
  w(step(ids.completed, 'pin', 'skip'));
  w(step(ids.completed, 'pin')); // the skip was later confirmed: not flagged
  w(complete(ids.completed));
  w(logout(ids.completed, 'completed'));

  w(start(ids.interrupted));
  w(step(ids.interrupted, 'card'));
  w(interrupt(ids.interrupted));
  w(logout(ids.interrupted, 'interrupted'));

  w(start(ids.skipped));
  w(step(ids.skipped, 'card', 'skip'));
  w(step(ids.skipped, 'optional', 'skip', false));
  w(complete(ids.skipped));
  w(logout(ids.skipped, 'completed'));

  w(start(ids.idle));
  w(idle(ids.idle));
  w(complete(ids.idle));
  w(logout(ids.idle, 'completed'));

  // Killed mid-session; the next start writes its recovery and its gate.
  w(start(ids.recovered));
  const last = w(step(ids.recovered, 'card'));
  w(signIn());
  w(recovery(ids.recovered, last.seq));
  w(logout(ids.recovered, 'recovered'));

  // Left open at the end of the input.
  w(start(ids.open));
  w(step(ids.open, 'card'));
  const file = log.file;
  log.close();
  return file;
}

async function fold(items: AsyncIterable<ReadItem> | Iterable<ReadItem>, keepRecords = false) {
  const out: FoldedSession[] = [];
  for await (const s of foldSessions(items, { keepRecords })) out.push(s);
  return out;
}
const byId = (sessions: FoldedSession[]) => new Map(sessions.map((s) => [s.id, s]));

describe('foldSessions', () => {
  it('derives outcome and flags for every kind of session', async () => {
    writeDay();
    const sessions = await fold(readLogs([root]));
    expect(sessions.map((s) => s.id)).toEqual([
      ids.completed,
      ids.interrupted,
      ids.skipped,
      ids.idle,
      ids.recovered,
      ids.open, // flushed at the end
    ]);
    const s = byId(sessions);
    expect(s.get(ids.completed)).toMatchObject({
      terminal: 'T01',
      operator: OP,
      checklist: 'mynapoint-support',
      checklistVersion: '1.2.0',
      outcome: 'completed',
      logoutConfirmed: true,
      flags: [],
      startSeen: true,
      lastType: 'logout',
      problems: 0,
    });
    // startedAt is the session-start's ts, endedAt the logout's (6 records, 1 s apart).
    const { startedAt, endedAt } = s.get(ids.completed)!;
    expect(startedAt).toMatch(/^2026-11-27T09:00:0\d\.000[+-]\d\d:\d\d$/);
    expect(Date.parse(endedAt!) - Date.parse(startedAt!)).toBe(5000);
    expect(s.get(ids.completed)!.records).toBeUndefined();
    expect(s.get(ids.interrupted)).toMatchObject({ outcome: 'interrupted', flags: ['interrupted'] });
    expect(s.get(ids.skipped)).toMatchObject({ outcome: 'completed', flags: ['required-skipped'] });
    expect(s.get(ids.idle)).toMatchObject({ outcome: 'completed', flags: ['idle'] });
    expect(s.get(ids.recovered)).toMatchObject({ outcome: 'recovered', flags: ['unclean-exit'], logoutConfirmed: true });
    expect(s.get(ids.open)).toMatchObject({
      outcome: 'open',
      flags: ['no-logout'],
      endedAt: null,
      logoutConfirmed: false,
      lastType: 'step',
    });
  });

  it("hands out a terminal's sessions when its records end, in the order they began, and forgets them", () => {
    const f = new SessionFold();
    let ms = new Date(2026, 10, 27, 9).getTime();
    const out: FoldedSession[] = [];
    for (const terminal of ['T01', 'T02']) {
      const log = openLog({ dir: root, terminal, now: () => new Date((ms += 1000)) });
      for (let i = 0; i < 200; i++) {
        const id = `00000000-0000-4000-8${terminal.slice(-1)}00-${String(i).padStart(12, '0')}`;
        for (const r of [start(id), step(id, 'card'), logout(id, 'completed')]) out.push(...f.push({ kind: 'record', file: 'x', line: 0, record: log.append(r), group: terminal }));
        if (terminal === 'T01') expect(out).toEqual([]); // a later line may still concern it
      }
      log.close();
      // The first item of the next terminal hands out all 200 of T01.
      if (terminal === 'T02') expect(out.map((s) => s.terminal)).toEqual(Array(200).fill('T01'));
    }
    const rest = f.flush();
    expect(rest).toHaveLength(200);
    expect(rest.every((s, i) => s.terminal === 'T02' && s.id.endsWith(String(i).padStart(12, '0')))).toBe(true);
    expect(f.flush()).toEqual([]);
    expect(f.openCount).toBe(0);
  });

  it('keeps records only when asked', async () => {
    writeDay();
    const sessions = byId(await fold(readLogs([root]), true));
    expect(sessions.get(ids.interrupted)!.records!.map((r) => r.type)).toEqual([
      'session-start',
      'step',
      'interrupt',
      'logout',
    ]);
  });

  it('counts a duplicated file once (dedupe on terminal and seq)', async () => {
    const file = writeDay();
    const copy = path.join(root, 'again', 'T01', path.basename(file));
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(file, copy);
    const once = await fold(readLogs([file]));
    expect(await fold(readLogs([file, copy]))).toEqual(once);
    expect(await fold(readLogs([root]))).toEqual(once);

    // Items fed twice (two reader runs over the same file) are deduplicated by the fold itself.
    const items: ReadItem[] = [];
    for await (const i of readLogs([file])) items.push(i);
    const f = new SessionFold();
    const twice = [...items, ...items].flatMap((i) => f.push(i));
    expect([...twice, ...f.flush()]).toEqual(once);
    expect(f.duplicates).toBe(items.length);
  });

  it('flags integrity: a problem line names its session, or falls to the session open at that point', async () => {
    const file = writeDay();
    const ls = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
    // Line 9 is the interrupted session's step: edit it (chain break reported on line 10, which
    // names that session). Line 14 is a step of `skipped`: replace it with garbage (no session in
    // it: attributed to the session open at that point, `skipped`).
    ls[8] = ls[8]!.replace('"card"', '"carD"');
    ls[13] = 'garbage';
    fs.writeFileSync(file, `${ls.join('\n')}\n`);
    const sessions = byId(await fold(readLogs([file])));
    expect(sessions.get(ids.interrupted)).toMatchObject({ flags: ['interrupted', 'integrity'], problems: 1 });
    expect(sessions.get(ids.skipped)).toMatchObject({ flags: ['required-skipped', 'integrity'], problems: 1 });
    expect(sessions.get(ids.completed)!.flags).toEqual([]);
    expect(sessions.get(ids.open)!.flags).toEqual(['no-logout']);

    // A torn tail: attributed to the session open at the end.
    fs.appendFileSync(file, '{"v":1,"seq":28,"ts":"20');
    const torn = byId(await fold(readLogs([file])));
    expect(torn.get(ids.open)!.flags).toEqual(['no-logout', 'integrity']);
  });

  it('reports a session whose start is missing with what is known', async () => {
    const file = writeDay();
    const ls = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
    // Only the part of the log after the interrupted session's start (as if the file before it
    // were missing): its first record there is its step.
    const part = path.join(root, 'part', 'T01', '2026-11-27.jsonl');
    fs.mkdirSync(path.dirname(part), { recursive: true });
    fs.writeFileSync(part, `${ls.slice(8).join('\n')}\n`);
    const sessions = byId(await fold(readLogs([part])));
    expect(sessions.get(ids.completed)).toBeUndefined();
    expect(sessions.get(ids.interrupted)).toMatchObject({
      startSeen: false,
      checklist: null,
      checklistVersion: null,
      operator: OP,
      outcome: 'interrupted',
      flags: ['interrupted'],
    });
    expect(sessions.get(ids.interrupted)!.startedAt).toBe(JSON.parse(ls[8]!).ts);
  });
});

describe('SeqSet', () => {
  it('stays one interval for in-order seqs and detects repeats', () => {
    const s = new SeqSet();
    for (let i = 1; i <= 10_000; i++) expect(s.add(i)).toBe(true);
    expect(s.intervals).toBe(1);
    expect(s.add(5)).toBe(false);
    expect(s.add(10_002)).toBe(true);
    expect(s.intervals).toBe(2);
    expect(s.add(10_001)).toBe(true);
    expect(s.intervals).toBe(1);
    expect(s.has(10_002)).toBe(true);
    expect(s.has(10_003)).toBe(false);
  });

  it('matches a Set for any order', () => {
    const s = new SeqSet();
    const ref = new Set<number>();
    let x = 12345;
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const n = (x % 700) + 1;
      expect(s.add(n)).toBe(!ref.has(n));
      ref.add(n);
    }
    for (let n = 0; n <= 702; n++) expect(s.has(n)).toBe(ref.has(n));
  });
});
