// Scripted walks through the pure kiosk model: what the operator does at the counter.
import { describe, expect, it } from 'vitest';
import {
  beginRecovery,
  fieldOf,
  initialModel,
  isIdle,
  offeredFlows,
  recordsOf,
  sessionOf,
  signInAs,
  update,
  type Key,

  type OpenSession,
} from '../src/session/kiosk.js';
import type { NewRecord } from '../src/domain/record.js';
import { kioskBindings } from '../src/session/kiosk-keys.js';
import { checkTestPin, conditionalChecklist, idGenerator, kioskConfig, SMALL_SHA, smallChecklist } from './helpers/fixtures.js';

type Press = Key | string;

function kiosk(model = initialModel(kioskConfig(), { now: 0 })) {
  const env = { newId: idGenerator(), checkPin: checkTestPin };
  let now = model.now;
  const records: NewRecord[] = [];
  const api = {
    get model() {
      return model;
    },
    /** The screen's name, and what it holds, as the tests read them. */
    get screen() {
      return model.screen.name;
    },
    get session() {
      return sessionOf(model);
    },
    get input() {
      return fieldOf(model);
    },
    get summary() {
      return model.screen.name === 'summary' ? model.screen.summary : null;
    },
    /** What the keys of the screen do: a session's prompt, Ready's flow picker, or the screen. */
    get mode() {
      const s = model.screen;
      if (s.name === 'session') return s.prompt.name;
      if (s.name === 'ready') return s.flowPick === null ? 'ready' : 'flow-pick';
      return s.name;
    },
    get idle() {
      return isIdle(model);
    },
    get recovering() {
      return model.screen.name === 'recovery' ? model.screen.recovering : null;
    },
    records,
    press(...keys: Press[]) {
      for (const k of keys) {
        now += 1000;
        const key: Key =
          typeof k !== 'string' ? k : k === '\r' ? { name: 'enter' } : { name: 'text', text: k };
        const step = update(model, { type: 'key', key, at: now }, env);
        records.push(...recordsOf(step));
        model = step.model;
      }
      return api;
    },
    tick(ms: number) {
      now += ms;
      const step = update(model, { type: 'tick', at: now }, env);
      records.push(...recordsOf(step));
      model = step.model;
      return api;
    },
    types: () => records.map((r) => r.type),
  };
  return api;
}

const ENTER = '\r';
const esc: Key = { name: 'escape' };
const ctrlC: Key = { name: 'ctrl-c' };
const backspace: Key = { name: 'backspace' };

describe('staff IDs', () => {
  it('an ID shaped like a My Number is refused (it would be in every record); the pattern still rules the rest', () => {
    for (const id of ['123456789018', 'S-1234-5678-9018']) {
      const k = kiosk().press(id, ENTER);
      expect(k.screen).toBe('signin');
      expect(k.model.notice).toBe('text-my-number');
      expect(k.records).toEqual([]);
    }
    // 12 digits with a wrong check digit are just a number; a bad shape is the pattern's refusal.
    expect(kiosk().press('123456789017', ENTER).screen).toBe('ready');
    expect(kiosk().press('a', ENTER).model.notice).toBe('operator-too-short');
    // The shipped pattern's rule is named (too short, characters); a city's own pattern is "not its form".
    expect(kiosk().press('S 01', ENTER).model.notice).toBe('operator-chars');
    const city = initialModel(kioskConfig({ operatorPattern: '^S[0-9]{4}$' }), { now: 0 });
    expect(kiosk(city).press('S-01', ENTER).model.notice).toBe('operator-invalid');
    expect(kiosk(city).press('S0012', ENTER).screen).toBe('ready');
  });
});

describe('sign-in and Ready', () => {
  it('refuses a staff id that does not match the pattern, accepts one that does', () => {
    const k = kiosk().press('山田', ENTER);
    expect(k.model.notice).toBe('operator-chars');
    expect(k.screen).toBe('signin');
    k.press(backspace, backspace, 'S-0012', ENTER);
    expect(k.screen).toBe('ready');
    expect(k.model.operator).toBe('S-0012');
    expect(k.types()).toEqual(['sign-in']);
  });

  it('on Ready only Enter starts a session; Ctrl+C leaves cleanly with a sign-out', () => {
    const k = kiosk().press('S-01', ENTER, 's', 'i', 'b', ' ', esc, 'q');
    expect(k.screen).toBe('ready');
    k.press(ctrlC);
    expect(k.model.exit).toBe(true);
    expect(k.types()).toEqual(['sign-in', 'sign-out']);
  });

  it('--operator signs in directly, and only with a valid id', () => {
    const m = initialModel(kioskConfig(), { now: 0 });
    expect(signInAs(m, 'bad id!').model.notice).toBe('operator-chars');
    const ok = signInAs(m, 'S-01');
    expect(ok.model.screen.name).toBe('ready');
    expect(recordsOf(ok).map((r) => r.type)).toEqual(['sign-in']);
  });
});

