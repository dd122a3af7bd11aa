// Fold a stream of ReadItems into sessions. The items come grouped by terminal; a terminal's
// sessions are handed out when its files have all been read (a later line can still concern an
// earlier session: a record after its logout, a chain break right after it), and then forgotten,
// so memory grows with one terminal's sessions, never with the whole input. A session keeps a few
// fields and its flag state, not its records (unless asked). Flags and outcome come from
// domain/flags.ts (the single source of truth).
//
// Which session a problem belongs to (docs/evidence.md):
// - a break between two lines (chain, seq) flags the sessions of both lines;
// - a line that is not a valid record flags its own session when its id names one already known on
//   the terminal, else the session open at that point, and the session of the next record too;
// - a record after its session's logout flags that session (and is not folded into it);
// - a session made by the one record right before a break, and never named again, was that damaged
//   line's id: it is no session; the session open before it is flagged instead;
// - a seal that does not verify flags every session with records in the range it covers.
import { FlagState, type Flag, type FlagSnapshot, type SessionOutcome } from '../domain/flags.js';
import type { ProblemCode, ProblemItem, ReadItem, RecordItem } from './items.js';
import type { LogRecord } from '../domain/record.js';

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
  /** seq of its first record. */
  firstSeq: number;
  /** Where its first record starts and its last one ends (null when records were fed without a reader). */
  first: LinePosition | null;
  last: LinePosition | null;
  /** The session's records in log order; only with `keepRecords`. */
  records?: LogRecord[];
  /** Why it was interrupted and which items were skipped; only with `details`. */
  details?: SessionDetails;
}

/** What staff gave as reasons during a session (the archive keeps them for supervisors). */
export interface SessionDetails {
  interrupts: { reason: string; note?: string; section?: string; item?: string }[];
  /** The items left skipped (an item's latest answer counts), with the reason typed. */
  skips: { section: string; item: string; required: boolean; reason?: string }[];
  /** The optional items left "not applicable" (the latest answer counts). */
  notApplicable: { section: string; item: string }[];
}

/** Most sessions give no reason: they share this empty record until one does (`ownDetails`). */
const NO_DETAILS: SessionDetails = Object.freeze({
  interrupts: Object.freeze([]) as unknown as SessionDetails['interrupts'],
  skips: Object.freeze([]) as unknown as SessionDetails['skips'],
  notApplicable: Object.freeze([]) as unknown as SessionDetails['notApplicable'],
}) as SessionDetails;

/** The session's own details, made on the first reason it gives. */
function ownDetails(s: { details: SessionDetails | null }): SessionDetails {
  if (s.details === null || s.details === NO_DETAILS) s.details = { interrupts: [], skips: [], notApplicable: [] };
  return s.details;
}

/** A line of a log file: its number, and a byte offset (of its start, or just after its end). */
export interface LinePosition {
  file: string;
  line: number;
  offset: number;
}

/** Sessions not held in memory (the archive's index): those that ended before, and their seqs. */
export interface SessionStore {
  ended(terminal: string, id: string): boolean;
  /** Ended sessions of `terminal` with records between seq `from` and `to` (a bad seal's range). */
  inRange?(terminal: string, from: number, to: number): Iterable<string>;
}

export interface FoldOptions {
  /** Keep each session's records (for timelines). Off by default: reports need only the summary. */
  keepRecords?: boolean;
  /** Keep each session's interrupt and skip reasons (the archive's index). */
  details?: boolean;
  /**
   * Sessions not held in memory: the archive's index, which goes on from an earlier collect. A
   * record naming one of its ended sessions is a late record; problems concerning it are told
   * through `onFlag`.
   */
  store?: SessionStore;
  /** Every time a problem flags a session (the archive keeps which problems concern which sessions). */
  onFlag?: (terminal: string, session: string, problem: ProblemItem, held: boolean) => void;
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
  flags: FlagState;
  /** Records folded into it. */
  count: number;
  firstAt: LinePosition | null;
  lastAt: LinePosition | null;
  lastSeq: number | null;
  lastType: LogRecord['type'] | null;
  records: LogRecord[] | null;
  details: SessionDetails | null;
  /** Its id was already used on another terminal: not handed out again. */
  duplicate: boolean;
  /** The last problem counted for it (one problem flagging it twice counts once). */
  lastProblem: number;
  /**
   * Made by the one record right before a break: perhaps that line's damaged id, not a session.
   * Cleared when another record names it; otherwise dropped at the end, and the session open
   * before it is flagged instead.
   */
  suspect: { openBefore: string | null; problem: number; item: ProblemItem } | null;
}

