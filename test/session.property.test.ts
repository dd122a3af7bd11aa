// The safety property (docs/architecture.md) over arbitrary event and key sequences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveFlags, type Flag } from '../src/domain/flags.js';
import { fieldOf, initialModel, recordsOf, sessionOf, update as kioskUpdate, type Key, type KioskModel, type Msg } from '../src/session/kiosk.js';
import { currentItem, isLogoutWord, isShown, startSession, update, type SessionEvent } from '../src/session/session.js';
import type { NewRecord } from '../src/domain/record.js';
import { checkTestPin, conditionalChecklist, idGenerator, kioskConfig, shipped, SMALL_SHA, smallChecklist } from './helpers/fixtures.js';

const RUNS = { numRuns: 400 };

const nearMisses = ['', ' ', 'log out', 'logou', 'logoutt', 'login', 'ログアウト', 'yes', '\n', 'logout!'];
const typedWord = fc.oneof(
  fc.constantFrom('logout', 'LOGOUT', 'LogOut', 'ｌｏｇｏｕｔ', 'ＬＯＧＯＵＴ', '  logout  '),
  fc.constantFrom(...nearMisses),
  fc.string({ maxLength: 8 }),
);

const sessionEvent: fc.Arbitrary<SessionEvent> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ type: 'confirm' as const }) },
  { weight: 2, arbitrary: fc.constantFrom('', '  ', 'citizen asked', '123456789018').map((reason) => ({ type: 'skip' as const, reason })) },
  { weight: 2, arbitrary: fc.constant({ type: 'back' as const }) },
  { weight: 2, arbitrary: fc.constantFrom('yes' as const, 'no' as const).map((value) => ({ type: 'answer' as const, value })) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('interrupt' as const), reason: fc.constantFrom('left', 'other', 'nope'), note: fc.option(fc.constantFrom('', 'power cut'), { nil: undefined }) }) },
  { weight: 3, arbitrary: typedWord.map((typed) => ({ type: 'logout' as const, typed })) },
  { weight: 1, arbitrary: fc.constant({ type: 'end' as const }) },
);

function run(events: SessionEvent[], checklist = smallChecklist) {
  let { state } = startSession(checklist, SMALL_SHA, 'sess', 0);
  const accepted: SessionEvent[] = [];
  for (const e of events) {
    const r = update(state, e);
    if (!r.refused) accepted.push(e);
    else expect(r.state).toBe(state); // a refusal changes nothing
    if (r.refused) expect(r.records).toEqual([]);
    state = r.state;
  }
  return { state, accepted };
}