describe('a session', () => {
  it('walks to completion and ends only after logout is typed', () => {
    const k = kiosk().press('S-01', ENTER, ENTER);
    expect(k.screen).toBe('session');
    k.press(ENTER, ' ', ENTER);
    expect(k.session?.phase).toBe('gate');
    k.press(ENTER, ENTER, ctrlC, esc);
    expect(k.screen).toBe('session');
    expect(k.model.notice).toBe('gate-no-escape');
    k.press('q', ENTER); // at the gate, q is just a letter of a wrong word
    expect(k.model.notice).toBe('gate-wrong-word');
    expect(k.input).toBe('');
    // A typo is told apart from a bare Enter: the word was wrong, not missing.
    k.press('logou', ENTER);
    expect(k.model.notice).toBe('gate-wrong-word');
    k.press(ENTER);
    expect(k.model.notice).toBe('gate-type-logout');
    k.press('log', 'out', ENTER);
    expect(k.screen).toBe('summary');
    expect(k.summary).toMatchObject({ outcome: 'completed', flags: [] });
    expect(k.types()).toEqual(['sign-in', 'session-start', 'step', 'step', 'step', 'checklist-complete', 'logout']);
    expect(k.model.today.sessions).toBe(1);
    k.press('x');
    expect(k.screen).toBe('ready');
  });

  it('Ctrl+C, q and Esc mid-session say how to interrupt and change nothing else', () => {
    const k = kiosk().press('S-01', ENTER, ENTER);
    for (const key of [ctrlC, 'q', esc]) {
      k.press(key);
      expect(k.model.notice).toBe('how-to-interrupt');
      expect(k.model.exit).toBe(false);
      expect(k.session?.cursor).toBe(0);
    }
  });

  it('skip asks a reason; a required item skipped flags the session', () => {
    const k = kiosk().press('S-01', ENTER, ENTER, 's', ENTER);
    expect(k.model.notice).toBe('reason-required');
    k.press('card at home', ENTER);
    expect(k.session?.answers).toEqual({ initial: 'skipped' });
    k.press(ENTER, ENTER, 'logout', ENTER);
    expect(k.summary?.flags).toEqual(['required-skipped']);
    const skip = k.records.find((r) => r.type === 'step' && r.payload.action === 'skip');
    expect(skip?.payload).toMatchObject({ item: 'initial', required: true, reason: 'card at home' });
  });

  it('a My Number typed as a reason is refused and never logged', () => {
    const k = kiosk().press('S-01', ENTER, ENTER, 's', '１２３４－５６７８－９０１８', ENTER);
    expect(k.model.notice).toBe('text-my-number');
    expect(JSON.stringify(k.records)).not.toMatch(/9018|９０１８/);
  });

  it('back returns one item; at the first item it says so', () => {
    const k = kiosk().press('S-01', ENTER, ENTER, 'b');
    expect(k.model.notice).toBe('at-first-item');
    k.press(ENTER, 'b');
    expect(k.session?.cursor).toBe(0);
  });

  it('interrupt: pick a reason (with a note when the reason needs one), then the gate', () => {
    const k = kiosk().press('S-01', ENTER, ENTER, 'i', { name: 'down' }, ENTER);
    expect(k.mode).toBe('interrupt-note');
    k.press(ENTER);
    expect(k.model.notice).toBe('reason-required');
    k.press('printer jam', ENTER);
    expect(k.session?.phase).toBe('gate');
    expect(k.session?.outcome).toBe('interrupted');
    k.press('ＬＯＧＯＵＴ', ENTER);
    expect(k.summary).toMatchObject({ outcome: 'interrupted', flags: ['interrupted'] });
    const interrupt = k.records.find((r) => r.type === 'interrupt');
    expect(interrupt?.payload).toEqual({ reason: 'other', note: 'printer jam', section: 'start', item: 'initial' });
  });

  it('Esc backs out of the reason prompts without interrupting', () => {
    const k = kiosk().press('S-01', ENTER, ENTER, 'i', esc);
    expect(k.mode).toBe('item');
    k.press('s', 'abc', esc);
    expect(k.mode).toBe('item');
    expect(k.types()).toEqual(['sign-in', 'session-start']);
  });

  it('help opens with ? and any key closes it without acting', () => {
    const k = kiosk().press('S-01', ENTER, ENTER, '?');
    expect(k.model.help).toBe(true);
    k.press(ENTER);
    expect(k.model.help).toBe(false);
    expect(k.session?.cursor).toBe(0);
  });

  it('the summary returns to Ready after ten seconds', () => {
    const k = kiosk().press('S-01', ENTER, ENTER, 'i', ENTER, 'logout', ENTER);
    expect(k.screen).toBe('summary');
    k.tick(5000);
    expect(k.screen).toBe('summary');
    k.tick(5000);
    expect(k.screen).toBe('ready');
  });
});

