// Property: the review list of the archive (SQL over the index, a page at a time) is the list held
// in memory for the same sessions: the same order, filters, header numbers, choices and pages,
// wherever a page starts and whichever session it is asked to follow, before and after reviews
// written in this run. Starts are in several offsets (the order is by instant, not by text), some
// unknown; ids mix ASCII with characters on both sides of U+E000 (SQLite compares UTF-8 bytes).
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex } from '../src/archive/db.js';
import { startMs } from '../src/report/dates.js';
import { ArchiveSource, planReads } from '../src/archive/review.js';
import { flagMask, FLAGS, type Flag } from '../src/domain/flags.js';
import { FLAG_CHOICES, NO_FILTERS, type Filters } from '../src/review/filters.js';
import { toRow, type SessionRow } from '../src/review/load.js';
import type { Review } from '../src/review/log.js';
import { MemorySource, type ListPage, type ListQuery, type ListSource } from '../src/review/source.js';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(tmpdir(), 'cc-review-source-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const TERMINALS = ['T-01', 'T-02', 'KITA-10', 'kita-1'];
const OPERATORS = ['S-01', 'S-02', '0012', 's-01'];
const OFFSETS = ['+09:00', 'Z', '-05:30', '+14:00'];
const ID_CHARS = ['a', 'b', 'A', '0', '-', 'é', '\u{E000}', '\u{FFFD}', '\u{1F600}', '\u{20000}'];

interface Spec {
  terminal: string;
  id: string;
  operator: string | null;
  /** Minutes from a base, and the offset the counter wrote it in; null: never known. */
  start: { minute: number; offset: string; ms: number } | null;
  flags: Flag[];
  duplicate: boolean;
  reviewed: boolean;
}

/** `minute` after 2026-11-26 00:00 UTC, as a counter at `offset` writes it. */
function stamp(minute: number, offset: string, ms: number): string {
  const at = Date.UTC(2026, 10, 26) + minute * 60_000 + ms;
  const shift = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  return new Date(at + shift).toISOString().replace('Z', offset === 'Z' ? 'Z' : offset);
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  terminal: fc.constantFrom(...TERMINALS),
  id: fc.array(fc.constantFrom(...ID_CHARS), { minLength: 1, maxLength: 4 }).map((cs) => cs.join('')),
  operator: fc.option(fc.constantFrom(...OPERATORS), { nil: null }),
  // Few distinct starts, so they often tie and terminal and id decide; the same instant in two
  // offsets, and text order against instant order (09:00+09:00 is before 01:00Z).
  start: fc.option(
    fc.oneof(
      fc.constantFrom({ minute: 0, offset: '+09:00', ms: 0 }, { minute: 0, offset: 'Z', ms: 0 }, { minute: 60, offset: 'Z', ms: 0 }, { minute: 1440, offset: '-05:30', ms: 999 }),
      fc.record({ minute: fc.constantFrom(0, 1, 600, 1440, 2900, 4400, 7000), offset: fc.constantFrom(...OFFSETS), ms: fc.constantFrom(0, 1, 999) }),
    ),
    { nil: null, freq: 6 },
  ),
  flags: fc.subarray([...FLAGS], { maxLength: 2 }),
  duplicate: fc.nat(4).map((x) => x === 0),
  reviewed: fc.boolean(),
});

/** Typed or picked filter text: a value as listed, part of one, in other case or width, or nothing like it. */
const textArb = (values: readonly string[]) =>
  fc.oneof(
    fc.constant(''),
    fc.constantFrom(...values),
    fc.constantFrom(...values).map((v) => v.slice(0, 2)),
    fc.constantFrom(...values).map((v) => v.toUpperCase()),
    fc.constantFrom('zz', 'Ｔ－０１', '-0'),
  );
const filtersArb: fc.Arbitrary<Filters> = fc.record({
  flag: textArb(FLAG_CHOICES),
  terminal: textArb(TERMINALS),
  operator: textArb(OPERATORS),
  date: fc.constantFrom('', '2026', '2026-11', '2026/11/27', '２０２６年１１月２８日', '2026-11-3', '1999'),
});

/** Mostly none or one filter (four random ones rarely leave anything to page through). */
const someFilters: fc.Arbitrary<Filters> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(NO_FILTERS) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom<keyof Filters>('flag', 'terminal', 'operator', 'date'), filtersArb).map(([field, f]) => ({ ...NO_FILTERS, [field]: f[field] })) },
  { weight: 1, arbitrary: filtersArb },
);

