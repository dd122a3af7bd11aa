// Checks over one terminal's records in order, beyond the chain (src/log/reader.ts): the order of
// its sessions, and its seals. Each takes one record at a time and returns the problems it finds
// about it (they go right after the record); `scan` does a batch. Their state can be taken and
// given back (`snapshot`), so the supervisor's archive goes on from where the last collect stopped.
import { keyAt, ratchet, tagMatches } from '../seal/key.js';
import { problem, type ProblemCode, type ProblemItem, type ReadItem, type RecordItem } from './items.js';
import type { LogRecord } from '../domain/record.js';
import { UuidSet } from './uuid-set.js';

/** A set of session ids (in memory, or backed by the archive's index). */
export interface IdSet {
  has(id: string): boolean;
  /** Adds `id`; false when it was already there. */
  add(id: string): boolean;
}

/** Run a per-record check over a batch, putting each record's problems right after it. */
function scanWith(items: ReadItem[], check: (it: RecordItem) => ProblemItem[]): void {
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.kind !== 'record') continue;
    const found = check(it);
    if (found.length > 0) {
      items.splice(i + 1, 0, ...found);
      i += found.length;
    }
  }
}

const about = (it: RecordItem, code: ProblemCode, text: string, params: Record<string, string | number>, related?: string[]): ProblemItem => ({
  ...problem(it.file, it.line, code, text, params, it.record.terminal, it.record.session ?? undefined),
  ...(related ? { related } : {}),
});

/**
 * The order of one terminal's sessions, checked across its files: a session-start while another is
 * open (no logout yet) is a problem naming both; a record of a session that already logged out — at
 * any distance — is a problem (never dropped silently, never a second session); a session-start
 * reusing an id already seen on another terminal too. The kiosk never does any of these (a second
 * kiosk, an older version's bug, or an edit did). A record of a session whose start was not read (a
 * file not given) opens nothing: only session-starts do.
 */
export class SessionOrderCheck {
  private readonly open: Set<string>;

  /**
   * `seen`: every session started so far, on any terminal of this read; `ended`: this terminal's
   * sessions that logged out; `open`: the ones started and not logged out yet (when going on).
   */
  constructor(
    private readonly seen: IdSet,
    private readonly ended: IdSet = new UuidSet(),
    open: Iterable<string> = [],
    /** Every session-start checked against `seen` (the archive decides reused ids across terminals later). */
    private readonly onStart?: (it: RecordItem) => void,
  ) {
    this.open = new Set(open);
  }

  /** Sessions started and not logged out. */
  get openIds(): string[] {
    return [...this.open];
  }

  scan(items: ReadItem[]): void {
    scanWith(items, (it) => this.record(it));
  }

  record(it: RecordItem): ProblemItem[] {
    const r = it.record;
    const id = r.session;
    if (id === null || r.type === 'review') return NO_PROBLEMS;
    if (this.open.has(id)) {
      if (r.type === 'logout') {
        this.open.delete(id);
        this.ended.add(id);
      }
      return NO_PROBLEMS;
    }
    if (this.ended.has(id)) return [about(it, 'after-logout', `record of session ${id} after its logout`, { session: id.slice(0, 8), type: r.type })];
    if (r.type !== 'session-start') {
      if (r.type === 'logout') this.ended.add(id);
      return NO_PROBLEMS;
    }
    const out: ProblemItem[] = [];
    const others = [...this.open];
    if (others.length > 0) {
      out.push(about(it, 'session-overlap', `session ${id} started while session ${others[0]} was open`, { session: id.slice(0, 8), other: others[0]!.slice(0, 8) }, others));
    }
    this.onStart?.(it);
    if (!this.seen.add(id)) out.push(about(it, 'duplicate-session', `session id ${id} was already used on another terminal`, { session: id.slice(0, 8) }));
    this.open.add(id);
    return out;
  }
}

const NO_PROBLEMS: ProblemItem[] = [];

