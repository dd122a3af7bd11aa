// What the kiosk needs from its log at start: sessions left open (for the recovery gate) and
// today's count and last outcome (for the Ready screen).
import type { LoadedChecklist } from '../checklist/schema.js';
import type { LogRecord, RecordBody } from '../domain/record.js';
import { deriveFlags, deriveOutcome } from '../domain/flags.js';
import type { KioskModel, OpenSession } from '../session/kiosk.js';

interface Seen {
  id: string;
  start?: Extract<LogRecord, { type: 'session-start' }>;
  last: LogRecord;
  operator: string | null;
  bodies: RecordBody[];
}

const REACHED = new Set(['session-start', 'step', 'checklist-complete', 'interrupt']);

export function readStartState(
  records: readonly LogRecord[],
  checklists: readonly LoadedChecklist[],
  fallback: LoadedChecklist,
  day: string,
): { open: OpenSession[]; today: KioskModel['today'] } {
  const sessions = new Map<string, Seen>();
  for (const r of records) {
    if (r.session === null) continue;
    let s = sessions.get(r.session);
    if (!s) {
      s = { id: r.session, last: r, operator: r.operator, bodies: [] };
      sessions.set(r.session, s);
    }
    if (r.type === 'session-start') s.start = r;
    s.last = r;
    s.operator ??= r.operator;
    s.bodies.push({ type: r.type, payload: r.payload } as RecordBody);
  }
  const open: OpenSession[] = [];
  const today: KioskModel['today'] = { sessions: 0, lastOutcome: null, lastFlags: [] };
  for (const s of sessions.values()) {
    if (s.start && s.start.ts.slice(0, 10) === day) today.sessions += 1;
    const outcome = deriveOutcome(s.bodies);
    if (outcome !== 'open') {
      today.lastOutcome = outcome;
      today.lastFlags = deriveFlags(s.bodies);
      continue;
    }
    // A session whose start is in an older file still gets its gate, with the checklist it named
    // when known (or the default one, whose gate is the same kind of check).
    const named = s.start && checklists.find((c) => c.checklist.id === s.start!.payload.checklist);
    const used = named ?? fallback;
    // The step reached: the last record that says where the session was (not a signal's exit
    // record or an earlier recovery).
    const where = [...s.bodies].reverse().find((b) => REACHED.has(b.type)) ?? { type: s.last.type, payload: {} };
    const at = where.type === 'step' || where.type === 'interrupt' ? (where.payload as Omit<OpenSession['reached'], 'type'>) : {};
    open.push({
      id: s.id,
      operator: s.operator,
      checklist: used.checklist,
      checklistSha256: used.sha256,
      startedAt: Date.parse((s.start ?? s.last).ts),
      last: { seq: s.last.seq, type: s.last.type },
      reached: {
        type: where.type,
        ...(at.section ? { section: at.section } : {}),
        ...(at.item ? { item: at.item } : {}),
        ...(where.type === 'step' && at.action ? { action: at.action } : {}),
        ...(where.type === 'step' && at.answer ? { answer: at.answer } : {}),
        ...(where.type === 'interrupt' && at.reason ? { reason: at.reason } : {}),
      },
      records: s.bodies,
    });
  }
  return { open, today };
}
