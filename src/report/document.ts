// The `report --format json` document (a stable contract, docs/architecture.md), as a zod schema: the contract in one place. The
// formatters import only its types (no runtime cost); tests and other tools validate against it.
import { z } from 'zod';
import { Timestamp } from '../domain/record.js';
import { Flag, SessionOutcome } from '../domain/flags.js';

const Count = z.int().nonnegative();
const Tally = z.strictObject({ sessions: Count, incomplete: Count });

/** A supervisor's follow-up of a session (the review log): when, who, what was done. */
export const ReportReview = z.strictObject({ at: Timestamp, reviewer: z.string(), note: z.string() });
export type ReportReview = z.infer<typeof ReportReview>;

/** An interrupt of the session: the checklist's reason id, and the note typed for "other" reasons. */
export const ReportInterrupt = z.strictObject({ reason: z.string(), note: z.string().optional() });
/** A skipped item: where, whether it was required, and the reason typed. */
export const ReportSkip = z.strictObject({ section: z.string(), item: z.string(), required: z.boolean(), reason: z.string().optional() });

export const ReportSession = z.strictObject({
  id: z.string(),
  terminal: z.string(),
  /** null only when no record of the session named its operator. */
  operator: z.string().nullable(),
  /** null when the session-start record was not among the logs read. */
  checklist: z.string().nullable(),
  checklistVersion: z.string().nullable(),
  /** The session-start's timestamp (else the first record seen); null when only bad lines named it. */
  startedAt: Timestamp.nullable(),
  endedAt: Timestamp.nullable(),
  outcome: SessionOutcome,
  logoutConfirmed: z.boolean(),
  flags: z.array(Flag),
  reviewed: z.boolean(),
  interrupts: z.array(ReportInterrupt),
  skips: z.array(ReportSkip),
  /** Optional items answered "not applicable" (item ids), counted apart from confirmed ones. */
  notApplicable: z.array(z.string()),
  /** Present when reviewed: every follow-up, oldest first. */
  reviews: z.array(ReportReview).optional(),
});
export type ReportSession = z.infer<typeof ReportSession>;

export const ReportSummary = z.strictObject({
  sessions: Count,
  /** Sessions whose outcome is `completed` (a completed session can still be incomplete: idle, skipped). */
  completed: Count,
  /** Sessions with any flag. */
  incomplete: Count,
  /** Every flag, 0 when no session has it. */
  byFlag: z.record(Flag, Count),
  byTerminal: z.record(z.string(), Tally),
  /** Per checklist id (`?` when the session-start was not read). */
  byChecklist: z.record(z.string(), Tally),
  /** Per local start day (`YYYY-MM-DD`), the days with sessions only. */
  byDay: z.record(z.string(), Tally),
  /** Interrupts per checklist id, per reason id. */
  interruptReasons: z.record(z.string(), z.record(z.string(), Count)),
  /** Skips of required items per checklist id, per item id. */
  requiredSkips: z.record(z.string(), z.record(z.string(), Count)),
  /** Optional items answered "not applicable", per checklist id, per item id. */
  notApplicable: z.record(z.string(), z.record(z.string(), Count)),
  /** The reasons typed for those skips, each distinct text once with its count, most given first. */
  skipReasons: z.array(z.strictObject({ checklist: z.string(), item: z.string(), reason: z.string(), count: Count })),
  /** Incomplete sessions a supervisor has followed up, and those nobody has yet. */
  followUp: z.strictObject({ reviewed: Count, unreviewed: Count }),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

export const IntegrityEntry = z.strictObject({
  file: z.string(),
  /** 1-based; 0 when the whole file could not be read. */
  line: Count,
  problem: z.string(),
});
export type IntegrityEntry = z.infer<typeof IntegrityEntry>;

export const ReportDocument = z.strictObject({
  sessions: z.array(ReportSession),
  summary: ReportSummary,
  integrity: z.array(IntegrityEntry),
});
export type ReportDocument = z.infer<typeof ReportDocument>;