describe('yes/no items and conditions', () => {
  const conditional = () => kiosk(initialModel(kioskConfig({ checklist: conditionalChecklist }), { now: 0 }));

  it('a question takes y or n, not Enter; "no" shows the item that depends on it', () => {
    const k = conditional().press('S-01', ENTER, ENTER, ENTER, ENTER);
    expect(k.model.notice).toBe('answer-yes-no');
    k.press('n');
    expect(k.session?.answers).toMatchObject({ 'pin-ok': 'no' });
    k.press(ENTER, ENTER, 'logout', ENTER);
    const steps = k.records.filter((r) => r.type === 'step').map((r) => r.payload);
    expect(steps.map((p) => p.item)).toEqual(['initial', 'pin-ok', 'pin-reset', 'done']);
    expect(steps[1]).toMatchObject({ action: 'answer', answer: 'no' });
  });

  it('"yes" skips the dependent item; y on a plain item is refused', () => {
    const k = conditional().press('S-01', ENTER, ENTER, 'y');
    expect(k.model.notice).toBe('not-a-question');
    k.press(ENTER, 'y', ENTER, 'logout', ENTER);
    const items = k.records.filter((r) => r.type === 'step').map((r) => r.payload.item);
    expect(items).toEqual(['initial', 'pin-ok', 'done']);
    expect(k.summary?.flags).toEqual([]);
  });

  it('"-" on an optional item: not applicable, one key, logged as such; on a required item it is refused', () => {
    const k = conditional().press('S-01', ENTER, ENTER);
    k.press('-');
    expect(k.model.notice).toBe('not-optional');
    expect(k.types()).not.toContain('step');
    k.press(ENTER, 'y', '-'); // "Done" is optional
    expect(k.session?.answers).toMatchObject({ done: 'na' });
    const na = k.records.find((r) => r.type === 'step' && r.payload.action === 'not-applicable');
    expect(na?.payload).toMatchObject({ item: 'done', required: false });
    k.press('logout', ENTER);
    expect(k.summary).toMatchObject({ outcome: 'completed', flags: [] });
  });

  /** The conditional fixture with preset interrupts: on the question's "no" and on its follow-up. */
  const preset = (where: 'question' | 'follow-up') => {
    const c = structuredClone(conditionalChecklist);
    c.interruptReasons = [{ id: 'left', text: c.interruptReasons[0]!.text, note: false }, { id: 'pin-locked', text: c.interruptReasons[0]!.text, note: false }];
    c.sections[0]!.items[where === 'question' ? 1 : 2]!.thenInterrupt = 'pin-locked';
    return kiosk(initialModel(kioskConfig({ checklist: c }), { now: 0 }));
  };

  it('thenInterrupt: a question answered no opens the interrupt reasons with its reason chosen; Enter interrupts', () => {
    const k = preset('question').press('S-01', ENTER, ENTER, ENTER, 'n');
    expect(k.mode).toBe('interrupt-pick');
    expect(k.model.screen).toMatchObject({ prompt: { name: 'interrupt-pick', pick: 1 } });
    k.press(ENTER);
    expect(k.session?.phase).toBe('gate');
    expect(k.records.find((r) => r.type === 'interrupt')?.payload).toMatchObject({ reason: 'pin-locked' });
    // Answered yes, the question walks on as before.
    const yes = preset('question').press('S-01', ENTER, ENTER, ENTER, 'y');
    expect(yes.mode).toBe('item');
  });

  it('thenInterrupt on a check item: confirmed, the reasons open; Esc walks on, and nothing was interrupted', () => {
    const k = preset('follow-up').press('S-01', ENTER, ENTER, ENTER, 'n');
    expect(k.mode).toBe('item');
    k.press(ENTER);
    expect(k.mode).toBe('interrupt-pick');
    k.press(esc);
    expect(k.mode).toBe('item');
    k.press(ENTER, 'logout', ENTER);
    expect(k.types()).not.toContain('interrupt');
    expect(k.summary?.outcome).toBe('completed');
  });
});

