// `verify`: exit 0 on logs as the kiosk wrote them; exit 1 after any single byte is changed, any line
// deleted, any two lines swapped, a torn tail, a missing file, or the newest records cut off (head
// anchors). Problems print as `file:line: problem`.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Locale } from '../src/i18n/index.js';
import { UserError } from '../src/errors.js';
import { anchorsFile, judgeAnchor, loadAnchors, readLineBytes, type Anchor } from '../src/verify/anchors.js';
import { runVerifyCommand } from '../src/verify/command.js';
import { KioskLog, local, sid, writeWard } from './helpers/session-logs.js';
import { foldSessions, type FoldedSession } from '../src/log/fold.js';
import { readLogBatches } from '../src/log/reader.js';
import type { NewRecord } from '../src/domain/record.js';
import { openLog } from '../src/log/writer.js';
import { requireBuild, runCli } from './helpers/kiosk.js';
import { mountReadOnly } from './helpers/mount.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString('utf8');
    done();
  }
}

const HOME = 'COUNTER_CHECKLIST_HOME';
const savedHome = process.env[HOME];
let root: string;
let logs: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(tmpdir(), 'cc-verify-'));
  logs = path.join(root, 'logs');
  process.env[HOME] = root;
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});
afterAll(() => {
  if (savedHome === undefined) delete process.env[HOME];
  else process.env[HOME] = savedHome;
});

async function verify(paths = [logs], locale: Locale = 'ja', terminals?: string[]) {
  const stdout = new Capture();
  const err: string[] = [];
  const result = await runVerifyCommand(paths, { stdout, err: (l) => err.push(l) }, locale, undefined, terminals ? { terminals } : {});
  return { ...result, out: stdout.text.trimEnd().split('\n'), err };
}

const logFilesOf = (dir: string) =>
  fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => path.join(dir, f));

describe('verify: clean logs', () => {
  it('exit 0, one summary line, and the heads remembered per terminal', async () => {
    writeWard(logs);
    const r = await verify();
    expect(r.problems).toBe(0);
    expect(r).toMatchObject({ files: 3, terminals: 2 });
    expect(r.out).toEqual([`問題はありません（ファイル 3、記録 ${r.records} 件、端末 2）`]);
    const anchors = loadAnchors(anchorsFile());
    expect([...anchors.keys()].sort()).toEqual(['0042', 'T-01']);
    const files = logFilesOf(logs);
    const t1 = files.filter((f) => f.includes(`${path.sep}T-01${path.sep}`));
    const lastLine = fs.readFileSync(t1.at(-1)!, 'utf8').trimEnd().split('\n');
    expect(anchors.get('T-01')).toMatchObject({ seq: lastLine.length + fs.readFileSync(t1[0]!, 'utf8').trimEnd().split('\n').length });
    if (process.platform !== 'win32') expect(fs.statSync(anchorsFile()).mode & 0o777).toBe(0o600);
    // Again, unchanged: still clean.
    expect((await verify()).problems).toBe(0);
  });

  it('logs the kiosk went on writing after the last check are still clean, and the anchor moves on', async () => {
    const log = new KioskLog(logs, 'T-05', local(2026, 11, 27, 9));
    log.signIn('S-05').complete('S-05', sid(1));
    expect((await verify()).problems).toBe(0);
    const before = loadAnchors(anchorsFile()).get('T-05')!.seq;
    log.complete('S-05', sid(2)).at(local(2026, 11, 28, 9)).complete('S-05', sid(3));
    log.close();
    expect((await verify()).problems).toBe(0);
    expect(loadAnchors(anchorsFile()).get('T-05')!.seq).toBeGreaterThan(before);
  });

  it('an empty folder is clean', async () => {
    fs.mkdirSync(logs);
    const r = await verify();
    expect(r).toMatchObject({ problems: 0, files: 0, records: 0 });
  });
});

