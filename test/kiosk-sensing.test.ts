// Sensed items in the pure model, with scripted reader events: a sensed check is confirmed only
// while the reader shows its condition, the gate refuses logout while a card is in the reader, a
// reader lost mid-session falls back to manual checks flagged `unsensed`, and with sensing off
// nothing changes. A property: over random keys and reader events, no logout is ever logged while
// a sensed card is in the reader.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveFlags } from '../src/domain/flags.js';
import type { NewRecord } from '../src/domain/record.js';
import type { ReaderState } from '../src/domain/reader.js';
import { initialModel, recordsOf, update, type Key, type KioskModel, type Msg } from '../src/session/kiosk.js';
import { checkTestPin, happyPath, idGenerator, kioskConfig, shipped } from './helpers/fixtures.js';

const { checklist, sha256 } = shipped();
const PATH = happyPath(checklist);
const text = (t: string): Key => ({ name: 'text', text: t });
const ENTER: Key = { name: 'enter' };
const READER = 'Virtual PCD 00 00';
const card = (inReader: boolean): ReaderState => ({ sensed: true, reader: READER, card: inReader });
const LOST: ReaderState = { sensed: false, reason: 'lost' };

function kiosk() {
  const env = { newId: idGenerator(), checkPin: checkTestPin };
  let at = Date.parse('2026-12-02T10:00:00+09:00');
  let model: KioskModel = initialModel(kioskConfig({ checklist, checklistSha256: sha256 }), { now: at });
  const log: NewRecord[] = [];
  const send = (msg: { type: 'key'; key: Key } | { type: 'reader'; state: ReaderState }) => {
    at += 1000;
    const step = update(model, { ...msg, at } as Msg, env);
    log.push(...recordsOf(step));
    model = step.model;
  };
  const key = (...keys: (Key | string)[]) => {
    for (const k of keys) send({ type: 'key', key: typeof k === 'string' ? (k === '\r' ? ENTER : text(k)) : k });
  };
  const reader = (state: ReaderState) => send({ type: 'reader', state });
  return { key, reader, log, get model() { return model; } };
}

const steps = (log: readonly NewRecord[]) => log.filter((r) => r.type === 'step');

