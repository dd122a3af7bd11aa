// Evidence that holds: on a log the real kiosk wrote, every single-byte edit that the reader finds
// flags the session whose line was edited (report, review and CSV all fold with SessionFold), no
// session appears twice and no session is made up; a record after its session's logout is never
// dropped and never a second session, at any distance.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldSessions, type FoldedSession } from '../src/log/fold.js';
import { readLogBatches, readTerminalBuffer, type ReadItem } from '../src/log/reader.js';
import type { NewRecord } from '../src/domain/record.js';
import { openLog } from '../src/log/writer.js';
import { Writable } from 'node:stream';
import { runReportCommand } from '../src/report/command.js';
import { loadSessions } from '../src/review/load.js';
import { newFigures, World, DIR, TERMINAL } from './helpers/campaign.js';
import { happyPath, shipped } from './helpers/fixtures.js';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(tmpdir(), 'cc-evidence-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A day at the kiosk, written by the real controller and writer: five sessions of every kind. */
function kioskDay(): Buffer {
  const w = new World(newFigures(), () => 0.5);
  const walk = happyPath(shipped().checklist);
  const type = (...presses: string[]) => w.input(presses, presses.length);
  type(...'S-01', '\r');
  // Completed.
  type('\r', '\r', ...walk, ...'logout', '\r', 'x');
  // Interrupted with a reason.
  type('\r', '\r', '\r', '\r', 'i', '1', '\r', ...'logout', '\r', 'x');
  // A required item skipped, then idle.
  type('\r', '\r', '\r', 's', ...'no card', '\r');
  w.tick(6 * 60_000);
  type('x', 'i', '2', '\r', ...'logout', '\r', 'x');
  // Killed mid-session, recovered at the next start.
  type('\r', '\r', '\r', '\r');
  w.kill();
  w.start();
  type(...'logout', '\r', 'x', ...'S-01', '\r');
  // One more, completed, then the staff member leaves.
  type('\r', '\r', ...walk, ...'logout', '\r', 'x', '\u0003');
  const [file] = w.mem.files().filter((f) => f.startsWith(`${DIR}/${TERMINAL}/`) && f.endsWith('.jsonl'));
  return w.mem.read(file!);
}

async function readAll(dir: string): Promise<{ items: ReadItem[]; sessions: FoldedSession[] }> {
  const items: ReadItem[] = [];
  for await (const batch of readLogBatches([dir])) items.push(...batch);
  const sessions: FoldedSession[] = [];
  for await (const s of foldSessions([items])) sessions.push(s);
  return { items, sessions };
}

/** Another byte of the same kind, so most edits still parse (the hard case). */
function replacement(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b === 0x39 ? 0x30 : b + 1;
  if (b >= 0x61 && b <= 0x7a) return b === 0x7a ? 0x61 : b + 1;
  if (b >= 0x41 && b <= 0x5a) return b === 0x5a ? 0x41 : b + 1;
  return b === 0x23 ? 0x24 : 0x23;
}

describe('every single-byte edit of a real kiosk log', () => {
  it('is found, and flags the session whose line it is in; no session appears twice or is made up', async () => {
    const original = kioskDay();
    const lines = original.toString('utf8').split('\n').slice(0, -1);
    const sessionOf = lines.map((l) => (JSON.parse(l) as { session: string | null }).session);
    const ids = new Set(sessionOf.filter((s): s is string => s !== null));
    expect(ids.size).toBe(5);
    const lineAt: number[] = [];
    lines.forEach((l, n) => {
      for (let i = 0; i <= Buffer.byteLength(l); i++) lineAt.push(n);
    });
    // Checked as the reader checks a file (readTerminalBuffer: the same verifier and session-order
    // check as readLogBatches), in memory: 20,000 files would take half a minute to write.
    const file = path.join(root, TERMINAL, '2026-11-30.jsonl');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, original);
    const whole = await readAll(path.dirname(path.dirname(file)));
    expect(whole.items.filter((it) => it.kind === 'problem')).toEqual([]);
    expect(readTerminalBuffer(TERMINAL, file, original)).toEqual(whole.items);
    const figures = { edits: 0, found: 0, unfoundInNewestLine: 0, flaggedOwn: 0 };
    const misses: string[] = [];
    for (let i = 0; i < original.length; i++) {
      const edited = Buffer.from(original);
      edited[i] = replacement(edited[i]!);
      const items = readTerminalBuffer(TERMINAL, file, edited);
      const sessions: FoldedSession[] = [];
      for await (const x of foldSessions([items])) sessions.push(x);
      figures.edits++;
      const line = lineAt[i]!;
      const found = items.some((it) => it.kind === 'problem');
      const seen = sessions.map((s) => s.id);
      expect(new Set(seen).size, `byte ${i}: a session appears twice`).toBe(seen.length);
      for (const id of seen) expect(ids.has(id), `byte ${i}: a made-up session ${id}`).toBe(true);
      if (!found) {
        // Only the newest record can change unseen (nothing after it chains to it): heads and seals catch that.
        expect(line, `byte ${i} (line ${line + 1}) changed unseen`).toBe(lines.length - 1);
        figures.unfoundInNewestLine++;
        continue;
      }
      figures.found++;
      const own = sessionOf[line];
      if (own === null || own === undefined) continue;
      const s = sessions.find((x) => x.id === own);
      if (s?.flags.includes('integrity')) figures.flaggedOwn++;
      else misses.push(`byte ${i} line ${line + 1}: ${String.fromCharCode(original[i]!)}→${String.fromCharCode(edited[i]!)} ${s ? `flags ${s.flags.join(',')}` : 'session gone'} | ${lines[line]!.slice(0, 160)} | ${items.filter((x) => x.kind === 'problem').map((x) => x.kind === 'problem' && `${x.line}:${x.code}`).join(' ')}`);
    }
    console.log(`every-byte edits: ${JSON.stringify(figures)}`);
    expect(misses.slice(0, 20)).toEqual([]);
    expect(figures.edits).toBe(original.length);
  }, 120_000);
});

