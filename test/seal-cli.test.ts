// Sealing end to end, through the built bin: `seal init` on a terminal, the kiosk sealing each
// logout and moving its key on, `seal enroll` on the supervisor's machine, `verify` and `report`
// with and without the key, an attacker's re-chained file, and a SIGKILL between a seal and its ratchet.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashLine } from '../src/log/chain.js';
import type { LogRecord } from '../src/domain/record.js';
import { serialize } from '../src/log/writer.js';
import { happyPath, shipped } from './helpers/fixtures.js';
import { logFiles, logLines, makeHome, requireBuild, runCli, startKiosk } from './helpers/kiosk.js';
import { disposeAllTerminals, KEYS, type Term } from './helpers/terminal.js';

beforeAll(requireBuild);
afterEach(disposeAllTerminals);

const PATH = happyPath(shipped().checklist);

async function oneSession(term: Term, interrupt = false) {
  await term.waitFor('待機中');
  await term.press(KEYS.enter);
  await term.waitFor(/項目 1\/\d+/);
  if (interrupt) {
    await term.press(KEYS.enter, 'i');
    await term.waitFor('中断の理由');
    await term.press(KEYS.enter);
  } else for (const key of PATH) await term.press(key === 'y' ? 'y' : KEYS.enter);
  await term.waitFor('logout と入力して Enter');
  term.type('logout');
  await term.press(KEYS.enter);
  await term.waitFor('セッション終了');
  await term.press(KEYS.enter);
}

function enrolKeyFrom(out: string): string {
  const m = /T-E2E {2}((?:[A-Z2-7]{4}-){13}[A-Z2-7]{4})/.exec(out);
  expect(m, out).not.toBeNull();
  return m![1]!;
}

