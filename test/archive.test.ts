// The supervisor's archive: three terminals over three "days", each day's sticks collected (some
// twice, some mid-day), with what a ward really produces — a session left open overnight and
// recovered the next morning, a record after a logout, a follow-up recorded between collects, a
// terminal reinstalled with a fresh chain, an older day's file that turns up late, a stick whose old
// file was edited. After every collect the archive's report is the raw-path report of the same files;
// a rebuilt index gives the same report again.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLog } from '../src/log/writer.js';
import { openReviewLog } from '../src/review/log.js';
import type { ReportDocument } from '../src/report/document.js';
import type { CollectSummary } from '../src/archive/collect.js';
import { collectJson, normalised, reportDoc } from './helpers/archive.js';
import { KioskLog, local, sid } from './helpers/session-logs.js';

let root: string;
let sticks: string;
let archive: string;
let savedHome: string | undefined;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(tmpdir(), 'cc-archive-'));
  sticks = path.join(root, 'sticks');
  archive = path.join(root, 'archive');
  savedHome = process.env.COUNTER_CHECKLIST_HOME;
  process.env.COUNTER_CHECKLIST_HOME = path.join(root, 'home');
  fs.mkdirSync(process.env.COUNTER_CHECKLIST_HOME);
  fs.writeFileSync(path.join(process.env.COUNTER_CHECKLIST_HOME, 'config.json'), JSON.stringify({ terminalId: 'SV' }));
});
afterEach(() => {
  if (savedHome === undefined) delete process.env.COUNTER_CHECKLIST_HOME;
  else process.env.COUNTER_CHECKLIST_HOME = savedHome;
  fs.rmSync(root, { recursive: true, force: true });
});

/** Paths in problem texts name the file read: the stick's or the archive's copy. */
function comparable(doc: ReportDocument): ReportDocument {
  const n = normalised(doc);
  return { ...n, integrity: n.integrity.map((p) => ({ ...p, problem: p.problem.replace(/\S*\/([^/\s]+\/[^/\s]+\.jsonl)/g, '$1') })) };
}

/** The archive's report equals the raw-path report over the sticks (same sessions, flags, reviews, problems). */
async function expectSameAsRaw(paths: string[], options: Record<string, string | boolean> = {}) {
  const raw = comparable(await reportDoc({ paths }, options));
  const arch = comparable(await reportDoc({ archive }, options));
  expect(arch).toEqual(raw);
  return arch;
}

const stick = (t: string) => path.join(sticks, t);
const byTerminal = (s: CollectSummary, t: string) => s.terminals.find((x) => x.terminal === t);

/** Append raw records to a terminal's log (what no kiosk writes: a record after its session's logout). */
function appendLate(terminal: string, when: Date, session: string) {
  const log = openLog({ dir: sticks, terminal, now: () => when });
  log.append({ type: 'step', payload: { action: 'confirm', section: 'identity', item: 'own-card', required: true }, operator: 'S-09', session });
  log.close();
}

