// The review log and the review's loading, on real files: reviews are appended durably to the
// supervisor's own chained log (never a terminal's), read back as a history per session, never
// mistaken for sessions; the loader keeps summaries and the files to read a timeline from.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldSessions, type FoldedSession } from '../src/log/fold.js';
import { faultyIo } from '../src/log/fault.js';
import { collectLogFiles, readLogs } from '../src/log/reader.js';
import { nodeFs } from '../src/log/fs.js';
import { describeLogError } from '../src/log/writer.js';
import { ReviewController } from '../src/review/controller.js';
import { loadSessions, readTimeline } from '../src/review/load.js';
import { openReviewLog, readReviews } from '../src/review/log.js';
import { initialModel, selected } from '../src/review/model.js';
import { MemorySource } from '../src/review/source.js';
import { main } from '../src/cli.js';
import { ReportDocument } from '../src/report/document.js';
import { Writable } from 'node:stream';
import { KioskLog, local, sid, writeWard } from './helpers/session-logs.js';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(tmpdir(), 'cc-review-log-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const tmp = (name: string) => fs.mkdtempSync(path.join(root, `${name}-`));

async function fold(paths: string[]): Promise<FoldedSession[]> {
  const out: FoldedSession[] = [];
  for await (const s of foldSessions(readLogs(paths))) out.push(s);
  return out;
}

describe('the review log', () => {
  it('appends chained, fsynced review records under reviews/TERMINAL (0700/0600), read back per session', async () => {
    const dir = path.join(tmp('home'), 'reviews');
    let clock = local(2026, 11, 28, 10).getTime();
    const log = openReviewLog({ dir, terminal: 'SV-PC', now: () => new Date((clock += 60_000)) });
    const a = log.append({ session: sid(1), terminal: 'T-01', reviewer: 'SV-01', note: 'ご本人に電話で連絡済み' });
    log.append({ session: sid(2), terminal: '0042', reviewer: 'SV-01', note: '区に報告済み' });
    log.append({ session: sid(1), terminal: 'T-01', reviewer: 'SV-02', note: '再度連絡、解決' });
    log.close();
    expect(a.at).toMatch(/^2026-11-28T10:0\d:00\.000[+-]\d{2}:\d{2}$/);

    const folder = path.join(dir, 'SV-PC');
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    const [file] = fs.readdirSync(folder);
    expect(file).toMatch(/^\d{4}-\d{2}-\d{2}\.jsonl$/);
    expect(fs.statSync(path.join(folder, file!)).mode & 0o777).toBe(0o600);
    const lines = fs.readFileSync(path.join(folder, file!), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ seq: 1, terminal: 'SV-PC', operator: 'SV-01', session: sid(1), type: 'review', payload: { terminal: 'T-01', note: 'ご本人に電話で連絡済み' } });
    // The chain verifies like any log.
    const items = [];
    for await (const item of readLogs([dir])) items.push(item);
    expect(items.filter((i) => i.kind === 'problem')).toEqual([]);
    expect(items).toHaveLength(3);

    const { reviews, problems } = await readReviews(dir);
    expect(problems).toEqual([]);
    expect(reviews.get(sid(1))!.map((r) => [r.reviewer, r.note])).toEqual([
      ['SV-01', 'ご本人に電話で連絡済み'],
      ['SV-02', '再度連絡、解決'],
    ]);
    expect(reviews.get(sid(2))).toMatchObject([{ session: sid(2), terminal: '0042', reviewer: 'SV-01', note: '区に報告済み' }]);
  });

  it('a missing folder is an empty log; a damaged line is a problem, the valid reviews still count', async () => {
    expect(await readReviews(path.join(root, 'nowhere'))).toEqual({ reviews: new Map(), problems: [] });
    const dir = path.join(tmp('damaged'), 'reviews');
    const log = openReviewLog({ dir, terminal: 'SV-PC' });
    log.append({ session: sid(1), terminal: 'T-01', reviewer: 'SV-01', note: 'first' });
    log.append({ session: sid(2), terminal: 'T-01', reviewer: 'SV-01', note: 'second' });
    log.close();
    const [file] = collectLogFiles([dir]);
    fs.writeFileSync(file!, fs.readFileSync(file!, 'utf8').replace('first', 'FIRST'));
    const { reviews, problems } = await readReviews(dir);
    expect(problems.map((p) => p.code)).toEqual(['chain-break']);
    expect([...reviews.keys()].sort()).toEqual([sid(1), sid(2)]);
  });

  it('review records are never folded into sessions (a folder holding logs and reviews reports the same)', async () => {
    const home = tmp('mixed');
    writeWard(path.join(home, 'logs'));
    const log = openReviewLog({ dir: path.join(home, 'reviews'), terminal: 'SV-PC' });
    log.append({ session: sid(2), terminal: 'T-01', reviewer: 'SV-01', note: 'called' });
    log.append({ session: sid(99), terminal: 'T-01', reviewer: 'SV-01', note: 'a session not in these logs' });
    log.close();
    const logsOnly = await fold([path.join(home, 'logs')]);
    const both = await fold([home]);
    expect(both).toEqual(logsOnly);
    expect(both.some((s) => s.id === sid(99))).toBe(false);
  });
});

