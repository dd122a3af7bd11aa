// The kiosk's hold on its terminal log: the one-kiosk lock, the writer, and what the log says at
// each (re)connect — the sessions left open and today's count. The kiosk connects at start and
// again at every retry after a failure, through the same code: a retry re-reads the log, so a
// session found open there is gated first, whatever happened before.
import path from 'node:path';
import type { LoadedChecklist } from '../checklist/schema.js';
import type { LogFs } from '../log/fs.js';
import { acquireLock, type Lock, type ProcessFacts } from '../log/lock.js';
import type { LogRecord, NewRecord } from '../domain/record.js';
import { localDay } from '../log/time.js';
import { LogWriteError, openLog, type Acknowledged, type LogWriter, type RepairPayload } from '../log/writer.js';
import type { TerminalKey } from '../seal/state.js';
import type { LogState } from '../session/kiosk.js';
import { readStartState } from './startup.js';

/** The controller's view of the log: connect (or reconnect), then append steps. */
export interface KioskLogPort {
  /** Take the lock if not held, open the log (repairing it), read its state. Throws when it cannot. */
  connect(): LogState;
  /** Append one step's records durably, all or none, and return them as written. Throws when the log fails. */
  appendAll(records: readonly NewRecord[]): readonly LogRecord[];
  close(): void;
}

export interface KioskLogOptions {
  dir: string;
  terminal: string;
  io: LogFs;
  now: () => Date;
  proc?: ProcessFacts;
  checklists: readonly LoadedChecklist[];
  /** The checklist used for an open session whose own checklist is not installed. */
  fallback: LoadedChecklist;
  /** The terminal's seal key store (sealing is on when it holds a key). */
  seal?: TerminalKey;
}

export class KioskLog implements KioskLogPort {
  private lock: Lock | null = null;
  private writer: LogWriter | null = null;
  /** After a failure: where the failed writer stood, and repairs still to be recorded. */
  private acknowledged: Acknowledged | undefined;
  private carry: readonly RepairPayload[] = [];

  constructor(private readonly opts: KioskLogOptions) {}

  connect(): LogState {
    const { opts } = this;
    this.dropWriter();
    if (!this.lock?.held()) {
      this.lock = null;
      this.lock = acquireLock(path.join(opts.dir, opts.terminal), { io: opts.io, now: opts.now, ...(opts.proc ? { proc: opts.proc } : {}) });
    }
    const lock = this.lock;
    try {
      this.writer = openLog({
        dir: opts.dir,
        terminal: opts.terminal,
        io: opts.io,
        now: opts.now,
        holdsLock: () => lock.held(),
        lockFile: lock.file,
        ...(this.acknowledged ? { acknowledged: this.acknowledged } : {}),
        ...(opts.seal ? { seal: opts.seal } : {}),
        carry: this.carry,
      });
    } catch (e) {
      if (e instanceof LogWriteError) this.carry = e.carry;
      throw e;
    }
    this.acknowledged = undefined;
    this.carry = [];
    const start = readStartState(this.writer.records(), opts.checklists, opts.fallback, localDay(opts.now()));
    return { ...start, newestAt: this.writer.newestAt };
  }

  appendAll(records: readonly NewRecord[]): readonly LogRecord[] {
    const writer = this.writer;
    if (!writer) throw new LogWriteError('failed', 'ECLOSED', path.join(this.opts.dir, this.opts.terminal));
    try {
      return writer.appendAll(records);
    } catch (e) {
      // A failed writer is never used again; the next connect moves aside what it left unacknowledged.
      if (writer.failure) {
        this.acknowledged = writer.acknowledged;
        this.dropWriter();
      }
      throw e;
    }
  }

  private dropWriter(): void {
    const w = this.writer;
    this.writer = null;
    try {
      w?.close();
    } catch {
      // a failed writer's close cannot lose acknowledged records
    }
  }

  close(): void {
    this.dropWriter();
    this.lock?.release();
    this.lock = null;
  }
}
