// The built kiosk in real terminals of several sizes: every screen of a session drawn whole (the
// frame's four corners, its key line, nothing past the right edge), a notice below 80×24 that holds
// keys back, and a resize mid-session that redraws without losing the session.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { disposeAllTerminals, KEYS, type Term } from './helpers/terminal.js';
import { happyPath, shipped } from './helpers/fixtures.js';
import { logLines, makeHome, requireBuild, startKiosk } from './helpers/kiosk.js';

beforeAll(requireBuild);
afterEach(disposeAllTerminals);

const PATH = happyPath(shipped().checklist);

/** The frame is whole: top corners on the first row, bottom corners on the row above the last, sides between. */
function checkWhole(term: Term) {
  const lines = term.lines();
  const width = Math.min(term.cols, 110);
  const left = Math.floor((term.cols - width) / 2);
  const top = lines[0]!;
  expect(top.slice(left, left + 1)).toMatch(/[╭╔]/);
  expect(stringWidth(top)).toBe(left + width);
  const bottom = lines[term.rows - 2]!;
  expect(bottom.slice(left, left + 1)).toMatch(/[╰╚]/);
  expect(stringWidth(bottom)).toBe(left + width);
  for (const line of lines.slice(1, term.rows - 2)) {
    expect(stringWidth(line)).toBe(left + width);
    expect(line.slice(left, left + 1)).toMatch(/[│║]/);
  }
  // The key line, right above the bottom border, is never empty; nothing below the frame.
  expect(lines[term.rows - 3]).toMatch(/^ *[│║] \S/u);
  expect(lines[term.rows - 1]).toBe('');
}

/** Waits until the frame is drawn whole (a frame arrives in several chunks), or fails saying why. */
async function expectWhole(term: Term) {
  const whole = () => {
    try {
      checkWhole(term);
      return true;
    } catch {
      return false;
    }
  };
  await term.waitFor(whole).catch(() => undefined);
  checkWhole(term);
}

/** A whole session, checking the frame on every screen; ends on the summary. */
async function walk(term: Term) {
  await term.waitFor('スタッフIDを入力して');
  await expectWhole(term);
  term.type('S-0012');
  await term.press(KEYS.enter);
  await term.waitFor('待機中');
  await expectWhole(term);
  await term.press(KEYS.enter);
  await term.waitFor(/項目 1\/\d+/);
  await expectWhole(term);
  for (const [i, key] of PATH.entries()) {
    await term.press(key === 'y' ? 'y' : KEYS.enter);
    if (i < PATH.length - 1) await term.waitFor(`項目 ${i + 2}/${PATH.length}`);
    await expectWhole(term);
  }
  await term.waitFor('logout と入力して Enter');
  await expectWhole(term);
  term.type('logout');
  await term.press(KEYS.enter);
  await term.waitFor('セッション終了');
  await expectWhole(term);
}

describe('the kiosk at any terminal size', () => {
  for (const [cols, rows] of [
    [80, 24],
    [120, 40],
  ] as const) {
    it(`draws every screen of a session whole at ${cols}×${rows}`, async () => {
      const home = makeHome();
      const term = startKiosk(home, [], {}, { cols, rows });
      await walk(term);
      expect(logLines(home).map((r) => r.type)).toContain('logout');
    });
  }

  it('at 60×20 says to enlarge the window and takes no key; larger, the session goes on', async () => {
    const home = makeHome();
    const term = startKiosk(home, ['--operator', 'S-0012'], {}, { cols: 60, rows: 20 });
    await term.waitFor('画面が小さすぎます');
    expect(term.screen()).toContain('80×24 以上');
    expect(term.screen()).toContain('60×20');
    for (const line of term.lines()) expect(stringWidth(line)).toBeLessThan(60);
    // Keys typed now go nowhere: no session starts, nothing is logged.
    await term.press(KEYS.enter, KEYS.enter, 'l', 'o', 'g', KEYS.enter);
    expect(logLines(home).map((r) => r.type)).toEqual(['sign-in']);
    term.resize(80, 24);
    await term.waitFor('待機中');
    await expectWhole(term);
    await term.press(KEYS.enter);
    await term.waitFor(/項目 1\/\d+/);
    // Smaller again mid-session: the notice, then the same item when it is large again.
    term.resize(70, 30);
    await term.waitFor('画面が小さすぎます');
    await term.press(KEYS.enter);
    term.resize(80, 24);
    await term.waitFor(/項目 1\/\d+/);
    await expectWhole(term);
    expect(logLines(home).filter((r) => r.type === 'step')).toHaveLength(0);
  });

  it('a resize mid-session redraws the same session at the new size, through the gate', async () => {
    const home = makeHome();
    const term = startKiosk(home, ['--operator', 'S-0012']);
    await term.waitFor('待機中');
    await term.press(KEYS.enter);
    await term.waitFor(/項目 1\/\d+/);
    await term.press(KEYS.enter, KEYS.enter);
    await term.waitFor(/項目 3\/\d+/);
    term.resize(120, 40);
    await term.waitFor((s) => s.split('\n')[0]!.startsWith('     ╭'));
    expect(term.screen()).toMatch(/項目 3\/\d+/);
    await expectWhole(term);
    term.resize(100, 30);
    await term.waitFor((s) => s.split('\n').length === 29 && !s.split('\n')[0]!.startsWith(' '));
    await expectWhole(term);
    await term.press(KEYS.enter);
    await term.waitFor(/項目 4\/\d+/);
    await term.press('i');
    await term.waitFor('中断');
    await term.press(KEYS.enter);
    await term.waitFor('logout と入力して Enter');
    term.resize(80, 24);
    await term.waitFor((s) => s.split('\n').length <= 23 && s.includes('logout と入力して Enter'));
    await expectWhole(term);
    term.type('logout');
    await term.press(KEYS.enter);
    await term.waitFor('セッション終了');
    const types = logLines(home).map((r) => r.type);
    expect(types.filter((t) => t === 'step')).toHaveLength(3);
    expect(types).toContain('interrupt');
    expect(types.at(-1)).toBe('logout');
  });
});
