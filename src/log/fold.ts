// Fold a stream of ReadItems into sessions. Streaming: a session is handed out as soon as its logout
// is seen and then forgotten, so memory grows with the sessions still open, not with the input.
// Flags and outcome come from session/flags.ts (the single source of truth).
import { deriveFlags, deriveOutcome, type Flag, type SessionOutcome } from '../session/flags.js';
import type { ReadItem } from './reader.js';
import type { LogRecord } from './record.js';

export interface FoldedSession {
  id: string;
  terminal: string;
  operator: string | null;
  checklist: string | null;
  checklistVersion: string | null;
  /** The session-start's timestamp; when that record was not seen, the first known record's. */
  startedAt: string | null;
  /** The logout's timestamp, or null. */
  endedAt: string | null;
  outcome: SessionOutcome;
  logoutConfirmed: boolean;
  flags: Flag[];
  /** False when the session-start record was not among the input (a missing or partial file). */
  startSeen: boolean;
  /** seq and type of the last record seen for the session (null when only problems were seen). */
  lastSeq: number | null;
  lastType: LogRecord['type'] | null;
  /** Problem lines attributed to the session (schema, chain, torn tail...). */
  problems: number;
  /** The session's records in log order; only with `keepRecords`. */
  records?: LogRecord[];
}

export interface FoldOptions {
  /** Keep each session's records (for timelines). Off by default: reports need only the summary. */
  keepRecords?: boolean;
}

interface State {
  id: string;
  terminal: string;
  operator: string | null;
  checklist: string | null;
  checklistVersion: string | null;
  startedAt: string | null;
  firstTs: string | null;
  firstSeq: number;
  endedAt: string | null;
  startSeen: boolean;
  integrity: boolean;
  problems: number;
  inputs: LogRecord[];
  last: LogRecord | null;
}

/** Seqs seen on one terminal, as sorted disjoint intervals: tiny when seqs come (mostly) in order. */
export class SeqSet {
  private readonly lo: number[] = [];
  private readonly hi: number[] = [];

  /** Adds `n`; false when it was already there. */
  add(n: number): boolean {
    const lo = this.lo;
    const hi = this.hi;
    const last = hi.length - 1;
    if (last >= 0 && hi[last]! + 1 === n) {
      hi[last] = n;
      return true;
    }
    // i = index of the last interval with lo <= n, or -1
    let a = 0;
    let b = lo.length - 1;
    let i = -1;
    while (a <= b) {
      const m = (a + b) >> 1;
      if (lo[m]! <= n) {
        i = m;
        a = m + 1;
      } else b = m - 1;
    }
    if (i >= 0 && n <= hi[i]!) return false;
    const joinLeft = i >= 0 && hi[i]! + 1 === n;
    const joinRight = i + 1 < lo.length && lo[i + 1]! - 1 === n;
    if (joinLeft && joinRight) {
      hi[i] = hi[i + 1]!;
      lo.splice(i + 1, 1);
      hi.splice(i + 1, 1);
    } else if (joinLeft) {
      hi[i] = n;
    } else if (joinRight) {
      lo[i + 1] = n;
    } else {
      lo.splice(i + 1, 0, n);
      hi.splice(i + 1, 0, n);
    }
    return true;
  }

  has(n: number): boolean {
    let a = 0;
    let b = this.lo.length - 1;
    while (a <= b) {
      const m = (a + b) >> 1;
      if (this.lo[m]! > n) b = m - 1;
      else if (this.hi[m]! < n) a = m + 1;
      else return true;
    }
    return false;
  }

  /** Number of intervals (for tests: memory stays small for in-order input). */
  get intervals(): number {
    return this.lo.length;
  }
}

/** Returned when an item finishes no session (most items): shared, frozen, no allocation. */
const NONE: readonly FoldedSession[] = Object.freeze([]);

/** How many finished session ids to remember per terminal, to ignore late lines that name them. */
const RECENT = 8;

/** The incremental fold: push items, get finished sessions back; flush the open ones at the end. */
export class SessionFold {
  private readonly open = new Map<string, State>();
  /** The session open on each terminal "at this point" (for problems that name no session). */
  private readonly current = new Map<string, string>();
  private readonly seen = new Map<string, SeqSet>();
  private readonly recent = new Map<string, string[]>();
  /** Records dropped as duplicates of a (terminal, seq) already folded. */
  duplicates = 0;
  /** Items that named a session already finished (ignored). */
  late = 0;

  constructor(private readonly opts: FoldOptions = {}) {}

  /** Sessions still open (not yet logged out), in arrival order. */
  get openCount(): number {
    return this.open.size;
  }

  push(item: ReadItem): readonly FoldedSession[] {
    return item.kind === 'record' ? this.record(item.record) : this.problem(item);
  }



  /** Fold one record (records can be fed directly, without a reader). */
  record(r: LogRecord): readonly FoldedSession[] {
    let seqs = this.seen.get(r.terminal);
    if (!seqs) this.seen.set(r.terminal, (seqs = new SeqSet()));
    if (!seqs.add(r.seq)) {
      this.duplicates++;
      return NONE;
    }
    // A review (the supervisor's log) names a session but is not part of it.
    if (r.session === null || r.type === 'review') return NONE;
    if (!this.open.has(r.session) && this.isRecent(r.terminal, r.session)) {
      this.late++;
      return NONE;
    }
    const s = this.state(r.session, r.terminal);
    if (s.firstTs === null) {
      s.firstTs = r.ts;
      s.firstSeq = r.seq;
    }
    if (s.operator === null) s.operator = r.operator;
    if (r.type === 'session-start') {
      s.startSeen = true;
      s.startedAt = r.ts;
      s.operator = r.operator;
      s.checklist = r.payload.checklist;
      s.checklistVersion = r.payload.checklistVersion;
    }
    s.inputs.push(r);
    s.last = r;
    this.current.set(r.terminal, r.session);
    if (r.type === 'logout') {
      s.endedAt = r.ts;
      return [this.finish(s)];
    }
    return NONE;
  }