/** How one terminal's seals stand once its files are read (verify prints it). */
export interface SealStatus {
  terminal: string;
  /** Seals found, and whether the key to check their tags is enrolled on this machine. */
  seals: number;
  keyed: boolean;
  /** The last seq covered by a good seal (0: none). */
  sealedTo: number;
  /** Records after the last good seal (the newest ones: not sealed yet). */
  unsealed: number;
  /** Records read. */
  records: number;
  /** The terminal's enrolment (`seal-init`) is among them. */
  init?: boolean;
  /**
   * Logouts and sign-outs since the last good seal (or the enrolment) whose next record is not a
   * seal. The kiosk writes a seal right after each of them, in the same write, so more than one (a
   * crash can tear one seal off) means seals were removed.
   */
  unsealedEnds?: number;
  /**
   * The logout or sign-out just read, while the record after it is not: the kiosk writes its seal
   * right after it, in the same write, so the next record tells whether it is sealed.
   */
  pendingEnd?: { seq: number; file: string; line: number; session: string | null } | null;
}

/** Where a seal check stands, as plain data (the archive keeps it between collects). */
export interface SealSnapshot {
  prevSeq: number;
  prevHash: string | null;
  first: number | null;
  enrol: { fingerprint: string; epoch: number; key: string | null; from: number } | null;
  status: SealStatus;
}

/**
 * One terminal's seals, checked in order: each seal names the epoch after the one before, covers
 * exactly the records since the previous seal (ending with the line right before it, by hash), and
 * — when its enrolment key is known here — carries the right HMAC under that epoch's key. Without
 * the key only the first two can be checked: a file rewritten with a fresh chain passes those; the
 * tags are what an attacker cannot recompute.
 */
export class SealCheck {
  /** The last record read: its seq and line hash (what the next seal must name). */
  private prevSeq = 0;
  private prevHash: string | null = null;
  /** The first seq read (a seal reaching below it covers records that are not here). */
  private first: number | null = null;
  private enrol: { fingerprint: string; k0: Buffer | undefined; epoch: number; key: Buffer | undefined; from: number } | null = null;
  private readonly status: SealStatus;

  constructor(
    terminal: string,
    private readonly keys: ReadonlyMap<string, Buffer> | undefined,
    from?: SealSnapshot,
  ) {
    this.status = { terminal, seals: 0, keyed: false, sealedTo: 0, unsealed: 0, records: 0, init: false, unsealedEnds: 0, pendingEnd: null };
    if (from) {
      this.prevSeq = from.prevSeq;
      this.prevHash = from.prevHash;
      this.first = from.first;
      Object.assign(this.status, from.status, { terminal });
      if (from.enrol) {
        const k0 = keys?.get(from.enrol.fingerprint);
        // The key of the epoch due: kept (derived) in the snapshot, or derived again from K0.
        const key = from.enrol.key !== null ? Buffer.from(from.enrol.key, 'hex') : k0 ? keyAt(k0, from.enrol.epoch) : undefined;
        this.enrol = { fingerprint: from.enrol.fingerprint, k0, epoch: from.enrol.epoch, key: k0 ? key : undefined, from: from.enrol.from };
      }
    }
  }

  snapshot(): SealSnapshot {
    const e = this.enrol;
    return {
      prevSeq: this.prevSeq,
      prevHash: this.prevHash,
      first: this.first,
      enrol: e ? { fingerprint: e.fingerprint, epoch: e.epoch, key: e.key ? e.key.toString('hex') : null, from: e.from } : null,
      status: { ...this.status },
    };
  }

  scan(items: ReadItem[]): void {
    scanWith(items, (it) => this.record(it));
  }

