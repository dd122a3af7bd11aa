// Component tests: the kiosk screens drawn by Ink from the model, driven by keys through the
// controller. Renders and key writes are wrapped in act() so every frame is deterministic.
import { render } from 'ink-testing-library';
import { act } from 'react';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskController } from '../src/kiosk/controller.js';
import { MemoryLog } from './helpers/memory-log.js';
import { initialModel, type KioskConfig } from '../src/session/kiosk.js';
import { KioskApp } from '../src/ui/app.js';
import { makeUi } from '../src/ui/context.js';
import { resizeTo } from './helpers/ink-size.js';
import { itemWindow } from '../src/ui/screens/session.js';
import fc from 'fast-check';
import type { Locale } from '../src/checklist/schema.js';
import { checkTestPin, conditionalChecklist, happyPath, idGenerator, kioskConfig, shipped } from './helpers/fixtures.js';

const PATH = happyPath(shipped().checklist);

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ENTER = '\r';
const ESC = '\u001b';
const CTRL_C = '\u0003';
const BACKSPACE = '\u007f';


let cleanup: (() => void) | null = null;
afterEach(async () => {
  await act(async () => cleanup?.());
  cleanup = null;
});

const shippedFlow = () => {
  const { checklist, sha256 } = shipped();
  return { checklist, sha256 };
};

/** `prior`: the log of a kiosk before this one (a restart finds what it left open). */
async function mount(locale: Locale = 'ja', config: Partial<KioskConfig> = {}, prior?: MemoryLog) {
  const { checklist, sha256 } = shipped();
  const sink = prior ?? new MemoryLog(() => clock);
  let clock = Date.parse('2026-11-27T10:00:00+09:00');
  const controller = new KioskController({
    model: initialModel(kioskConfig({ checklist, checklistSha256: sha256, ...config }), { now: clock }),
    log: sink,
    now: () => (clock += 1000),
    newId: idGenerator(),
    checkPin: checkTestPin,
    describe: (e) => (e as Error).message,
  });
  controller.start();
  let r!: ReturnType<typeof render>;
  await act(async () => {
    r = render(<KioskApp store={controller} ui={makeUi(locale, false)} />);
  });
  await act(async () => resizeTo(r, 80, 24));
  cleanup = () => r.unmount();
  const type = async (...keys: string[]) => {
    for (const k of keys) await act(async () => void r.stdin.write(k));
  };
  const frame = () => r.lastFrame() ?? '';
  const advance = async (ms: number) => {
    clock += ms;
    await act(async () => controller.tick());
  };
  return { r, type, frame, sink, controller, advance };
}

function expectFits(frame: string) {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(23);
  for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
  // The frame's right border lines up on every row: nothing overflows it.
  const widths = new Set(lines.filter((l) => l.trim() !== '').map((l) => stringWidth(l)));
  expect([...widths]).toEqual([80]);
}