/** The record just folded on a terminal (what a break found on the next line also concerns). */
interface Previous {
  session: string | null;
  /** It made the session (its first record): if a break follows, it may be the damaged line. */
  made: boolean;
  /** The session open before it. */
  openBefore: string | null;
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

  snapshot(): [number[], number[]] {
    return [[...this.lo], [...this.hi]];
  }

  static from([lo, hi]: readonly [readonly number[], readonly number[]]): SeqSet {
    const set = new SeqSet();
    set.lo.push(...lo);
    set.hi.push(...hi);
    return set;
  }

  /** Number of intervals (for tests: memory stays small for in-order input). */
  get intervals(): number {
    return this.lo.length;
  }
}

/** An open session held at a checkpoint, as plain data. */
export interface StateSnapshot {
  id: string;
  operator: string | null;
  checklist: string | null;
  checklistVersion: string | null;
  startedAt: string | null;
  firstTs: string | null;
  firstSeq: number;
  startSeen: boolean;
  integrity: boolean;
  problems: number;
  flags: FlagSnapshot;
  count: number;
  lastSeq: number | null;
  lastType: LogRecord['type'] | null;
  duplicate: boolean;
  firstAt: LinePosition | null;
  lastAt: LinePosition | null;
  details: SessionDetails | null;
}

/** Where a terminal's fold stands at a checkpoint (see SessionFold.checkpoint). */
export interface FoldSnapshot {
  terminal: string;
  sessions: StateSnapshot[];
  seqs: [number[], number[]];
  open: string | null;
  previous: string | null;
  openBefore: string | null;
}

function stateSnapshot(s: State): StateSnapshot {
  return {
    id: s.id,
    operator: s.operator,
    checklist: s.checklist,
    checklistVersion: s.checklistVersion,
    startedAt: s.startedAt,
    firstTs: s.firstTs,
    firstSeq: s.firstSeq,
    startSeen: s.startSeen,
    integrity: s.integrity,
    problems: s.problems,
    flags: s.flags.snapshot(),
    count: s.count,
    lastSeq: s.lastSeq,
    lastType: s.lastType,
    duplicate: s.duplicate,
    firstAt: s.firstAt,
    lastAt: s.lastAt === null ? null : { ...s.lastAt },
    details: s.details,
  };
}

/** Returned when an item finishes no session (most items): shared, frozen, no allocation. */
const NONE: readonly FoldedSession[] = Object.freeze([]);

/** Problems about the line they are reported on, found before its record (a break with the line before). */
const BREAKS = new Set<ProblemCode>(['chain-break', 'seq-gap', 'seq-repeat', 'terminal-mismatch']);
/** Lines that are no valid record: their session may be unreadable; the next record is next to them. */
const BAD_LINES = new Set<ProblemCode>(['bad-json', 'schema', 'unknown-version', 'line-too-long', 'torn-tail', 'unreadable']);

/** One terminal's sessions while its files are read. */
class TerminalFold {
  readonly sessions = new Map<string, State>();
  /** The session open at this point (the last record's, until its logout). */
  open: string | null = null;
  /** The record just folded (kept in place: a record's worth of allocation saved a million times). */
  readonly previous: Previous = { session: null, made: false, openBefore: null };
  /** A bad line was just read: the next record's session is flagged too. */
  flagNext = false;
  /** A break was found on the line whose record comes next: that record's session is flagged. */
  flagRecord = false;
  /** The problem behind flagNext / flagRecord. */
  pending = 0;
  pendingItem: ProblemItem | null = null;
  /** Sessions held that are suspect (a checkpoint waits until none is). */
  suspects = 0;

  constructor(
    readonly terminal: string,
    readonly seqs = new SeqSet(),
  ) {}
}

function setPrevious(t: TerminalFold, session: string | null, made: boolean, openBefore: string | null): void {
  t.previous.session = session;
  t.previous.made = made;
  t.previous.openBefore = openBefore;
}

/** The incremental fold: push items, get finished sessions back; flush the rest at the end. */
export class SessionFold {
  private t: TerminalFold | null = null;
  /** Records dropped as duplicates of a (terminal, seq) already folded. */
  duplicates = 0;
  /** Records that named a session after its logout (flagged, not folded). */
  late = 0;
  /** Problems seen, numbered (so each is counted once per session). */
  private problemNo = 0;

  constructor(private readonly opts: FoldOptions = {}) {}

  /** Sessions of the terminal being read (for progress). */
  get openCount(): number {
    return this.t?.sessions.size ?? 0;
  }

