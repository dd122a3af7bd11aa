// Property: however a terminal's logs reach the archive — a prefix at a time, collected any number
// of times, damaged in any of the ways the reader knows (an edited byte, a deleted line, a record
// copied in after its session's logout, a stray line, a session id reused on another terminal) —
// the archive's report equals the raw-path report over the final files, and a rebuilt index gives
// the same again. This is what the fold's checkpoints (src/log/fold.ts) must keep.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectJson, normalised, reportDoc } from './helpers/archive.js';
import { KioskLog, local, sid } from './helpers/session-logs.js';
import type { ReportDocument } from '../src/report/document.js';
import { openIndex } from '../src/archive/db.js';
import { archiveLayout } from '../src/archive/paths.js';
import { sessionRows } from '../src/archive/query.js';

let root: string;
let savedHome: string | undefined;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(tmpdir(), 'cc-archive-prop-'));
  savedHome = process.env.COUNTER_CHECKLIST_HOME;
  process.env.COUNTER_CHECKLIST_HOME = path.join(root, 'home');
  fs.mkdirSync(process.env.COUNTER_CHECKLIST_HOME);
  fs.writeFileSync(path.join(process.env.COUNTER_CHECKLIST_HOME, 'config.json'), JSON.stringify({ terminalId: 'SV' }));
});
afterAll(() => {
  delete process.env.COUNTER_CHECKLIST_TEST_COMMIT_BYTES;
  if (savedHome === undefined) delete process.env.COUNTER_CHECKLIST_HOME;
  else process.env.COUNTER_CHECKLIST_HOME = savedHome;
  fs.rmSync(root, { recursive: true, force: true });
});

type Kind = 'complete' | 'interrupted' | 'killed' | 'skipped' | 'idle' | 'signOut';
const TERMINALS = ['T-A', 'T-B', 'T-C'];

/** The kiosk's logs for a plan: per terminal, per day, the sessions in order. */
function writeLogs(dir: string, plan: Kind[][][], run: number): void {
  let n = run * 1000;
  plan.forEach((days, t) => {
    const log = new KioskLog(dir, TERMINALS[t]!, local(2026, 11, 2, 9));
    let open: string | null = null;
    days.forEach((sessions, d) => {
      log.at(local(2026, 11, 2 + d, 9));
      if (open !== null) {
        log.recover('S-01', open);
        open = null;
      }
      log.signIn('S-01');
      for (const kind of sessions) {
        const id = sid(++n);
        if (kind === 'complete') log.complete('S-01', id);
        else if (kind === 'interrupted') log.interrupted('S-01', id);
        else if (kind === 'skipped') log.complete('S-01', id, { skipRequired: true });
        else if (kind === 'idle') log.complete('S-01', id, { idle: true });
        else if (kind === 'signOut') log.signOut('S-01').signIn('S-01');
        else {
          log.killed('S-01', id);
          log.restart();
          open = id;
        }
      }
    });
    log.close();
  });
}

type Damage =
  | { kind: 'byte'; file: number; at: number }
  | { kind: 'delete'; file: number; line: number }
  | { kind: 'late'; file: number; from: number; to: number }
  | { kind: 'stray'; file: number; line: number }
  | { kind: 'reuse'; file: number; line: number; into: number };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('byte' as const), file: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), file: fc.nat(), line: fc.nat() }),
  fc.record({ kind: fc.constant('late' as const), file: fc.nat(), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('stray' as const), file: fc.nat(), line: fc.nat() }),
  fc.record({ kind: fc.constant('reuse' as const), file: fc.nat(), line: fc.nat(), into: fc.nat() }),
);

/** Another byte of the same kind, so that most edited lines still parse. */
const other = (b: number) => (b >= 0x30 && b <= 0x39 ? (b === 0x39 ? 0x30 : b + 1) : b >= 0x61 && b <= 0x7a ? (b === 0x7a ? 0x61 : b + 1) : b);

function applyDamage(files: { rel: string; lines: string[] }[], d: Damage): void {
  const f = files[d.file % files.length]!;
  if (f.lines.length === 0) return;
  if (d.kind === 'byte') {
    const i = d.at % f.lines.length;
    const line = Buffer.from(f.lines[i]!);
    const at = Math.floor(line.length / 2) + (d.at % Math.max(1, Math.floor(line.length / 2)));
    if (at < line.length) line[at] = other(line[at]!);
    f.lines[i] = line.toString('latin1');
  } else if (d.kind === 'delete') f.lines.splice(d.line % f.lines.length, 1);
  else if (d.kind === 'late') {
    const from = d.from % f.lines.length;
    const to = Math.min(f.lines.length, from + 1 + (d.to % f.lines.length));
    f.lines.splice(to, 0, f.lines[from]!);
  } else if (d.kind === 'stray') f.lines.splice(d.line % (f.lines.length + 1), 0, '{"not":"a record"}');
  else {
    // A session-start of one terminal copied into another's log (after its first line: a file is
    // filed under the terminal its first record names, and two files of one terminal and day are a
    // conflict in the archive by design, where a raw-path report reads both).
    const into = files[d.into % files.length]!;
    const starts = f.lines.filter((l) => l.includes('"session-start"'));
    if (starts.length === 0 || into === f || into.lines.length === 0) return;
    into.lines.splice(1 + (d.line % into.lines.length), 0, starts[d.line % starts.length]!);
  }
}