describe('kiosk screens', () => {
  it('signs in, shows Ready, walks the shipped checklist in Japanese within 80×24', async () => {
    const k = await mount();
    expect(k.frame()).toContain('サインイン');
    expect(k.frame()).toContain('Ctrl+C 終了');
    expectFits(k.frame());
    await k.type('S', '-', '0', '1', ENTER);
    expect(k.frame()).toContain('待機中');
    expect(k.frame()).toContain('担当 S-01');
    expect(k.frame()).toContain('本日のセッション数: 0');
    expectFits(k.frame());
    await k.type(ENTER);
    const first = k.frame();
    expect(first).toContain(`項目 1/${PATH.length}`);
    // Japanese marks, explained on the screen itself.
    expect(first).toContain('>[　]');
    expect(first).toContain('[済] 確認済み');
    expect(first).toContain('[〇] はい');
    expect(first).toContain('Enter/Space 確認');
    expect(first).toContain('i 中断');
    expectFits(first);
    await k.type(ENTER);
    expect(k.frame()).toContain(`項目 2/${PATH.length}`);
    expect(k.frame()).toContain(' [済] ');
    expect(k.sink.records.map((r) => r.type)).toEqual(['sign-in', 'session-start', 'step']);
  });

  it('every screen of a full session fits and keeps its key hints', async () => {
    const k = await mount();
    await k.type('S-01', ENTER, ENTER);
    for (const key of PATH) {
      expectFits(k.frame());
      expect(k.frame()).toMatch(key === 'y' ? /y はい   n いいえ/ : /Enter\/Space 確認/);
      await k.type(key === 'y' ? 'y' : ' ');
    }
    expect(k.frame()).toContain('ログアウトの確認（次の方の案内前に必ず）');
    expect(k.frame()).toContain('logout と入力');
    expectFits(k.frame());
    await k.type(ENTER);
    expect(k.frame()).toContain('logout と入力してから Enter を押してください。');
    await k.type('l', 'o', 'g', 'o', 'u', 't', ENTER);
    expect(k.frame()).toContain('セッション終了');
    expect(k.frame()).toContain('結果: 完了');
    expectFits(k.frame());
    await k.type('x');
    expect(k.frame()).toContain('本日のセッション数: 1');
  });

  it('Ctrl+C, q and Esc mid-session show how to interrupt; the interrupt picker leads to the gate', async () => {
    const k = await mount();
    await k.type('S-01', ENTER, ENTER, CTRL_C);
    expect(k.frame()).toContain('中断するには i を押してください');
    await k.type('q');
    expect(k.frame()).toContain('中断するには i を押してください');
    await k.type('i');
    expect(k.frame()).toContain('中断の理由');
    expectFits(k.frame());
    await k.type(ENTER);
    expect(k.frame()).toContain('中断しました');
    await k.type(ESC);
    expect(k.frame()).toContain('ログアウト確認は省略できません');
  });

  it('draws English with locale en', async () => {
    const k = await mount('en');
    expect(k.frame()).toContain('Sign in');
    await k.type('S-01', ENTER, ENTER);
    expect(k.frame()).toContain(`Item 1/${PATH.length}`);
    expect(k.frame()).toContain('Enter/Space confirm');
    expectFits(k.frame());
  });

  it('shows the skip prompt and refuses a My Number as the reason', async () => {
    const k = await mount();
    await k.type('S-01', ENTER, ENTER, 's');
    expect(k.frame()).toContain('スキップの理由');
    expectFits(k.frame());
    await k.type('1234-5678-9018', ENTER);
    expect(k.frame()).toContain('個人番号（マイナンバー）');
    expect(JSON.stringify(k.sink.records)).not.toContain('9018');
  });

  it('an unattended session gets a prominent warning that stays until a key is pressed', async () => {
    const k = await mount();
    await k.type('S-01', ENTER, ENTER);
    await k.advance(5 * 60_000);
    // Large: the title spread out in the middle of a block that takes most of the screen.
    const BIG = '端 末 が 放 置 さ れ て い ま す';
    const lines = k.frame().split('\n');
    const at = lines.findIndex((l) => l.includes(BIG));
    expect(at).toBeGreaterThanOrEqual(6);
    expect(lines.findIndex((l) => l.includes('担当者は端末に戻り'))).toBeGreaterThan(at + 4);
    expectFits(k.frame());
    await k.advance(60_000);
    expect(k.frame()).toContain(BIG);
    expect(k.sink.records.filter((r) => r.type === 'idle')).toHaveLength(1);
    await k.type(ENTER);
    expect(k.frame()).not.toContain(BIG);
    expect(k.frame()).toContain('お帰りなさい');
    expect(k.frame()).toContain(`項目 1/${PATH.length}`);
  });

  it('the kiosk lock asks the supervisor PIN, never showing its digits', async () => {
    const k = await mount('ja', { kioskLock: true });
    await k.type('S-01', ENTER, CTRL_C);
    expect(k.frame()).toContain('責任者の暗証番号');
    await k.type('2', '4');
    expect(k.frame()).toContain('**');
    expect(k.frame()).not.toContain('24');
    expectFits(k.frame());
    await k.type(ESC);
    expect(k.frame()).toContain('待機中');
  });

  it('with several flows, Ready lists them to choose from', async () => {
    const k = await mount('ja', { flows: [shippedFlow(), { checklist: conditionalChecklist, sha256: 'c'.repeat(64) }] });
    await k.type('S-01', ENTER);
    expect(k.frame()).toContain('Enter を押して、次の方の手続きを選んでください');
    await k.type(ENTER);
    expect(k.frame()).toContain('> 1. 自治体マイナポイント');
    expect(k.frame()).toContain('2. Conditional（日本語）');
    expectFits(k.frame());
    await k.type('2', ENTER);
    expect(k.frame()).toContain('Conditional（日本語）');
    expect(k.frame()).toContain('項目 1/3');
  });

  it('offers only the flows valid today', async () => {
    const ended = { ...conditionalChecklist, validUntil: '2026-11-26' };
    const k = await mount('ja', { flows: [shippedFlow(), { checklist: ended, sha256: 'c'.repeat(64) }] });
    await k.type('S-01', ENTER);
    // One flow valid today: Ready names it and Enter starts it, no picker.
    expect(k.frame()).toContain('Enter を押すと、次の方の支援を開始します');
    expect(k.frame()).not.toContain('Conditional');
  });

  it('says so on Ready when no enabled flow is valid today; Enter starts nothing', async () => {
    const ended = { ...conditionalChecklist, validUntil: '2026-11-26' };
    const none = await mount('en', { flows: [{ checklist: ended, sha256: 'c'.repeat(64) }] });
    await none.type('S-01', ENTER);
    expect(none.frame()).toContain('No procedure can be started today (2026-11-27)');
    expect(none.frame()).not.toContain('Press Enter');
    expectFits(none.frame());
    await none.type(ENTER);
    expect(none.frame()).toContain('Nothing to start: no enabled checklist is within its validity period today.');
    expect(none.controller.getModel().screen.name).toBe('ready');
  });

  it('says when the clock is behind the newest record, on every screen, until it catches up', async () => {
    const k = await mount();
    // The log's newest record is two days ahead of this clock (the clock was set back).
    const ahead = k.controller.getModel().now + 2 * 86_400_000;
    k.sink.newestAt = ahead;
    await k.type('r'); // typed into sign-in, nothing else
    await act(async () => k.controller.start());
    expect(k.frame()).toContain('端末の時計が最後の記録');
    await k.type(BACKSPACE, 'S-01', ENTER);
    expect(k.frame()).toContain('待機中');
    expect(k.frame()).toContain('端末の時計が最後の記録');
    await k.advance(3 * 86_400_000);
    expect(k.frame()).not.toContain('端末の時計が最後の記録');
  });

  it('when the log cannot be written, nothing advances and r retries', async () => {
    const k = await mount();
    await k.type('S-01', ENTER);
    k.sink.fail = new Error('EROFS: read-only file system');
    await k.type(ENTER);
    expect(k.frame()).toContain('記録を保存できません');
    expect(k.frame()).toContain('EROFS');
    expect(k.controller.getModel().screen.name).toBe('ready');
    expectFits(k.frame());
    await k.type('r'); // still failing: the error stays
    expect(k.frame()).toContain('記録を保存できません');
    k.sink.fail = null;
    await k.type('r');
    expect(k.frame()).toContain('待機中');
    await k.type(ENTER);
    expect(k.controller.getModel().screen.name).toBe('session');
  });
});