describe('loading a log set for the review', () => {
  it('gives the fold\'s sessions as rows, with the files that hold each', async () => {
    const dir = path.join(tmp('ward'), 'logs');
    const ids = writeWard(dir);
    const files = collectLogFiles([dir]);
    const progress: number[] = [];
    const shares: number[] = [];
    const set = await loadSessions(files, {
      onProgress: (n, _records, share) => {
        progress.push(n);
        shares.push(share);
      },
    });
    const folded = await fold([dir]);
    expect(set.rows.map((r) => [r.id, r.outcome, r.flags])).toEqual(folded.map((s) => [s.id, s.outcome, s.flags]));
    expect(set.problems).toBe(0);
    expect(set.records).toBeGreaterThan(50);
    expect(progress.length).toBeGreaterThan(0);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    expect(shares.every((s) => s >= 0 && s <= 1)).toBe(true);
    const other = set.rows.find((r) => r.id === ids.other)!;
    expect(other.files).toHaveLength(1);
    expect(other.files[0]).toContain(`${path.sep}0042${path.sep}`);
    expect(other.startMs).toBe(Date.parse(other.startedAt!));
    expect(other.day).toBe('2026-11-27');
  });

  it('a session killed one day and recovered the next: its timeline is read from both files, in order', async () => {
    const dir = path.join(tmp('two-days'), 'logs');
    const log = new KioskLog(dir, 'T-01', local(2026, 11, 26, 17));
    log.signIn('S-01').killed('S-01', sid(7));
    log.at(local(2026, 11, 27, 9)).recover('S-01', sid(7));
    log.close();
    const set = await loadSessions(collectLogFiles([dir]));
    const row = set.rows.find((r) => r.id === sid(7))!;
    expect(row.files.map((f) => path.basename(f))).toEqual(['2026-11-26.jsonl', '2026-11-27.jsonl']);
    expect(row).toMatchObject({ outcome: 'recovered', flags: ['unclean-exit'] });
    const items = await readTimeline(row);
    expect(items.map((i) => (i.kind === 'record' ? i.record.type : i.code))).toEqual(['session-start', 'step', 'step', 'recovery', 'logout']);
  });

  it('a torn tail after an open session belongs to that session, in its timeline too', async () => {
    const dir = path.join(tmp('torn'), 'logs');
    const log = new KioskLog(dir, 'T-01', local(2026, 11, 27, 9));
    log.signIn('S-01').complete('S-01', sid(1)).killed('S-01', sid(2));
    const [file] = collectLogFiles([dir]);
    fs.appendFileSync(file!, '{"v":1,"seq":99,"ts":"2026-11-2');
    const set = await loadSessions(collectLogFiles([dir]));
    expect(set.problems).toBe(1);
    const open = set.rows.find((r) => r.id === sid(2))!;
    expect(open.flags).toEqual(['no-logout', 'integrity']);
    const items = await readTimeline(open);
    expect(items.map((i) => (i.kind === 'record' ? i.record.type : i.code))).toEqual(['session-start', 'step', 'step', 'torn-tail']);
    const done = await readTimeline(set.rows.find((r) => r.id === sid(1))!);
    expect(done.every((i) => i.kind === 'record' && i.record.session === sid(1))).toBe(true);
  });

  it('stops reading when asked (the screen closed while loading)', async () => {
    const dir = path.join(tmp('abort'), 'logs');
    writeWard(dir);
    const stop = new AbortController();
    stop.abort();
    const set = await loadSessions(collectLogFiles([dir]), { signal: stop.signal });
    expect(set.records).toBeLessThan(120);
  });
});

