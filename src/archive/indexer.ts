// Indexing one terminal's archived files: the same reader, checks and fold as a raw-path report
// (src/log), going on from where the last collect stopped instead of from the first line.
//
// The fold is checkpointed at the end of each archived file (when nothing is pending there): its
// open sessions, the chain head, the order and seal checks go into `checkpoints`, and every session
// that ended is written out and forgotten. The next collect finds the first file that grew (or a
// new file, even one older than the rest), goes back to the last checkpoint at or before it, deletes
// what was derived after that point, and reads on. So its cost grows with what is new, and an index
// that was built piece by piece holds exactly what one reading of all the files gives (a test
// checks both against the raw-path report).
//
// Rows are collected while a file is read and written in one short transaction at its checkpoint:
// two workers can index two terminals at once without holding the write lock while they parse.
import path from 'node:path';
import type { Statement } from 'better-sqlite3';
import { faultPoint } from '../log/fault.js';
import { SessionFold, type FoldedSession, type FoldSnapshot } from '../log/fold.js';
import type { ProblemItem, ReadItem } from '../log/items.js';
import { ChainVerifier, newReadBuffer, unknownHead, verifiedLines, type VerifierSnapshot } from '../log/reader.js';
import { SealCheck, SessionOrderCheck, type IdSet, type SealSnapshot } from '../log/terminal-checks.js';
import { UuidSet } from '../log/uuid-set.js';
import { flagMask, storedFlags } from '../domain/flags.js';
import type { Db } from './db.js';
import { startMs } from '../report/dates.js';
import { archivedName, type ArchiveLayout } from './paths.js';

/** Where one terminal's reading stood at a checkpoint. */
interface CheckpointState {
  fold: FoldSnapshot;
  verifier: VerifierSnapshot;
  order: string[];
  seals: SealSnapshot;
  /** Records and problems read before this point (problems are numbered in reading order). */
  records: number;
  problems: number;
}

export interface PassResult {
  terminal: string;
  /** Records read in this pass that were not indexed before. */
  newRecords: number;
  /** Sessions that were not in the index before. */
  newSessions: number;
  /** Sessions flagged now that were not flagged (or not there) before. */
  newlyIncomplete: number;
  /** Integrity problems added. */
  newProblems: number;
  /** Bytes read (including what was read again from the checkpoint). */
  bytes: number;
  /** Where the terminal's chain now stands. */
  head: { seq: number | null; hash: string | null };
}

export interface IndexOptions {
  /** Enrolled seal keys of this terminal (by fingerprint). */
  sealKeys?: ReadonlyMap<string, Buffer>;
  /** Called after each batch read: bytes and records since the last call. */
  onProgress?: (bytes: number, records: number) => void;
}

interface FileRow {
  name: string;
  size: number;
  indexed: number;
}

/** Log bytes read between two commits of the index (tests commit at every checkpoint: `..._COMMIT_BYTES=1`). */
const COMMIT_BYTES = 8 * 1024 * 1024;
const commitBytes = () => Number(process.env.COUNTER_CHECKLIST_TEST_COMMIT_BYTES) || COMMIT_BYTES;

/** Position test "at or after the checkpoint" for rows with a (file, line) position. */
const AFTER = (f: string, l: string) => `(${f} > @file OR (${f} = @file AND ${l} > @line))`;

/** The local day a session started on, as the report's filters read it (the text of its start). */
const dayOf = (startedAt: string | null) => (startedAt === null ? null : startedAt.slice(0, 10));

