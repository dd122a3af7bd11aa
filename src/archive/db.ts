// The archive's index: SQLite (better-sqlite3), WAL, in the archive folder. It is derived data —
// everything in it is read again from the archived files by `collect --rebuild` — so its schema can
// change freely: each version is a migration below, applied in order inside one transaction, and
// `PRAGMA user_version` says which have run. An index made by a newer version is refused (exit 2)
// rather than guessed at.
//
// Flags and outcomes are stored as the fold computed them (src/domain/flags.ts), as bit masks in
// FLAGS order: one with and one without the `integrity` flag, because a problem found later (a record
// after the logout, on the next collect) can flag a session that has already been stored. SQL only
// picks between the two; it never derives a flag.
import type BetterSqlite3 from 'better-sqlite3';
import { closeSync, fchmodSync, fstatSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { UserError } from '../errors.js';
import { startMs } from '../report/dates.js';

export type Db = BetterSqlite3.Database;

const MIGRATIONS: readonly (string | ((db: Db) => void))[] = [
  // 1: the archived files, the sessions, the problems and which sessions they concern, the reviews,
  // every session-start (for ids reused on two terminals), and the fold's checkpoints (where the
  // next collect goes on from).
  `
  CREATE TABLE files (
    terminal TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    indexed INTEGER NOT NULL DEFAULT 0,
    source TEXT,
    source_size INTEGER,
    source_mtime REAL,
    collected TEXT,
    PRIMARY KEY (terminal, name)
  ) WITHOUT ROWID;

  CREATE TABLE sessions (
    terminal TEXT NOT NULL,
    id TEXT NOT NULL,
    operator TEXT,
    checklist TEXT,
    checklist_version TEXT,
    started_at TEXT,
    ended_at TEXT,
    day TEXT,
    outcome TEXT NOT NULL,
    flags INTEGER NOT NULL,
    flags_clean INTEGER NOT NULL,
    flags_problem INTEGER NOT NULL,
    problems INTEGER NOT NULL,
    start_seen INTEGER NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq INTEGER,
    last_type TEXT,
    first_file TEXT NOT NULL,
    first_line INTEGER NOT NULL,
    first_offset INTEGER NOT NULL,
    last_file TEXT NOT NULL,
    last_line INTEGER NOT NULL,
    last_end INTEGER NOT NULL,
    interrupts TEXT NOT NULL,
    skips TEXT NOT NULL,
    duplicate INTEGER NOT NULL DEFAULT 0,
    UNIQUE (terminal, id)
  );
  CREATE INDEX sessions_order ON sessions (terminal, first_seq);
  CREATE INDEX sessions_day ON sessions (day);
  CREATE INDEX sessions_flagged ON sessions (flags) WHERE flags <> 0;

  CREATE TABLE problems (
    terminal TEXT NOT NULL,
    ord INTEGER NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL,
    code TEXT NOT NULL,
    problem TEXT NOT NULL,
    params TEXT NOT NULL,
    session TEXT,
    item_terminal TEXT,
    related TEXT,
    range_from INTEGER,
    range_to INTEGER,
    PRIMARY KEY (terminal, ord)
  ) WITHOUT ROWID;
  CREATE INDEX problems_position ON problems (terminal, file, line);

  CREATE TABLE problem_sessions (
    terminal TEXT NOT NULL,
    ord INTEGER NOT NULL,
    session TEXT NOT NULL,
    PRIMARY KEY (terminal, ord, session),
    FOREIGN KEY (terminal, ord) REFERENCES problems (terminal, ord) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE INDEX problem_sessions_session ON problem_sessions (terminal, session);

  CREATE TABLE reviews (
    log TEXT NOT NULL,
    seq INTEGER NOT NULL,
    session TEXT NOT NULL,
    terminal TEXT NOT NULL,
    at TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    note TEXT NOT NULL,
    file TEXT,
    line INTEGER,
    PRIMARY KEY (log, seq)
  ) WITHOUT ROWID;
  CREATE INDEX reviews_session ON reviews (session);

  CREATE TABLE starts (
    no INTEGER PRIMARY KEY AUTOINCREMENT,
    terminal TEXT NOT NULL,
    id TEXT NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL,
    UNIQUE (terminal, file, line)
  );
  CREATE INDEX starts_id ON starts (id);

  CREATE TABLE checkpoints (
    terminal TEXT NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (terminal, file, line)
  ) WITHOUT ROWID;
  `,
  // 2: per terminal, where its chain stands (the archived head) and what it holds; the journal of
  // collects (what each one brought), and the copies that did not match what was archived.
  `
  CREATE TABLE terminals (
    terminal TEXT PRIMARY KEY,
    head_seq INTEGER,
    head_hash TEXT,
    records INTEGER NOT NULL DEFAULT 0,
    sealed_to INTEGER NOT NULL DEFAULT 0,
    updated TEXT
  ) WITHOUT ROWID;

  CREATE TABLE collects (
    no INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    sources TEXT NOT NULL,
    summary TEXT
  );

  CREATE TABLE conflicts (
    terminal TEXT NOT NULL,
    file TEXT NOT NULL,
    copy TEXT NOT NULL,
    line INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    source TEXT NOT NULL,
    found TEXT NOT NULL,
    PRIMARY KEY (terminal, copy)
  ) WITHOUT ROWID;
  `,
  // 3: each session's start as epoch milliseconds, as JavaScript reads the logged time: the review
  // list sorts by it in SQL, in the same order as a list held in memory (src/review/order.ts).
  // Filled here from the stored start, in batches (a city's year is millions of rows).
  (db) => {
    db.exec('ALTER TABLE sessions ADD COLUMN start_ms INTEGER');
    const next = db.prepare('SELECT rowid, started_at FROM sessions WHERE rowid > ? AND started_at IS NOT NULL ORDER BY rowid LIMIT 10000').raw();
    const set = db.prepare('UPDATE sessions SET start_ms = ? WHERE rowid = ?');
    for (let after = 0, batch = next.all(after) as [number, string][]; batch.length > 0; batch = next.all(after) as [number, string][]) {
      for (const [rowid, at] of batch) set.run(startMs(at), rowid);
      after = batch[batch.length - 1]![0];
    }
  },
  // 4: the review list of a city's year without a sort of every row. The list is three groups
  // (incomplete and not followed up, incomplete and followed up, complete), each in start order:
  // one index per kind of session in that order, so a page, End or a seek is a walk along an index;
  // the header's numbers from an index that holds the three columns they count, not the rows; and
  // the staff filter's values from an index of staff ids. (src/archive/review.ts; the expressions
  // must stay the ones its queries order by, which test/archive-schema.test.ts holds them to.)
  `
  CREATE INDEX sessions_list_complete ON sessions (start_ms IS NULL, COALESCE(start_ms, 0), terminal, id) WHERE flags = 0 AND duplicate = 0;
  CREATE INDEX sessions_list_flagged ON sessions (start_ms IS NULL, COALESCE(start_ms, 0), terminal, id) WHERE flags <> 0 AND duplicate = 0;
  CREATE INDEX sessions_numbers ON sessions (terminal, flags, day) WHERE duplicate = 0;
  CREATE INDEX sessions_operator ON sessions (operator) WHERE duplicate = 0;
  `,
];

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

const require = createRequire(import.meta.url);
let Driver: typeof BetterSqlite3 | undefined;

function driver(): typeof BetterSqlite3 {
  // Loaded on first use: the native module costs start-up time that raw-path commands do not need.
  Driver ??= require('better-sqlite3') as typeof BetterSqlite3;
  return Driver;
}

export interface OpenOptions {
  /** Readers (report, review) never write; they run while a collect writes. */
  readonly?: boolean;
  /** Apply migrations only up to this version (tests of the migrations). */
  upTo?: number;
}

/** Runs the migrations still due. Exported for the tests. */
export function migrate(db: Db, file: string, upTo = SCHEMA_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) throw new UserError('archive.error.newerIndex', { file, version: current, supported: SCHEMA_VERSION });
  if (current >= upTo) return;
  db.transaction(() => {
    for (let v = current; v < upTo; v++) {
      const step = MIGRATIONS[v]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
    }
    db.pragma(`user_version = ${upTo}`);
  }).immediate();
}

