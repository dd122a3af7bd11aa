// The kiosk's state as the types allow it to be: what every screen shares (the desk: who is signed
// in, today's count, the clock, a failing log), and one state per screen holding only what that
// screen has. A session screen without a session, or a PIN typed on the checklist, cannot be written.
import { validityOn, type Checklist } from '../checklist/schema.js';
import { localDay } from '../domain/day.js';
import type { NewRecord, RecordBody, StepRecord } from '../domain/record.js';
import type { z } from 'zod';
import type { Flag, SessionOutcome } from '../domain/flags.js';
import type { Refusal, Sensing, SessionState } from './session.js';
import { READER_OFF, type ReaderState } from '../domain/reader.js';
import type { Key } from '../tui/keys.js';
import type { Update } from '../tui/update.js';

export type { Key } from '../tui/keys.js';

export type Msg =
  | { type: 'key'; key: Key; at: number }
  | { type: 'tick'; at: number }
  /** The card reader's state changed (src/reader: a card in or out, the reader found or lost). */
  | { type: 'reader'; state: ReaderState; at: number };

type StepPayload = z.infer<typeof StepRecord>['payload'];

/** A session found open in this terminal's log at start (the kiosk died mid-session). */
export interface OpenSession {
  id: string;
  operator: string | null;
  checklist: Checklist;
  checklistSha256: string;
  startedAt: number;
  /** The session's last record (what its recovery record names). */
  last: { seq: number; type: string };
  /**
   * The last step it reached, for the screen (a signal's `exit` record or a recovery say nothing of
   * that): what was done (a step's action and answer, an interrupt's reason) and at which item.
   */
  reached: { type: string; section?: string; item?: string; action?: StepPayload['action']; answer?: StepPayload['answer']; reason?: string };
  records: readonly RecordBody[];
}

export interface Today {
  sessions: number;
  lastOutcome: SessionOutcome | null;
  lastFlags: Flag[];
}

/** What the log held when the kiosk (re)connected to it. */
export interface LogState {
  open: readonly OpenSession[];
  today: Today;
  /** The newest record's time (epoch ms), or null for an empty log. */
  newestAt: number | null;
}

/** A checklist the kiosk offers, with the hash of its file (recorded with every session). */
export interface Flow {
  checklist: Checklist;
  sha256: string;
}

export interface KioskConfig {
  terminal: string;
  /**
   * The enabled flows, the default first. Ready offers those valid today (`offeredFlows`); with more
   * than one, it asks which one is next.
   */
  flows: readonly Flow[];
  operatorPattern: string;
  idleLimitMs: number;
  summaryMs: number;
  /** Leaving the kiosk asks for the supervisor PIN. */
  kioskLock: boolean;
  /** Files of the city's checklist folder that could not be loaded (said on the desk screens). */
  skippedChecklists?: number;
}

export type NoticeKey =
  | Refusal
  | 'how-to-interrupt'
  | 'gate-no-escape'
  | 'operator-invalid'
  | 'operator-chars'
  | 'operator-too-short'
  | 'operator-too-long'
  | 'idle-cleared'
  | 'pin-wrong'
  | 'paste-ignored'
  | 'paste-gate'
  | 'no-valid-flow'
  /** Said once when sensing was asked for but cannot be had (no PC/SC, no binding). */
  | 'reader-unavailable'
  /** The reader was lost (unplugged, PC/SC stopped): sensed checks fall back to manual, flagged. */
  | 'reader-lost'
  | 'reader-back';

export interface Summary {
  id: string;
  outcome: SessionOutcome;
  flags: Flag[];
  startedAt: number;
  endedAt: number;
  recovered: boolean;
}

/** The supervisor PIN prompt over a desk screen (kiosk lock on, Ctrl+C): the digits typed so far. */
export type Unlock = { input: string } | null;

/** What the keys of a session do now. The gate is the session in phase `gate`: only the typed word. */
export type Prompt =
  | { name: 'item' }
  | { name: 'skip-reason'; input: string }
  | { name: 'interrupt-pick'; pick: number }
  | { name: 'interrupt-note'; pick: number; input: string }
  | { name: 'gate'; input: string };

export type SignInScreen = { name: 'signin'; input: string; unlock: Unlock };
/** Ready; `flowPick` is the highlighted flow while the picker is open (more than one flow enabled). */
export type ReadyScreen = {
  name: 'ready';
  flowPick: number | null;
  unlock: Unlock;
  /** A card was still in the reader when the last session's summary returned here (a warning until it is taken out). */
  cardLeft?: boolean;
};
export type SummaryScreen = { name: 'summary'; summary: Summary; at: number; unlock: Unlock };
/** A session; `idle` while its unattended warning is up (an `idle` record was written for the stretch). */
export type SessionScreen = { name: 'session'; session: SessionState; prompt: Prompt; idle: boolean };
/** The recovery gate of a session found open; `queue`: further open sessions, gated after this one. */
export type RecoveryScreen = {
  name: 'recovery';
  session: SessionState;
  recovering: OpenSession;
  queue: readonly OpenSession[];
  input: string;
  idle: boolean;
};

export type DeskScreen = SignInScreen | ReadyScreen | SummaryScreen;
export type KioskScreen = DeskScreen | SessionScreen | RecoveryScreen;
export type ScreenName = KioskScreen['name'];