describe('verify and report: a session started while another was open', () => {
  it('is a problem of its own in verify (even in old logs with a valid chain), and report flags both sessions', async () => {
    // As two kiosks on one log (or an older version's retry) wrote it: B starts before A logged out.
    let t = local(2026, 11, 27, 9).getTime();
    const w = openLog({ dir: logs, terminal: 'T-07', now: () => new Date((t += 1000)) });
    const rec = (session: string, type: string, payload: object) => w.append({ type, payload, operator: 'S-07', session } as NewRecord);
    const start = { checklist: 'mynapoint-support', checklistVersion: '1.10', checklistSha256: 'ab'.repeat(32) };
    rec(sid(1), 'session-start', start);
    rec(sid(2), 'session-start', start);
    rec(sid(2), 'logout', { outcome: 'interrupted', gate: [] });
    rec(sid(1), 'logout', { outcome: 'interrupted', gate: [] });
    rec(sid(3), 'session-start', start);
    rec(sid(3), 'logout', { outcome: 'interrupted', gate: [] });
    w.close();
    const r = await verify([logs], 'en');
    expect(r.problems).toBe(1);
    expect(r.out[0]).toMatch(/:2: Session 00000002… started before session 00000001… of the same terminal logged out$/);
    const sessions = await folded([logs]);
    expect(sessions.get(sid(1))?.flags).toContain('integrity');
    expect(sessions.get(sid(2))?.flags).toContain('integrity');
    expect(sessions.get(sid(3))?.flags).not.toContain('integrity');
  });
});

describe('verify: a clock set back', () => {
  it('is a problem where the time jumps back more than 5 minutes; a small correction is not', async () => {
    let t = local(2026, 11, 29, 9).getTime();
    const w = openLog({ dir: logs, terminal: 'T-08', now: () => new Date(t) });
    const signIn = () => w.append({ type: 'sign-in', payload: {}, operator: 'S-08', session: null });
    signIn();
    t -= 60_000; // NTP nudging the clock back a minute
    signIn();
    t -= 2 * 86_400_000; // set back two days
    signIn();
    w.close();
    const r = await verify([logs], 'en');
    expect(r.problems).toBe(1);
    expect(r.out[0]).toMatch(/:3: Time goes back 2880 min \(previous record 2026-11-29T08:59:00\.000.*\): the terminal clock was probably set back$/);
  });
});

async function folded(paths: string[]) {
  const out = new Map<string, FoldedSession>();
  for await (const s of foldSessions(readLogBatches(paths))) out.set(s.id, s);
  return out;
}