/** Index what is new in `terminal`'s archived files. Null when nothing changed. */
export async function indexTerminal(db: Db, layout: ArchiveLayout, terminal: string, opts: IndexOptions = {}): Promise<PassResult | null> {
  const files = (db.prepare('SELECT name, size, indexed FROM files WHERE terminal = ?').all(terminal) as FileRow[]).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const changed = files.findIndex((f) => f.indexed !== f.size);
  if (changed === -1) return null;
  const at = files[changed]!;
  const cp = db
    .prepare('SELECT file, line, offset, state FROM checkpoints WHERE terminal = ? AND (file < ? OR (file = ? AND offset <= ?)) ORDER BY file DESC, line DESC LIMIT 1')
    .get(terminal, archivedName(terminal, at.name), archivedName(terminal, at.name), at.indexed) as
    | { file: string; line: number; offset: number; state: string }
    | undefined;
  const state = cp ? (JSON.parse(cp.state) as CheckpointState) : null;
  const indexedBefore = new Map(files.map((f) => [archivedName(terminal, f.name), f.indexed]));
  const problemsBefore = (db.prepare('SELECT COUNT(*) AS n FROM problems WHERE terminal = ?').get(terminal) as { n: number }).n;

  // 1. Forget what was derived after the checkpoint (in its own transaction: the lookups below must
  // not see it). What those rows said is kept to tell what is new.
  const prior = new Map<string, number>();
  const recount = new Set<string>();
  const pos = cp ? { terminal, file: cp.file, line: cp.line } : null;
  db.transaction(() => {
    const openAtCheckpoint = state?.fold.sessions.map((s) => s.id) ?? [];
    if (pos) {
      for (const r of db.prepare(`SELECT id, flags FROM sessions WHERE terminal = @terminal AND ${AFTER('first_file', 'first_line')}`).iterate(pos) as Iterable<{ id: string; flags: number }>) prior.set(r.id, r.flags);
      const one = db.prepare('SELECT flags FROM sessions WHERE terminal = ? AND id = ?');
      for (const id of openAtCheckpoint) {
        const r = one.get(terminal, id) as { flags: number } | undefined;
        if (r) prior.set(id, r.flags);
      }
      const since = state!.problems;
      for (const r of db.prepare('SELECT DISTINCT session FROM problem_sessions WHERE terminal = ? AND ord >= ?').iterate(terminal, since) as Iterable<{ session: string }>) recount.add(r.session);
      db.prepare(`DELETE FROM sessions WHERE terminal = @terminal AND ${AFTER('first_file', 'first_line')}`).run(pos);
      const del = db.prepare('DELETE FROM sessions WHERE terminal = ? AND id = ?');
      for (const id of openAtCheckpoint) del.run(terminal, id);
      db.prepare('DELETE FROM problems WHERE terminal = ? AND ord >= ?').run(terminal, since);
      db.prepare(`DELETE FROM reviews WHERE log = @terminal AND file IS NOT NULL AND ${AFTER('file', 'line')}`).run(pos);
      db.prepare(`DELETE FROM checkpoints WHERE terminal = @terminal AND ${AFTER('file', 'line')}`).run(pos);
      db.prepare(`DELETE FROM starts WHERE terminal = @terminal AND ${AFTER('file', 'line')}`).run(pos);
      // Reused-id problems of starts read again are decided again (markDuplicates).
      db.prepare('DELETE FROM problems WHERE terminal = ? AND ord < 0 AND NOT EXISTS (SELECT 1 FROM starts s WHERE -s.no = problems.ord)').run(terminal);
    } else {
      for (const r of db.prepare('SELECT id, flags FROM sessions WHERE terminal = ?').iterate(terminal) as Iterable<{ id: string; flags: number }>) prior.set(r.id, r.flags);
      db.prepare('DELETE FROM sessions WHERE terminal = ?').run(terminal);
      db.prepare('DELETE FROM problems WHERE terminal = ?').run(terminal);
      db.prepare('DELETE FROM reviews WHERE log = ? AND file IS NOT NULL').run(terminal);
      db.prepare('DELETE FROM checkpoints WHERE terminal = ?').run(terminal);
      db.prepare('DELETE FROM starts WHERE terminal = ?').run(terminal);
    }
    // Sessions kept whose problems were just deleted: counted again now (the index is then as it was
    // at the checkpoint; what is read again flags them again).
    const count = db.prepare(`UPDATE sessions SET problems = (SELECT COUNT(*) FROM problem_sessions p WHERE p.terminal = sessions.terminal AND p.session = sessions.id)
      WHERE terminal = ? AND id = ?`);
    const reflag = db.prepare('UPDATE sessions SET flags = CASE WHEN problems > 0 THEN flags_problem ELSE flags_clean END WHERE terminal = ? AND id = ?');
    for (const id of recount) {
      count.run(terminal, id);
      reflag.run(terminal, id);
    }
  }).immediate();

  // 2. The checks and the fold, as they stood at the checkpoint.
  const hadRows = db.prepare('SELECT 1 FROM sessions WHERE terminal = ? LIMIT 1').get(terminal) !== undefined;
  const endedStmt = db.prepare('SELECT 1 FROM sessions WHERE terminal = ? AND id = ? AND ended_at IS NOT NULL');
  const rangeStmt = db.prepare('SELECT id FROM sessions WHERE terminal = ? AND first_seq <= ? AND COALESCE(last_seq, 0) >= ?').pluck();
  const inIndex = (id: string) => hadRows && endedStmt.get(terminal, id) !== undefined;
  // Sessions that logged out, as the order check reads them (line by line, ahead of the fold): those
  // of this pass, and the earlier ones in the index.
  const endedHere = new UuidSet();
  const ended: IdSet = { has: (id) => endedHere.has(id) || inIndex(id), add: (id) => endedHere.add(id) };
  // The ones the fold no longer holds: written out at a checkpoint of this pass, or earlier.
  const flushed = new UuidSet();
  const writer = new RowWriter(db, terminal, prior);
  const verifier = state ? ChainVerifier.from(state.verifier, terminal) : new ChainVerifier(unknownHead(), terminal);
  // Ids started on other terminals are checked after all terminals are indexed (markDuplicates).
  const order = new SessionOrderCheck(new UuidSet(), ended, state?.order ?? [], (it) => writer.start(it.record.session!, it.file, it.line));
  const seals = new SealCheck(terminal, opts.sealKeys, state?.seals);
  const numbers = new WeakMap<ProblemItem, number>();
  let problems = state?.problems ?? 0;
  let records = state?.records ?? 0;
  const fold = new SessionFold({
    details: true,
    store: { ended: (_t, id) => flushed.has(id) || inIndex(id), inRange: (_t, from, to) => [...(rangeStmt.all(terminal, to, from) as string[]), ...writer.inRange(from, to)] },
    onFlag: (_t, session, item, held) => writer.relation(numbers.get(item)!, session, held),
  });
  if (state) fold.restore(state.fold);

  const result: PassResult = { terminal, newRecords: 0, newSessions: 0, newlyIncomplete: 0, newProblems: 0, bytes: 0, head: verifier.head };
  const reading = newReadBuffer();
  const start = cp ? files.findIndex((f) => archivedName(terminal, f.name) === cp.file) : 0;
  let pendingFiles: FileRow[] = [];
  let sinceCommit = 0;
  let atCheckpoint = true;
  for (let i = Math.max(0, start); i < files.length; i++) {
    const f = files[i]!;
    const rel = archivedName(terminal, f.name);
    const from = cp && i === start ? { offset: cp.offset, line: cp.line } : { offset: 0, line: 0 };
    const before = indexedBefore.get(rel) ?? 0;
    let line = from.line;
    let offset = from.offset;
    for await (const out of verifiedLines(path.join(layout.root, rel), verifier, terminal, reading, from, rel)) {
      order.scan(out);
      seals.scan(out);
      let bytes = 0;
      let recs = 0;
      for (const it of out) {
        it.group = terminal;
        if (it.kind === 'problem') {
          numbers.set(it, problems);
          writer.problem(problems, it);
          problems++;
        } else {
          recs++;
          if (it.end! > before) result.newRecords++;
          bytes += it.end! - offset;
          offset = it.end!;
          const r = it.record;
          if (r.type === 'review' && r.session !== null && r.operator !== null) writer.review(r.seq, r.session, r.payload.terminal, r.ts, r.operator, r.payload.note, rel, it.line);
        }
        // Lines read so far (a torn tail or an unreadable file is no line).
        if (it.line > line && !(it.kind === 'problem' && (it.code === 'torn-tail' || it.code === 'unreadable'))) line = it.line;
        fold.push(it as ReadItem);
      }
      records += recs;
      sinceCommit += bytes;
      result.bytes += bytes;
      opts.onProgress?.(bytes, recs);
    }
    pendingFiles.push(f);
    atCheckpoint = fold.checkpointable();
    if (atCheckpoint) {
      const c = fold.checkpoint();
      for (const s of c.ended) {
        writer.session(s, false);
        flushed.add(s.id);
      }
      for (const s of c.open) writer.session(s, true);
      const snap: CheckpointState = { fold: c.snapshot, verifier: verifier.snapshot(), order: order.openIds, seals: seals.snapshot(), records, problems };
      writer.checkpoint({ file: rel, line, offset: f.size, state: JSON.stringify(snap) });
      // Committed every few MiB read: each commit is short (the rows are gathered beforehand),
      // and a commit per file would rewrite the index's pages a thousand times over.
      if (sinceCommit >= commitBytes()) {
        writer.commit(pendingFiles, { head: verifier.head, records, sealedTo: seals.end().sealedTo });
        pendingFiles = [];
        sinceCommit = 0;
      }
    }
  }
  // The end of the data: what the fold still holds is written as it stands now (a checkpoint could
  // not be taken here: the next collect reads it again from the last one).
  if (!atCheckpoint) {
    for (const s of fold.flush()) writer.session(s, s.endedAt === null);
  }
  const status = seals.end();
  writer.commit(pendingFiles, { head: verifier.head, records, sealedTo: status.sealedTo });
  writer.finish();
  const problemsAfter = (db.prepare('SELECT COUNT(*) AS n FROM problems WHERE terminal = ?').get(terminal) as { n: number }).n;
  result.newProblems = Math.max(0, problemsAfter - problemsBefore);
  result.newSessions = writer.newSessions;
  result.newlyIncomplete = writer.newlyIncomplete;
  result.head = verifier.head;
  return result;
}