export interface KioskModel {
  readonly config: KioskConfig;
  readonly screen: KioskScreen;
  readonly operator: string | null;
  readonly help: boolean;
  readonly notice: NoticeKey | null;
  readonly today: Today;
  readonly lastInputAt: number;
  /** The latest clock reading (keys and ticks carry it): the screens draw times from it. */
  readonly now: number;
  /** Set by the controller when the log cannot be written: nothing that needs a record advances. */
  readonly logError: string | null;
  /** Set when the operator leaves the kiosk cleanly (Ctrl+C outside a session). */
  readonly exit: boolean;
  /** The newest record's time in the log (epoch ms): a clock set back behind it is said on screen. */
  readonly newestAt: number | null;
  /** The card reader as the edge last reported it (`off` until it says otherwise). */
  readonly reader: ReaderState;
  /** A reader was sensed at some point of this run: from then on, losing it falls back to flagged manual checks. */
  readonly readerSeen: boolean;
}

export interface Env {
  newId(): string;
  /** Whether `pin` is the supervisor PIN (kiosk lock); a pure check against the stored hash. */
  checkPin(pin: string): boolean;
}

/**
 * What the kiosk asks of its controller: append these records (all or none, fsynced) before the
 * model is shown; or connect to the log again (the retry key while it cannot be written).
 */
export type KioskCmd = { type: 'log'; records: readonly NewRecord[] } | { type: 'reconnect' };

export type Step = Update<KioskModel, KioskCmd>;

export function initialModel(config: KioskConfig, opts: { now: number; today?: Today }): KioskModel {
  return {
    config,
    now: opts.now,
    screen: { name: 'signin', input: '', unlock: null },
    operator: null,
    help: false,
    notice: null,
    today: opts.today ?? { sessions: 0, lastOutcome: null, lastFlags: [] },
    lastInputAt: opts.now,
    logError: null,
    exit: false,
    newestAt: null,
    reader: READER_OFF,
    readerSeen: false,
  };
}

/**
 * How a sensed check is confirmed now. Off, or no PC/SC at all (nothing to build it with, no
 * service): by hand, exactly as without a reader. A reader sensed: its state. Sensing on but the
 * reader missing or lost (or once seen and now gone): by hand, logged as unsensed.
 */
export function sensingOf(model: Pick<KioskModel, 'reader' | 'readerSeen'>): Sensing {
  const r = model.reader;
  if (r.sensed) return { mode: 'sensed', reader: r.reader, card: r.card };
  if (r.reason === 'no-reader' || r.reason === 'lost' || (model.readerSeen && r.reason !== 'off')) return { mode: 'unsensed', reason: r.reason };
  return { mode: 'manual' };
}

/** A card is in the reader now (as sensed). */
export const cardPresent = (model: Pick<KioskModel, 'reader'>): boolean => model.reader.sensed && model.reader.card;

export const none = (model: KioskModel): Step => ({ model, cmds: [] });

/** `model`, once `records` are in the log (one append: all of them or none). */
export const logged = (model: KioskModel, records: readonly NewRecord[]): Step =>
  records.length === 0 ? none(model) : { model, cmds: [{ type: 'log', records }] };

/** The records a step appends. */
export const recordsOf = (step: Step): readonly NewRecord[] => step.cmds.flatMap((c) => (c.type === 'log' ? c.records : []));

export const stamp = (bodies: readonly RecordBody[], operator: string | null, session: string | null): NewRecord[] =>
  bodies.map((b) => ({ ...b, operator, session }) as NewRecord);

export const isDesk = (screen: KioskScreen): screen is DeskScreen =>
  screen.name === 'signin' || screen.name === 'ready' || screen.name === 'summary';

/** The session on screen (a session or its recovery gate), if any. */
export function sessionOf(model: KioskModel): SessionState | null {
  const s = model.screen;
  return s.name === 'session' || s.name === 'recovery' ? s.session : null;
}

/** The text being typed in the current state (staff id, PIN, reason, note, the gate word), or ''. */
export function fieldOf(model: KioskModel): string {
  const s = model.screen;
  if (isDesk(s) && s.unlock) return s.unlock.input;
  switch (s.name) {
    case 'signin':
    case 'recovery':
      return s.input;
    case 'session':
      return 'input' in s.prompt ? s.prompt.input : '';
    default:
      return '';
  }
}

/**
 * The flows Ready offers at the model's clock: the enabled ones whose validity period holds the
 * counter's local day (so a kiosk left running past a flow's last day stops offering it). A session
 * already started is not affected: it carries its own checklist.
 */
export function offeredFlows(model: Pick<KioskModel, 'config' | 'now'>): readonly Flow[] {
  const day = localDay(new Date(model.now));
  return model.config.flows.filter((f) => validityOn(f.checklist, day) === 'valid');
}

/** The unattended warning is up. */
export const isIdle = (model: KioskModel): boolean =>
  (model.screen.name === 'session' || model.screen.name === 'recovery') && model.screen.idle;

/** The supervisor PIN prompt is up. */
export const isUnlocking = (model: KioskModel): boolean => isDesk(model.screen) && model.screen.unlock !== null;