describe('the recovery screen after a kiosk stopped mid-session', () => {
  /** A session driven by `keys`, then the kiosk gone and started again on the same log. */
  async function restartedAfter(locale: Locale, ...keys: string[]) {
    const first = await mount(locale);
    await first.type(...keys);
    await act(async () => cleanup?.());
    cleanup = null;
    const again = await mount(locale, {}, first.sink);
    expect(again.frame()).toContain(locale === 'ja' ? '前回のセッションが終了していません' : 'The previous session did not end');
    expectFits(again.frame());
    // The line wraps at 80 columns: read it joined up (borders and spaces out, on both sides).
    return { frame: again.frame(), has: (text: string) => expect(again.frame().replace(/[\s│║]/g, '')).toContain(text.replace(/\s/g, '')) };
  }
  const { checklist } = shipped();
  const [first, second] = checklist.sections[0]!.items;
  const section = checklist.sections[0]!.title;

  it('names the last item and what was done with it: confirmed', async () => {
    const k = await restartedAfter('ja', 'S-01', ENTER, ENTER, ENTER);
    k.has(`最後の記録: 確認済み: ${section.ja} / ${first!.text.ja}`);
  });

  it('skipped, with the item it was', async () => {
    const k = await restartedAfter('ja', 'S-01', ENTER, ENTER, ENTER, 's', ...'already', ENTER);
    k.has(`最後の記録: スキップ: ${section.ja} / ${second!.text.ja}`);
  });

  it('interrupted: why, and that the logout check was still to come, in English too', async () => {
    const reason = checklist.interruptReasons[0]!;
    const ja = await restartedAfter('ja', 'S-01', ENTER, ENTER, ENTER, 'i', '1', ENTER);
    ja.has(`最後の記録: 中断（${reason.text.ja}。ログアウト確認の前）: ${section.ja} / ${second!.text.ja}`);
    const en = await restartedAfter('en', 'S-01', ENTER, ENTER, 'i', '1', ENTER);
    en.has(`Last record: interrupted (${reason.text.en}; before the logout check): ${section.en} / ${first!.text.en}`);
  });

  it('answered, or gone back to an item', async () => {
    // Up to and including the first yes/no question of the shipped checklist, answered yes.
    const upToQuestion = PATH.slice(0, PATH.indexOf('y') + 1).map((k) => (k === 'y' ? 'y' : ENTER));
    const answered = await restartedAfter('ja', 'S-01', ENTER, ENTER, ...upToQuestion);
    expect(answered.frame.replace(/[\s│║]/g, '')).toContain('最後の記録:「はい」と回答:');
    const back = await restartedAfter('ja', 'S-01', ENTER, ENTER, ENTER, 'b');
    back.has(`最後の記録: 1つ戻った: ${section.ja} / ${first!.text.ja}`);
  });

  it('just after the start, before any item', async () => {
    const k = await restartedAfter('ja', 'S-01', ENTER, ENTER);
    k.has('最後の記録: セッション開始の直後');
    expect(k.frame).not.toContain('確認済み:');
  });
});