/** Rows gathered while a file is read, written at its checkpoint in one transaction. */
class RowWriter {
  private sessions: unknown[][] = [];
  private problems: unknown[][] = [];
  private relations: { ord: number; session: string; held: boolean }[] = [];
  private reviews: unknown[][] = [];
  private starts: unknown[][] = [];
  private checkpoints: { file: string; line: number; offset: number; state: string }[] = [];
  /** Ended sessions gathered and not written yet: a bad seal's range may still concern them. */
  private ranges: { id: string; first: number; last: number }[] = [];
  /** Open sessions written so far (their final word comes later); id → flags. */
  private readonly open = new Map<string, number>();
  private readonly counted = new UuidSet();
  newSessions = 0;
  newlyIncomplete = 0;
  private readonly stmts: Record<string, Statement>;

  constructor(
    private readonly db: Db,
    private readonly terminal: string,
    /** What the rows derived again said before (id → flags). */
    private readonly prior: Map<string, number>,
  ) {
    this.stmts = {
      session: db.prepare(`INSERT OR REPLACE INTO sessions (terminal, id, operator, checklist, checklist_version, started_at, start_ms, ended_at, day,
        outcome, flags, flags_clean, flags_problem, problems, start_seen, first_seq, last_seq, last_type, first_file, first_line,
        first_offset, last_file, last_line, last_end, interrupts, skips) VALUES (${Array(26).fill('?').join(',')})`),
      problem: db.prepare(`INSERT INTO problems (terminal, ord, file, line, code, problem, params, session, item_terminal, related,
        range_from, range_to) VALUES (${Array(12).fill('?').join(',')})`),
      relation: db.prepare('INSERT OR IGNORE INTO problem_sessions (terminal, ord, session) VALUES (?, ?, ?)'),
      flagsOf: db.prepare('SELECT flags, flags_problem FROM sessions WHERE terminal = ? AND id = ?'),
      flagged: db.prepare('UPDATE sessions SET problems = problems + 1, flags = flags_problem WHERE terminal = ? AND id = ?'),
      review: db.prepare(`INSERT INTO reviews (log, seq, session, terminal, at, reviewer, note, file, line) VALUES (?,?,?,?,?,?,?,?,?)
        ON CONFLICT (log, seq) DO UPDATE SET file = excluded.file, line = excluded.line`),
      file: db.prepare('UPDATE files SET indexed = ? WHERE terminal = ? AND name = ?'),
      start: db.prepare('INSERT OR REPLACE INTO starts (terminal, id, file, line) VALUES (?, ?, ?, ?)'),
      checkpoint: db.prepare('INSERT OR REPLACE INTO checkpoints (terminal, file, line, offset, state) VALUES (?, ?, ?, ?, ?)'),
      terminal: db.prepare(`INSERT INTO terminals (terminal, head_seq, head_hash, records, sealed_to, updated) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (terminal) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash, records = excluded.records,
        sealed_to = excluded.sealed_to, updated = excluded.updated`),
    };
  }