/** An attacker's script: make one session's outcome "completed" and re-chain every line after it. */
function rechain(file: string, session: string) {
  const records = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogRecord);
  let prev = records[0]!.prev;
  let last = '';
  const lines = records.map((original) => {
    let r = { ...original, prev } as LogRecord;
    if (r.session === session && r.type === 'logout') r = { ...r, payload: { ...r.payload, outcome: 'completed' } } as LogRecord;
    if (r.session === session && r.type === 'interrupt') r = { ...r, type: 'checklist-complete', payload: {} } as LogRecord;
    if (r.type === 'seal') r = { ...r, payload: { ...r.payload, hash: last } } as LogRecord;
    const { line } = serialize(r);
    last = hashLine(line);
    prev = last;
    return line;
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** A terminal home enrolled with `seal init`, and the key it printed. */
function initTerminal() {
  const terminal = makeHome();
  const init = runCli(['seal', 'init'], terminal);
  expect(init.code, init.stderr).toBe(0);
  return { terminal, key: enrolKeyFrom(init.stdout), init };
}

/** A completed and an interrupted session in the kiosk, then Ctrl+C (a sign-out). */
async function twoSessions(terminal: string) {
  const term = startKiosk(terminal, ['--operator', 'S-01']);
  await oneSession(term);
  await oneSession(term, true);
  await term.press(KEYS.ctrlC);
  await term.waitForExit();
}

/** An attacker's script: take out the records `drop` names, number and chain the rest again. */
function strip(file: string, drop: (r: LogRecord) => boolean) {
  const records = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogRecord).filter((r) => !drop(r));
  let prev = '0'.repeat(64); // the chain starts at seq 1 again
  const lines = records.map((original, i) => {
    const { line } = serialize({ ...original, seq: i + 1, prev } as LogRecord);
    prev = hashLine(line);
    return line;
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('sealing through the built bin', () => {
  it('seals taken out of a log (all of them, or all but the enrolment) fail verify, on a machine that never saw the log', async () => {
    const { terminal, key } = initTerminal();
    await twoSessions(terminal);
    const file = logFiles(terminal)[0]!;
    const sealed = readFileSync(file);
    const logs = path.join(terminal, 'logs');
    const supervisor = () => {
      const home = makeHome();
      expect(runCli(['seal', 'enroll', 'T-E2E', key], home).code).toBe(0);
      return home;
    };
    expect(runCli(['verify', logs], supervisor()).code).toBe(0);

    // Every seal-init and seal gone: the enrolled key says the terminal was sealing.
    strip(file, (r) => r.type === 'seal' || r.type === 'seal-init');
    const none = runCli(['verify', logs], supervisor());
    expect(none.code, none.stdout + none.stderr).toBe(1);
    expect(none.stdout).toContain('端末 T-E2E: このパソコンに封印の鍵が登録されていますが、ログに封印（seal-init・seal）が1つもありません');
    expect(none.stderr).not.toContain('封印されていない端末: T-E2E');
    // Without the key nothing tells such a log from one never sealed.
    const stranger = runCli(['verify', logs], makeHome());
    expect(stranger.code, stranger.stdout + stranger.stderr).toBe(0);

    // The seals gone, the enrolment kept: three logouts and sign-outs left without theirs.
    writeFileSync(file, sealed);
    strip(file, (r) => r.type === 'seal');
    for (const home of [supervisor(), makeHome()]) {
      const r = runCli(['verify', logs], home);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      // Said at the second of them, from the first record the next seal should have covered.
      expect(r.stdout).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: 封印がありません：seq 1 以降、封印のないログアウト・サインアウトがこれで2回目です`));
      expect(r.stdout.match(/封印がありません/g)).toHaveLength(1);
      // Enrolled (its seal-init is there): not told to run seal init.
      expect(r.stderr).not.toContain('封印されていない端末');
      // The logs cut right after that second end: nothing follows it, so verify asks at the end.
      const stripped = readFileSync(file, 'utf8');
      const at = Number(/:(\d+): 封印がありません/.exec(r.stdout)![1]);
      writeFileSync(file, `${stripped.split('\n').slice(0, at).join('\n')}\n`);
      const cut = runCli(['verify', logs], home);
      expect(cut.code, cut.stdout + cut.stderr).toBe(1);
      expect(cut.stdout).toContain('端末 T-E2E: 最後の封印（seq 0 まで）のあと、封印のないログアウト・サインアウトが 2 件あります');
      expect(cut.stdout).not.toContain('封印がありません：');
      writeFileSync(file, stripped);
      // report and collect say so too: the problem is listed, and the sessions it concerns flagged.
      const report = runCli(['report', logs, '--format', 'json'], home);
      const doc = JSON.parse(report.stdout) as { sessions: { flags: string[] }[]; integrity: { problem: string; line: number }[] };
      expect(doc.integrity.filter((p) => p.problem.startsWith('seals missing'))).toHaveLength(1);
      expect(doc.sessions.map((x) => x.flags.includes('integrity'))).toEqual([true, true]);
      const archive = path.join(home, 'arch');
      expect(runCli(['collect', logs, '--archive', archive], home).code).toBe(1);
      const fromArchive = JSON.parse(runCli(['report', '--archive', archive, '--format', 'json'], home).stdout) as typeof doc;
      expect(fromArchive.sessions.map((x) => x.flags)).toEqual(doc.sessions.map((x) => x.flags));
      expect(fromArchive.integrity.map((p) => [p.problem, p.line])).toEqual(doc.integrity.map((p) => [p.problem, p.line]));
    }
  });

  it('init, seals at each logout with the key moving on, enroll, verify and report with and without the key, a re-chained file', async () => {
    const { terminal, key, init } = initTerminal();
    expect(init.stdout).toContain('counter-checklist seal enroll T-E2E');
    const keyFile = path.join(terminal, 'state', 'seal', 'T-E2E.json');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(logLines(terminal).map((r) => r.type)).toEqual(['seal-init']);
    // Again: only after a confirmation.
    const again = runCli(['seal', 'init'], terminal);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--yes');

    await twoSessions(terminal);
    const types = logLines(terminal).map((r) => r.type);
    // Each logout, and the sign-out, is followed by its seal.
    types.forEach((t, i) => {
      if (t === 'logout' || t === 'sign-out') expect(types[i + 1]).toBe('seal');
    });
    expect(types.filter((t) => t === 'seal')).toHaveLength(3);
    expect(JSON.parse(readFileSync(keyFile, 'utf8')).epoch).toBe(3);

    // The supervisor's machine.
    const supervisor = makeHome();
    const logs = path.join(terminal, 'logs');
    const unkeyed = runCli(['verify', logs], supervisor);
    expect(unkeyed.code).toBe(0);
    expect(unkeyed.stderr).toContain('鍵がこのパソコンに登録されていない');
    expect(runCli(['seal', 'enroll', 'T-E2E', key.toLowerCase()], supervisor).code).toBe(0);
    const typo = (key[0] === 'A' ? 'B' : 'A') + key.slice(1);
    expect(runCli(['seal', 'enroll', 'T-E2E', typo], supervisor).code).toBe(2);
    const keyed = runCli(['verify', logs], supervisor);
    expect(keyed.code, keyed.stdout + keyed.stderr).toBe(0);
    expect(keyed.stdout).toMatch(/端末 T-E2E: seq \d+ までの記録を封印で確認しました（封印 3 件）/);

    // The interrupted session rewritten as completed, the chain recomputed: unkeyed verify cannot tell.
    const interrupted = logLines(terminal).find((r) => r.type === 'interrupt')!.session as string;
    rechain(logFiles(terminal)[0]!, interrupted);
    const stranger = makeHome();
    expect(runCli(['verify', logs], stranger).code).toBe(0);
    const caught = runCli(['verify', logs], supervisor);
    expect(caught.code).toBe(1);
    expect(caught.stdout).toContain('封印（エポック 1）が検証できません');
    const report = runCli(['report', logs, '--format', 'json'], supervisor);
    const session = (JSON.parse(report.stdout) as { sessions: { id: string; outcome: string; flags: string[] }[] }).sessions.find((s) => s.id === interrupted)!;
    expect(session.outcome).toBe('completed');
    expect(session.flags).toContain('integrity');
  });

  it('a SIGKILL between a seal and its ratchet: the next start moves the key on; every seal verifies', async () => {
    const terminal = makeHome();
    const key = enrolKeyFrom(runCli(['seal', 'init'], terminal).stdout);
    // The first in-place write is the first ratchet's (the key moved on after the first seal).
    const term = startKiosk(terminal, ['--operator', 'S-01'], { COUNTER_CHECKLIST_TEST_FAULT: 'writeat:1:KILL' });
    await term.waitFor('待機中');
    await term.press(KEYS.enter);
    await term.waitFor(/項目 1\/\d+/);
    await term.press(KEYS.enter, 'i');
    await term.waitFor('中断の理由');
    await term.press(KEYS.enter);
    await term.waitFor('logout と入力して Enter');
    term.type('logout');
    term.type(KEYS.enter);
    expect((await term.waitForExit()).signal).toBe(9);
    const keyFile = path.join(terminal, 'state', 'seal', 'T-E2E.json');
    expect(JSON.parse(readFileSync(keyFile, 'utf8')).epoch).toBe(0); // the seal is in the log, the key not moved on
    expect(logLines(terminal).map((r) => r.type).slice(-2)).toEqual(['logout', 'seal']);
    expect(readdirSync(path.dirname(keyFile))).toEqual(['T-E2E.json']);

    const next = startKiosk(terminal, ['--operator', 'S-01']);
    await oneSession(next, true);
    await next.press(KEYS.ctrlC);
    await next.waitForExit();
    const seals = logLines(terminal).filter((r) => r.type === 'seal').map((r) => (r.payload as { epoch: number }).epoch);
    expect(seals).toEqual([0, 1, 2]);
    const supervisor = makeHome();
    expect(runCli(['seal', 'enroll', 'T-E2E', key], supervisor).code).toBe(0);
    const v = runCli(['verify', path.join(terminal, 'logs')], supervisor);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });
});