/** The terminal a line's record names, if it is a record at all. */
function firstTerminalOf(line: string | undefined): string | undefined {
  try {
    const t = (JSON.parse(line ?? '') as { terminal?: unknown }).terminal;
    return typeof t === 'string' ? t : undefined;
  } catch {
    return undefined;
  }
}

const comparable = (doc: ReportDocument): ReportDocument => {
  const n = normalised(doc);
  return { ...n, integrity: n.integrity.map((p) => ({ ...p, problem: p.problem.replace(/\S*\/([^/\s]+\/[^/\s]+\.jsonl)/g, '$1') })) };
};

describe('the archive equals the raw-path report', () => {
  let run = 0;
  it('for any damage and any way of collecting it a prefix at a time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.array(fc.constantFrom<Kind>('complete', 'interrupted', 'killed', 'skipped', 'idle', 'signOut'), { maxLength: 6 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
        fc.array(damage, { maxLength: 5 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (plan, damages, cuts, commitEachFile) => {
          // Commits every few MiB read, or (small logs) at every checkpoint.
          if (commitEachFile) process.env.COUNTER_CHECKLIST_TEST_COMMIT_BYTES = '1';
          else delete process.env.COUNTER_CHECKLIST_TEST_COMMIT_BYTES;
          const dir = path.join(root, `run-${++run}`);
          const written = path.join(dir, 'written');
          writeLogs(written, plan, run);
          const files = fs
            .readdirSync(written, { recursive: true })
            .map(String)
            .filter((f) => f.endsWith('.jsonl'))
            .sort()
            .map((rel) => ({ rel, lines: fs.readFileSync(path.join(written, rel), 'latin1').split('\n').slice(0, -1) }));
          for (const d of damages) applyDamage(files, d);
          // Damage that makes a file's first line another terminal's record (a copied session-start,
          // then the line before it deleted) files it under that terminal, where it conflicts with
          // that terminal's file of the same day: a known difference (docs/archive.md), not compared.
          fc.pre(
            files.every((f) => {
              const folder = f.rel.split(/[\\/]/)[0];
              return (firstTerminalOf(f.lines[0]) ?? folder) === folder;
            }),
          );
          const stick = path.join(dir, 'stick');
          const archive = path.join(dir, 'archive');
          // Each collect sees every file up to a growing share of all lines (in name order per terminal).
          const total = files.reduce((n, f) => n + f.lines.length, 0);
          fc.pre(total > 0);
          for (const cut of [...cuts.sort(), 1]) {
            let budget = Math.ceil(total * cut);
            for (const f of files) {
              const take = Math.min(f.lines.length, budget);
              budget -= take;
              const target = path.join(stick, f.rel);
              fs.mkdirSync(path.dirname(target), { recursive: true });
              if (take > 0 || fs.existsSync(target)) fs.writeFileSync(target, Buffer.from(f.lines.slice(0, take).map((l) => `${l}\n`).join(''), 'latin1'));
            }
            if (!fs.readdirSync(stick, { recursive: true }).some((e) => String(e).endsWith('.jsonl'))) continue;
            await collectJson([stick], archive);
          }
          const raw = comparable(await reportDoc({ paths: [stick] }));
          const incremental = comparable(await reportDoc({ archive }));
          expect(incremental).toEqual(raw);
          await collectJson([], archive, { rebuild: true });
          expect(comparable(await reportDoc({ archive }))).toEqual(raw);
          fs.rmSync(dir, { recursive: true, force: true });
        },
      ),
      // ARCHIVE_SEED=N (and ARCHIVE_PATH, as fast-check prints them) replays a failure.
      { numRuns: Number(process.env.ARCHIVE_RUNS ?? 40), ...(process.env.ARCHIVE_SEED ? { seed: Number(process.env.ARCHIVE_SEED), ...(process.env.ARCHIVE_PATH ? { path: process.env.ARCHIVE_PATH } : {}) } : {}) },
    );
  }, 240_000);
});

describe("the index's session rows", () => {
  it('come out of sessionRows as the table holds them, column by column', async () => {
    const dir = path.join(root, 'rows');
    writeLogs(path.join(dir, 'stick'), [[['complete', 'killed'], ['interrupted', 'skipped']], [['idle', 'signOut', 'complete']]], 900);
    const archive = path.join(dir, 'archive');
    expect((await collectJson([path.join(dir, 'stick')], archive)).code).toBe(0);
    const db = openIndex(archiveLayout(archive).index, { readonly: true });
    try {
      const rows = [...sessionRows(db, {})];
      // better-sqlite3's own row objects, by column name: sessionRows builds its own from arrays.
      const byName = db.prepare('SELECT * FROM sessions WHERE duplicate = 0 ORDER BY terminal, first_seq').all() as Record<string, unknown>[];
      expect(rows.length).toBeGreaterThan(4);
      expect(rows).toEqual(byName.map((r) => Object.fromEntries(Object.keys(rows[0]!).map((k) => [k, r[k]]))));
      // Positions differ from session to session, so two of them swapped would show.
      expect(new Set(rows.map((r) => r.first_offset)).size).toBeGreaterThan(1);
    } finally {
      db.close();
    }
  });
});