  session(s: FoldedSession, open: boolean): void {
    const flags = flagMask(s.flags);
    const stored = storedFlags(s.flags);
    const first = s.first ?? { file: '', line: 0, offset: 0 };
    const last = s.last ?? first;
    this.sessions.push([
      this.terminal, s.id, s.operator, s.checklist, s.checklistVersion, s.startedAt, startMs(s.startedAt), s.endedAt, dayOf(s.startedAt), s.outcome,
      flags, stored.clean, stored.problem, s.problems, s.startSeen ? 1 : 0, s.firstSeq, s.lastSeq, s.lastType,
      first.file, first.line, first.offset, last.file, last.line, last.offset,
      JSON.stringify(s.details?.interrupts ?? []),
      // The not-applicable items share the skips column (marked), so the index needs no new column.
      JSON.stringify([...(s.details?.skips ?? []), ...(s.details?.notApplicable ?? []).map((n) => ({ ...n, required: false, notApplicable: true }))]),
    ]);
    if (!open) this.ranges.push({ id: s.id, first: s.firstSeq, last: s.lastSeq ?? 0 });
    if (open) this.open.set(s.id, flags);
    else {
      this.open.delete(s.id);
      this.tally(s.id, flags);
    }
  }

  /** Count a session once, at its last word in this pass: new, or newly flagged. */
  private tally(id: string, flags: number): void {
    if (!this.counted.add(id)) return;
    const before = this.prior.get(id);
    if (before === undefined) this.newSessions++;
    if (flags !== 0 && (before === undefined || before === 0)) this.newlyIncomplete++;
  }

