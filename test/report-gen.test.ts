// The bench's synthetic log set is what the kiosk would write: valid chains (verify is clean) and the
// mix of sessions it claims (report agrees with the generator's own counts).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportDocument } from '../src/report/document.js';
import { ROOT, requireBuild, runCli } from './helpers/kiosk.js';

let home: string;
let stats: { records: number; sessions: number; incomplete: number; terminals: string[]; byOutcome: Record<string, number> };
beforeAll(() => {
  requireBuild();
  home = fs.mkdtempSync(path.join(tmpdir(), 'cc-gen-'));
  const r = spawnSync(process.execPath, ['bench/gen.js', path.join(home, 'logs'), '6000', '3'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  stats = JSON.parse(r.stdout) as typeof stats;
});
afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

describe('bench/gen.js', () => {
  it('writes valid chains across many days (verify exits 0)', () => {
    expect(stats.records).toBeGreaterThanOrEqual(6000);
    const r = runCli(['verify', path.join(home, 'logs')], home);
    // The generated logs are not sealed: verify says so once, and finds nothing else.
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^封印されていない端末: /)]);
    expect(r.code).toBe(0);
  });

  it('writes the mix of sessions it reports, as the report folds them', () => {
    const r = runCli(['report', path.join(home, 'logs'), '--format', 'json'], home);
    expect(r.code).toBe(0);
    const doc = ReportDocument.parse(JSON.parse(r.stdout));
    expect(doc.integrity).toEqual([]);
    expect(doc.summary.sessions).toBe(stats.sessions);
    expect(doc.summary.incomplete).toBe(stats.incomplete);
    const outcomes: Record<string, number> = { completed: 0, interrupted: 0, recovered: 0, open: 0 };
    for (const s of doc.sessions) outcomes[s.outcome]!++;
    expect(outcomes).toEqual(stats.byOutcome);
    for (const o of ['completed', 'interrupted', 'recovered', 'open']) expect(outcomes[o]).toBeGreaterThan(0);
    for (const f of ['no-logout', 'unclean-exit', 'interrupted', 'required-skipped', 'idle'] as const) expect(doc.summary.byFlag[f]).toBeGreaterThan(0);
    expect(Object.keys(doc.summary.byTerminal).sort()).toEqual([...stats.terminals].sort());
  });
});