/** An index holding these sessions (as collect stores them), and the same sessions as rows in memory. */
function build(specs: Spec[], n: number): { archive: ArchiveSource; memory: MemorySource; close: () => void } {
  const file = path.join(root, `index-${n}.sqlite`);
  const db = openIndex(file);
  const insert = db.prepare(`INSERT INTO sessions (terminal, id, operator, checklist, checklist_version, started_at, start_ms, ended_at, day,
    outcome, flags, flags_clean, flags_problem, problems, start_seen, first_seq, last_seq, last_type, first_file, first_line, first_offset,
    last_file, last_line, last_end, interrupts, skips, duplicate) VALUES (?, ?, ?, 'mynapoint-support', '2.0.0', ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, 1, 2,
    'logout', 'f', 1, 0, 'f', 2, 10, '[]', '[]', ?)`);
  const review = db.prepare(`INSERT INTO reviews (log, seq, session, terminal, at, reviewer, note) VALUES ('SV.reviews', ?, ?, ?, '2026-11-30T10:00:00.000+09:00', 'SV-01', 'called')`);
  const rows: SessionRow[] = [];
  const reviews = new Map<string, Review[]>();
  const seen = new Set<string>();
  let seq = 0;
  for (const s of specs) {
    if (seen.has(`${s.terminal}\n${s.id}`)) continue;
    seen.add(`${s.terminal}\n${s.id}`);
    const startedAt = s.start ? stamp(s.start.minute, s.start.offset, s.start.ms) : null;
    const day = startedAt?.slice(0, 10) ?? null;
    const outcome = s.flags.includes('no-logout') ? 'open' : s.flags.includes('interrupted') ? 'interrupted' : 'completed';
    const mask = flagMask(s.flags);
    insert.run(s.terminal, s.id, s.operator, startedAt, startMs(startedAt), startedAt, day, outcome, mask, mask, mask, s.duplicate ? 1 : 0);
    if (s.duplicate) continue;
    const session = { id: s.id, terminal: s.terminal, operator: s.operator, checklist: 'mynapoint-support', checklistVersion: '2.0.0' };
    const r = toRow({ ...session, startedAt, endedAt: startedAt, outcome, flags: s.flags }, [], undefined, day);
    rows.push(r);
    if (s.reviewed) {
      review.run(++seq, s.id, s.terminal);
      const list = reviews.get(s.id) ?? [];
      reviews.set(s.id, [...list, { session: s.id, terminal: s.terminal, at: '2026-11-30T10:00:00.000+09:00', reviewer: 'SV-01', note: 'called' }]);
    }
  }
  db.close();
  const reader = openIndex(file, { readonly: true });
  return { archive: new ArchiveSource(reader), memory: new MemorySource(rows, reviews), close: () => reader.close() };
}

const key = (p: ListPage) => ({ ...p, rows: p.rows.map((r) => ({ ...r, files: [] })) });

function expectSame(a: ListSource, m: ListSource, q: ListQuery) {
  expect(key(a.page(q))).toEqual(key(m.page(q)));
}