describe('the review controller', () => {
  it('appends to the real review log before marking; a failed write is shown, the next try reopens', async () => {
    const dir = path.join(tmp('controller'), 'reviews');
    const rows = (await loadSessions(collectLogFiles([writeWardIn(tmp('controller-logs'))]))).rows;
    // The first write of the first review log opened fails (EIO); the second log opened is fine.
    let opens = 0;
    const controller = new ReviewController({
      model: initialModel({ operatorPattern: '^[A-Za-z0-9-]{2,16}$' }),
      openLog: (acknowledged) =>
        openReviewLog({ dir, terminal: 'SV-PC', io: opens++ === 0 ? faultyIo('write:1', nodeFs) : nodeFs, ...(acknowledged ? { acknowledged } : {}) }),
      readTimeline: (row) => readTimeline(row),
      describe: (e) => describeLogError(e, 'en'),
    });
    controller.load(new MemorySource(rows, new Map()), { problems: 0, reviews: new Map(), reviewProblems: 0 });
    const typed = (text: string) => controller.key({ name: 'text', text });
    typed('a');
    typed('SV-01');
    controller.key({ name: 'enter' });
    typed('called back');
    controller.key({ name: 'enter' });
    let m = controller.getModel();
    expect(m.notice?.key).toBe('review-failed');
    expect(m.notice?.detail).toMatch(/EIO/);
    expect(m.reviews.size).toBe(0);
    expect(m.screen).toMatchObject({ name: 'ack', input: 'called back' });
    controller.key({ name: 'enter' });
    m = controller.getModel();
    expect(m.notice?.key).toBe('reviewed');
    expect(opens).toBe(2);
    controller.close();
    const { reviews } = await readReviews(dir);
    expect([...reviews.values()].flat().map((r) => r.note)).toEqual(['called back']);
    expect(m.reviews.get(selected(m)!.id)![0]!.at).toBe([...reviews.values()][0]![0]!.at);
  });
});

function writeWardIn(dir: string): string {
  const logs = path.join(dir, 'logs');
  writeWard(logs);
  return logs;
}

