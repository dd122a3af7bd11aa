// The log record: one JSON object per line. The schema is the type, and the shipped JSON Schema
// (schema/log-record.schema.json) is generated from it.
import { z } from 'zod';
import { LoggedId } from './ids.js';
import { NO_CONTROLS } from './text.js';
import { SensorCondition, UnsensedReason } from './reader.js';

export const RECORD_VERSION = 1;
export const GENESIS = '0'.repeat(64);

/** ISO 8601 with an explicit offset (never a bare local time, never only "Z"-less). */
export const Timestamp = z.iso.datetime({ offset: true, local: false });

const Id = LoggedId;
/** Typed by staff: the kiosk's fields take no control characters, so a log holds none. */
const Reason = z.string().max(200).regex(NO_CONTROLS, 'no control characters');

export const Outcome = z.enum(['completed', 'interrupted', 'recovered']);
export type Outcome = z.infer<typeof Outcome>;

const Envelope = {
  v: z.literal(RECORD_VERSION),
  /** Per terminal, continuous across that terminal's files; starts at 1. */
  seq: z.int().positive(),
  ts: Timestamp,
  terminal: Id,
  operator: Id.nullable(),
  session: z.uuid().nullable(),
  /** SHA-256 (hex) of the previous record's line bytes without its newline; GENESIS for the first. */
  prev: z.string().regex(/^[0-9a-f]{64}$/),
};

const rec = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.strictObject({ ...Envelope, type: z.literal(type), payload });

export const SignInRecord = rec('sign-in', z.strictObject({}));
export const SignOutRecord = rec('sign-out', z.strictObject({}));
export const SessionStartRecord = rec(
  'session-start',
  z.strictObject({ checklist: Id, checklistVersion: z.string(), checklistSha256: z.string().regex(/^[0-9a-f]{64}$/) }),
);
/**
 * What the card reader said when a sensed item (or gate check) was confirmed: sensed, with the
 * reader and whether a card was in it; or not sensed although sensing was on (the reader gone), a
 * manual confirmation that flags the session `unsensed`.
 */
export const SensorReading = z.strictObject({
  condition: SensorCondition,
  sensed: z.boolean(),
  reader: z.string().max(200).optional(),
  card: z.boolean().optional(),
  reason: UnsensedReason.optional(),
});
export type SensorReading = z.infer<typeof SensorReading>;

export const StepRecord = rec(
  'step',
  z.strictObject({
    /** `answer`: a yes/no item was answered (`answer` says how). */
    /** `not-applicable`: an optional item that did not apply (one key; never a required item). */
    action: z.enum(['confirm', 'skip', 'back', 'answer', 'not-applicable']),
    section: Id,
    item: Id,
    required: z.boolean(),
    answer: z.enum(['yes', 'no']).optional(),
    reason: Reason.optional(),
    sensor: SensorReading.optional(),
  }),
);
export const ChecklistCompleteRecord = rec('checklist-complete', z.strictObject({}));
export const InterruptRecord = rec(
  'interrupt',
  z.strictObject({ reason: Id, note: Reason.optional(), section: Id.optional(), item: Id.optional() }),
);
/** The typed logout confirmation: the only record that ends a session. */
export const LogoutRecord = rec(
  'logout',
  z.strictObject({
    outcome: Outcome,
    gate: z.array(Id),
    /** The gate's sensed checks, as the reader said at the logout (only when sensing is on). */
    sensors: z.array(SensorReading.extend({ item: Id })).optional(),
  }),
);
/** Written at a later start for a session the kiosk left open (killed, crashed, power cut). */
export const RecoveryRecord = rec(
  'recovery',
  z.strictObject({ lastSeq: z.int().nonnegative(), lastType: z.string().max(32) }),
);
export const IdleRecord = rec('idle', z.strictObject({ idleSeconds: z.int().nonnegative() }));
/** The kiosk process is going away mid-session (SIGTERM, SIGHUP): best effort. */
export const ExitRecord = rec('exit', z.strictObject({ signal: z.string().max(16) }));
/**
 * Bytes were moved aside to `brokenFile` when the log was opened: a torn tail (a crash mid-write),
 * or records a failed write left behind that were never acknowledged (`unacknowledged`).
 */
export const RepairRecord = rec(
  'repair',
  z.strictObject({
    file: z.string().max(260),
    brokenFile: z.string().max(260),
    bytes: z.int().nonnegative(),
    cause: z.enum(['torn-tail', 'unacknowledged']).optional(),
  }),
);

/**
 * The terminal was enrolled for sealing (`seal init`): seals after it use the key whose fingerprint
 * this names (the fingerprint names the key; it does not reveal it).
 */
export const SealInitRecord = rec('seal-init', z.strictObject({ fingerprint: z.string().regex(/^[0-9a-f]{16}$/) }));
/**
 * A seal: an HMAC-SHA256 tag under the key of `epoch` over the records `from`..`to` (`hash` is the
 * line hash of `to`, which the chain ties to every line before it). The key then moves on one way.
 */
export const SealRecord = rec(
  'seal',
  z.strictObject({
    fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
    epoch: z.int().nonnegative(),
    from: z.int().positive(),
    to: z.int().positive(),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    tag: z.string().regex(/^[0-9a-f]{64}$/),
  }),
);

/**
 * A supervisor's follow-up of a session, in the supervisor's own review log (`reviews/`, never a
 * terminal's log): `session` is the reviewed session, `operator` the reviewer's staff id.
 */
export const ReviewRecord = rec('review', z.strictObject({ terminal: Id, note: Reason }));

export const LogRecord = z.discriminatedUnion('type', [
  SignInRecord,
  SignOutRecord,
  SessionStartRecord,
  StepRecord,
  ChecklistCompleteRecord,
  InterruptRecord,
  LogoutRecord,
  RecoveryRecord,
  IdleRecord,
  ExitRecord,
  RepairRecord,
  SealInitRecord,
  SealRecord,
  ReviewRecord,
]);
export type LogRecord = z.infer<typeof LogRecord>;
export type RecordType = LogRecord['type'];

/** What the kiosk asks the writer to append; the writer adds the envelope (seq, ts, prev, ...). */
export type RecordBody = { [K in LogRecord as K['type']]: { type: K['type']; payload: K['payload'] } }[RecordType];
/** The envelope fields the caller chooses: who and which session. */
export interface RecordContext {
  operator: string | null;
  session: string | null;
}
export type NewRecord = RecordBody & RecordContext;
