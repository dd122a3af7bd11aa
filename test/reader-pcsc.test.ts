// The card-reader edge against a real PC/SC stack: a private pcscd with the virtual reader (vpcd)
// and card (vicc), see test/helpers/pcsc.ts. When pcscd stops, the watch says `no-service` (the
// reader's own end is not said as `lost` when the whole service went).
import { afterEach, describe, expect, it } from 'vitest';
import type { ReaderState } from '../src/domain/reader.js';
import { listReaders, watchReader } from '../src/reader/pcsc.js';
import { pcscAvailable, startPcsc } from './helpers/pcsc.js';

const skip = pcscAvailable();
if (skip !== null && process.env.CI) throw new Error(`CI must run the PC/SC tests: ${skip}`);

const watches: { close(): void }[] = [];
afterEach(() => {
  for (const w of watches.splice(0)) w.close();
});

/** A watch whose states are collected, and a wait for the latest one to be `want`. */
function watch(setting: string) {
  const states: ReaderState[] = [];
  const w = watchReader(setting, (s) => states.push(s), { retryMs: 200 });
  watches.push(w);
  const until = async (want: ReaderState, timeoutMs = 5000) => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (JSON.stringify(states.at(-1)) === JSON.stringify(want)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`wanted ${JSON.stringify(want)}, saw ${JSON.stringify(states)}`);
  };
  return { states, until, close: () => w.close() };
}

describe('watchReader without a service or binding', () => {
  it("'off' says off once and never loads the binding", async () => {
    let loads = 0;
    const states: ReaderState[] = [];
    const w = watchReader('off', (s) => states.push(s), { loadBinding: async () => (loads++, null) });
    await new Promise((r) => setTimeout(r, 50));
    w.close();
    expect(states).toEqual([{ sensed: false, reason: 'off' }]);
    expect(loads).toBe(0);
  });

  it('no binding: no-binding', async () => {
    const states: ReaderState[] = [];
    const w = watchReader('auto', (s) => states.push(s), { loadBinding: async () => null });
    await new Promise((r) => setTimeout(r, 50));
    w.close();
    expect(states).toEqual([{ sensed: false, reason: 'no-binding' }]);
    expect(await listReaders(500, { loadBinding: async () => null })).toEqual({ unavailable: 'no-binding' });
  });

  it('a caller that throws does not stop the watch', async () => {
    const w = watchReader('off', () => {
      throw new Error('caller');
    });
    w.close();
  });
});

describe.skipIf(skip !== null)('watchReader against a private pcscd', () => {
  it('PCSCLITE_CSOCK_NAME names a missing socket: no-service, without throwing', async () => {
    const w = watch('auto');
    await w.until({ sensed: false, reason: 'no-service' });
    expect(await listReaders(500)).toEqual({ unavailable: 'no-service' });
  });

  it('auto: no card, insert, remove; then pcscd stops: no-service', async () => {
    const pcsc = await startPcsc();
    const w = watch('auto');
    const reader = pcsc.readerName;
    await w.until({ sensed: true, reader, card: false });
    await pcsc.insertCard();
    await w.until({ sensed: true, reader, card: true });
    await pcsc.removeCard();
    await w.until({ sensed: true, reader, card: false });
    await pcsc.stop();
    await w.until({ sensed: false, reason: 'no-service' });
    // Never the same state twice in a row.
    for (let i = 1; i < w.states.length; i++) expect(w.states[i]).not.toEqual(w.states[i - 1]);
  });

  it('a named reader that is not there: no-reader; the chosen reader gone: lost, then sensed again', async () => {
    let pcsc = await startPcsc();
    const w = watch('Virtual PCD 00 01');
    await w.until({ sensed: true, reader: 'Virtual PCD 00 01', card: false });
    const missing = watch('Card Reader That Is Not Here');
    await missing.until({ sensed: false, reason: 'no-reader' });
    // The service comes back with other readers only: the chosen one is lost until it is back.
    await pcsc.stop();
    await w.until({ sensed: false, reason: 'no-service' });
    pcsc = await startPcsc('Other PCD');
    await w.until({ sensed: false, reason: 'lost' });
    await pcsc.stop();
    pcsc = await startPcsc();
    await w.until({ sensed: true, reader: 'Virtual PCD 00 01', card: false });
    await missing.until({ sensed: false, reason: 'no-reader' });
  });

  it('listReaders lists both slots and the card', async () => {
    const pcsc = await startPcsc();
    await pcsc.insertCard();
    expect(await listReaders(2000)).toEqual({
      readers: [
        { name: pcsc.readerNames[0], card: true },
        { name: pcsc.readerNames[1], card: false },
      ],
    });
  });
});