describe('report reads the review log', () => {
  class Capture extends Writable {
    text = '';
    override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
      this.text += chunk.toString('utf8');
      done();
    }
  }
  async function cli(args: string[], home: string) {
    const before = process.env.COUNTER_CHECKLIST_HOME;
    process.env.COUNTER_CHECKLIST_HOME = home;
    const stdout = new Capture();
    const err: string[] = [];
    try {
      const code = await main(args, { out: (t) => stdout.write(t), err: (t) => err.push(t), stdout: stdout as unknown as NodeJS.WriteStream });
      return { code, stdout: stdout.text, err };
    } finally {
      if (before === undefined) delete process.env.COUNTER_CHECKLIST_HOME;
      else process.env.COUNTER_CHECKLIST_HOME = before;
    }
  }

  it('JSON: `reviewed: true` and every follow-up, oldest first; other sessions exactly as before', async () => {
    const home = tmp('report-home');
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ terminalId: 'SV-PC' }));
    const ids = writeWard(path.join(home, 'logs'));
    const plain = await cli(['report', '--format', 'json'], home);
    expect(plain.code).toBe(0);

    let clock = local(2026, 11, 28, 10).getTime();
    const log = openReviewLog({ dir: path.join(home, 'reviews'), terminal: 'SV-PC', now: () => new Date((clock += 60_000)) });
    log.append({ session: ids.interrupted, terminal: 'T-01', reviewer: 'SV-01', note: 'ご本人に電話で連絡済み' });
    log.append({ session: ids.interrupted, terminal: 'T-01', reviewer: 'SV-02', note: '区に報告済み' });
    log.close();

    const r = await cli(['report', '--format', 'json'], home);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    const doc = ReportDocument.parse(JSON.parse(r.stdout));
    const got = doc.sessions.find((s) => s.id === ids.interrupted)!;
    expect(got.reviewed).toBe(true);
    expect(got.reviews!.map(({ reviewer, note }) => [reviewer, note])).toEqual([
      ['SV-01', 'ご本人に電話で連絡済み'],
      ['SV-02', '区に報告済み'],
    ]);
    expect(Object.keys(got)).toEqual([
      'id', 'terminal', 'operator', 'checklist', 'checklistVersion', 'startedAt', 'endedAt', 'outcome', 'logoutConfirmed', 'flags', 'reviewed', 'interrupts', 'skips', 'notApplicable', 'reviews',
    ]);
    // Every other session's line is byte for byte what it was without reviews; the summary differs
    // only in the follow-up count.
    const lines = (text: string) => text.split('\n').filter((l) => !l.includes(ids.interrupted) && !l.startsWith('"summary"'));
    expect(lines(r.stdout)).toEqual(lines(plain.stdout));
    const followUp = (text: string) => (JSON.parse(text) as { summary: { followUp: unknown } }).summary.followUp;
    expect(followUp(r.stdout)).toEqual({ reviewed: 1, unreviewed: 5 });
    expect(followUp(plain.stdout)).toEqual({ reviewed: 0, unreviewed: 6 });
    // The table says which incomplete session was followed up.
    const table = (await cli(['report', '--format', 'table'], home)).stdout.split('\n');
    const at = table.findIndex((l) => l.startsWith(ids.interrupted.slice(0, 8)));
    // 済 in the reviewed column, under its header 確認; no other row has it, and the old suffix is gone.
    const head = table.find((l) => l.startsWith('ID '))!;
    const under = (line: string, header: string) => {
      const col = [...head.slice(0, head.indexOf(header))].reduce((n, ch) => n + (/[\u3000-\uffff]/.test(ch) ? 2 : 1), 0);
      let n = 0;
      for (const ch of line) {
        if (n === col) return ch;
        n += /[\u3000-\uffff]/.test(ch) ? 2 : 1;
      }
      return '';
    };
    expect(under(table[at]!, '確認')).toBe('済');
    expect(table.filter((l) => /^[0-9a-f]{8} /.test(l) && under(l, '確認') === '済')).toHaveLength(1);
    expect(table.join('\n')).not.toContain('（確認済み）');
    const csv = await cli(['report', '--format', 'csv'], home);
    expect(csv.stdout.split('\r\n').find((l) => l.startsWith(ids.interrupted))).toMatch(/,interrupted,true,payment-info-missing,,,$/);
  });

  it('a damaged review log: one line on stderr, the report still written', async () => {
    const home = tmp('report-damaged');
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ terminalId: 'SV-PC', locale: 'en' }));
    const ids = writeWard(path.join(home, 'logs'));
    const log = openReviewLog({ dir: path.join(home, 'reviews'), terminal: 'SV-PC' });
    log.append({ session: ids.open, terminal: 'T-01', reviewer: 'SV-01', note: 'ok' });
    log.close();
    fs.appendFileSync(collectLogFiles([path.join(home, 'reviews')])[0]!, 'not json\n');
    const r = await cli(['report', '--format', 'json'], home);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([`Problems in the review log: 1 (see counter-checklist verify ${path.join(home, 'reviews')}).`]);
    expect(ReportDocument.parse(JSON.parse(r.stdout)).sessions.find((s) => s.id === ids.open)!.reviewed).toBe(true);
  });
});
