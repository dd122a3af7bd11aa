// Fault suite: the built kiosk killed with SIGKILL after each keystroke of a scripted day, then
// started again. Nothing the screen showed as done is lost, the unfinished session's gate comes
// first, no new session starts before `logout` is typed, and the fold flags it `unclean-exit`.
import { existsSync, readdirSync, readFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { foldSessions, type FoldedSession } from '../src/log/fold.js';
import { readLogs } from '../src/log/reader.js';
import { initialModel, recordsOf, sessionOf, update, type Key } from '../src/session/kiosk.js';
import { checkTestPin, happyPath, idGenerator, kioskConfig, shipped } from './helpers/fixtures.js';
import { logFiles, logLines, makeHome, requireBuild, startKiosk } from './helpers/kiosk.js';
import { disposeAllTerminals, KEYS, type Term } from './helpers/terminal.js';

beforeAll(requireBuild);
afterEach(disposeAllTerminals);
afterAll(() => console.log(`fault suite: ${JSON.stringify(figures)}`));

interface Step {
  /** What is typed into the terminal. */
  raw: string;
  /** The same key as the kiosk model sees it. */
  key: Key;
  /** Screen text that shows the key took effect. */
  shows: string;
}

const text = (raw: string, shows: string): Step => ({ raw, key: { name: 'text', text: raw }, shows });
const enter = (shows: string): Step => ({ raw: KEYS.enter, key: { name: 'enter' }, shows });
const TOTAL = happyPath(shipped().checklist).length;
const item = (n: number) => `項目 ${n}/${TOTAL}`;

/** A working day in 34 keystrokes: sign-in, a session with back, skip, help and an interrupt, then another. */
const SCRIPT: Step[] = [
  text('S-01', 'スタッフID: S-01'),
  enter('待機中'),
  enter(item(1)),
  enter(item(2)),
  text(' ', item(3)),
  text('b', item(2)),
  enter(item(3)),
  text('s', 'スキップの理由'),
  text('x', 'スキップの理由: x'),
  enter(item(4)),
  text('?', 'キー操作'),
  enter(item(4)),
  enter(item(5)),
  { raw: KEYS.ctrlC, key: { name: 'ctrl-c' }, shows: '中断するには i を押してください' },
  enter(item(6)),
  text('i', '中断の理由'),
  { raw: KEYS.esc, key: { name: 'escape' }, shows: item(6) },
  enter(item(7)),
  text('i', '中断の理由'),
  { raw: KEYS.down, key: { name: 'down' }, shows: '> 2.' },
  enter('中断しました'),
  enter('logout と入力してから Enter'),
  text('log', 'logout: log'),
  text('out', 'logout: logout'),
  enter('セッション終了'),
  text('x', '待機中'),
  enter(item(1)),
  enter(item(2)),
  text('i', '中断の理由'),
  enter('中断しました'),
  text('LOGOUT', 'logout: LOGOUT'),
  enter('セッション終了'),
  enter('待機中'),
  enter(item(1)),
];

/** What the pure model says the log must hold after the first `n` keys (type and payload). */
function expectedAfter(n: number) {
  const { checklist, sha256 } = shipped();
  const env = { newId: idGenerator(), checkPin: checkTestPin };
  let model = initialModel(kioskConfig({ checklist, checklistSha256: sha256 }), { now: 0 });
  const records: { type: string; payload: unknown }[] = [];
  SCRIPT.slice(0, n).forEach((s, i) => {
    const step = update(model, { type: 'key', key: s.key, at: i + 1 }, env);
    records.push(...recordsOf(step).map((r) => ({ type: r.type, payload: r.payload })));
    model = step.model;
  });
  return { records, sessionOpen: sessionOf(model) !== null };
}

async function fold(home: string): Promise<FoldedSession[]> {
  const out: FoldedSession[] = [];
  for await (const s of foldSessions(readLogs([path.join(home, 'logs')]))) out.push(s);
  return out;
}

async function typeStep(term: Term, step: Step) {
  term.type(step.raw);
  await term.waitFor(step.shows);
}

const figures = { killPoints: 0, recordsLost: 0, tornLinesFound: 0, tornLinesPreserved: 0, sessionsGated: 0 };

describe('SIGKILL after every keystroke, then a restart', () => {
  it('keeps every step shown as done, gates the unfinished session first, flags it', async () => {
    const { records: all } = expectedAfter(SCRIPT.length);
    expect(all.filter((r) => r.type === 'session-start')).toHaveLength(3);

    for (let k = 1; k <= SCRIPT.length; k++) {
      const home = makeHome();
      const term = startKiosk(home);
      await term.waitFor('スタッフIDを入力して');
      for (const step of SCRIPT.slice(0, k - 1)) await typeStep(term, step);
      // Every other kill lands while the last key may still be in flight (mid-write included).
      const settled = k % 2 === 0;
      if (settled) await typeStep(term, SCRIPT[k - 1]!);
      else term.type(SCRIPT[k - 1]!.raw);
      term.kill('SIGKILL');
      await term.waitForExit();
      figures.killPoints += 1;

      // Everything the screen had shown is in the log, in order; at most the in-flight key's
      // records follow (durable but perhaps never shown).
      const shown = expectedAfter(settled ? k : k - 1);
      const possible = expectedAfter(k);
      const logged = logLines(home).map((r) => ({ type: r.type, payload: r.payload }));
      figures.recordsLost += Math.max(0, shown.records.length - logged.length);
      expect(logged.slice(0, shown.records.length), `kill point ${k}`).toEqual(shown.records);
      expect(possible.records.slice(0, logged.length), `kill point ${k}`).toEqual(logged);
      const expected = logged.length === possible.records.length ? possible : shown;

      // Restart: an open session's gate comes before anything else.
      const again = startKiosk(home);
      if (expected.sessionOpen) {
        await again.waitFor('前回のセッションが終了していません');
        expect(again.screen()).toContain('S-01');
        for (let i = 0; i < 3; i++) await again.press(KEYS.enter);
        await again.waitFor('logout と入力してから Enter');
        await again.press(KEYS.ctrlC);
        await again.waitFor('ログアウト確認は省略できません');
        expect(again.screen()).toContain('前回のセッションが終了していません');
        again.type('logout');
        await again.press(KEYS.enter);
        await again.waitFor('結果: 復旧');
        expect(again.screen()).toContain('異常終了');
        figures.sessionsGated += 1;
        await again.press(KEYS.enter);
      }
      await again.waitFor('スタッフIDを入力して');
      again.type('S-02');
      await again.press(KEYS.enter);
      await again.waitFor('待機中');
      await again.press(KEYS.ctrlC);
      await again.waitForExit();

      // The fold: the killed session recovered, flagged unclean-exit; every session logged out.
      const sessions = await fold(home);
      expect(sessions.filter((s) => s.outcome === 'open')).toEqual([]);
      const recovered = sessions.filter((s) => s.outcome === 'recovered');
      expect(recovered).toHaveLength(expected.sessionOpen ? 1 : 0);
      for (const s of recovered) {
        expect(s.flags).toContain('unclean-exit');
        expect(s.flags).not.toContain('no-logout');
        expect(s.logoutConfirmed).toBe(true);
      }
      // The gate came first: no session started between the restart and the recovery logout.
      const types = logLines(home).slice(expected.records.length).map((r) => r.type);
      if (expected.sessionOpen) expect(types.slice(0, 2)).toEqual(['recovery', 'logout']);
      expect(types).not.toContain('session-start');
    }
    expect(figures.killPoints).toBeGreaterThanOrEqual(30);
    expect(figures.recordsLost).toBe(0);
    expect(figures.sessionsGated).toBeGreaterThan(20);
  }, 300_000);

  it('a torn last line is copied aside, truncated, recorded, and the session still gated', async () => {
    const home = makeHome();
    const term = startKiosk(home, ['--operator', 'S-01']);
    await term.waitFor('待機中');
    await term.press(KEYS.enter);
    await term.waitFor(item(1));
    await term.press(KEYS.enter);
    await term.waitFor(item(2));
    term.kill('SIGKILL');
    await term.waitForExit();
    // A crash mid-write (on a disk that tore the record), with NUL bytes after it.
    const [file] = logFiles(home);
    const before = readFileSync(file!, 'utf8');
    const torn = '{"v":1,"seq":99,"ts":"2026-11-2\u0000\u0000\u0000';
    appendFileSync(file!, torn);
    figures.tornLinesFound += 1;

    const again = startKiosk(home);
    await again.waitFor('前回のセッションが終了していません');
    const folder = path.dirname(file!);
    const broken = readdirSync(folder).filter((f) => f.includes('.broken'));
    expect(broken).toHaveLength(1);
    expect(readFileSync(path.join(folder, broken[0]!), 'utf8')).toBe(torn);
    figures.tornLinesPreserved += 1;
    const after = readFileSync(file!, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    const added = after.slice(before.length).trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(added.map((r) => r.type)).toEqual(['repair', 'recovery']);
    again.type('logout');
    await again.press(KEYS.enter);
    await again.waitFor('結果: 復旧');
    const problems: string[] = [];
    for await (const it of readLogs([path.join(home, 'logs')])) if (it.kind === 'problem') problems.push(it.problem);
    expect(problems).toEqual([]);
    expect(existsSync(file!)).toBe(true);
  });
});