describe('the archive list is the list in memory', () => {
  it('same choices, order, filters, numbers and pages, before and after reviews', () => {
    let n = 0;
    fc.assert(
      fc.property(
        fc.array(specArb, { maxLength: 80, size: 'large' }),
        fc.array(fc.record({ filters: someFilters, offset: fc.nat(70), limit: fc.integer({ min: 1, max: 80 }), focus: fc.option(fc.nat(60), { nil: undefined }), before: fc.nat(12) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(fc.nat(60), { maxLength: 3 }),
        // Walks through one filtered list: pages next to the last one, the end, the start.
        fc.array(
          fc.record({
            filters: someFilters,
            limit: fc.integer({ min: 1, max: 30 }),
            steps: fc.array(fc.oneof(fc.integer({ min: -45, max: 45 }), fc.constantFrom('end' as const, 'home' as const)), { maxLength: 8 }),
          }),
          { maxLength: 3 },
        ),
        (specs, queries, reviewNow, walks) => {
          const { archive, memory, close } = build(specs, n++);
          try {
            expect(archive.all).toBe(memory.all);
            expect(archive.choices).toEqual(memory.choices);
            // The whole list, unfiltered, first.
            expectSame(archive, memory, { filters: NO_FILTERS, offset: 0, limit: 1000 });
            const every = memory.page({ filters: NO_FILTERS, offset: 0, limit: 1000 }).rows;
            const ask = () => {
              for (const q of queries) {
                const target = q.focus !== undefined ? every[q.focus % Math.max(1, every.length)] : undefined;
                expectSame(archive, memory, {
                  filters: q.filters,
                  offset: q.offset,
                  limit: q.limit,
                  ...(target ? { focus: { terminal: target.terminal, id: target.id, before: q.before } } : {}),
                });
              }
            };
            ask();
            const walk = () => {
              for (const w of walks) {
                const total = memory.page({ filters: w.filters, offset: 0, limit: 1 }).total;
                let offset = 0;
                for (const step of w.steps) {
                  offset = step === 'end' ? total - w.limit : step === 'home' ? 0 : offset + step;
                  offset = Math.max(0, Math.min(offset, Math.max(0, total - 1)));
                  expectSame(archive, memory, { filters: w.filters, offset, limit: w.limit });
                }
              }
            };
            walk();
            // Reviews written in this run move their sessions in both.
            for (const i of reviewNow) {
              const target = every[i % Math.max(1, every.length)];
              if (!target) continue;
              const r: Review = { session: target.id, terminal: target.terminal, at: '2026-12-01T09:00:00.000+09:00', reviewer: 'SV-02', note: 'again' };
              archive.reviewed(r);
              memory.reviewed(r);
            }
            ask();
            walk();
          } finally {
            close();
          }
        },
      ),
      { numRuns: 120 },
    );

  });
});

describe('reading a page of the archive list', () => {
  const at = (n: number) => ({ at: n, key: [0, 0, n, 'T', `${n}`] as [number, number, number, string, string] });
  it('reads the start and the end without an offset, and a page next to the last one from its ends', () => {
    expect(planReads(0, 100, 1_000_000, [])).toEqual([expect.objectContaining({ from: null, forward: true, skip: 0 })]);
    expect(planReads(999_900, 100, 1_000_000, [])).toEqual([expect.objectContaining({ from: null, forward: false, skip: 0, limit: 100 })]);
    // The next page down, from the last row of the page on screen.
    expect(planReads(500_080, 100, 1_000_000, [at(500_000), at(500_099)])).toEqual([
      expect.objectContaining({ from: at(500_000), forward: true, inclusive: false, skip: 79 }),
    ]);
    // The page above, back from its first row.
    expect(planReads(499_920, 100, 1_000_000, [at(500_000), at(500_099)])).toEqual([
      expect.objectContaining({ from: at(500_099), forward: false, skip: 79 }),
    ]);
    // Around a session just moved (its place counted): back from it, then on from it.
    expect(planReads(700_000, 100, 1_000_000, [at(700_030)])).toEqual([
      expect.objectContaining({ from: at(700_030), forward: false, skip: 0, limit: 30 }),
      expect.objectContaining({ from: at(700_030), forward: true, inclusive: true, skip: 0, limit: 70 }),
    ]);
    expect(planReads(5, 0, 10, [])).toEqual([]);
  });
});

describe('the archive list while a collect writes', () => {
  it('a commit between two pages: the counts are taken again and the next page is read afresh, not from old places', () => {
    const file = path.join(root, 'live.sqlite');
    const writer = openIndex(file);
    const insert = writer.prepare(`INSERT INTO sessions (terminal, id, started_at, start_ms, day, outcome, flags, flags_clean, flags_problem, problems,
      start_seen, first_seq, first_file, first_line, first_offset, last_file, last_line, last_end, interrupts, skips)
      VALUES ('T-01', ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, 1, 'f', 1, 0, 'f', 2, 10, '[]', '[]')`);
    const add = (id: string, minute: number, flagged: boolean) => {
      const at = stamp(minute, '+09:00', 0);
      const mask = flagged ? flagMask(['interrupted']) : 0;
      insert.run(id, at, startMs(at), at.slice(0, 10), flagged ? 'interrupted' : 'completed', mask, mask, mask);
    };
    for (let i = 0; i < 30; i++) add(`s-${100 + i}`, 100 + i, false);
    const reader = openIndex(file, { readonly: true });
    const source = new ArchiveSource(reader);
    expect(source.page({ filters: NO_FILTERS, offset: 0, limit: 10 }).total).toBe(30);
    expect(source.choices.terminals).toEqual(['T-01']);
    expect(source.page({ filters: NO_FILTERS, offset: 10, limit: 10 }).changed).toBeUndefined();
    // A collect commits sessions that sort before the ones on screen.
    writer.transaction(() => {
      for (let i = 0; i < 5; i++) add(`s-0${i}`, i, false);
      add('s-flagged', 50, true);
      // and one of a terminal the screen has not seen
      writer.prepare("UPDATE sessions SET terminal = 'T-09' WHERE id = 's-00'").run();
    })();
    const next = source.page({ filters: NO_FILTERS, offset: 20, limit: 10 });
    const fresh = new ArchiveSource(reader).page({ filters: NO_FILTERS, offset: 20, limit: 10 });
    const { changed, ...rest } = next;
    expect(key(rest)).toEqual(key(fresh));
    expect(next).toMatchObject({ total: 36, stats: { sessions: 36, incomplete: 1, unreviewed: 1 } });
    expect(next.rows[0]!.id).toBe('s-114');
    // The page says the index changed, once, with every session counted again; the filters'
    // values are read again, so the new terminal can be picked.
    expect(changed).toEqual({ all: 36 });
    expect(source.choices.terminals).toEqual(['T-01', 'T-09']);
    expect(source.page({ filters: NO_FILTERS, offset: 20, limit: 10 }).changed).toBeUndefined();
    reader.close();
    writer.close();
  });
});
