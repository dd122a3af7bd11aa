// The index's schema 3: every session's start as epoch milliseconds (the review list sorts by it in
// SQL), filled in by the migration from the stored starts, as JavaScript reads them.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex } from '../src/archive/db.js';

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
