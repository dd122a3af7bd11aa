// The kiosk's hint line and help list exactly the keys that act: in every state reached by random
// keys (kiosk lock on or off, one flow or two, the log failing), every key that changes anything is
// a binding shown on screen, a key in no binding changes nothing, and every key the hint line names
// answers (it acts, or says why not).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/index.js';
import { kioskBindings } from '../src/session/kiosk-keys.js';
import { fieldOf, initialModel, update, type Key, type KioskModel, type Msg } from '../src/session/kiosk.js';
import { bindingFor, helpRows, hintLine } from '../src/tui/keymap.js';
import { everyKey, keyOf } from './helpers/every-key.js';
import { checkTestPin, conditionalChecklist, idGenerator, kioskConfig, SMALL_SHA, smallChecklist, TEST_PIN } from './helpers/fixtures.js';

/** Every key a person can press, to try in each state. */
const EVERY_KEY = everyKey('abcdefghijklmnopqrstuvwxyz0123456789 ?-', ['ｓ', '？', 'Ｙ', 'L']);

/** The model without what every key touches (the clock, the time of the last key, the notice). */
const settled = (m: KioskModel) => ({ ...m, now: 0, lastInputAt: 0, notice: null });
/** The state a key came in, for a failure's message. */
const stateName = (m: KioskModel) => (m.screen.name === 'session' ? `session/${m.screen.prompt.name}` : m.screen.name);
/** `m` signed in, in a session, with the unattended warning up. */
function idle(m: KioskModel): KioskModel {
  const env = { newId: () => 'x', checkPin: checkTestPin };
  const signed = update(m, { type: 'key', key: text('S-01'), at: 1 }, env).model;
  const ready = update(signed, { type: 'key', key: ENTER, at: 2 }, env).model;
  const inSession = update(ready, { type: 'key', key: ENTER, at: 3 }, env).model;
  const warned = update(inSession, { type: 'tick', at: 3 + m.config.idleLimitMs }, env).model;
  expect(warned.screen).toMatchObject({ name: 'session', idle: true });
  return warned;
}

const text = (t: string): Key => ({ name: 'text', text: t });
const ENTER: Key = { name: 'enter' };
const keyArb: fc.Arbitrary<Key> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EVERY_KEY) },
  // The keys of a session, more often than the rest: so that every screen is reached.
  { weight: 6, arbitrary: fc.constantFrom(ENTER, text(' '), text('y'), text('n'), text('s'), text('b'), text('i'), text('1'), text('2'), { name: 'escape' }, { name: 'backspace' }, { name: 'down' }) },
  { weight: 2, arbitrary: fc.constantFrom('logout', 'S-01', TEST_PIN, 'reason').map(text) },
);
/** Where a run starts from: the sign-in screen, Ready, or inside a session. */
const prefix = fc.constantFrom<Key[]>([], [text('S-01'), ENTER], [text('S-01'), ENTER, ENTER, ENTER]);
const scenario = fc.record({
  keys: fc
    .tuple(prefix, fc.array(fc.oneof({ weight: 12, arbitrary: keyArb.map((k) => ({ k })) }, { weight: 1, arbitrary: fc.constant({ tick: true }) }), { maxLength: 60 }))
    .map(([p, rest]) => [...p.map((k) => ({ k })), ...rest]),
  kioskLock: fc.boolean(),
  twoFlows: fc.boolean(),
  // A flow outside its validity period beside them, or every flow out of its period.
  expired: fc.constantFrom<Scenario['expired']>('none', 'one', 'all'),
  logErrorAt: fc.option(fc.nat(60), { nil: undefined }),
});

type Scenario = {
  keys: ({ k: Key } | { tick: boolean })[];
  kioskLock: boolean;
  twoFlows: boolean;
  expired: 'none' | 'one' | 'all';
  logErrorAt: number | undefined;
};

/** The runs' clock starts at 0 (1 January 1970): a period that ended in 1969 is over. */
const endedIn1969 = <F extends { checklist: object }>(f: F): F => ({ ...f, checklist: { ...f.checklist, validUntil: '1969-12-30' } });

function statesOf(s: Scenario): KioskModel[] {
  const config = kioskConfig({ checklist: conditionalChecklist, idleLimitMs: 30_000 });
  const some = s.twoFlows ? [...config.flows, { checklist: smallChecklist, sha256: SMALL_SHA }] : config.flows;
  const expired = endedIn1969({ checklist: { ...smallChecklist, id: 'expired' }, sha256: SMALL_SHA });
  const flows = s.expired === 'all' ? some.map(endedIn1969) : s.expired === 'one' ? [expired, ...some] : some;
  let model = initialModel({ ...config, flows, kioskLock: s.kioskLock }, { now: 0 });
  const env = { newId: idGenerator(), checkPin: checkTestPin };
  const states = [model];
  s.keys.forEach((step, i) => {
    const at = (i + 1) * 20_000;
    const msg: Msg = 'k' in step ? { type: 'key', key: step.k, at } : { type: 'tick', at };
    model = update(model, msg, env).model;
    // The controller sets this when a write fails; the model then offers only the retry.
    if (s.logErrorAt === i) model = { ...model, logError: 'EIO' };
    if (model.exit) return;
    states.push(model);
  });
  return states;
}

