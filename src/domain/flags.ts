// What "incomplete" means, derived from a session's records. The kiosk's summary, the report and
// the review all call this: one source of truth.
import { z } from 'zod';
import type { LogRecord } from './record.js';

// `unsensed` comes last although it is a session's own flag: the archive stores flags as bits in
// this order, and a new flag must not move the bits of the old ones.
export const Flag = z.enum(['no-logout', 'unclean-exit', 'interrupted', 'required-skipped', 'idle', 'integrity', 'unsensed']);
export type Flag = z.infer<typeof Flag>;
export const FLAGS = Flag.options;

export const SessionOutcome = z.enum(['completed', 'interrupted', 'recovered', 'open']);
export type SessionOutcome = z.infer<typeof SessionOutcome>;

/** The record fields the derivation looks at (so folds can keep less than whole records). */
export type FlagInput = Pick<LogRecord, 'type' | 'payload'>;

/**
 * A session's flags and outcome, built one record at a time (so a fold over millions of records
 * keeps a few fields per session, not its records). `deriveFlags` and `deriveOutcome` are this,
 * over a whole list: one rule, whichever way it is fed.
 */
export class FlagState {
  private logout = false;
  private unclean = false;
  private interrupted = false;
  private idle = false;
  /** A sensed check confirmed by hand because the reader was gone while sensing was on. */
  private unsensed = false;
  private outcome: SessionOutcome = 'open';
  private readonly skippedRequired = new Set<string>();

  add(r: FlagInput): void {
    switch (r.type) {
      case 'logout': {
        const p = r.payload as Extract<LogRecord, { type: 'logout' }>['payload'];
        this.logout = true;
        this.outcome = p.outcome;
        if (p.sensors?.some((x) => !x.sensed)) this.unsensed = true;
        break;
      }
      case 'recovery':
      case 'exit':
        this.unclean = true;
        break;
      case 'interrupt':
        this.interrupted = true;
        break;
      case 'idle':
        this.idle = true;
        break;
      case 'step': {
        const p = r.payload as Extract<LogRecord, { type: 'step' }>['payload'];
        if (p.sensor && !p.sensor.sensed) this.unsensed = true;
        // The item's latest answer counts: a skip later confirmed is no longer a skipped item.
        if (p.action === 'skip' && p.required) this.skippedRequired.add(p.item);
        else if (p.action === 'confirm' || p.action === 'answer' || p.action === 'not-applicable') this.skippedRequired.delete(p.item);
        break;
      }
      default:
        break;
    }
  }

  /** The flags, in the fixed order of FLAGS; `integrityProblem` is set by readers that found a bad record of the session. */
  flags(integrityProblem = false): Flag[] {
    const on: Record<Flag, boolean> = {
      'no-logout': !this.logout,
      'unclean-exit': this.unclean,
      interrupted: this.interrupted,
      'required-skipped': this.skippedRequired.size > 0,
      idle: this.idle,
      integrity: integrityProblem,
      unsensed: this.unsensed,
    };
    return FLAGS.filter((f) => on[f]);
  }

  /** The outcome recorded by the session's (last) logout, or `open` when it never logged out. */
  get result(): SessionOutcome {
    return this.outcome;
  }

  /** The state as plain data (the supervisor's archive keeps open sessions between collects). */
  snapshot(): FlagSnapshot {
    return {
      logout: this.logout,
      unclean: this.unclean,
      interrupted: this.interrupted,
      idle: this.idle,
      unsensed: this.unsensed,
      outcome: this.outcome,
      skipped: [...this.skippedRequired],
    };
  }

  static from(s: FlagSnapshot): FlagState {
    const f = new FlagState();
    f.logout = s.logout;
    f.unclean = s.unclean;
    f.interrupted = s.interrupted;
    f.idle = s.idle;
    f.unsensed = s.unsensed;
    f.outcome = s.outcome;
    for (const item of s.skipped) f.skippedRequired.add(item);
    return f;
  }
}

export const FlagSnapshot = z.object({
  logout: z.boolean(),
  unclean: z.boolean(),
  interrupted: z.boolean(),
  idle: z.boolean(),
  /** Absent in snapshots kept before the flag existed. */
  unsensed: z.boolean().default(false),
  outcome: SessionOutcome,
  skipped: z.array(z.string()),
});
export type FlagSnapshot = z.infer<typeof FlagSnapshot>;

/** The flags as bits (FLAGS order): what the archive's index stores, so SQL counts them without deriving them. */
export function flagMask(flags: readonly Flag[]): number {
  let m = 0;
  for (const f of flags) m |= 1 << FLAGS.indexOf(f);
  return m;
}

export function maskFlags(mask: number): Flag[] {
  return FLAGS.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** Flags of one session, in the fixed order of FLAGS. */
export function deriveFlags(records: readonly FlagInput[], integrityProblem = false): Flag[] {
  const state = new FlagState();
  for (const r of records) state.add(r);
  return state.flags(integrityProblem);
}

/** The outcome recorded by the session's logout, or `open` when it never logged out. */
export function deriveOutcome(records: readonly FlagInput[]): SessionOutcome {
  const state = new FlagState();
  for (const r of records) state.add(r);
  return state.result;
}

/**
 * A session's flags as the archive stores them: without and with `integrity` (a problem found on a
 * later collect can still flag a stored session; the store then switches to the second).
 */
export function storedFlags(flags: readonly Flag[]): { clean: number; problem: number } {
  const clean = flagMask(flags.filter((f) => f !== 'integrity'));
  return { clean, problem: clean | flagMask(['integrity']) };
}
