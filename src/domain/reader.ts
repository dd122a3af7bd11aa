// What the kiosk knows of the card reader: the one message shape the PC/SC edge (src/reader) sends
// into the pure model, like keys and ticks. The model never talks to the reader; it only folds these.
import { z } from 'zod';

/** What a checklist item can ask the reader: no card in it, or a card in it. */
export const SENSOR_CONDITIONS = ['card-absent', 'card-present'] as const;
export const SensorCondition = z.enum(SENSOR_CONDITIONS);
export type SensorCondition = z.infer<typeof SensorCondition>;

/** Why the reader is not sensed: sensing switched off, no binding built, no PC/SC service, no reader, or the reader gone. */
export const UnsensedReason = z.enum(['off', 'no-binding', 'no-service', 'no-reader', 'lost']);
export type UnsensedReason = z.infer<typeof UnsensedReason>;

export const ReaderState = z.discriminatedUnion('sensed', [
  z.strictObject({ sensed: z.literal(false), reason: UnsensedReason }),
  /** A reader is watched: its PC/SC name and whether a card is in it now. */
  z.strictObject({ sensed: z.literal(true), reader: z.string().min(1).max(200), card: z.boolean() }),
]);
export type ReaderState = z.infer<typeof ReaderState>;

/** Before the edge has said anything, and whenever sensing is off. */
export const READER_OFF: ReaderState = { sensed: false, reason: 'off' };

/** The `cardReader` setting: `off` (default), `auto` (the first reader seen), or one reader's PC/SC name. */
export const CardReaderSetting = z.union([z.literal('off'), z.literal('auto'), z.string().min(1).max(200)]);
export type CardReaderSetting = z.infer<typeof CardReaderSetting>;
