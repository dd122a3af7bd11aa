// A session id started on two terminals (a copied log, an edit). As the raw-path report decides it,
// the terminal first in name order keeps the id; every session-start of it on another terminal is a
// `duplicate-session` problem at that line, and the session it made there (if it is one) is a
// duplicate: flagged, and left out of reports and review. Terminals are indexed apart (in
// parallel), so this is decided here, after all of them, for the starts read by this collect.
import { problem } from '../log/items.js';
import type { Db } from './db.js';

interface Start {
  no: number;
  terminal: string;
  file: string;
  line: number;
}

/**
 * The problem number of a reused id's start: negative, one per stored start (problems read from the
 * files are numbered from 0 in reading order). Listed by position, it comes right after the problems
 * the reader found on the same line, where the raw-path report puts it.
 */
export const duplicateOrd = (startNo: number) => -startNo;

const byTerminal = (a: Start, b: Start) => (a.terminal < b.terminal ? -1 : a.terminal > b.terminal ? 1 : 0);

/** Decide the reused ids among session-starts stored after row `since`. Returns how many starts were marked. */
export function markDuplicates(db: Db, since: number): number {
  const ids = db
    .prepare('SELECT DISTINCT s.id FROM starts s WHERE s.no > ? AND EXISTS (SELECT 1 FROM starts o WHERE o.id = s.id AND o.terminal <> s.terminal)')
    .pluck()
    .all(since) as string[];
  if (ids.length === 0) return 0;
  const starts = db.prepare('SELECT no, terminal, file, line FROM starts WHERE id = ?');
  const addProblem = db.prepare(
    `INSERT OR REPLACE INTO problems (terminal, ord, file, line, code, problem, params, session, item_terminal)
     VALUES (?, ?, ?, ?, 'duplicate-session', ?, ?, ?, ?)`,
  );
  const relate = db.prepare('INSERT OR IGNORE INTO problem_sessions (terminal, ord, session) VALUES (?, ?, ?)');
  const unmark = db.prepare(`DELETE FROM problems WHERE terminal = ? AND session = ? AND code = 'duplicate-session' AND ord < 0`);
  const set = db.prepare(`UPDATE sessions SET duplicate = ?,
    problems = (SELECT COUNT(*) FROM problem_sessions p WHERE p.terminal = sessions.terminal AND p.session = sessions.id) WHERE terminal = ? AND id = ?`);
  const reflag = db.prepare('UPDATE sessions SET flags = CASE WHEN problems > 0 THEN flags_problem ELSE flags_clean END WHERE terminal = ? AND id = ?');
  let marked = 0;
  db.transaction(() => {
    for (const id of ids) {
      const all = (starts.all(id) as Start[]).sort(byTerminal);
      const keeper = all[0]!.terminal;
      // The keeper may have been a duplicate until a terminal earlier in name order was collected.
      unmark.run(keeper, id);
      set.run(0, keeper, id);
      reflag.run(keeper, id);
      for (const o of all) {
        if (o.terminal === keeper) continue;
        const ord = duplicateOrd(o.no);
        const p = problem(o.file, o.line, 'duplicate-session', `session id ${id} was already used on another terminal`, { session: id.slice(0, 8) }, o.terminal, id);
        addProblem.run(o.terminal, ord, p.file, p.line, p.problem, JSON.stringify(p.params), id, o.terminal);
        relate.run(o.terminal, ord, id);
        set.run(1, o.terminal, id);
        reflag.run(o.terminal, id);
        marked++;
      }
    }
  }).immediate();
  return marked;
}