  record(it: RecordItem): ProblemItem[] {
    const r = it.record;
    this.status.records++;
    this.first ??= r.seq;
    let found = NO_PROBLEMS;
    // The kiosk writes a logout's or a sign-out's seal right after it, in the same write: the record
    // after it tells whether it came. A crash may tear off one; a second end without its seal since
    // the last good seal means seals were taken out. Said once, when the second is known, for every
    // session since what the last seal covered (decided record by record, so a collect that stops
    // anywhere finds the same).
    const end = this.status.pendingEnd;
    if (end) {
      this.status.pendingEnd = null;
      if (r.type !== 'seal' && this.enrol && (this.status.unsealedEnds = (this.status.unsealedEnds ?? 0) + 1) === 2) {
        const from = this.enrol.from;
        found = [
          {
            ...problem(end.file, end.line, 'seal-missing', `seals missing: a second logout or sign-out without its seal since seq ${from}`, { from, seq: end.seq }, r.terminal, end.session ?? undefined),
            range: [from, end.seq],
          },
        ];
      }
    }
    if (r.type === 'seal') {
      found = this.check(it, r);
      // A good seal covers everything up to it; after a bad one they count as not sealed.
      if (found.length === 0) this.status.unsealed = this.status.unsealedEnds = 0;
    } else {
      if (r.type === 'seal-init') {
        const k0 = this.keys?.get(r.payload.fingerprint);
        this.enrol = { fingerprint: r.payload.fingerprint, k0, epoch: 0, key: k0, from: r.seq };
        this.status.init = true;
        this.status.unsealedEnds = 0;
      }
      if (this.enrol) {
        this.status.unsealed++;
        if (r.type === 'logout' || r.type === 'sign-out') this.status.pendingEnd = { seq: r.seq, file: it.file, line: it.line, session: r.session };
      }
    }
    this.prevSeq = r.seq;
    this.prevHash = it.hash ?? null;
    return found;
  }

  private check(it: RecordItem, r: Extract<LogRecord, { type: 'seal' }>): ProblemItem[] {
    const p = r.payload;
    const out: ProblemItem[] = [];
    const bad = (code: ProblemCode, text: string, params: Record<string, string | number>) =>
      out.push({ ...problem(it.file, it.line, code, text, params, r.terminal), range: [p.from, p.to] });
    this.status.seals++;
    if (this.enrol && this.enrol.fingerprint !== p.fingerprint && !this.keys?.has(p.fingerprint)) {
      // A seal of another key in the middle of an enrolment: not one this terminal made.
      bad('seal-bad', `seal names key ${p.fingerprint}, not the enrolled ${this.enrol.fingerprint}`, { from: p.from, to: p.to, epoch: p.epoch });
    } else if (!this.enrol || this.enrol.fingerprint !== p.fingerprint) {
      // Its enrolment is not in the logs read (an older file not given, or its lines removed):
      // start from this seal; what it covers must still be here.
      const k0 = this.keys?.get(p.fingerprint);
      this.enrol = { fingerprint: p.fingerprint, k0, epoch: p.epoch, key: k0 ? keyAt(k0, p.epoch) : undefined, from: Math.max(p.from, this.first ?? p.from) };
    }
    const e = this.enrol;
    if (p.epoch !== e.epoch) {
      bad('seal-epoch', `seal epoch ${p.epoch} where ${e.epoch} was due`, { epoch: p.epoch, expected: e.epoch });
      e.key = e.k0 ? keyAt(e.k0, p.epoch) : undefined;
    }
    if (p.from !== e.from || this.prevHash === null || p.to !== this.prevSeq || p.hash !== this.prevHash || r.seq !== p.to + 1) {
      bad('seal-range', `seal of seq ${p.from}-${p.to} does not cover what is there`, { from: p.from, to: p.to, epoch: p.epoch });
    }
    if (e.key) {
      this.status.keyed = true;
      const fields = { terminal: r.terminal, fingerprint: p.fingerprint, epoch: p.epoch, from: p.from, to: p.to, hash: p.hash, ts: r.ts };
      if (!tagMatches(e.key, fields, p.tag)) bad('seal-bad', `seal of epoch ${p.epoch} does not verify: seq ${p.from}-${p.to} changed, or the seal was forged`, { from: p.from, to: p.to, epoch: p.epoch });
    }
    if (out.length === 0) this.status.sealedTo = p.to;
    e.epoch = p.epoch + 1;
    e.key = e.key ? ratchet(e.key) : undefined;
    e.from = r.seq + 1;
    return out;
  }

  end(): SealStatus {
    return this.status;
  }
}