describe('the summary after a recovered session', () => {
  it('says the next screen is sign-in when nobody is signed in, and Ready when someone is', async () => {
    const base = initialModel(kioskConfig(), { now: Date.parse('2026-11-27T10:00:00+09:00') });
    const summary = { id: 'x', outcome: 'recovered' as const, flags: ['unclean-exit' as const], startedAt: base.now - 60_000, endedAt: base.now, recovered: true };
    const frameOf = async (operator: string | null) => {
      const model = { ...base, operator, screen: { name: 'summary' as const, summary, at: base.now, unlock: null } };
      const store = { subscribe: () => () => {}, getModel: () => model, key: () => {} };
      let r!: ReturnType<typeof render>;
      await act(async () => {
        r = render(<KioskApp store={store} ui={makeUi('ja', false)} />);
      });
      const frame = r.lastFrame() ?? '';
      await act(async () => r.unmount());
      return frame;
    };
    const nobody = await frameOf(null);
    expect(nobody).toContain('サインイン画面に進みます');
    expect(nobody).not.toContain('待機画面に戻ります');
    expect(await frameOf('S-01')).toContain('待機画面に戻ります');
  });
});

describe('any terminal size', () => {
  const widths = (frame: string) => new Set(frame.split('\n').filter((l) => l.trim() !== '').map((l) => stringWidth(l)));

  it('at 120×40 the frame takes the height and a readable width, centred, with more items shown', async () => {
    const k = await mount();
    await k.type('S-01', ENTER, ENTER);
    await act(async () => resizeTo(k.r, 120, 40));
    const lines = k.frame().split('\n');
    expect(lines.length).toBe(39);
    // Centred: 110 columns (the readable maximum) after a margin of 5 (Ink drops the right one).
    expect([...widths(k.frame())]).toEqual([115]);
    expect(lines[0]!.indexOf('╭')).toBe(5);
    expect(k.frame()).toContain('Enter/Space 確認');
  });

  it('below 80×24 says to enlarge the window, holds keys back, and the session is as it was after', async () => {
    const k = await mount();
    await k.type('S-01', ENTER, ENTER);
    const before = k.sink.records.length;
    await act(async () => resizeTo(k.r, 60, 20));
    expect(k.frame()).toContain('画面が小さすぎます');
    expect(k.frame()).toContain('80×24 以上');
    expect(k.frame()).toContain('60×20');
    for (const line of k.frame().split('\n')) expect(stringWidth(line)).toBeLessThan(60);
    expect(k.frame().split('\n').length).toBeLessThan(20);
    await k.type(ENTER, ENTER, ESC, 'i');
    expect(k.sink.records).toHaveLength(before);
    await act(async () => resizeTo(k.r, 80, 24));
    expect(k.frame()).toContain(`項目 1/${PATH.length}`);
    expectFits(k.frame());
    await k.type(ENTER);
    expect(k.frame()).toContain(`項目 2/${PATH.length}`);
  });

  it('the item rows shown fit the rows there are, always with the current one', () => {
    // Heights of wrapped rows: the window holds as many as fit, around the current item.
    expect(itemWindow([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0, 8)).toEqual({ first: 0, count: 8 });
    expect(itemWindow([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0, 30)).toEqual({ first: 0, count: 10 });
    expect(itemWindow([2, 2, 2, 2, 2, 2], 5, 7)).toEqual({ first: 3, count: 3 });
    expect(itemWindow([1, 3, 1], 1, 2)).toEqual({ first: 1, count: 1 });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 40 }), fc.nat(), fc.integer({ min: 1, max: 40 }), (heights, pick, budget) => {
        const at = pick % heights.length;
        const { first, count } = itemWindow(heights, at, budget);
        expect(at).toBeGreaterThanOrEqual(first);
        expect(at).toBeLessThan(first + count);
        const used = heights.slice(first, first + count).reduce((a, b) => a + b, 0);
        if (count > 1) expect(used).toBeLessThanOrEqual(budget);
      }),
    );
  });

  it('a long item text wraps under its mark instead of being cut', async () => {
    const k = await mount();
    await k.type('S-01', ENTER, ENTER);
    expect(k.frame()).not.toContain('…');
    for (const key of PATH.slice(0, 12)) {
      await k.type(key);
      expect(k.frame()).not.toMatch(/…[ ）」]*│/u);
      expectFits(k.frame());
    }
  });
});
