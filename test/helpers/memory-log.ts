// The kiosk's log port in memory, for model and component tests: records kept as written, a switch
// to make appends (and reconnects) fail, and a reconnect that reads the records back like the real
// log does (open sessions, today's count).
import type { KioskLogPort } from '../../src/kiosk/connection.js';
import { readStartState } from '../../src/kiosk/startup.js';
import { GENESIS, type LogRecord, type NewRecord } from '../../src/domain/record.js';
import { isoWithOffset, localDay } from '../../src/log/time.js';
import type { LogState } from '../../src/session/kiosk.js';
import { shipped } from './fixtures.js';

export class MemoryLog implements KioskLogPort {
  records: NewRecord[] = [];
  /** Every append (and connect) throws this while set. */
  fail: Error | null = null;
  connects = 0;
  /** The newest record's time a connect reports (default: now, when there are records). */
  newestAt: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  connect(): LogState {
    this.connects++;
    if (this.fail) throw this.fail;
    const at = this.now();
    const logged = this.records.map(
      (r, i) => ({ v: 1, seq: i + 1, ts: isoWithOffset(new Date(at)), terminal: 'T-01', prev: GENESIS, ...r }) as LogRecord,
    );
    const start = readStartState(logged, [shipped()], shipped(), localDay(new Date(at)));
    return { ...start, newestAt: this.newestAt ?? (logged.length > 0 ? at : null) };
  }

  appendAll(records: readonly NewRecord[]): readonly LogRecord[] {
    if (this.fail) throw this.fail;
    const first = this.records.length;
    this.records.push(...records);
    return records.map((r, i) => ({ v: 1, seq: first + i + 1, ts: isoWithOffset(new Date(this.now())), terminal: 'T-01', prev: GENESIS, ...r }) as LogRecord);
  }

  close(): void {}
}
