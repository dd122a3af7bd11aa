// The index's schema 3: every session's start as epoch milliseconds (the review list sorts by it in
// SQL), filled in by the migration from the stored starts, as JavaScript reads them.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex } from '../src/archive/db.js';
import Database from 'better-sqlite3';
import { ArchiveSource, GROUPS, listSql, whereOf } from '../src/archive/review.js';
import { NO_FILTERS } from '../src/review/filters.js';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(tmpdir(), 'cc-archive-schema-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** `minute` after 2026-11-26 00:00 UTC, as a counter at `offset` writes it. */
function stamp(minute: number, offset: string, ms: number): string {
  const at = Date.UTC(2026, 10, 26) + minute * 60_000 + ms;
  const shift = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  return new Date(at + shift).toISOString().replace('Z', offset === 'Z' ? 'Z' : offset);
}

describe('the index before the list sorted in SQL (schema 2)', () => {
  it('is given each session start as epoch milliseconds when migrated, in batches, nulls kept', () => {
    const file = path.join(root, 'v2.sqlite');
    const v2 = openIndex(file, { upTo: 2 });
    const insert = v2.prepare(`INSERT INTO sessions (terminal, id, started_at, day, outcome, flags, flags_clean, flags_problem, problems, start_seen,
      first_seq, first_file, first_line, first_offset, last_file, last_line, last_end, interrupts, skips)
      VALUES ('T-01', ?, ?, ?, 'completed', 0, 0, 0, 0, 1, 1, 'f', 1, 0, 'f', 2, 10, '[]', '[]')`);
    const starts: (string | null)[] = [];
    v2.transaction(() => {
      // More than one batch of 10,000, and a start in another offset.
      for (let i = 0; i < 12_345; i++) {
        const at = i % 1000 === 7 ? null : i % 3 === 0 ? stamp(i, 'Z', i % 1000) : stamp(i, '+09:00', 0);
        starts.push(at);
        insert.run(`s-${i}`, at, at?.slice(0, 10) ?? null);
      }
    })();
    v2.close();
    const db = openIndex(file);
    const got = db.prepare('SELECT id, start_ms FROM sessions ORDER BY rowid').raw().all() as [string, number | null][];
    db.close();
    expect(got.map(([, ms]) => ms)).toEqual(starts.map((s) => (s === null ? null : Date.parse(s))));
  });
});

describe("the review list of a city's year (schema 4)", () => {
  // What makes a page of a million sessions cost a walk along an index instead of a sort of every
  // row is SQLite choosing these indexes; an expression changed on one side only, and it silently
  // sorts again. The planner decides from the schema alone (the index has no statistics), so an
  // empty index shows the plan a full one gets.
  const plan = (db: ReturnType<typeof openIndex>, sql: string, params: Record<string, unknown>) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');
  const params = { reviewed: '[]', limit: 500, skip: 0, n: 0, m: 0, t: 'T', i: 'x', day: '2026-11', mask: 1 };

  it('reads each group along its own index, from either end or from a known row, without sorting', () => {
    const db = openIndex(path.join(root, 'v4-list.sqlite'));
    for (const filters of [null, { flags: null, terminals: null, operators: null, day: '2026-11' }, { flags: 1, terminals: null, operators: null, day: '' }] as const) {
      const where = whereOf(filters);
      GROUPS.forEach((group, g) => {
        for (const r of [
          { from: null, forward: true, inclusive: false },
          { from: null, forward: false, inclusive: false },
          { from: { at: 0, key: [g, 0, 0, 'T', 'x'] as [number, number, number, string, string] }, forward: true, inclusive: true },
          { from: { at: 0, key: [g, 0, 0, 'T', 'x'] as [number, number, number, string, string] }, forward: false, inclusive: false },
        ]) {
          const got = plan(db, listSql(`${where.sql} AND ${group}`, r), { ...params, ...where.params });
          expect(got, `${JSON.stringify(filters)} group ${g}`).toContain(g === 2 ? 'USING INDEX sessions_list_complete' : 'USING INDEX sessions_list_flagged');
          expect(got).not.toContain('TEMP B-TREE');
        }
      });
    }
    db.close();
  });

  it('answers the unfiltered list, its numbers, End, a focus and the filter values without a pass over the rows', () => {
    const file = path.join(root, 'v4-trace.sqlite');
    const db = openIndex(file);
    const insert = db.prepare(`INSERT INTO sessions (terminal, id, operator, started_at, start_ms, day, outcome, flags, flags_clean, flags_problem, problems, start_seen,
      first_seq, first_file, first_line, first_offset, last_file, last_line, last_end, interrupts, skips)
      VALUES (?, ?, 'S-01', ?, ?, '2026-11-26', 'completed', ?, 0, 0, 0, 1, 1, 'f', 1, 0, 'f', 2, 10, '[]', '[]')`);
    for (let i = 0; i < 40; i++) {
      const at = stamp(i, 'Z', 0);
      insert.run(`T-0${i % 3}`, `s-${i}`, at, Date.parse(at), i % 4 === 0 ? 1 : 0);
    }
    db.close();
    const statements: string[] = [];
    const traced = new Database(file, { readonly: true, verbose: (sql) => statements.push(String(sql)) });
    const source = new ArchiveSource(traced);
    const all = { filters: NO_FILTERS, limit: 8 };
    source.page({ ...all, offset: 0 });
    source.page({ ...all, offset: 32 });
    source.page({ ...all, offset: 30, focus: { terminal: 'T-01', id: 's-13', before: 2 } });
    void source.choices;
    const plans = statements
      .filter((sql) => /^\s*SELECT/i.test(sql))
      .map((sql) => ({ sql, plan: plan(traced, sql, {}) }));
    traced.close();
    if (process.env.SHOW_PLANS) for (const x of plans) console.log(x.sql.slice(0, 160), "\n   ", x.plan.replace(/\n/g, "\n    "));
    expect(plans.length).toBeGreaterThan(8);
    for (const { sql, plan: p } of plans) {
      // Every walk is along an index that holds what it reads, or along the list's order (as far as
      // the page or the position asked for); a scan of the table, a walk of another index that
      // looks up every row, or a sort is a pass over every row.
      for (const step of p.split('\n').filter((l) => /\bSCAN\b/.test(l))) {
        expect(step, sql).toMatch(/COVERING INDEX|USING INDEX sessions_list_(flagged|complete)$|json_each|SCAN v$/);
      }
      expect(p, sql).not.toContain('TEMP B-TREE FOR ORDER BY');
    }
  });
});

describe('the index file', () => {
  it.skipIf(process.platform === 'win32')('is its owner’s only, as the archived logs are, with its WAL files; an older, wider one is tightened', () => {
    const old = process.umask(0o022);
    try {
      const file = path.join(root, 'mode.sqlite');
      const db = openIndex(file);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(fs.statSync(f).mode & 0o777, f).toBe(0o600);
      db.close();
      fs.chmodSync(file, 0o644); // written by an earlier version
      openIndex(file).close();
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });
});