describe('session core', () => {
  it('ends only through a typed logout at the gate; `end` is always refused', () => {
    fc.assert(
      fc.property(fc.array(sessionEvent, { maxLength: 40, size: 'max' }), (events) => {
        const { state, accepted } = run(events);
        const loggedOut = accepted.filter((e) => e.type === 'logout');
        expect(accepted.some((e) => e.type === 'end')).toBe(false);
        if (state.phase === 'ended') {
          expect(loggedOut).toHaveLength(1);
          expect(isLogoutWord((loggedOut[0] as { typed: string }).typed)).toBe(true);
          expect(state.records.at(-1)?.type).toBe('logout');
        } else {
          expect(loggedOut).toHaveLength(0);
          expect(state.records.some((r) => r.type === 'logout')).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('a stray Enter (empty or wrong word) never passes the gate, however often', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...nearMisses), { minLength: 1, maxLength: 30 }), (words) => {
        let { state } = startSession(smallChecklist, SMALL_SHA, 's', 0);
        state = update(state, { type: 'interrupt', reason: 'left' }).state;
        expect(state.phase).toBe('gate');
        for (const typed of words) {
          const r = update(state, { type: 'logout', typed });
          // A bare Enter asks for the word; anything else typed is told it was not the word.
          expect(r.refused).toBe(typed.trim() === '' ? 'gate-type-logout' : 'gate-wrong-word');
          state = r.state;
        }
        expect(state.phase).toBe('gate');
      }),
      RUNS,
    );
  });

  it('derives flags that match the accepted events', () => {
    fc.assert(
      fc.property(fc.array(sessionEvent, { maxLength: 40, size: 'max' }), (events) => {
        const { state, accepted } = run(events);
        // An independent model of what the flags must be.
        const last = new Map<string, 'confirm' | 'skip'>();
        let cursor = 0;
        const items = smallChecklist.sections.flatMap((s) => s.items);
        for (const e of accepted) {
          if (e.type === 'confirm' || e.type === 'skip') last.set(items[cursor++]!.id, e.type);
          if (e.type === 'back') cursor -= 1;
        }
        const expected: Flag[] = [];
        if (state.phase !== 'ended') expected.push('no-logout');
        if (accepted.some((e) => e.type === 'interrupt')) expected.push('interrupted');
        if (items.some((i) => i.required && last.get(i.id) === 'skip')) expected.push('required-skipped');
        expect(deriveFlags(state.records)).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('conditions: the cursor is always on a shown item, hidden items are never answered, completion answers every shown one', () => {
    const items = conditionalChecklist.sections.flatMap((s) => s.items);
    fc.assert(
      fc.property(fc.array(sessionEvent, { maxLength: 40, size: 'max' }), (events) => {
        let { state } = startSession(conditionalChecklist, SMALL_SHA, 's', 0);
        for (const e of events) {
          const before = state;
          const r = update(state, e);
          state = r.state;
          for (const rec of r.records) {
            if (rec.type === 'step' && rec.payload.action !== 'back') {
              const it = items.find((i) => i.id === rec.payload.item)!;
              expect(isShown(before, it)).toBe(true);
              if (rec.payload.action === 'answer') expect(it.kind).toBe('yesno');
              if (rec.payload.action === 'confirm') expect(it.kind).toBe('check');
            }
          }
          const here = items[state.cursor];
          if (here) expect(isShown(state, here)).toBe(true);
          if (state.phase !== 'items' && state.outcome === 'completed') {
            for (const it of items) if (isShown(state, it)) expect(state.answers[it.id]).toBeDefined();
          }
        }
      }),
      RUNS,
    );
    // The condition really switches: "no" shows the reset item, "yes" hides it.
    const walk = (value: 'yes' | 'no') => {
      let { state } = startSession(conditionalChecklist, SMALL_SHA, 's', 0);
      for (const e of [{ type: 'confirm' }, { type: 'answer', value }] as SessionEvent[]) state = update(state, e).state;
      return currentItem(state)?.item.id;
    };
    expect(walk('no')).toBe('pin-reset');
    expect(walk('yes')).toBe('done');
  });

  it('never logs a reason that carries a My Number', () => {
    const { state } = startSession(smallChecklist, SMALL_SHA, 's', 0);
    expect(update(state, { type: 'skip', reason: 'number 1234 5678 9018' }).refused).toBe('text-my-number');
    const at = update(state, { type: 'interrupt', reason: 'other', note: '１２３４５６７８９０１８' });
    expect(at.refused).toBe('text-my-number');
  });
});

// ---- The whole kiosk, driven by keys -------------------------------------------------------------

const key: fc.Arbitrary<Key> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Key>({ name: 'enter' }) },
  { weight: 3, arbitrary: fc.constantFrom<Key>({ name: 'escape' }, { name: 'ctrl-c' }, { name: 'backspace' }, { name: 'up' }, { name: 'down' }, { name: 'other' }) },
  { weight: 6, arbitrary: fc.constantFrom(' ', 's', 'b', 'i', 'q', '?', '1', '2', 'r', 'x', 'ｓ', 'y', 'n').map((text): Key => ({ name: 'text', text })) },
  { weight: 2, arbitrary: fc.constantFrom('logout', 'LOGOUT', 'ｌｏｇｏｕｔ', 'log', 'out', 'S-01', 'reason').map((text): Key => ({ name: 'text', text })) },
  // Bracketed pastes, newlines and all: data for a field at most, never keys.
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('reason one\r\r\r\r', '1234\r5678\r9018', 'logout\r', '\r', ' \r s b i\r', 'S-01\r\r')
      .map((text): Key => ({ name: 'paste', text })),
  },
);
const press = (k: Key) => (at: number): Msg => ({ type: 'key', key: k, at });
const single: fc.Arbitrary<readonly ((at: number) => Msg)[]> = fc.oneof(
  { weight: 12, arbitrary: key.map((k) => [press(k)]) },
  { weight: 1, arbitrary: fc.constant([(at: number): Msg => ({ type: 'tick', at })]) },
  // Interrupt with the first reason; clear a field: shortcuts to the gate and to a clean input.
  { weight: 1, arbitrary: fc.constant([press({ name: 'text', text: 'i' }), press({ name: 'enter' })]) },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 8 }, () => press({ name: 'backspace' }))) },
  // A word typed then Enter: how the gate is really passed (or nearly passed).
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('logout', 'ＬＯＧＯＵＴ', 'logou', 'login', '')
      .map((w) => [press({ name: 'text', text: w }), press({ name: 'enter' })]),
  },
);
const msgs = (maxLength: number) => fc.array(single, { maxLength, size: 'max' }).map((chunks) => chunks.flat());

interface Trace {
  records: NewRecord[];
  models: KioskModel[];
}

