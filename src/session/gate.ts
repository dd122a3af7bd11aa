// The logout gate, for a session and for the recovery of one found open: the typed word ends it,
// and what comes after (the summary, or the next recovery) is decided here.
import { deriveFlags, deriveOutcome } from '../domain/flags.js';
import type { Key } from '../tui/keys.js';
import { editField } from '../tui/text.js';
import type { KioskAction } from './kiosk-keys.js';
import { logged, none, recordsOf, sensingOf, stamp, type KioskModel, type OpenSession, type RecoveryScreen, type Step, type Summary } from './kiosk-model.js';
import { send, type SessionLike } from './in-session.js';
import { recoverSession } from './session.js';

/**
 * The records a start needs before anything else: one recovery record per open session. The
 * controller logs them, then shows the model with the first recovery gate.
 */
export function beginRecovery(model: KioskModel, open: readonly OpenSession[]): Step {
  const [first, ...rest] = open;
  if (!first) return none(model);
  const r = recoverSession(first.checklist, first.checklistSha256, first.id, first.startedAt, first.last, first.records);
  // A gate begun before (a retry, or a restart during the recovery gate) with nothing logged since
  // is not a new recovery: it is not recorded twice.
  const again = first.last.type === 'recovery';
  const session = again ? { ...r.state, records: first.records } : r.state;
  return logged(
    { ...model, screen: { name: 'recovery', session, recovering: first, queue: rest, input: '', idle: false }, notice: null },
    again ? [] : stamp(r.records, first.operator, first.id),
  );
}

/** The word typed at a gate is short (reasons and notes have the free-text limit). */
export const GATE_MAX = 32;

/** What one bound key does at a recovery gate: type the word, Enter; nothing else gets past it. */
export function actRecovery(model: KioskModel, screen: RecoveryScreen, action: KioskAction, key: Key, at: number): Step {
  switch (action) {
    case 'type':
    case 'delete':
      return none({ ...model, screen: { ...screen, input: editField(screen.input, key, GATE_MAX) } });
    case 'logout':
      return logout(model, screen, screen.input, at);
    case 'no-escape':
      return none({ ...model, notice: 'gate-no-escape' });
    default:
      return none(model);
  }
}

/** Enter at the gate: the typed word ends the session; anything else is refused and cleared. */
export function logout(model: KioskModel, screen: SessionLike, typed: string, at: number): Step {
  const step = send(model, screen, { type: 'logout', typed, sensing: sensingOf(model) });
  const after = step.model.screen;
  if (!('session' in after) || after.session.phase !== 'ended') {
    return none({ ...model, screen: clearField(screen), notice: step.model.notice });
  }
  // The logout and what follows it (the next recovery's record) are one append.
  const next = ended(model, { ...screen, session: after.session }, at);
  return logged(next.model, [...recordsOf(step), ...recordsOf(next)]);
}

const clearField = (screen: SessionLike): SessionLike =>
  screen.name === 'recovery' ? { ...screen, input: '' } : { ...screen, prompt: { name: 'gate', input: '' } };

/** After a confirmed logout: the summary, or the next recovery gate. */
function ended(model: KioskModel, screen: SessionLike, at: number): Step {
  const s = screen.session;
  const flags = deriveFlags(s.records);
  const outcome = deriveOutcome(s.records);
  const recovered = screen.name === 'recovery';
  const summary: Summary = { id: s.id, outcome, flags, startedAt: s.startedAt, endedAt: at, recovered };
  const today = { sessions: model.today.sessions + (recovered ? 0 : 1), lastOutcome: outcome, lastFlags: flags };
  const base: KioskModel = { ...model, today };
  if (screen.name === 'recovery' && screen.queue.length > 0) return beginRecovery(base, screen.queue);
  return none({ ...base, screen: { name: 'summary', summary, at, unlock: null } });
}
