// Several counter flows in one kiosk, and a city's own checklist folder — on the built bin.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadChecklistFile, shippedChecklistDir } from '../src/checklist/load.js';
import { disposeAllTerminals, KEYS, type Term } from './helpers/terminal.js';
import { conditionalChecklist, happyPath } from './helpers/fixtures.js';
import { logLines, makeHome, requireBuild, runCli, startKiosk } from './helpers/kiosk.js';

beforeAll(requireBuild);
afterEach(disposeAllTerminals);

const FLOWS = ['mynapoint-support', 'kokin-koza-support', 'hokensho-link-support'];
const shipped = (id: string) => loadChecklistFile(path.join(shippedChecklistDir(), `${id}.json`)).checklist;

async function walk(term: Term, keys: ('\r' | 'y')[]) {
  for (const key of keys) await term.press(key);
  await term.waitFor('logout と入力して Enter');
  term.type('logout');
  await term.press(KEYS.enter);
  await term.waitFor('結果: 完了');
  await term.press(KEYS.enter);
  await term.waitFor('待機中');
}

describe('choosing the flow', () => {
  it('with three flows enabled, Ready asks which one; each runs through its own logout gate', async () => {
    const home = makeHome({ enabledChecklists: FLOWS });
    const term = startKiosk(home, ['--operator', 'S-01']);
    await term.waitFor('待機中');
    for (const [i, id] of FLOWS.entries()) {
      await term.press(KEYS.enter);
      await term.waitFor('> 1. ');
      for (const c of FLOWS.map(shipped)) expect(term.screen()).toContain(c.title.ja.slice(0, 10));
      await term.press(String(i + 1), KEYS.enter);
      await term.waitFor(shipped(id).title.ja);
      await walk(term, happyPath(shipped(id)));
    }
    const starts = logLines(home).filter((r) => r.type === 'session-start').map((r) => (r.payload as { checklist: string }).checklist);
    expect(starts).toEqual(FLOWS);
    const outcomes = logLines(home).filter((r) => r.type === 'logout').map((r) => (r.payload as { outcome: string }).outcome);
    expect(outcomes).toEqual(['completed', 'completed', 'completed']);
  });

  it("a city's own checklist folder: listed, validated, and run", async () => {
    const home = makeHome();
    const city = path.join(home, 'city-checklists');
    mkdirSync(city);
    writeFileSync(path.join(city, 'conditional.json'), JSON.stringify(conditionalChecklist, null, 2));
    expect(runCli(['config', 'set', 'checklistDir', city], home).code).toBe(0);
    const list = runCli(['checklists', 'list'], home);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('conditional');
    expect(list.stdout).toContain('mynapoint-support');
    expect(runCli(['checklists', 'validate', path.join(city, 'conditional.json')], home).code).toBe(0);

    const term = startKiosk(home, ['--operator', 'S-01', '--checklist', 'conditional']);
    await term.waitFor('待機中');
    await term.press(KEYS.enter);
    await term.waitFor('項目 1/3');
    await term.press(KEYS.enter, 'n'); // "no" shows the dependent item
    await term.waitFor('項目 3/4');
    await walk(term, ['\r', '\r']);
    const steps = logLines(home).filter((r) => r.type === 'step').map((r) => (r.payload as { item: string }).item);
    expect(steps).toEqual(['initial', 'pin-ok', 'pin-reset', 'done']);
  });

  it("a broken file in the city's folder does not stop the kiosk unless it is an enabled flow", async () => {
    const home = makeHome();
    const city = path.join(home, 'city-checklists');
    mkdirSync(city);
    writeFileSync(path.join(city, 'draft.json'), '{"id": "draft",');
    expect(runCli(['config', 'set', 'checklistDir', city], home).code).toBe(0);
    // The shipped default flow runs; the screens say a file was skipped.
    const term = startKiosk(home);
    await term.waitFor('スタッフIDを入力して');
    expect(term.screen()).toContain('1 件を読み込めませんでした');
    term.type('S-01');
    await term.press(KEYS.enter);
    await term.waitFor('待機中');
    expect(term.screen()).toContain('1 件を読み込めませんでした');
    await term.press(KEYS.ctrlC);
    await term.waitForExit();
    // `checklists list` names it (exit 2); enabling the broken flow stops the kiosk, naming the file.
    const list = runCli(['checklists', 'list'], home);
    expect(list.code).toBe(2);
    expect(list.stderr).toContain(path.join(city, 'draft.json'));
    expect(runCli(['config', 'set', 'enabledChecklists', 'draft'], home).code).toBe(0);
    const r = runCli(['kiosk'], home);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path.join(city, 'draft.json'));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an enabled flow that is not installed stops the kiosk with exit 2, naming it', () => {
    const r = runCli(['kiosk'], makeHome({ enabledChecklists: ['mynapoint-support', 'no-such-flow'] }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-flow');
  });
});
