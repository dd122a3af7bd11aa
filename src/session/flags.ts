// What "incomplete" means, derived from a session's records. The kiosk's summary, the report and
// the review all call this: one source of truth.
import { z } from 'zod';
import type { LogRecord } from '../log/record.js';

export const Flag = z.enum(['no-logout', 'unclean-exit', 'interrupted', 'required-skipped', 'idle', 'integrity']);
export type Flag = z.infer<typeof Flag>;
export const FLAGS = Flag.options;

export const SessionOutcome = z.enum(['completed', 'interrupted', 'recovered', 'open']);
export type SessionOutcome = z.infer<typeof SessionOutcome>;

/** The record fields the derivation looks at (so folds can keep less than whole records). */
export type FlagInput = Pick<LogRecord, 'type' | 'payload'>;

/**
 * Flags of one session, in the fixed order of FLAGS. `integrityProblem` is set by readers that found a
 * bad record belonging to the session.
 */
export function deriveFlags(records: readonly FlagInput[], integrityProblem = false): Flag[] {
  let logout = false;
  let unclean = false;
  let interrupted = false;
  let idle = false;
  const skippedRequired = new Map<string, boolean>();
  for (const r of records) {
    switch (r.type) {
      case 'logout':
        logout = true;
        break;
      case 'recovery':
      case 'exit':
        unclean = true;
        break;
      case 'interrupt':
        interrupted = true;
        break;
      case 'idle':
        idle = true;
        break;
      case 'step': {
        const p = r.payload as Extract<LogRecord, { type: 'step' }>['payload'];
        // The item's latest answer counts: a skip later confirmed is no longer a skipped item.
        if (p.action === 'skip' && p.required) skippedRequired.set(p.item, true);
        else if (p.action === 'confirm' || p.action === 'answer') skippedRequired.delete(p.item);
        break;
      }
      default:
        break;
    }
  }
  const on: Record<Flag, boolean> = {
    'no-logout': !logout,
    'unclean-exit': unclean,
    interrupted,
    'required-skipped': skippedRequired.size > 0,
    idle,
    integrity: integrityProblem,
  };
  return FLAGS.filter((f) => on[f]);
}

/** The outcome recorded by the session's logout, or `open` when it never logged out. */
export function deriveOutcome(records: readonly FlagInput[]): SessionOutcome {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    if (r.type === 'logout') return (r.payload as { outcome: SessionOutcome }).outcome;
  }
  return 'open';
}