  private problem(p: Extract<ReadItem, { kind: 'problem' }>): readonly FoldedSession[] {
    const terminal = p.terminal;
    let id = p.session;
    if (id === undefined && terminal !== undefined) id = this.current.get(terminal);
    if (id === undefined) return NONE;
    const t = terminal ?? this.open.get(id)?.terminal ?? '';
    if (!this.open.has(id) && this.isRecent(t, id)) {
      this.late++;
      return NONE;
    }
    const s = this.state(id, t);
    s.integrity = true;
    s.problems++;
    // A problem that concerns other sessions too (a session started while these were open).
    for (const other of p.related ?? []) {
      const o = this.open.get(other);
      if (o) {
        o.integrity = true;
        o.problems++;
      }
    }
    return NONE;
  }

  /** Every session still open, as it stands (no logout seen): call at the end of the input. */
  flush(): FoldedSession[] {
    return this.flushStates().map((s) => this.summary(s));
  }

  /** @internal Open sessions' raw state (for openSessions): empties the fold like flush(). */
  flushStates(): State[] {
    const states = [...this.open.values()].sort((a, b) =>
      a.terminal !== b.terminal ? (a.terminal < b.terminal ? -1 : 1) : a.firstSeq - b.firstSeq,
    );
    this.open.clear();
    this.current.clear();
    return states;
  }

  private state(id: string, terminal: string): State {
    let s = this.open.get(id);
    if (!s) {
      s = {
        id,
        terminal,
        operator: null,
        checklist: null,
        checklistVersion: null,
        startedAt: null,
        firstTs: null,
        firstSeq: Number.MAX_SAFE_INTEGER,
        endedAt: null,
        startSeen: false,
        integrity: false,
        problems: 0,
        inputs: [],
        last: null,
      };
      this.open.set(id, s);
    }
    return s;
  }

  private isRecent(terminal: string, id: string): boolean {
    return this.recent.get(terminal)?.includes(id) ?? false;
  }

  private finish(s: State): FoldedSession {
    this.open.delete(s.id);
    if (this.current.get(s.terminal) === s.id) this.current.delete(s.terminal);
    let r = this.recent.get(s.terminal);
    if (!r) this.recent.set(s.terminal, (r = []));
    r.push(s.id);
    if (r.length > RECENT) r.shift();
    return this.summary(s);
  }

  /** @internal */
  summary(s: State): FoldedSession {
    const outcome = deriveOutcome(s.inputs);
    const out: FoldedSession = {
      id: s.id,
      terminal: s.terminal,
      operator: s.operator,
      checklist: s.checklist,
      checklistVersion: s.checklistVersion,
      startedAt: s.startedAt ?? s.firstTs,
      endedAt: s.endedAt,
      outcome,
      logoutConfirmed: outcome !== 'open',
      flags: deriveFlags(s.inputs, s.integrity),
      startSeen: s.startSeen,
      lastSeq: s.last?.seq ?? null,
      lastType: s.last?.type ?? null,
      problems: s.problems,
    };
    if (this.opts.keepRecords) out.records = s.inputs.slice();
    return out;
  }
}

/**
 * Streaming fold: sessions come out as soon as their logout is seen; the ones still open at the end
 * of the input follow (outcome `open`, flag `no-logout`). Records are deduplicated on
 * (terminal, seq), so the same file given twice counts once. `items` may be `readLogs(paths)` or,
 * faster for big inputs, `readLogBatches(paths)`.
 */
export async function* foldSessions(
  items: AsyncIterable<ReadItem | readonly ReadItem[]> | Iterable<ReadItem | readonly ReadItem[]>,
  opts: FoldOptions = {},
): AsyncGenerator<FoldedSession> {
  const fold = new SessionFold(opts);
  for await (const item of items) {
    if (Array.isArray(item)) {
      // A batch from readLogBatches: folded synchronously (no await per item).
      for (const one of item as readonly ReadItem[]) {
        const done = fold.push(one);
        for (const s of done) yield s;
      }
    } else {
      const done = fold.push(item as ReadItem);
      for (const s of done) yield s;
    }
  }
  for (const s of fold.flush()) yield s;
}

/** A session without a logout, with its last record (what the recovery gate needs). */
export interface OpenSession extends FoldedSession {
  last: LogRecord | null;
  /** A `recovery` record was already written for it (a previous start began its gate). */
  recoveryStarted: boolean;
}

/**
 * Sessions in `records` that never logged out (the kiosk's recovery gate at start), in log order,
 * each with its last record. Records of sessions that started in an older file are enough: the
 * session is still returned, with what is known.
 */
export function openSessions(records: readonly LogRecord[]): OpenSession[] {
  const fold = new SessionFold({ keepRecords: false });
  for (const r of records) fold.record(r);
  return fold.flushStates().map((s) => ({
    ...fold.summary(s),
    last: s.last,
    recoveryStarted: s.inputs.some((r) => r.type === 'recovery'),
  }));
}