describe('sensed items', () => {
  it('the first item after the portal check is confirmed only with no card in the reader; the reading is logged', () => {
    const k = kiosk();
    k.reader(card(true));
    k.key('S-01', ENTER, ENTER, ENTER);
    expect(steps(k.log)).toHaveLength(1);
    // counter-clear is sensed: a card in the reader refuses it, with the reason on screen.
    k.key(ENTER);
    expect(steps(k.log)).toHaveLength(1);
    expect(k.model.notice).toBe('sensor-card-present');
    k.reader(card(false));
    k.key(ENTER);
    expect(steps(k.log).at(-1)?.payload).toMatchObject({ item: 'counter-clear', sensor: { condition: 'card-absent', sensed: true, reader: READER, card: false } });
  });

  it('the gate refuses logout while a card is in the reader, and takes it once the card is out', () => {
    const k = kiosk();
    k.reader(card(false));
    k.key('S-01', ENTER, ENTER);
    // The card goes in for the citizen's application mid-session, as it does at a counter.
    k.key(...PATH.slice(0, 3));
    k.reader(card(true));
    k.key(...PATH.slice(3));
    expect(k.model.screen).toMatchObject({ name: 'session', prompt: { name: 'gate' } });
    k.key('logout', ENTER);
    expect(k.log.some((r) => r.type === 'logout')).toBe(false);
    expect(k.model.notice).toBe('gate-card-present');
    k.reader(card(false));
    k.key('logout', ENTER);
    const logout = k.log.find((r) => r.type === 'logout')!;
    expect(logout.payload).toMatchObject({ sensors: [{ item: 'card-removed', condition: 'card-absent', sensed: true, card: false }] });
    expect(k.model.screen.name).toBe('summary');
    expect(deriveFlags(k.log.filter((r) => r.session === logout.session))).toEqual([]);
  });

  it('a reader lost mid-session: sensed checks become manual ones, logged unsensed and flagged', () => {
    const k = kiosk();
    k.reader(card(false));
    k.key('S-01', ENTER, ENTER, ENTER);
    k.reader(LOST);
    expect(k.model.notice).toBe('reader-lost');
    k.key(...PATH.slice(1), 'logout', ENTER);
    const session = k.log.find((r) => r.type === 'logout')!.session;
    const records = k.log.filter((r) => r.session === session);
    expect(steps(records).find((r) => (r.payload as { item: string }).item === 'counter-clear')?.payload).toMatchObject({
      sensor: { condition: 'card-absent', sensed: false, reason: 'lost' },
    });
    expect(deriveFlags(records)).toEqual(['unsensed']);
    expect(k.model.screen).toMatchObject({ name: 'summary', summary: { flags: ['unsensed'] } });
    // Back: said so, and the next check is sensed again.
    k.reader(card(false));
    expect(k.model.notice).toBe('reader-back');
  });

  it('no PC/SC at all: said once, and the kiosk works exactly as without a reader', () => {
    const k = kiosk();
    k.reader({ sensed: false, reason: 'no-service' });
    expect(k.model.notice).toBe('reader-unavailable');
    k.key('S-01', ENTER, ENTER, ...PATH, 'logout', ENTER);
    expect(k.model.screen).toMatchObject({ name: 'summary', summary: { flags: [] } });
    expect(JSON.stringify(k.log)).not.toContain('sensor');
  });

  it('sensing off (the default): no reading logged, a card never blocks anything', () => {
    const k = kiosk();
    k.key('S-01', ENTER, ENTER, ...PATH, 'logout', ENTER);
    expect(k.model.screen).toMatchObject({ name: 'summary', summary: { flags: [] } });
    expect(JSON.stringify(k.log)).not.toContain('sensor');
  });

  it('Ready: a card put in hints to start; a card left after the summary is a warning until taken out', () => {
    const k = kiosk();
    k.reader(card(false));
    k.key('S-01', ENTER);
    k.reader(card(true));
    expect(k.model.screen).toMatchObject({ name: 'ready' });
    expect('cardLeft' in k.model.screen && k.model.screen.cardLeft).toBeFalsy();
    k.reader(card(false));
    k.key(ENTER, ...PATH, 'logout', ENTER);
    expect(k.model.screen.name).toBe('summary');
    // The card goes back in the reader before the summary is gone (forgotten, or the next citizen's).
    k.reader(card(true));
    k.key(ENTER);
    expect(k.model.screen).toMatchObject({ name: 'ready', cardLeft: true });
    k.reader(card(false));
    expect(k.model.screen).toMatchObject({ name: 'ready', cardLeft: false });
  });

  it('over random keys and reader events, no logout is logged while a sensed card is in the reader', () => {
    const keyArb = fc.constantFrom<Key | string>(ENTER, ENTER, ENTER, 'y', 'n', 's', 'i', 'b', '1', '-', 'logout', 'x', { name: 'escape' }, { name: 'backspace' });
    // Whole moves as well as single keys, so that the gate is reached and tried often.
    const move = fc.constantFrom<(Key | string)[]>(['i', ENTER], ['logout', ENTER], [ENTER, ENTER], PATH);
    const event = fc.oneof(
      { weight: 6, arbitrary: keyArb.map((k) => ({ k: [k] })) },
      { weight: 4, arbitrary: move.map((k) => ({ k })) },
      { weight: 2, arbitrary: fc.constantFrom<ReaderState>(card(true), card(false), LOST, { sensed: false, reason: 'no-service' }).map((r) => ({ r })) },
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(event, { maxLength: 80 }), (startWithCard, events) => {
        const k = kiosk();
        k.reader(card(startWithCard));
        k.key('S-01', ENTER, ENTER);
        let reader: ReaderState = card(startWithCard);
        for (const e of events) {
          const before = k.log.length;
          if ('r' in e) {
            reader = e.r;
            k.reader(e.r);
          } else k.key(...e.k);
          for (const r of k.log.slice(before)) {
            if (r.type === 'logout') expect(reader.sensed && reader.card, 'logout logged with a card in the reader').toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
