// Running totals of the sessions written out: the only per-report state besides the fold, and it
// grows with terminals, checklists, days and distinct reasons, never with the number of sessions.
// Every format's figures come from here, so the table, JSON, CSV and the HTML page never disagree.
import { FLAGS, type Flag } from '../domain/flags.js';
import type { ReportSession, ReportSummary } from './document.js';

/** The checklist key of a session whose session-start was not read. */
export const UNKNOWN_CHECKLIST = '?';

interface Tally {
  sessions: number;
  incomplete: number;
}

const sortedEntries = <V>(m: Map<string, V>): [string, V][] => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function tally(m: Map<string, Tally>, key: string, incomplete: boolean): void {
  let t = m.get(key);
  if (!t) m.set(key, (t = { sessions: 0, incomplete: 0 }));
  t.sessions++;
  if (incomplete) t.incomplete++;
}

function count(m: Map<string, Map<string, number>>, outer: string, inner: string): void {
  let c = m.get(outer);
  if (!c) m.set(outer, (c = new Map()));
  c.set(inner, (c.get(inner) ?? 0) + 1);
}

const nested = (m: Map<string, Map<string, number>>): Record<string, Record<string, number>> =>
  Object.fromEntries(sortedEntries(m).map(([k, v]) => [k, Object.fromEntries(sortedEntries(v))]));

export class SummaryTally {
  sessions = 0;
  completed = 0;
  incomplete = 0;
  readonly byFlag = Object.fromEntries(FLAGS.map((f) => [f, 0])) as Record<Flag, number>;
  private readonly terminals = new Map<string, Tally>();
  private readonly checklists = new Map<string, Tally>();
  private readonly days = new Map<string, Tally>();
  private readonly interrupts = new Map<string, Map<string, number>>();
  private readonly requiredSkips = new Map<string, Map<string, number>>();
  private readonly notApplicable = new Map<string, Map<string, number>>();
  /** checklist \0 item \0 reason → count. */
  private readonly skipReasons = new Map<string, number>();
  private reviewedIncomplete = 0;
  /** Earliest and latest start (as written, `YYYY-MM-DDThh:mm...`), for the table's period line. */
  firstStart: string | null = null;
  lastStart: string | null = null;

  add(s: ReportSession): void {
    this.sessions++;
    if (s.outcome === 'completed') this.completed++;
    const incomplete = s.flags.length > 0;
    const checklist = s.checklist ?? UNKNOWN_CHECKLIST;
    tally(this.terminals, s.terminal, incomplete);
    tally(this.checklists, checklist, incomplete);
    if (incomplete) {
      this.incomplete++;
      if (s.reviewed) this.reviewedIncomplete++;
      for (const f of s.flags) this.byFlag[f]++;
    }
    for (const i of s.interrupts) count(this.interrupts, checklist, i.reason);
    for (const item of s.notApplicable) count(this.notApplicable, checklist, item);
    for (const k of s.skips) {
      if (!k.required) continue;
      count(this.requiredSkips, checklist, k.item);
      const reason = (k.reason ?? '').trim();
      if (reason !== '') {
        const key = `${checklist}\0${k.item}\0${reason}`;
        this.skipReasons.set(key, (this.skipReasons.get(key) ?? 0) + 1);
      }
    }
    // The local wall time as written sorts as text within one offset (one ward, one zone).
    if (s.startedAt !== null) {
      tally(this.days, s.startedAt.slice(0, 10), incomplete);
      if (this.firstStart === null || s.startedAt < this.firstStart) this.firstStart = s.startedAt;
      if (this.lastStart === null || s.startedAt > this.lastStart) this.lastStart = s.startedAt;
    }
  }

  /** Terminals in id order with their counts. */
  byTerminal(): [string, Tally][] {
    return sortedEntries(this.terminals);
  }

  toJSON(): ReportSummary {
    const copy = (m: Map<string, Tally>) => Object.fromEntries(sortedEntries(m).map(([id, c]) => [id, { ...c }]));
    const skipReasons = [...this.skipReasons.entries()]
      .map(([key, n]) => {
        const [checklist, item, reason] = key.split('\0') as [string, string, string];
        return { checklist, item, reason, count: n };
      })
      .sort((a, b) => b.count - a.count || (a.checklist + a.item + a.reason < b.checklist + b.item + b.reason ? -1 : 1));
    return {
      sessions: this.sessions,
      completed: this.completed,
      incomplete: this.incomplete,
      byFlag: { ...this.byFlag },
      byTerminal: copy(this.terminals),
      byChecklist: copy(this.checklists),
      byDay: copy(this.days),
      interruptReasons: nested(this.interrupts),
      requiredSkips: nested(this.requiredSkips),
      notApplicable: nested(this.notApplicable),
      skipReasons,
      followUp: { reviewed: this.reviewedIncomplete, unreviewed: this.incomplete - this.reviewedIncomplete },
    };
  }
}
