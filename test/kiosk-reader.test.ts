// The built kiosk in a real terminal with a real PC/SC stack: a private pcscd with the virtual
// reader, and the virtual card put in and taken out while the kiosk is driven. The gate refuses
// logout with the card in and takes it once the card is out; a sensed item waits for the card to be
// out; Ready says a card was put in; losing the reader mid-session gives manual checks flagged
// `unsensed`, never a silent pass.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { disposeAllTerminals, KEYS, type Term } from './helpers/terminal.js';
import { happyPath, shipped } from './helpers/fixtures.js';
import { logLines, makeHome, requireBuild, startKiosk } from './helpers/kiosk.js';
import { pcscAvailable, startPcsc, type PrivatePcsc } from './helpers/pcsc.js';

const skip = pcscAvailable();
if (skip !== null && process.env.CI) throw new Error(`CI must run the PC/SC tests: ${skip}`);

beforeAll(requireBuild);
let pcsc: PrivatePcsc | null = null;
afterEach(async () => {
  disposeAllTerminals();
  await pcsc?.stop();
  pcsc = null;
});

const PATH = happyPath(shipped().checklist);
/** Screen text without the frame's side borders, so a wrapped sentence reads as one. */
const flat = (s: string) => s.replace(/\s*[│║]\s*/g, '');

async function toItem(term: Term, n: number) {
  await term.waitFor(new RegExp(`項目 ${n}/\\d+`));
}

describe.skipIf(skip !== null)('the kiosk with a card reader', () => {
  it('senses the card: Ready hints, the sensed item waits, the gate refuses logout with the card in', async () => {
    pcsc = await startPcsc();
    const home = makeHome({ cardReader: 'auto' });
    const term = startKiosk(home, ['--operator', 'S-01'], pcsc.env);
    await term.waitFor('待機中');
    await pcsc.insertCard();
    await term.waitFor((s) => flat(s).includes('リーダーにカードが置かれました'));
    await term.press(KEYS.enter);
    await toItem(term, 1);
    await term.press(KEYS.enter);
    await toItem(term, 2);
    // The second item (nothing of the previous citizen left) is sensed: not with a card in.
    await term.waitFor('リーダー: カードあり — 外すと確認できます');
    await term.press(KEYS.enter);
    await term.waitFor((s) => flat(s).includes('カードがリーダーに入ったままです'));
    expect(logLines(home).filter((r) => r.type === 'step')).toHaveLength(1);
    await pcsc.removeCard();
    await term.waitFor('リーダー: カードなし（確認できます）');
    await term.press(KEYS.enter);
    await toItem(term, 3);
    // The citizen's card goes in for the application; the walk goes on to the gate.
    await pcsc.insertCard();
    for (const key of PATH.slice(2)) await term.press(key === 'y' ? 'y' : KEYS.enter);
    await term.waitFor('logout と入力して Enter');
    await term.waitFor('リーダー: カードあり — 外すまでログアウトできません');
    term.type('logout');
    await term.press(KEYS.enter);
    await term.waitFor((s) => flat(s).includes('外してご本人に返してから logout と入力してください'));
    expect(logLines(home).map((r) => r.type)).not.toContain('logout');
    await pcsc.removeCard();
    await term.waitFor('リーダー: カードなし');
    term.type('logout');
    await term.press(KEYS.enter);
    await term.waitFor('セッション終了');
    const records = logLines(home);
    const step = records.find((r) => r.type === 'step' && (r.payload as { item: string }).item === 'counter-clear')!;
    expect(step.payload).toMatchObject({ sensor: { condition: 'card-absent', sensed: true, card: false } });
    const logout = records.find((r) => r.type === 'logout')!;
    expect(logout.payload).toMatchObject({ sensors: [{ item: 'card-removed', sensed: true, card: false, reader: pcsc.readerName }] });
    expect(term.screen()).toContain('要確認: なし');
  });

  it('the reader lost mid-session: the kiosk says so, sensed checks are manual and the session is flagged unsensed', async () => {
    pcsc = await startPcsc();
    const home = makeHome({ cardReader: 'auto' });
    const term = startKiosk(home, ['--operator', 'S-01'], pcsc.env);
    await term.waitFor('待機中');
    await term.press(KEYS.enter);
    await toItem(term, 1);
    await term.press(KEYS.enter);
    await term.waitFor('リーダー: カードなし（確認できます）');
    await pcsc.stop();
    pcsc = null;
    await term.waitFor((s) => flat(s).includes('カードリーダーが見えなくなりました'));
    await term.waitFor('リーダー: 検知できません');
    for (const key of PATH.slice(1)) await term.press(key === 'y' ? 'y' : KEYS.enter);
    await term.waitFor('logout と入力して Enter');
    term.type('logout');
    await term.press(KEYS.enter);
    await term.waitFor('セッション終了');
    expect(term.screen()).toContain('未検知');
    const records = logLines(home);
    const step = records.find((r) => r.type === 'step' && (r.payload as { item: string }).item === 'counter-clear')!;
    expect(step.payload).toMatchObject({ sensor: { condition: 'card-absent', sensed: false } });
    expect(records.find((r) => r.type === 'logout')!.payload).toMatchObject({ sensors: [{ item: 'card-removed', sensed: false }] });
  });

  it('sensing on but no PC/SC service: said once, and the session goes as without a reader', async () => {
    const home = makeHome({ cardReader: 'auto' });
    const term = startKiosk(home, ['--operator', 'S-01'], { PCSCLITE_CSOCK_NAME: '/nonexistent/pcscd.comm' });
    await term.waitFor((s) => flat(s).includes('カードリーダーを検知できません'));
    await term.press(KEYS.enter);
    await toItem(term, 1);
    for (const key of PATH) await term.press(key === 'y' ? 'y' : KEYS.enter);
    await term.waitFor('logout と入力して Enter');
    term.type('logout');
    await term.press(KEYS.enter);
    await term.waitFor('セッション終了');
    expect(term.screen()).toContain('要確認: なし');
    expect(JSON.stringify(logLines(home))).not.toContain('sensor');
  });
});
