// Running totals of the sessions written out: the only per-report state besides the fold, and it
// grows with the number of terminals, never with the number of sessions.
import { FLAGS, type Flag } from '../domain/flags.js';
import type { ReportSession, ReportSummary } from './document.js';

export class SummaryTally {
  sessions = 0;
  completed = 0;
  incomplete = 0;
  readonly byFlag = Object.fromEntries(FLAGS.map((f) => [f, 0])) as Record<Flag, number>;
  private readonly terminals = new Map<string, { sessions: number; incomplete: number }>();
  /** Earliest and latest start (as written, `YYYY-MM-DDThh:mm...`), for the table's period line. */
  firstStart: string | null = null;
  lastStart: string | null = null;

  add(s: ReportSession): void {
    this.sessions++;
    if (s.outcome === 'completed') this.completed++;
    let t = this.terminals.get(s.terminal);
    if (!t) this.terminals.set(s.terminal, (t = { sessions: 0, incomplete: 0 }));
    t.sessions++;
    if (s.flags.length > 0) {
      this.incomplete++;
      t.incomplete++;
      for (const f of s.flags) this.byFlag[f]++;
    }
    // The local wall time as written sorts as text within one offset (one ward, one zone).
    if (s.startedAt !== null) {
      if (this.firstStart === null || s.startedAt < this.firstStart) this.firstStart = s.startedAt;
      if (this.lastStart === null || s.startedAt > this.lastStart) this.lastStart = s.startedAt;
    }
  }

  /** Terminals in id order with their counts. */
  byTerminal(): [string, { sessions: number; incomplete: number }][] {
    return [...this.terminals.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  toJSON(): ReportSummary {
    return {
      sessions: this.sessions,
      completed: this.completed,
      incomplete: this.incomplete,
      byFlag: { ...this.byFlag },
      byTerminal: Object.fromEntries(this.byTerminal().map(([id, c]) => [id, { ...c }])),
    };
  }
}