describe('kiosk keys: the screen offers exactly what acts', () => {
  it('every key that acts is shown, a key in no binding changes nothing, every hinted key answers', () => {
    const env = { newId: () => 'new-id', checkPin: checkTestPin };
    fc.assert(
      fc.property(scenario, (s) => {
        for (const model of statesOf(s)) {
          const bindings = kioskBindings(model);
          for (const key of EVERY_KEY) {
            const step = update(model, { type: 'key', key, at: model.now + 1 }, env);
            const acted = step.cmds.length > 0 || JSON.stringify(settled(step.model)) !== JSON.stringify(settled(model));
            const bound = bindingFor(bindings, key);
            if (acted) {
              expect(bound, `${JSON.stringify(key)} acts on ${stateName(model)} but no binding offers it`).toBeDefined();
              expect(bound!.show, `${JSON.stringify(key)} acts (${bound!.action}) but is shown nowhere`).not.toBe('none');
            }
            // (Any key clears the last notice, bound or not.)
            if (!bound) {
              expect(step.cmds).toEqual([]);
              expect(settled(step.model)).toEqual(settled(model));
            }
          }
          // (A field's "type here" is left out: a full field takes no more, and says nothing.)
          for (const b of bindings.filter((x) => (x.show ?? 'hint') === 'hint' && !x.keys.some((m) => 'typing' in m))) {
            const step = update(model, { type: 'key', key: keyOf(b.keys[0]!), at: model.now + 1 }, env);
            const answered =
              step.cmds.length > 0 || step.model.notice !== null || JSON.stringify(settled(step.model)) !== JSON.stringify(settled(model));
            expect(answered, `the hint offers ${b.action} on ${stateName(model)}, and it does nothing`).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  const t = translator('ja');
  const base = initialModel(kioskConfig({ checklist: smallChecklist }), { now: 0 });
  const en = translator('en');

  it('the hint lines read as the screens always said them', () => {
    expect(hintLine(kioskBindings(base), t)).toBe('スタッフIDを入力   Enter 決定   ? ヘルプ   Ctrl+C 終了');
    expect(hintLine(kioskBindings({ ...base, screen: { name: 'ready', flowPick: null, unlock: null }, operator: 'S-01' }), t)).toBe('Enter 次のセッション開始   ? ヘルプ   Ctrl+C 終了');
    const summary = { name: 'summary' as const, summary: { id: 'x', outcome: 'completed' as const, flags: [], startedAt: 0, endedAt: 1, recovered: true }, at: 0, unlock: null };
    expect(hintLine(kioskBindings({ ...base, operator: 'S-01', screen: summary }), en)).toBe('any key Ready   Ctrl+C exit');
    // After a recovered session with nobody signed in, the next screen is sign-in, and it says so.
    expect(hintLine(kioskBindings({ ...base, screen: summary }), en)).toBe('any key sign-in   Ctrl+C exit');
  });

  it('while help, the unattended warning or a log failure is up, the hint offers only what the next key does', () => {
    expect(hintLine(kioskBindings({ ...base, help: true }), t)).toBe('何かキー 閉じる');
    expect(hintLine(kioskBindings(idle(base)), t)).toBe('何かキー 操作に戻る');
    expect(hintLine(kioskBindings({ ...base, logError: 'EIO' }), t)).toBe('r 再試行');
  });

  it('? on the sign-in screen explains the sign-in keys, not the checklist keys', () => {
    const rows = helpRows(kioskBindings(base), en).map((r) => r.keys);
    expect(rows).toEqual(['type staff ID', 'Enter', '?', 'Ctrl+C', 'paste']);
    expect(rows).not.toContain('s');
  });

  it('the retry key is the model’s: it asks the controller to connect again', () => {
    const failing = { ...base, logError: 'EIO' };
    const env = { newId: () => 'x', checkPin: checkTestPin };
    expect(update(failing, { type: 'key', key: { name: 'text', text: 'Ｒ' }, at: 1 }, env).cmds).toEqual([{ type: 'reconnect' }]);
    // The field still takes what is typed meanwhile (kept for when the log works again).
    const typed = update(failing, { type: 'key', key: { name: 'text', text: 'S' }, at: 1 }, env);
    expect(fieldOf(typed.model)).toBe('S');
    expect(typed.cmds).toEqual([]);
  });
});