describe('verify: every single change is found', () => {
  // One pristine ward, checked once (heads remembered); each case damages a copy, checks it with a
  // copy of that memory, and puts the file back.
  let pristine: string;
  let heads: string;
  let files: string[];
  let originals: Map<string, Buffer>;

  beforeAll(async () => {
    pristine = fs.mkdtempSync(path.join(tmpdir(), 'cc-verify-pristine-'));
    process.env[HOME] = pristine;
    writeWard(path.join(pristine, 'logs'));
    const first = await runVerifyCommand([path.join(pristine, 'logs')], { stdout: new Capture(), err: () => {} }, 'en');
    expect(first.problems).toBe(0);
    heads = fs.readFileSync(anchorsFile(), 'utf8');
    files = logFilesOf(path.join(pristine, 'logs'));
    originals = new Map(files.map((f) => [f, fs.readFileSync(f)]));
  });
  afterAll(() => {
    fs.rmSync(pristine, { recursive: true, force: true });
  });

  /** Write `damaged` over `file`, verify with the remembered heads, restore. */
  async function problemsWith(file: string, damaged: Buffer | string): Promise<string[]> {
    process.env[HOME] = pristine;
    fs.writeFileSync(anchorsFile(), heads);
    fs.writeFileSync(file, damaged);
    try {
      const stdout = new Capture();
      const r = await runVerifyCommand([path.join(pristine, 'logs')], { stdout, err: () => {} }, 'en');
      const lines = stdout.text.trimEnd().split('\n');
      expect(lines.length).toBe(r.problems + 1);
      return r.problems > 0 ? lines.slice(0, -1) : [];
    } finally {
      fs.writeFileSync(file, originals.get(file)!);
    }
  }

  const linesOf = (file: string) => originals.get(file)!.toString('utf8').split('\n').slice(0, -1);

  it('any single byte of any record changed (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), async (f, at, delta) => {
        const file = files[f % files.length]!;
        const bytes = Buffer.from(originals.get(file)!);
        const i = at % bytes.length;
        bytes[i] = (bytes[i]! + delta) % 256;
        const problems = await problemsWith(file, bytes);
        expect(problems.length, `${file} byte ${i}`).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('the newest record of a terminal changed: its prev by the chain, anything else by the remembered head', async () => {
    const file = files.filter((f) => f.includes(`${path.sep}T-01${path.sep}`)).at(-1)!;
    const lines = linesOf(file);
    const last = lines.at(-1)!;
    const withLast = (line: string) => [...lines.slice(0, -1), line, ''].join('\n');
    const prev = (JSON.parse(last) as { prev: string }).prev;
    const badPrev = await problemsWith(file, withLast(last.replace(prev, `${prev[0] === '0' ? '1' : '0'}${prev.slice(1)}`)));
    expect(badPrev[0]).toMatch(
      new RegExp(
        `^${escape(file)}:${lines.length}: Hash chain broken \\(seq ${lines.length + linesOf(files.find((f) => f.includes('T-01'))!).length}, between line ${lines.length - 1} and this one\\): prev should be [0-9a-f]{12}…, is [0-9a-f]{12}…; the line before may have been changed$`,
      ),
    );
    // Edited without breaking its own shape or its link back: only the anchor can see it.
    const operator = (JSON.parse(last) as { operator: string }).operator;
    const problems = await problemsWith(file, withLast(last.replace(`"operator":"${operator}"`, '"operator":"S-99"')));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^.*: The newest record seen earlier for terminal T-01 \(seq \d+, 2026-11-27T/);
  });

  it('any one line deleted', async () => {
    for (const file of files) {
      const lines = linesOf(file);
      for (let i = 0; i < lines.length; i++) {
        const damaged = [...lines.slice(0, i), ...lines.slice(i + 1), ''].join('\n');
        expect(await problemsWith(file, damaged), `${file} without line ${i + 1}`).not.toEqual([]);
      }
    }
  });

  it('any two lines of a file swapped', async () => {
    for (const file of files) {
      const lines = linesOf(file);
      for (let i = 0; i < lines.length; i++) {
        for (let j = i + 1; j < lines.length; j++) {
          const swapped = [...lines];
          [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
          expect(await problemsWith(file, [...swapped, ''].join('\n')), `${file} lines ${i + 1} and ${j + 1}`).not.toEqual([]);
        }
      }
    }
  });

  it('a line moved to another day, a torn tail, a line inserted, a whole day removed', async () => {
    const [day1, day2] = files.filter((f) => f.includes(`${path.sep}T-01${path.sep}`));
    const l1 = linesOf(day1!);
    const l2 = linesOf(day2!);
    // Day 1's last line moved to the start of day 2 (every line still valid and in seq order).
    fs.writeFileSync(day1!, [...l1.slice(0, -1), ''].join('\n'));
    try {
      expect(await problemsWith(day2!, [l1.at(-1)!, ...l2, ''].join('\n'))).toEqual([]);
    } finally {
      fs.writeFileSync(day1!, originals.get(day1!)!);
    }
    // (That move changes nothing a reader could tell: the same records in the same order.)

    const torn = await problemsWith(day2!, `${l2.join('\n')}\n{"v":1,"seq":99,"ts":"2026`);
    expect(torn).toEqual([`${day2!}:${l2.length + 1}: The last line is cut off (26 bytes without a final newline)`]);

    const copy = JSON.parse(l2[2]!) as Record<string, unknown>;
    const inserted = await problemsWith(day2!, [...l2.slice(0, 3), JSON.stringify({ ...copy, seq: (copy.seq as number) + 1 }), ...l2.slice(3), ''].join('\n'));
    expect(inserted[0]).toMatch(new RegExp(`^${escape(day2!)}:4: `));

    fs.rmSync(day1!);
    try {
      const noDay1 = await problemsWith(day2!, originals.get(day2!)!);
      expect(noDay1[0]).toMatch(new RegExp(`^${escape(day2!)}:1: Terminal T-01's hash chain does not start at seq 1`));
    } finally {
      fs.writeFileSync(day1!, originals.get(day1!)!);
    }
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('verify: head anchors', () => {
  const head = (seq: number, hash = 'a'.repeat(64)): Anchor => ({ seq, hash, ts: '2026-11-27T09:00:00.000+09:00', file: 'f', seenAt: '2026-11-27T10:00:00.000+09:00' });
  const span = (minSeq: number, maxSeq: number, linked = false) => ({ minSeq, maxSeq, file: 'f', line: 1, ts: '', linked });

  it('judges: new, same head, moved on, cut off, rewritten, later logs only', () => {
    expect(judgeAnchor(undefined, span(1, 10), head(10))).toEqual({ kind: 'ok', next: head(10) });
    expect(judgeAnchor(head(10), span(1, 10), head(10))).toEqual({ kind: 'ok', next: head(10) });
    expect(judgeAnchor(head(10), span(1, 20, true), head(20, 'b'.repeat(64)))).toEqual({ kind: 'ok', next: head(20, 'b'.repeat(64)) });
    expect(judgeAnchor(head(10), span(1, 9), head(9))).toEqual({ kind: 'missing', anchor: head(10) });
    expect(judgeAnchor(head(10), span(1, 10), head(10, 'c'.repeat(64)))).toEqual({ kind: 'missing', anchor: head(10) });
    expect(judgeAnchor(head(10), span(1, 30), head(30))).toEqual({ kind: 'missing', anchor: head(10) });
    expect(judgeAnchor(head(10), span(12, 30), head(30))).toEqual({ kind: 'not-checked', next: head(30), anchor: head(10) });
  });

  it('newest records removed: warned, exit 1, and again next time (the old head is kept)', async () => {
    writeWard(logs);
    expect((await verify()).problems).toBe(0);
    const newest = logFilesOf(path.join(logs, '0042')).at(-1)!;
    const lines = fs.readFileSync(newest, 'utf8').split('\n').slice(0, -1);
    fs.writeFileSync(newest, [...lines.slice(0, -2), ''].join('\n'));
    for (let i = 0; i < 2; i++) {
      const r = await verify();
      expect(r.problems).toBe(1);
      expect(r.out[0]).toMatch(new RegExp(`^${escape(newest)}: 端末 0042 で以前に確認した最新の記録（seq ${lines.length}、2026-11-27T`));
    }
  });

  it('a terminal whose logs were rewritten with a fresh chain: warned', async () => {
    writeWard(logs);
    expect((await verify()).problems).toBe(0);
    fs.rmSync(path.join(logs, '0042'), { recursive: true });
    const again = new KioskLog(logs, '0042', local(2026, 11, 27, 10));
    again.signIn('0012').complete('0012', sid(500)).complete('0012', sid(501)).complete('0012', sid(502));
    again.close();
    const r = await verify();
    expect(r.problems).toBe(1);
    expect(r.out[0]).toContain('端末 0042 で以前に確認した最新の記録');
  });

  it("a terminal seen before with no logs at all (file emptied, deleted, folder gone) is a problem; --terminal asks only for the ones named", async () => {
    writeWard(logs);
    expect((await verify()).problems).toBe(0);
    const t1 = logFilesOf(path.join(logs, 'T-01'));
    const saved = t1.map((f) => fs.readFileSync(f));
    const expectGone = async () => {
      const r = await verify([logs], 'en');
      expect(r.problems).toBe(1);
      expect(r.out[0]).toMatch(/^Terminal T-01 has no logs here: the newest record seen earlier \(seq \d+, 2026-11-2\d.*\) is gone/);
    };
    // Every day file emptied.
    for (const f of t1) fs.writeFileSync(f, '');
    await expectGone();
    // Deleted.
    for (const f of t1) fs.rmSync(f);
    await expectGone();
    // The whole folder.
    fs.rmSync(path.join(logs, 'T-01'), { recursive: true });
    await expectGone();
    // Only the other terminal, on purpose: clean.
    const r = await verify([logs], 'en', ['0042']);
    expect(r.problems).toBe(0);
    // A terminal asked for that has no logs here (a typo, or T-01 now): exit 2 naming it, not "no problems".
    await expect(verify([logs], 'en', ['0042', 'T-O1'])).rejects.toMatchObject({ key: 'verify.error.noTerminal', params: { terminal: 'T-O1', found: '0042' } });
    t1.forEach((f, i) => {
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, saved[i]!);
    });
    expect((await verify()).problems).toBe(0);
  });

  it('a damaged heads file is exit 2 naming it; an unwritable one is a warning', async () => {
    writeWard(logs);
    fs.mkdirSync(path.dirname(anchorsFile()), { recursive: true });
    fs.writeFileSync(anchorsFile(), '{"version":1,"terminals":{"T-01":{"seq":"x"}}}');
    await expect(verify()).rejects.toMatchObject({ key: 'verify.error.stateBad', params: { file: anchorsFile(), detail: 'terminals.T-01.seq' } });
    await expect(verify()).rejects.toBeInstanceOf(UserError);
    if (process.platform !== 'win32' && process.getuid?.() !== 0) {
      fs.rmSync(anchorsFile());
      fs.chmodSync(path.dirname(anchorsFile()), 0o500);
      const r = await verify();
      expect(r.problems).toBe(0);
      expect(r.err.join('\n')).toContain('確認した記録（ヘッド）を保存できませんでした');
      fs.chmodSync(path.dirname(anchorsFile()), 0o700);
    }
  });

  it('readLineBytes: the exact bytes of one line, across read chunks', () => {
    const file = path.join(root, 'lines.txt');
    const long = 'x'.repeat(1024 * 1024 + 5);
    fs.writeFileSync(file, `a\n${long}\nc`);
    expect(readLineBytes(file, 1).toString()).toBe('a');
    expect(readLineBytes(file, 2).toString()).toBe(long);
    expect(readLineBytes(file, 3).toString()).toBe('c');
  });
});

describe('verify: through the built command', () => {
  beforeAll(requireBuild);

  it('exit 0 when clean, 1 with `file:line: problem` lines, 2 for a missing path', () => {
    writeWard(logs);
    let r = runCli(['verify', logs], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^問題はありません（ファイル 3、記録 \d+ 件、端末 2）\n$/);
    const file = logFilesOf(path.join(logs, 'T-01'))[0]!;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[4] = lines[4]!.replace('"seq":5', '"seq":6');
    fs.writeFileSync(file, lines.join('\n'));
    fs.writeFileSync(path.join(root, 'config.json'), JSON.stringify({ locale: 'en' }));
    r = runCli(['verify'], root);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(`${file}:5: Sequence gap (expected 5, found 6): records may have been deleted`);
    expect(r.stdout).toMatch(/\d+ problems \(3 files, \d+ records, 2 terminals\)\n$/);
    r = runCli(['verify', path.join(root, 'nope')], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path.join(root, 'nope'));
  });

  it('on a read-only disk, the heads file that cannot be saved says why (EROFS), and the check still stands', (ctx) => {
    writeWard(logs);
    const mount = mountReadOnly((dir) => fs.mkdirSync(path.join(dir, 'home')));
    if ('reason' in mount) return ctx.skip(`read-only mount not available: ${mount.reason}`);
    try {
      const r = runCli(['verify', logs], path.join(mount.dir, 'home'));
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^問題はありません/);
      expect(r.stderr).toContain(`（EROFS）: ${path.join(mount.dir, 'home', 'state', 'heads.json')}`);
      expect(r.stderr).not.toContain('ENOENT');
    } finally {
      mount.unmount();
    }
  });
});
