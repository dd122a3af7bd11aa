// What a session screen and a recovery gate share: feeding the session machine, and records
// stamped with the session and the operator it belongs to.
import type { RecordBody } from '../domain/record.js';
import { logged, none, stamp, type KioskModel, type RecoveryScreen, type SessionScreen, type Step } from './kiosk-model.js';
import { update as updateSession, type SessionEvent, type SessionState } from './session.js';

export type SessionLike = SessionScreen | RecoveryScreen;

/** Whose session it is: a recovered one keeps the operator it was begun by. */
export const operatorOf = (model: KioskModel, screen: SessionLike): string | null =>
  screen.name === 'recovery' ? screen.recovering.operator : model.operator;

/**
 * Feed `event` to the session machine; a refusal becomes the notice on screen. `next` makes the
 * screen that shows the new session state (by default the same screen with it).
 */
export function send<S extends SessionLike>(
  model: KioskModel,
  screen: S,
  event: SessionEvent,
  next: (session: SessionState) => S = (session) => ({ ...screen, session }),
): Step {
  const r = updateSession(screen.session, event);
  if (r.refused) return none({ ...model, notice: r.refused });
  return logged({ ...model, screen: next(r.state) }, stamp(r.records, operatorOf(model, screen), screen.session.id));
}

/** Append records to the open session that are not events of the session machine (idle). */
export function append(model: KioskModel, screen: SessionLike, bodies: RecordBody[], next: SessionLike): Step {
  return logged({ ...model, screen: next }, stamp(bodies, operatorOf(model, screen), screen.session.id));
}

export const withRecords = (session: SessionState, bodies: readonly RecordBody[]): SessionState => ({
  ...session,
  records: [...session.records, ...bodies],
});