  problem(ord: number, p: ProblemItem): void {
    this.problems.push([
      this.terminal, ord, p.file, p.line, p.code, p.problem, JSON.stringify(p.params), p.session ?? null, p.terminal ?? null,
      p.related ? JSON.stringify(p.related) : null, p.range?.[0] ?? null, p.range?.[1] ?? null,
    ]);
  }

  relation(ord: number, session: string, held: boolean): void {
    this.relations.push({ ord, session, held });
  }

  checkpoint(c: { file: string; line: number; offset: number; state: string }): void {
    this.checkpoints.push(c);
  }

  /** Gathered ended sessions with records between seq `from` and `to`. */
  inRange(from: number, to: number): string[] {
    return this.ranges.filter((r) => r.first <= to && r.last >= from).map((r) => r.id);
  }

  start(id: string, file: string, line: number): void {
    this.starts.push([this.terminal, id, file, line]);
  }

  review(seq: number, session: string, terminal: string, at: string, reviewer: string, note: string, file: string, line: number): void {
    this.reviews.push([this.terminal, seq, session, terminal, at, reviewer, note, file, line]);
  }

  /** Write what was gathered: rows, the files read to their end, checkpoints, and where the terminal's chain stands. */
  commit(files: readonly FileRow[], head: { head: { seq: number | null; hash: string | null }; records: number; sealedTo: number }): void {
    const s = this.stmts;
    const t = this.terminal;
    this.db.transaction(() => {
      for (const row of this.sessions) s.session!.run(row);
      for (const row of this.problems) s.problem!.run(row);
      for (const r of this.relations) {
        const added = s.relation!.run(t, r.ord, r.session).changes > 0;
        if (!added || r.held) continue;
        // A session stored earlier, flagged by what was read now.
        const was = s.flagsOf!.get(t, r.session) as { flags: number; flags_problem: number } | undefined;
        if (!was) continue;
        s.flagged!.run(t, r.session);
        if (was.flags === 0 && was.flags_problem !== 0 && this.counted.add(r.session)) this.newlyIncomplete++;
      }
      for (const row of this.reviews) s.review!.run(row);
      for (const row of this.starts) s.start!.run(row);
      for (const f of files) s.file!.run(f.size, t, f.name);
      for (const c of this.checkpoints) s.checkpoint!.run(t, c.file, c.line, c.offset, c.state);
      s.terminal!.run(t, head.head.seq, head.head.hash, head.records, head.sealedTo, new Date().toISOString());
      faultPoint('commit');
    }).immediate();
    this.sessions = [];
    this.problems = [];
    this.relations = [];
    this.reviews = [];
    this.starts = [];
    this.checkpoints = [];
    this.ranges = [];
  }

  /** The sessions still open at the end: their last word is the one written. */
  finish(): void {
    for (const [id, flags] of this.open) this.tally(id, flags);
    this.open.clear();
  }
}