describe('collect over three days', () => {
  it('sees only what is new each time, and report on the archive is the raw-path report', async () => {
    const a = new KioskLog(sticks, 'T-A', local(2026, 11, 2, 9));
    const b = new KioskLog(sticks, 'T-B', local(2026, 11, 2, 9));
    const c = new KioskLog(sticks, 'T-C', local(2026, 11, 2, 9));
    // Day 1, morning: collected mid-day.
    a.signIn('S-01').complete('S-01', sid(1)).interrupted('S-01', sid(2));
    b.signIn('S-02').complete('S-02', sid(11));
    c.signIn('S-03').complete('S-03', sid(21), { idle: true });
    let r = await collectJson([stick('T-A'), stick('T-B'), stick('T-C')], archive);
    expect(r.code).toBe(0);
    expect(r.summary.files.new).toBe(3);
    expect(byTerminal(r.summary, 'T-A')).toMatchObject({ newSessions: 2, newlyIncomplete: 1, newProblems: 0 });
    expect(byTerminal(r.summary, 'T-C')).toMatchObject({ newSessions: 1, newlyIncomplete: 1 });
    await expectSameAsRaw([sticks]);

    // The same sticks again: nothing new.
    r = await collectJson([stick('T-A'), stick('T-B'), stick('T-C')], archive);
    expect(r.code).toBe(0);
    expect(r.summary.files.unchanged).toBe(3);
    expect(r.summary.terminals.every((t) => t.newRecords === 0 && t.newSessions === 0 && t.newlyIncomplete === 0)).toBe(true);

    // Day 1, afternoon: T-A's kiosk is killed mid-session (left open overnight); T-B skips an item.
    a.killed('S-01', sid(3));
    b.complete('S-02', sid(12), { skipRequired: true }).signOut('S-02');
    r = await collectJson([stick('T-A'), stick('T-B')], archive);
    expect(r.summary.files.appended).toBe(2);
    expect(byTerminal(r.summary, 'T-A')).toMatchObject({ newSessions: 1, newlyIncomplete: 1 });
    expect(byTerminal(r.summary, 'T-B')).toMatchObject({ newSessions: 1, newlyIncomplete: 1 });
    let doc = await expectSameAsRaw([sticks]);
    expect(doc.sessions.find((s) => s.id === sid(3))).toMatchObject({ outcome: 'open', flags: ['no-logout'] });

    // A supervisor follows up a session between collects (the review log), and T-C's log gets a
    // record of day 1's session after its logout.
    const reviews = openReviewLog({ terminal: 'SV.reviews' });
    reviews.append({ session: sid(2), terminal: 'T-A', reviewer: 'SV-1', note: 'called the citizen back' });
    reviews.close();
    c.close();
    appendLate('T-C', local(2026, 11, 3, 8), sid(21));

    // Day 2: T-A recovers the open session and goes on; T-C carries on after the late record.
    a.at(local(2026, 11, 3, 9)).recover('S-01', sid(3)).signIn('S-01').complete('S-01', sid(4));
    const c2 = new KioskLog(sticks, 'T-C', local(2026, 11, 3, 10));
    c2.signIn('S-03').complete('S-03', sid(22));
    r = await collectJson([stick('T-A'), stick('T-B'), stick('T-C')], archive);
    expect(r.code).toBe(1); // the late record is a new integrity problem
    // sid(3) was already flagged (no-logout); now it is unclean-exit: not newly incomplete.
    expect(byTerminal(r.summary, 'T-A')).toMatchObject({ newSessions: 1, newlyIncomplete: 0, newProblems: 0 });
    // sid(21) (stored since day 1) is flagged by the late record.
    expect(byTerminal(r.summary, 'T-C')).toMatchObject({ newSessions: 1, newProblems: 1 });
    doc = await expectSameAsRaw([sticks]);
    expect(doc.sessions.find((s) => s.id === sid(3))).toMatchObject({ outcome: 'recovered', flags: ['unclean-exit'] });
    expect(doc.sessions.find((s) => s.id === sid(21))!.flags).toContain('integrity');
    expect(doc.sessions.find((s) => s.id === sid(2))).toMatchObject({ reviewed: true, reviews: [{ reviewer: 'SV-1', note: 'called the citizen back' }] });

    // Day 3: T-B was reinstalled: a fresh chain starts again at seq 1 in its new day file.
    b.close();
    const fresh = path.join(root, 'reinstalled');
    const b2 = new KioskLog(fresh, 'T-B', local(2026, 11, 4, 9));
    b2.signIn('S-02').complete('S-02', sid(13));
    b2.close();
    for (const f of fs.readdirSync(path.join(fresh, 'T-B'))) fs.copyFileSync(path.join(fresh, 'T-B', f), path.join(stick('T-B'), f));
    a.at(local(2026, 11, 4, 9)).signIn('S-01').complete('S-01', sid(5));
    r = await collectJson([stick('T-A'), stick('T-B'), stick('T-C')], archive);
    expect(r.code).toBe(1);
    expect(byTerminal(r.summary, 'T-B')!.newProblems).toBeGreaterThan(0);
    doc = await expectSameAsRaw([sticks]);
    // Reported where the fresh chain starts (the break is between two sign-in/out lines: no
    // session of either side is flagged).
    expect(doc.integrity).toContainEqual({ file: 'T-B/2026-11-04.jsonl', line: 1, problem: expect.stringMatching(/^seq repeated or out of order: expected \d+, found 1$/) });
    // Filters are SQL on the archive, and give what the raw-path filters give.
    await expectSameAsRaw([sticks], { flagged: true });
    await expectSameAsRaw([sticks], { terminal: 'T-A', since: '2026-11-03' });
    await expectSameAsRaw([sticks], { until: '2026-11-02', operator: 'S-02' });

    // A rebuilt index gives the same report.
    const before = await reportDoc({ archive });
    r = await collectJson([], archive, { rebuild: true });
    expect(await reportDoc({ archive })).toEqual(before);
    a.close();
  });

  it('an older day that turns up after newer ones are indexed is read in its place', async () => {
    const a = new KioskLog(sticks, 'T-A', local(2026, 11, 2, 9));
    a.signIn('S-01').complete('S-01', sid(1));
    a.at(local(2026, 11, 3, 9)).complete('S-01', sid(2));
    a.at(local(2026, 11, 4, 9)).complete('S-01', sid(3)).close();
    // The first stick lacks the middle day.
    const partial = path.join(root, 'partial', 'T-A');
    fs.mkdirSync(partial, { recursive: true });
    for (const d of ['2026-11-02', '2026-11-04']) fs.copyFileSync(path.join(stick('T-A'), `${d}.jsonl`), path.join(partial, `${d}.jsonl`));
    let r = await collectJson([partial], archive);
    expect(r.code).toBe(1); // a seq gap: the missing day
    await expectSameAsRaw([partial]);
    r = await collectJson([stick('T-A')], archive);
    expect(r.summary.files.new).toBe(1);
    expect(byTerminal(r.summary, 'T-A')).toMatchObject({ newSessions: 1, newRecords: 8 });
    const doc = await expectSameAsRaw([sticks]);
    expect(doc.integrity).toEqual([]);
    expect(doc.sessions.map((s) => s.id)).toEqual([sid(1), sid(2), sid(3)]);
  });

  it('keeps both versions of a file that changed since it was archived, and says where', async () => {
    const a = new KioskLog(sticks, 'T-A', local(2026, 11, 2, 9));
    a.signIn('S-01').complete('S-01', sid(1)).complete('S-01', sid(2));
    a.close();
    await collectJson([stick('T-A')], archive);
    const file = path.join(stick('T-A'), '2026-11-02.jsonl');
    const archived = path.join(archive, 'logs', 'T-A', '2026-11-02.jsonl');
    const original = fs.readFileSync(archived);
    // Someone edits the terminal's copy: the operator of line 3, same length.
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('"S-01"', '"S-07"');
    fs.writeFileSync(file, lines.join('\n'));
    let r = await collectJson([stick('T-A')], archive);
    expect(r.code).toBe(1);
    expect(r.summary.conflicts).toEqual([{ terminal: 'T-A', file: path.join(stick('T-A'), '2026-11-02.jsonl'), copy: `${archived}.conflict-1`, line: 3, known: false }]);
    expect(fs.readFileSync(archived).equals(original)).toBe(true);
    expect(fs.readFileSync(`${archived}.conflict-1`, 'utf8')).toBe(lines.join('\n'));
    const doc = await reportDoc({ archive });
    expect(doc.integrity).toContainEqual(expect.objectContaining({ file: archived, line: 3 }));
    // The same edited stick again: the version is known, nothing is copied again.
    r = await collectJson([stick('T-A')], archive);
    expect(r.summary.conflicts).toEqual([expect.objectContaining({ known: true })]);
    expect(fs.readdirSync(path.dirname(archived)).sort()).toEqual(['2026-11-02.jsonl', '2026-11-02.jsonl.conflict-1']);
    // The rebuilt index still knows the conflict.
    await collectJson([], archive, { rebuild: true });
    expect((await reportDoc({ archive })).integrity).toContainEqual(expect.objectContaining({ file: archived, line: 3 }));
  });
});