  push(item: ReadItem): readonly FoldedSession[] {
    const group = item.group ?? (item.kind === 'record' ? item.record.terminal : (item.terminal ?? this.t?.terminal ?? ''));
    const done = this.t !== null && this.t.terminal !== group ? this.endTerminal() : NONE;
    this.t ??= new TerminalFold(group);
    if (item.kind === 'record') this.fold(this.t, item.record, item);
    else this.problem(item);
    return done;
  }

  /** Fold one record (records can be fed directly, without a reader: they say their terminal). */
  record(r: LogRecord): readonly FoldedSession[] {
    const done = this.t !== null && this.t.terminal !== r.terminal ? this.endTerminal() : NONE;
    this.t ??= new TerminalFold(r.terminal);
    this.fold(this.t, r);
    return done;
  }

  private fold(t: TerminalFold, r: LogRecord, item?: RecordItem): void {
    if (!t.seqs.add(r.seq)) {
      this.duplicates++;
      // A repeated seq a break was found on (a line copied in): it is not folded again, but the
      // session it names is flagged.
      const named = r.session !== null ? t.sessions.get(r.session) : undefined;
      if (named && (t.flagRecord || t.flagNext) && t.pendingItem) this.flag(named, t.pending, t.pendingItem);
      return;
    }
    const openBefore = t.open;
    // A review (the supervisor's log) names a session but is not part of it.
    if (r.session === null || r.type === 'review') {
      setPrevious(t, null, false, openBefore);
      t.flagNext = false;
      t.flagRecord = false;
      return;
    }
    let s = t.sessions.get(r.session);
    if (s?.suspect && s.endedAt !== null && r.type === 'session-start') {
      // The "logout" that ended it was a damaged line (its id): the real session starts here. The
      // session that line belonged to is flagged; this one starts over, flagged too.
      const { problem, item } = s.suspect;
      const before = s.suspect.openBefore !== null ? t.sessions.get(s.suspect.openBefore) : undefined;
      if (before) this.flag(before, problem, item);
      this.drop(t, s);
      s = this.state(t, r.session);
      this.flag(s, problem, item);
    }
    if ((s && s.endedAt !== null) || (!s && this.opts.store?.ended(t.terminal, r.session))) {
      // After its logout: never a second session, never silently dropped. The reader reports it,
      // and that problem flags the session (it is not folded into it).
      if (s) {
        this.unsuspect(t, s); // named again: a session after all
        s.integrity = true;
      }
      this.late++;
      setPrevious(t, r.session, false, openBefore);
      if (s) this.afterRecord(t, s);
      else this.afterExternal(t, r.session);
      return;
    }
    const made = !s;
    if (!s) s = this.state(t, r.session);
    else this.unsuspect(t, s); // named again: a session after all
    if (s.firstTs === null) {
      s.firstTs = r.ts;
      s.firstSeq = r.seq;
      if (item?.start !== undefined) s.firstAt = { file: item.file, line: item.line, offset: item.start };
    }
    if (item?.end !== undefined) {
      const last = s.lastAt;
      if (last === null || last.file !== item.file) s.lastAt = { file: item.file, line: item.line, offset: item.end };
      else {
        last.line = item.line;
        last.offset = item.end;
      }
    }
    if (s.operator === null) s.operator = r.operator;
    if (r.type === 'session-start') {
      s.startSeen = true;
      s.startedAt = r.ts;
      s.operator = r.operator;
      s.checklist = r.payload.checklist;
      s.checklistVersion = r.payload.checklistVersion;
    }
    s.flags.add(r);
    s.count++;
    s.lastSeq = r.seq;
    s.lastType = r.type;
    s.records?.push(r);
    if (s.details !== null) {
      if (r.type === 'interrupt') ownDetails(s).interrupts.push({ ...r.payload });
      else if (r.type === 'step' && r.payload.action !== 'back') {
        // As the flags count them: an item's latest answer counts, so a skip later confirmed (or
        // skipped again with another reason) is listed once, as it stands. Most steps are plain
        // confirmations of sessions with nothing listed: those cost nothing here.
        const { action, section, item, required, reason } = r.payload;
        const d = s.details;
        if (action === 'skip' || action === 'not-applicable' || d.skips.length > 0 || d.notApplicable.length > 0) {
          const own = ownDetails(s);
          own.skips = own.skips.filter((k) => k.item !== item);
          if (action === 'skip') own.skips.push(reason === undefined ? { section, item, required } : { section, item, required, reason });
          own.notApplicable = own.notApplicable.filter((k) => k.item !== item);
          if (action === 'not-applicable') own.notApplicable.push({ section, item });
        }
      }
    }
    if (r.type === 'logout') {
      s.endedAt = r.ts;
      if (t.open === s.id) t.open = null;
    } else t.open = s.id;
    setPrevious(t, s.id, made, openBefore);
    this.afterRecord(t, s);
  }