describe('choosing the flow', () => {
  const two = () =>
    kiosk(
      initialModel(
        kioskConfig({
          flows: [
            { checklist: smallChecklist, sha256: SMALL_SHA },
            { checklist: conditionalChecklist, sha256: 'b'.repeat(64) },
          ],
        }),
        { now: 0 },
      ),
    );

  it('with several flows, Enter on Ready asks which one; the session records its checklist and hash', () => {
    const k = two().press('S-01', ENTER, ENTER);
    expect(k.screen).toBe('ready');
    expect(k.mode).toBe('flow-pick');
    k.press({ name: 'down' }, ENTER);
    expect(k.session?.checklist.id).toBe('conditional');
    const start = k.records.find((r) => r.type === 'session-start');
    expect(start?.payload).toEqual({ checklist: 'conditional', checklistVersion: '1.0.0', checklistSha256: 'b'.repeat(64) });
  });

  it('a number picks, Esc goes back to Ready without starting anything', () => {
    const k = two().press('S-01', ENTER, ENTER, '2', esc);
    expect(k.mode).toBe('ready');
    expect(k.types()).toEqual(['sign-in']);
    k.press(ENTER, '2', ENTER);
    expect(k.session?.checklist.id).toBe('conditional');
  });

  it('with one flow, Enter starts it directly', () => {
    const k = kiosk().press('S-01', ENTER, ENTER);
    expect(k.screen).toBe('session');
  });
});

describe('the validity period at Ready', () => {
  // Local wall times (the period is the counter's local day), whatever the machine's time zone.
  const at = (y: number, m: number, d: number, h = 12, min = 0, s = 0) => new Date(y, m - 1, d, h, min, s).getTime();
  const withPeriod = (c: typeof smallChecklist, id: string, validFrom?: string, validUntil?: string) => ({
    checklist: { ...c, id, ...(validFrom ? { validFrom } : {}), ...(validUntil ? { validUntil } : {}) },
    sha256: SMALL_SHA,
  });
  const start = (flows: ReturnType<typeof withPeriod>[], now: number) =>
    kiosk(initialModel(kioskConfig({ flows }), { now })).press('S-01', ENTER);

  it('an expired or not-yet-valid flow is not offered: the picker lists the valid ones, and one valid flow starts directly', () => {
    const flows = [
      withPeriod(smallChecklist, 'ended', undefined, '2027-03-31'),
      withPeriod(smallChecklist, 'current', '2027-04-01', '2028-03-31'),
      withPeriod(conditionalChecklist, 'later', '2028-04-01'),
    ];
    const k = start(flows, at(2027, 4, 1, 9));
    expect(offeredFlows(k.model).map((f) => f.checklist.id)).toEqual(['current']);
    k.press(ENTER);
    expect(k.session?.checklist.id).toBe('current');
    const both = start([flows[0]!, flows[1]!, withPeriod(conditionalChecklist, 'open')], at(2027, 3, 31, 9));
    both.press(ENTER);
    expect(both.mode).toBe('flow-pick');
    expect(offeredFlows(both.model).map((f) => f.checklist.id)).toEqual(['ended', 'open']);
    both.press('2', ENTER);
    expect(both.session?.checklist.id).toBe('open');
  });

  it('judged at the key, by the model clock: a kiosk running past midnight stops offering a flow whose last day was yesterday', () => {
    const flows = [withPeriod(smallChecklist, 'ends-today', undefined, '2027-03-31'), withPeriod(conditionalChecklist, 'no-end')];
    const k = start(flows, at(2027, 3, 31, 23, 59, 50));
    expect(offeredFlows(k.model)).toHaveLength(2);
    k.tick(20_000); // 00:00:12 on 1 April
    expect(offeredFlows(k.model).map((f) => f.checklist.id)).toEqual(['no-end']);
    k.press(ENTER);
    expect(k.session?.checklist.id).toBe('no-end');
  });

  it('a picker opened before midnight never starts the flow that expired at midnight', () => {
    const flows = [withPeriod(conditionalChecklist, 'no-end'), withPeriod(smallChecklist, 'ends-today', undefined, '2027-03-31')];
    const k = start(flows, at(2027, 3, 31, 23, 59, 55)).press(ENTER, { name: 'down' });
    expect(k.mode).toBe('flow-pick');
    k.tick(10_000).press(ENTER);
    expect(k.session).toBeNull();
    expect(k.mode).toBe('ready');
    expect(k.model.notice).toBe('no-valid-flow');
    expect(k.types()).toEqual(['sign-in']);
  });

  it('with no valid flow, Enter starts nothing and says why; Enter is not offered on the hint line', () => {
    const k = start([withPeriod(smallChecklist, 'ended', undefined, '2027-03-31')], at(2027, 4, 1));
    k.press(ENTER);
    expect(k.screen).toBe('ready');
    expect(k.model.notice).toBe('no-valid-flow');
    expect(k.types()).toEqual(['sign-in']);
    expect(kioskBindings(k.model).find((b) => b.action === 'start')?.show).toBe('none');
  });

  it('a session already started continues past the last day, through its gate', () => {
    const k = start([withPeriod(smallChecklist, 'ends-today', undefined, '2027-03-31')], at(2027, 3, 31, 23, 59, 0)).press(ENTER);
    k.tick(120_000).press(ENTER, ENTER, ENTER, 'logout', ENTER);
    expect(k.summary?.outcome).toBe('completed');
    expect(k.types()).toContain('logout');
  });
});

