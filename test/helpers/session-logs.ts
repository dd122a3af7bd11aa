// Logs as the kiosk writes them, for the supervisor's commands: the real writer (openLog, fsync,
// chain) and the records the session core produces for each kind of session. A killed kiosk is a
// writer dropped mid-session; its restart opens the log again and writes `recovery` + `logout`.
import type { NewRecord } from '../../src/domain/record.js';
import { openLog, type LogWriter } from '../../src/log/writer.js';

export const CHECKLIST = { checklist: 'mynapoint-support', checklistVersion: '1.10', checklistSha256: 'ab'.repeat(32) };
const ITEMS: [section: string, item: string, required: boolean][] = [
  ['before-start', 'initial-screen', true],
  ['identity', 'own-card', true],
  ['measures', 'account-own-name', false],
  ['payment', 'payment-id-entered', true],
  ['closing', 'card-returned', true],
];
const GATE = ['portal-logged-out', 'browser-closed', 'card-removed'];

/** v4-shaped ids: `sid(1)` = 00000001-0000-4000-8000-000000000001. */
export const sid = (n: number) => {
  const h = n.toString(16).padStart(8, '0');
  return `${h}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
};

export class KioskLog {
  private log: LogWriter;
  private clock: number;

  constructor(
    readonly dir: string,
    readonly terminal: string,
    start: Date,
  ) {
    this.clock = start.getTime();
    this.log = this.open();
  }

  private open(): LogWriter {
    return openLog({ dir: this.dir, terminal: this.terminal, now: () => new Date((this.clock += 1000)) });
  }

  /** Continue at another local time (a later day, after lunch...). */
  at(date: Date): this {
    this.clock = date.getTime();
    return this;
  }

  private w(operator: string, session: string | null, body: Pick<NewRecord, 'type' | 'payload'>): void {
    this.log.append({ ...body, operator, session } as NewRecord);
  }

  signIn(op: string): this {
    this.w(op, null, { type: 'sign-in', payload: {} });
    return this;
  }

  signOut(op: string): this {
    this.w(op, null, { type: 'sign-out', payload: {} });
    return this;
  }

  private start(op: string, id: string): void {
    this.w(op, id, { type: 'session-start', payload: CHECKLIST });
  }

  private step(op: string, id: string, i: number, action: 'confirm' | 'skip' | 'back' | 'not-applicable' = 'confirm'): void {
    const [section, item, required] = ITEMS[i]!;
    this.w(op, id, {
      type: 'step',
      payload: { action, section, item, required, ...(action === 'skip' ? { reason: 'カードを忘れた' } : {}) },
    });
  }

  private logout(op: string, id: string, outcome: 'completed' | 'interrupted' | 'recovered'): void {
    this.w(op, id, { type: 'logout', payload: { outcome, gate: GATE } });
  }

  /** Every item, the checklist completed, logout. Options add what makes it incomplete. */
  complete(op: string, id: string, opts: { skipRequired?: boolean; idle?: boolean; skipThenConfirm?: boolean; notApplicable?: boolean } = {}): this {
    this.start(op, id);
    for (let i = 0; i < ITEMS.length; i++) {
      if (opts.skipRequired && i === 1) this.step(op, id, i, 'skip');
      else if (opts.skipThenConfirm && i === 1) {
        this.step(op, id, i, 'skip');
        this.step(op, id, i, 'back');
        this.step(op, id, i);
      } else if (i === 2) this.step(op, id, i, opts.notApplicable ? 'not-applicable' : 'skip'); // optional item: never a flag
      else this.step(op, id, i);
      if (opts.idle && i === 2) this.w(op, id, { type: 'idle', payload: { idleSeconds: 420 } });
    }
    this.w(op, id, { type: 'checklist-complete', payload: {} });
    this.logout(op, id, 'completed');
    return this;
  }

  /** Interrupted at the first item; with a `note`, for the reason "other" and that note. */
  interrupted(op: string, id: string, note?: string): this {
    this.start(op, id);
    this.step(op, id, 0);
    const reason = note === undefined ? { reason: 'payment-info-missing' } : { reason: 'other', note };
    this.w(op, id, { type: 'interrupt', payload: { ...reason, section: 'identity', item: 'own-card' } });
    this.logout(op, id, 'interrupted');
    return this;
  }

  /** The kiosk dies mid-session (SIGKILL: no record; SIGHUP: an `exit` record). */
  killed(op: string, id: string, signal?: 'SIGHUP' | 'SIGTERM'): this {
    this.start(op, id);
    this.step(op, id, 0);
    this.step(op, id, 1);
    if (signal) this.w(op, id, { type: 'exit', payload: { signal } });
    this.log.close();
    return this;
  }

  /** The next start: the log opened again, the unfinished session's gate first. */
  recover(op: string, id: string): this {
    this.log = this.open();
    const last = this.log.records().at(-1)!;
    this.w(op, id, { type: 'recovery', payload: { lastSeq: last.seq, lastType: last.type } });
    this.logout(op, id, 'recovered');
    return this;
  }

  /** Open the log again without recovering (a restart that has not reached the gate yet). */
  restart(): this {
    this.log = this.open();
    return this;
  }

  close(): void {
    this.log.close();
  }
}

export const EXPECTED = {
  completed: { outcome: 'completed', flags: [] },
  skipThenConfirm: { outcome: 'completed', flags: [] },
  interrupted: { outcome: 'interrupted', flags: ['interrupted'] },
  recovered: { outcome: 'recovered', flags: ['unclean-exit'] },
  open: { outcome: 'open', flags: ['no-logout'] },
  idle: { outcome: 'completed', flags: ['idle'] },
  skipped: { outcome: 'completed', flags: ['required-skipped'] },
} as const;

/** Local time (the machine's zone) on a given day: the kiosk stamps records with the local offset. */
export const local = (y: number, m: number, d: number, h = 9, min = 0) => new Date(y, m - 1, d, h, min);

/**
 * A ward's logs: terminal T-01 over two days with every kind of session, terminal 0042 (an id with a
 * leading zero, staff 0012) with one complete and one open session. Returns the session ids.
 */
export function writeWard(dir: string) {
  const ids = {
    completed: sid(1),
    interrupted: sid(2),
    recovered: sid(3),
    idle: sid(4),
    skipped: sid(5),
    skipThenConfirm: sid(6),
    open: sid(7),
    other: sid(8),
    otherOpen: sid(9),
  };
  const t1 = new KioskLog(dir, 'T-01', local(2026, 11, 26, 9));
  t1.signIn('S-01').complete('S-01', ids.completed).interrupted('S-01', ids.interrupted).killed('S-01', ids.recovered, 'SIGHUP');
  t1.recover('S-01', ids.recovered).signIn('S-01').complete('S-01', ids.idle, { idle: true }).signOut('S-01');
  t1.at(local(2026, 11, 27, 9)).signIn('S-02').complete('S-02', ids.skipped, { skipRequired: true });
  t1.complete('S-02', ids.skipThenConfirm, { skipThenConfirm: true }).killed('S-02', ids.open);
  const t2 = new KioskLog(dir, '0042', local(2026, 11, 27, 10));
  t2.signIn('0012').complete('0012', ids.other).killed('0012', ids.otherOpen);
  return ids;
}