  /** Flags a record's session gets from the lines before it. */
  private afterRecord(t: TerminalFold, s: State): void {
    if ((t.flagNext || t.flagRecord) && t.pendingItem) this.flag(s, t.pending, t.pendingItem);
    t.flagNext = false;
    t.flagRecord = false;
  }

  /** The same for a record of a session the store holds (not in memory). */
  private afterExternal(t: TerminalFold, id: string): void {
    if ((t.flagNext || t.flagRecord) && t.pendingItem) this.opts.onFlag?.(t.terminal, id, t.pendingItem, false);
    t.flagNext = false;
    t.flagRecord = false;
  }

  /** Flag a session: the one held, or one of the store's (an ended session from before). */
  private flagId(t: TerminalFold, id: string, no: number, item: ProblemItem): boolean {
    const s = t.sessions.get(id);
    if (s) {
      this.flag(s, no, item);
      return true;
    }
    if (this.opts.store?.ended(t.terminal, id)) {
      this.opts.onFlag?.(t.terminal, id, item, false);
      return true;
    }
    return false;
  }

  /**
   * Whether the terminal being read can be checkpointed here: nothing pending from the lines just
   * read (a bad line's or a break's flag for the next record, a suspect session).
   */
  checkpointable(): boolean {
    const t = this.t;
    return t !== null && !t.flagNext && !t.flagRecord && t.suspects === 0 && !t.previous.made;
  }

  /**
   * Hand out the terminal's ended sessions and forget them (a store keeps them from here on), and
   * describe the rest — its open sessions and where it stands — as plain data. A fold given that
   * data (`restore`) and the same store goes on exactly as this one does. Only where
   * `checkpointable()`.
   */
  checkpoint(): { ended: FoldedSession[]; open: FoldedSession[]; snapshot: FoldSnapshot } {
    const t = this.t;
    if (t === null || !this.checkpointable()) throw new Error('fold: not at a checkpoint');
    const ended: State[] = [];
    const open: State[] = [];
    for (const s of t.sessions.values()) (s.endedAt !== null ? ended : open).push(s);
    for (const s of ended) t.sessions.delete(s.id);
    const byFirst = (a: State, b: State) => a.firstSeq - b.firstSeq;
    const shown = (list: State[]) => list.filter((s) => !s.duplicate).sort(byFirst).map((s) => this.summary(s));
    return {
      ended: shown(ended),
      open: shown(open),
      snapshot: {
        terminal: t.terminal,
        sessions: open.map((s) => stateSnapshot(s)),
        seqs: t.seqs.snapshot(),
        open: t.open,
        previous: t.previous.session,
        openBefore: t.previous.openBefore,
      },
    };
  }

  /** Go on with a terminal from a checkpoint. */
  restore(snap: FoldSnapshot): void {
    const t = new TerminalFold(snap.terminal, SeqSet.from(snap.seqs));
    for (const s of snap.sessions) {
      const state = this.state(t, s.id);
      Object.assign(state, {
        operator: s.operator,
        checklist: s.checklist,
        checklistVersion: s.checklistVersion,
        startedAt: s.startedAt,
        firstTs: s.firstTs,
        firstSeq: s.firstSeq,
        startSeen: s.startSeen,
        integrity: s.integrity,
        problems: s.problems,
        flags: FlagState.from(s.flags),
        count: s.count,
        lastSeq: s.lastSeq,
        lastType: s.lastType,
        duplicate: s.duplicate,
        firstAt: s.firstAt,
        lastAt: s.lastAt,
        details: this.opts.details ? (s.details ?? NO_DETAILS) : null,
      });
    }
    t.open = snap.open;
    setPrevious(t, snap.previous, false, snap.openBefore);
    this.t = t;
  }

  private unsuspect(t: TerminalFold, s: State): void {
    if (s.suspect === null) return;
    s.suspect = null;
    t.suspects--;
  }