describe('recovery', () => {
  const open = (id: string): OpenSession => ({
    id,
    operator: 'S-09',
    checklist: smallChecklist,
    checklistSha256: SMALL_SHA,
    startedAt: 0,
    last: { seq: 7, type: 'step' },
    reached: { type: 'step', section: 'start', item: 'initial' },
    records: [{ type: 'session-start', payload: { checklist: 'small', checklistVersion: '1.0.0', checklistSha256: SMALL_SHA } }],
  });

  function recovering(...ids: string[]): ReturnType<typeof kiosk> {
    const step = beginRecovery(initialModel(kioskConfig(), { now: 0 }), ids.map(open));
    const k = kiosk(step.model);
    k.records.push(...recordsOf(step));
    return k;
  }

  it('shows each unfinished session first and requires its gate before sign-in', () => {
    const k = recovering('00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b');
    expect(k.screen).toBe('recovery');
    k.press(ENTER, 'S-01', ENTER);
    expect(k.screen).toBe('recovery');
    k.press(backspace, backspace, backspace, backspace, backspace, 'logout', ENTER);
    expect(k.screen).toBe('recovery');
    expect(k.recovering?.id).toBe('00000000-0000-4000-8000-00000000000b');
    k.press('logout', ENTER);
    expect(k.screen).toBe('summary');
    expect(k.summary).toMatchObject({ outcome: 'recovered', recovered: true });
    expect(k.summary?.flags).toEqual(['unclean-exit']);
    k.press(ENTER);
    expect(k.screen).toBe('signin');
    expect(k.types()).toEqual(['recovery', 'logout', 'recovery', 'logout']);
    expect(k.records.every((r) => r.operator === 'S-09')).toBe(true);
  });

  it('--operator during recovery signs in but keeps the gate first', () => {
    const step = beginRecovery(initialModel(kioskConfig(), { now: 0 }), [open('00000000-0000-4000-8000-00000000000a')]);
    const signed = signInAs(step.model, 'S-01');
    expect(signed.model.screen.name).toBe('recovery');
    const k = kiosk(signed.model).press('logout', ENTER, ENTER);
    expect(k.screen).toBe('ready');
  });
});

describe('idle', () => {
  it('warns and logs once when a session sits unattended past the limit', () => {
    const k = kiosk(initialModel(kioskConfig({ idleLimitMs: 60_000 }), { now: 0 })).press('S-01', ENTER, ENTER);
    k.tick(59_000);
    expect(k.idle).toBe(false);
    k.tick(2_000);
    expect(k.idle).toBe(true);
    k.tick(60_000);
    expect(k.types().filter((t) => t === 'idle')).toHaveLength(1);
    k.press(ENTER);
    expect(k.idle).toBe(false);
    expect(k.model.notice).toBe('idle-cleared');
    expect(k.session?.cursor).toBe(0);
  });

  it('does not count time on Ready as idle', () => {
    const k = kiosk(initialModel(kioskConfig({ idleLimitMs: 60_000 }), { now: 0 })).press('S-01', ENTER).tick(600_000);
    expect(k.types()).toEqual(['sign-in']);
  });
});