/**
 * The index holds what the logs hold (staff ids, reasons): readable by its owner only, as the
 * archived logs are (0600), whatever the umask or the folder it is in. SQLite gives its WAL and
 * shared-memory files the database file's mode, so the file is made (or tightened) before it opens.
 */
function ownerOnly(file: string): void {
  const fd = openSync(file, 'a', 0o600);
  try {
    if (process.platform !== 'win32' && (fstatSync(fd).mode & 0o077) !== 0) fchmodSync(fd, 0o600);
  } finally {
    closeSync(fd);
  }
}

/**
 * Open the index at `file`: for writing (created when missing, migrated), or read-only (it must exist
 * and be of this version; an older one is migrated by the next collect). A file that is not a SQLite
 * database, or cannot be opened, is a UserError naming it.
 */
export function openIndex(file: string, opts: OpenOptions = {}): Db {
  const Database = driver();
  let db: Db;
  try {
    if (!opts.readonly) ownerOnly(file);
    db = opts.readonly ? new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 }) : new Database(file, { timeout: 30_000 });
  } catch (e) {
    throw new UserError('archive.error.indexUnreadable', { file, detail: (e as Error).message });
  }
  try {
    // The page cache. A writer's is 16 MiB: the index's B-trees are written all over. A reader's
    // is SQLite's own default of 2 MiB (better-sqlite3 builds with 16): it passes over the rows
    // once, the system caches the file, and a bigger cache only fills up with rows already handed
    // out, 14 MB more of a report's peak at a million records.
    db.pragma(opts.readonly ? 'cache_size = -2000' : 'cache_size = -16384');
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      // The index is derived: losing the last transactions to a power cut only means the next
      // collect reads a little more again. It must stay consistent, which WAL keeps it.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      // Fewer, larger WAL checkpoints while a collect writes (the file is checkpointed at its end).
      db.pragma('wal_autocheckpoint = 8000');
      migrate(db, file, opts.upTo);
    } else {
      const v = db.pragma('user_version', { simple: true }) as number;
      if (v > SCHEMA_VERSION) throw new UserError('archive.error.newerIndex', { file, version: v, supported: SCHEMA_VERSION });
      if (v < SCHEMA_VERSION) throw new UserError('archive.error.olderIndex', { file, version: v, supported: SCHEMA_VERSION });
    }
    return db;
  } catch (e) {
    db.close();
    if (e instanceof UserError) throw e;
    throw new UserError('archive.error.indexUnreadable', { file, detail: (e as Error).message });
  }
}