  private problem(p: ProblemItem): void {
    const t = this.t!;
    const no = ++this.problemNo;
    if (BREAKS.has(p.code)) {
      // The break is between the previous line and this one: both lines' sessions.
      this.flagPrevious(t, no, p);
      t.flagRecord = true;
      t.pending = no;
      t.pendingItem = p;
      return;
    }
    if (BAD_LINES.has(p.code)) {
      if (p.session === undefined || !this.flagId(t, p.session, no, p)) {
        if (t.open !== null) this.flag(t.sessions.get(t.open)!, no, p);
      }
      t.flagNext = true;
      t.pending = no;
      t.pendingItem = p;
      setPrevious(t, null, false, t.open);
      return;
    }
    // A bad seal: every session with records in the range it was to cover.
    if (p.range) {
      const [from, to] = p.range;
      for (const s of t.sessions.values()) if (s.firstSeq <= to && (s.lastSeq ?? 0) >= from) this.flag(s, no, p);
      for (const id of this.opts.store?.inRange?.(t.terminal, from, to) ?? []) if (!t.sessions.has(id)) this.opts.onFlag?.(t.terminal, id, p, false);
      return;
    }
    // Problems about the record just read (after-logout, session-overlap, duplicate-session,
    // clock-back): its session, and the sessions it names.
    const s = p.session !== undefined ? t.sessions.get(p.session) : undefined;
    if (s) {
      this.flag(s, no, p);
      if (p.code === 'duplicate-session') s.duplicate = true;
    } else if (p.session === undefined || !this.flagId(t, p.session, no, p)) {
      if (t.open !== null) this.flag(t.sessions.get(t.open)!, no, p);
    }
    for (const other of p.related ?? []) this.flagId(t, other, no, p);
  }

  /** The previous line's session. If that line made it, it may be the damaged line's made-up id: suspect. */
  private flagPrevious(t: TerminalFold, no: number, item: ProblemItem): void {
    const prev = t.previous;
    if (prev.session === null) return;
    const s = t.sessions.get(prev.session);
    if (!s) {
      this.flagId(t, prev.session, no, item);
      return;
    }
    this.flag(s, no, item);
    if (prev.made && s.count === 1) {
      if (s.suspect === null) t.suspects++;
      s.suspect = { openBefore: prev.openBefore, problem: no, item };
      // Until it is named again, the session open before it is the one open now.
      if (t.open === s.id) t.open = prev.openBefore;
    }
  }

  /** Forget a session held (a made-up one). */
  private drop(t: TerminalFold, s: State): void {
    t.sessions.delete(s.id);
    this.unsuspect(t, s);
  }

  private flag(s: State, problem: number, item: ProblemItem): void {
    s.integrity = true;
    if (s.lastProblem !== problem) {
      s.problems++;
      this.opts.onFlag?.(s.terminal, s.id, item, true);
    }
    s.lastProblem = problem;
  }

  /** Every session of the terminal being read, in the order they began; the fold is then empty. */
  flush(): FoldedSession[] {
    return [...this.endTerminal()];
  }

  private endTerminal(): readonly FoldedSession[] {
    const t = this.t;
    this.t = null;
    if (!t) return NONE;
    // A suspect never named again was the damaged line, not a session: its problem goes to the
    // session that was open before it.
    for (const s of t.sessions.values()) {
      const suspect = s.suspect;
      if (!suspect || s.count !== 1) continue;
      this.drop(t, s);
      if (suspect.openBefore !== null) this.flagId(t, suspect.openBefore, suspect.problem, suspect.item);
    }
    const states = [...t.sessions.values()].filter((s) => !s.duplicate).sort((a, b) => a.firstSeq - b.firstSeq);
    return states.map((s) => this.summary(s));
  }

  private state(t: TerminalFold, id: string): State {
    const s: State = {
      id,
      terminal: t.terminal,
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
      flags: new FlagState(),
      count: 0,
      firstAt: null,
      lastAt: null,
      lastSeq: null,
      lastType: null,
      records: this.opts.keepRecords ? [] : null,
      details: this.opts.details ? NO_DETAILS : null,
      duplicate: false,
      lastProblem: 0,
      suspect: null,
    };
    t.sessions.set(id, s);
    return s;
  }

  private summary(s: State): FoldedSession {
    const outcome = s.flags.result;
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
      flags: s.flags.flags(s.integrity),
      startSeen: s.startSeen,
      lastSeq: s.lastSeq,
      lastType: s.lastType,
      problems: s.problems,
      firstSeq: s.firstSeq,
      first: s.firstAt,
      last: s.lastAt === null ? null : { ...s.lastAt },
    };
    if (s.records) out.records = s.records;
    if (s.details) out.details = s.details;
    return out;
  }
}

/**
 * Streaming fold: a terminal's sessions come out when its files have been read (sessions never
 * logged out have outcome `open`, flag `no-logout`). Records are deduplicated on (terminal, seq),
 * so the same file given twice counts once. `items` may be `readLogs(paths)` or, faster for big
 * inputs, `readLogBatches(paths)`.
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