describe('the same edits through every output', () => {
  it('report (JSON and CSV) and review flag the edited session like the fold does', async () => {
    const original = kioskDay();
    const lines = original.toString('utf8').split('\n').slice(0, -1);
    const home = fs.mkdtempSync(path.join(root, 'outputs-'));
    const logs = path.join(home, 'logs', TERMINAL);
    fs.mkdirSync(logs, { recursive: true });
    const file = path.join(logs, '2026-11-30.jsonl');
    // An edit in the middle of a line of each session (the newest line excepted).
    const picks = lines.slice(0, -1).flatMap((l, n) => {
      const session = (JSON.parse(l) as { session: string | null }).session;
      return session && n % 7 === 3 ? [{ n, session }] : [];
    });
    expect(picks.length).toBeGreaterThan(5);
    const saved = process.env.COUNTER_CHECKLIST_HOME;
    process.env.COUNTER_CHECKLIST_HOME = home;
    try {
    for (const { n, session } of picks) {
      const edited = [...lines];
      edited[n] = edited[n]!.replace('"payload":{', '"payload":{"x":1,');
      fs.writeFileSync(file, `${edited.join('\n')}\n`);
      const json = new Capture();
      await runReportCommand([path.join(home, 'logs')], { format: 'json' }, { stdout: json, err: () => {} }, 'en');
      const doc = JSON.parse(json.text) as { sessions: { id: string; flags: string[] }[] };
      expect(doc.sessions.filter((x) => x.id === session), `line ${n + 1}: once`).toHaveLength(1);
      expect(doc.sessions.find((x) => x.id === session)!.flags, `json, line ${n + 1}`).toContain('integrity');
      const csv = new Capture();
      await runReportCommand([path.join(home, 'logs')], { format: 'csv' }, { stdout: csv, err: () => {} }, 'en');
      const row = csv.text.split('\r\n').find((r) => r.includes(session))!;
      expect(row, `csv, line ${n + 1}`).toContain('integrity');
      const { rows } = await loadSessions([file]);
      expect(rows.find((r) => r.id === session)!.flags, `review, line ${n + 1}`).toContain('integrity');
    }
    } finally {
      if (saved === undefined) delete process.env.COUNTER_CHECKLIST_HOME;
      else process.env.COUNTER_CHECKLIST_HOME = saved;
    }
  });
});

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString('utf8');
    done();
  }
}

describe('a record after its session logged out', () => {
  it('is never dropped and never a second session, 1, 8, 9 and 1,000 sessions after the logout', async () => {
    for (const distance of [1, 8, 9, 1000]) {
      const dir = path.join(root, `late-${distance}`);
      let ms = new Date(2026, 10, 27, 9).getTime();
      const log = openLog({ dir, terminal: 'T-09', now: () => new Date((ms += 1000)) });
      const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      const rec = (session: string, type: string, payload: object) => log.append({ type, payload, operator: 'S-09', session } as NewRecord);
      const start = { checklist: 'mynapoint-support', checklistVersion: '1.10', checklistSha256: 'ab'.repeat(32) };
      for (let n = 0; n <= distance; n++) {
        rec(id(n), 'session-start', start);
        rec(id(n), 'logout', { outcome: 'completed', gate: [] });
      }
      // A valid, chained record naming the first session, `distance` sessions after its logout.
      rec(id(0), 'step', { action: 'skip', section: 's', item: 'i', required: true, reason: 'late' });
      log.close();
      const { items, sessions } = await readAll(dir);
      const late = items.filter((it) => it.kind === 'problem' && it.code === 'after-logout');
      expect(late, `distance ${distance}`).toHaveLength(1);
      expect(sessions.filter((s) => s.id === id(0))).toHaveLength(1);
      const first = sessions.find((s) => s.id === id(0))!;
      expect(first).toMatchObject({ outcome: 'completed' });
      expect(first.flags).toContain('integrity');
      // Folded into nothing: the late skip does not make it required-skipped.
      expect(first.flags).not.toContain('required-skipped');
      expect(sessions).toHaveLength(distance + 1);
      expect(sessions.filter((s) => s.flags.includes('integrity')).map((s) => s.id)).toEqual([id(0)]);
    }
  });
});