function drive(msgs: ((at: number) => Msg)[], stepMs: number, checklist = smallChecklist, twoFlows = false): Trace {
  const env = { newId: idGenerator(), checkPin: checkTestPin };
  const config = kioskConfig({ checklist, idleLimitMs: 60_000 });
  const flows = twoFlows ? [...config.flows, { checklist: conditionalChecklist, sha256: SMALL_SHA }] : config.flows;
  let model = initialModel({ ...config, flows }, { now: 0 });
  const trace: Trace = { records: [], models: [model] };
  msgs.forEach((m, i) => {
    const msg = m((i + 1) * stepMs);
    const step = kioskUpdate(model, msg, env);
    check(model, step.model, [...recordsOf(step)]);
    // A paste never confirms, submits or starts anything: it logs nothing at all.
    if (msg.type === 'key' && msg.key.name === 'paste') expect(step.cmds).toEqual([]);
    trace.records.push(...recordsOf(step));
    model = step.model;
    trace.models.push(model);
  });
  return trace;
}

/** Invariants of one transition. */
function check(before: KioskModel, after: KioskModel, records: NewRecord[]) {
  const typed = fieldOf(before);
  const was = sessionOf(before);
  for (const r of records) {
    if (r.type === 'session-start') {
      // A new session starts only when none is open.
      expect(was).toBeNull();
      expect(before.screen.name).toBe('ready');
    }
    if (r.type === 'logout') {
      // Logout is logged only for the typed word, at the gate, with Enter.
      expect(was?.phase).toBe('gate');
      expect(isLogoutWord(typed)).toBe(true);
    }
  }
  // An open session is left only through its logout record.
  if (was && sessionOf(after)?.id !== was.id) {
    expect(records.some((r) => r.type === 'logout' && r.session === was.id)).toBe(true);
  }
  // The kiosk never exits with a session open.
  if (after.exit) expect(sessionOf(after)).toBeNull();
}

/** The record stream alternates: start, ..., logout, start, ..., logout. */
function expectBalanced(records: NewRecord[]) {
  let open: string | null = null;
  for (const r of records) {
    if (r.type === 'session-start') {
      expect(open).toBeNull();
      open = r.session;
    } else if (r.session !== null) {
      expect(r.session).toBe(open);
      if (r.type === 'logout') open = null;
    }
  }
}

describe('kiosk model', () => {
  const signedIn = [(at: number): Msg => ({ type: 'key', key: { name: 'text', text: 'S-01' }, at }), (at: number): Msg => ({ type: 'key', key: { name: 'enter' }, at })];

  it('no key sequence starts a session while one is open, or leaves one without logout', () => {
    const seen = { logouts: 0, starts: 0, idle: 0 };
    fc.assert(
      fc.property(msgs(120), fc.integer({ min: 100, max: 90_000 }), (list, stepMs) => {
        const { records } = drive([...signedIn, ...list], stepMs);
        expectBalanced(records);
        for (const r of records) {
          if (r.type === 'logout') seen.logouts++;
          if (r.type === 'session-start') seen.starts++;
          if (r.type === 'idle') seen.idle++;
        }
      }),
      { numRuns: 300 },
    );
    // The generator must reach the interesting places, or the property proves nothing.
    expect(seen.starts).toBeGreaterThan(300);
    expect(seen.logouts).toBeGreaterThan(150);
    expect(seen.idle).toBeGreaterThan(50);
  });

  it('the same holds with two flows to choose from (questions and conditions included)', () => {
    fc.assert(
      fc.property(msgs(120), (list) => {
        expectBalanced(drive([...signedIn, ...list], 1000, smallChecklist, true).records);
      }),
      { numRuns: 200 },
    );
  });

  it('the same holds on the shipped checklist', () => {
    const { checklist } = shipped();
    fc.assert(
      fc.property(msgs(160), (list) => {
        expectBalanced(drive([...signedIn, ...list], 1000, checklist).records);
      }),
      { numRuns: 100 },
    );
  });

  it('Enter alone, pressed any number of times, never confirms logout', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.constantFrom('enter', 'space'), (n, which) => {
        const press = (at: number): Msg =>
          which === 'enter' ? { type: 'key', key: { name: 'enter' }, at } : { type: 'key', key: { name: 'text', text: ' ' }, at };
        const { records, models } = drive([...signedIn, ...Array.from({ length: n }, () => press)], 1000);
        expect(records.some((r) => r.type === 'logout')).toBe(false);
        const last = models.at(-1)!;
        if (records.some((r) => r.type === 'session-start')) expect(sessionOf(last)).not.toBeNull();
      }),
      { numRuns: 100 },
    );
  });
});
