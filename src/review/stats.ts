// The review header's numbers for the sessions the filters let through (pure).
import type { SessionRow } from './load.js';
import type { ReviewIndex } from './log.js';

export interface TerminalStats {
  id: string;
  sessions: number;
  incomplete: number;
}

/** The header's numbers, for the sessions the filters let through. */
export interface Stats {
  sessions: number;
  incomplete: number;
  /** Incomplete sessions nobody has reviewed yet. */
  unreviewed: number;
  firstDay: string | null;
  lastDay: string | null;
  terminals: TerminalStats[];
}

/** The header's terminals in id order (the same for the list in memory and the archive's). */
export const byId = (a: TerminalStats, b: TerminalStats) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const EMPTY_STATS: Stats = { sessions: 0, incomplete: 0, unreviewed: 0, firstDay: null, lastDay: null, terminals: [] };

/** The header's numbers for `rows` (the sessions the filters let through). */
export function statsOf(rows: readonly SessionRow[], reviews: ReviewIndex): Stats {
  let incomplete = 0;
  let unreviewed = 0;
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  const terminals = new Map<string, TerminalStats>();
  for (const row of rows) {
    let t = terminals.get(row.terminal);
    if (!t) terminals.set(row.terminal, (t = { id: row.terminal, sessions: 0, incomplete: 0 }));
    t.sessions++;
    if (row.flags.length > 0) {
      incomplete++;
      t.incomplete++;
      if (!reviews.has(row.id)) unreviewed++;
    }
    if (row.day !== '') {
      if (firstDay === null || row.day < firstDay) firstDay = row.day;
      if (lastDay === null || row.day > lastDay) lastDay = row.day;
    }
  }
  const list = [...terminals.values()].sort(byId);
  return { sessions: rows.length, incomplete, unreviewed, firstDay, lastDay, terminals: list };
}
