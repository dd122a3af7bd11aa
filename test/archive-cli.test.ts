// `collect`, `report --archive` and `review --archive` as the built bin runs them: bad input (exit 2,
// one translated line, no stack trace), unreadable files, a disk that fills up, SIGKILL at several
// points, two collects at once, readers while a collect writes, schema versions, a damaged index,
// progress on a terminal, and the review screen on the archive. After every fault the next collect
// finishes the job: the archive's report is the raw-path report of the sticks, and no record is
// counted twice.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openIndex, SCHEMA_VERSION } from '../src/archive/db.js';
import { acquireLock } from '../src/log/lock.js';
import { openLog } from '../src/log/writer.js';
import { ReportDocument } from '../src/report/document.js';
import { BIN, makeHome, requireBuild, ROOT, runCli, startKiosk } from './helpers/kiosk.js';
import { mountSmall } from './helpers/mount.js';
import { KioskLog, local, sid } from './helpers/session-logs.js';
import { disposeAllTerminals, KEYS, spawnTerminal } from './helpers/terminal.js';

beforeAll(requireBuild);
afterEach(disposeAllTerminals);

let sticks: string;
let lines: number;
beforeAll(() => {
  // One stick set for the fault tests: 3 terminals, about 6,000 records over several days.
  sticks = fs.mkdtempSync(path.join(makeHome(), 'sticks-'));
  const r = spawnSync(process.execPath, ['bench/gen.js', sticks, '6000', '3'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  lines = countLines(sticks);
});
afterAll(() => fs.rmSync(sticks, { recursive: true, force: true }));

function countLines(dir: string): number {
  let n = 0;
  for (const f of fs.readdirSync(dir, { recursive: true }).map(String)) {
    if (!f.endsWith('.jsonl')) continue;
    const buf = fs.readFileSync(path.join(dir, f));
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  }
  return n;
}

const json = (r: { stdout: string }) => ReportDocument.parse(JSON.parse(r.stdout));

/** Integrity entries name the copy read (stick or archive): compare by terminal folder and file. */
function comparable(doc: ReportDocument) {
  const short = (s: string) => s.replace(/\S*\/([^/\s]+\/[^/\s]+\.jsonl)/g, '$1');
  return { ...doc, integrity: doc.integrity.map((p) => ({ ...p, file: short(p.file), problem: short(p.problem) })) };
}

/** The archive holds exactly the sticks: same report, every record once. */
function expectArchiveIsSticks(home: string, archive: string) {
  const raw = runCli(['report', sticks, '--format', 'json'], home);
  const arch = runCli(['report', '--archive', archive, '--format', 'json'], home);
  expect(arch.code, arch.stderr).toBe(0);
  expect(comparable(json(arch))).toEqual(comparable(json(raw)));
  const db = new Database(path.join(archive, 'index.sqlite'), { readonly: true });
  try {
    expect(db.prepare('SELECT SUM(records) FROM terminals').pluck().get()).toBe(lines);
    expect(db.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(json(raw).sessions.length);
  } finally {
    db.close();
  }
  // Every archived file ends with a whole line.
  for (const f of fs.readdirSync(path.join(archive, 'logs'), { recursive: true }).map(String)) {
    if (!f.endsWith('.jsonl')) continue;
    const buf = fs.readFileSync(path.join(archive, 'logs', f));
    expect(buf.length === 0 || buf[buf.length - 1] === 10, f).toBe(true);
  }
}

/** In review: `a`, the reviewer's staff ID (the first time in a run), the note; until it is recorded. */
async function followUp(term: ReturnType<typeof startKiosk>, reviewer: string, note: string): Promise<void> {
  await term.press('a');
  await term.waitFor('確認者（あなた）のスタッフIDを入力して');
  term.type(reviewer);
  await term.press(KEYS.enter);
  await term.waitFor('対応の内容を短く入力して Enter');
  term.type(note);
  await term.press(KEYS.enter);
  await term.waitFor('確認を記録しました。');
}

const oneLine = (stderr: string) => {
  const l = stderr.trim().split('\n');
  expect(l).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  return l[0]!;
};

describe('collect: bad input', () => {
  it('refuses what it cannot collect before writing anything: exit 2, one translated line naming it', () => {
    const home = makeHome();
    const archive = path.join(home, 'arch');
    const empty = path.join(home, 'empty-stick');
    fs.mkdirSync(path.join(empty, 'DCIM'), { recursive: true });
    fs.writeFileSync(path.join(empty, 'DCIM', 'photo.jpg'), 'x');
    let r = runCli(['collect', sticks, empty, '--archive', archive], home);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain(`${empty} にはログ（*.jsonl）がありません`);
    expect(fs.existsSync(archive)).toBe(false);
    r = runCli(['collect', path.join(home, 'nowhere'), '--archive', archive], home);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain(path.join(home, 'nowhere'));
    r = runCli(['collect', '--archive', archive], home);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain('使い方: counter-checklist collect SOURCE...');
    r = runCli(['collect', sticks, '--archive', archive, '--format', 'xml'], home);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain('xml');
    // report and review: an archive that is not there, or an archive and paths at once.
    r = runCli(['report', '--archive', archive], home);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain(`アーカイブがありません: ${archive}`);
    r = runCli(['report', sticks, '--archive', archive], home);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain('--archive と PATH は同時に指定できません');
    // An archive where a file is, or inside a file: said as such, nothing collected, the file kept.
    const file = path.join(home, 'a-file');
    fs.writeFileSync(file, 'mine');
    for (const where of [file, path.join(file, 'arch')]) {
      r = runCli(['collect', sticks, '--archive', where], home);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toContain(`アーカイブのフォルダー ${path.resolve(where)} を使えません（ENOTDIR）。まだ何も集めていません`);
      expect(r.stderr).not.toContain('予期しない');
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
    const help = runCli(['collect', '--help'], home);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(path.join(home, 'archive'));
    expect(runCli(['--help'], home).stdout).toContain('counter-checklist collect');
  });

  it('names an unreadable file, collects the others, and takes it at the next collect', () => {
    const home = makeHome();
    const archive = path.join(home, 'arch');
    fs.mkdirSync(archive);
    // The first file opened cannot be read (EACCES: root reads anything, so it is injected).
    let r = runCli(['collect', sticks, '--archive', archive, '--format', 'json'], home, { env: { COUNTER_CHECKLIST_TEST_FAULT: 'open:1:EACCES' } });
    expect(r.code, r.stderr).toBe(1);
    const summary = JSON.parse(r.stdout) as { unreadable: { file: string; code: string }[]; files: Record<string, number> };
    expect(summary.unreadable).toEqual([{ file: expect.stringMatching(/\.jsonl$/), code: 'EACCES' }]);
    const files = fs.readdirSync(sticks, { recursive: true }).filter((f) => String(f).endsWith('.jsonl')).length;
    expect(summary.files.new).toBe(files - 1);
    r = runCli(['collect', sticks, '--archive', archive, '--format', 'table'], home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/新規 1、/);
    expectArchiveIsSticks(home, archive);
  });
});

describe('collect: the same files reached twice', () => {
  it('a stick given twice, through a link, or under a folder that also holds the archive: each file taken once, the archive never as a source', () => {
    const home = makeHome();
    const top = path.join(home, 'data');
    const stick = path.join(top, 'stick');
    fs.cpSync(sticks, stick, { recursive: true });
    fs.symlinkSync(stick, path.join(home, 'link'));
    const archive = path.join(top, 'archive');
    const files = fs.readdirSync(sticks, { recursive: true }).filter((f) => String(f).endsWith('.jsonl')).length;
    type Summary = { files: Record<string, number>; terminals: { newRecords: number }[] };
    const run = (...sources: string[]) => {
      const r = runCli(['collect', ...sources, '--archive', archive, '--format', 'json'], home);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Summary;
    };
    let s = run(stick, `${stick}/`, path.join(home, 'link'));
    expect(s.files.new).toBe(files);
    expect(s.files.unchanged).toBe(0);
    expect(s.terminals.reduce((n, t) => n + t.newRecords, 0)).toBe(lines);
    // The folder above holds the stick and the archive: the stick's files are unchanged, the
    // archive's own files are not counted (nor compared with themselves).
    s = run(top, stick);
    expect(s.files).toMatchObject({ new: 0, appended: 0, unchanged: files, conflict: 0 });
    // The archive itself as the only source: said, exit 2.
    const r = runCli(['collect', archive, '--archive', archive], home);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain(`${archive} のログは、集め先のアーカイブ（${archive}）の中にあるものだけです`);
    // A stick put into the archive's folder (not among its logs) is a stick like any other.
    const incoming = path.join(archive, 'incoming');
    fs.cpSync(stick, incoming, { recursive: true });
    expect(run(incoming).files).toMatchObject({ new: 0, unchanged: files, conflict: 0 });
    expectArchiveIsSticks(home, archive);
    // A terminal the archive never collected (a typo) is said, on the archive as on the sticks.
    for (const args of [['--archive', archive], [stick]]) {
      const typo = runCli(['report', ...args, '--terminal', 'KITA-1'], home);
      expect(typo.code).toBe(2);
      expect(oneLine(typo.stderr)).toContain('--terminal KITA-1 のログがありません（ここにある端末: HIGASHI-01, KITA-01, MINAMI-01）');
    }
  });
});

describe('collect: faults, then the next collect finishes the job', () => {
  it('a disk that fills up while copying: the file is cut back, exit 2 with one line, nothing counted twice', () => {
    const home = makeHome();
    const archive = path.join(home, 'arch');
    const r = runCli(['collect', sticks, '--archive', archive], home, { env: { COUNTER_CHECKLIST_TEST_FAULT: 'writeat:5:ENOSPC' } });
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/アーカイブに書き込めません: .*\.jsonl（ENOSPC）/);
    // What was indexed before is consistent: the archive can be read.
    expect(runCli(['report', '--archive', archive, '--format', 'json'], home).code).toBe(0);
    const again = runCli(['collect', sticks, '--archive', archive, '--format', 'json'], home);
    expect(again.code, again.stderr).toBe(0);
    expectArchiveIsSticks(home, archive);
  });

  it('a real disk that fills up (the copy or the index), then gets room', () => {
    const disk = mountSmall('1200k');
    if ('reason' in disk) {
      console.warn(`skipped: ${disk.reason}`);
      return;
    }
    try {
      const home = makeHome();
      const archive = path.join(disk.dir, 'arch');
      const r = runCli(['collect', sticks, '--archive', archive], home);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/ENOSPC|SQLITE_FULL|ディスクがいっぱい/);
      disk.resize('64m');
      const again = runCli(['collect', sticks, '--archive', archive, '--format', 'json'], home);
      expect(again.code, again.stderr).toBe(0);
      expectArchiveIsSticks(home, archive);
    } finally {
      disk.unmount();
    }
  });

  // SIGKILL right at: a copy's write, its fsync, the index's first and a later commit (also on
  // worker threads), the folder's fsync.
  const points: [string, Record<string, string>][] = [
    ['writeat:1:KILL', {}],
    ['writeat:7:KILL', {}],
    ['fsync:2:KILL', {}],
    ['fsync:9:KILL', {}],
    ['commit:1:KILL', {}],
    ['commit:4:KILL', { COUNTER_CHECKLIST_TEST_COMMIT_BYTES: '1' }],
    ['commit:6:KILL', { COUNTER_CHECKLIST_TEST_COMMIT_BYTES: '1', COUNTER_CHECKLIST_THREADS: '2' }],
  ];
  for (const [fault, env] of points) {
    it(`SIGKILL at ${fault}${env.COUNTER_CHECKLIST_THREADS ? ' (worker threads)' : ''}`, () => {
      const home = makeHome();
      const archive = path.join(home, 'arch');
      const killed = spawnSync(process.execPath, [BIN, 'collect', sticks, '--archive', archive], {
        cwd: ROOT,
        env: { ...process.env, COUNTER_CHECKLIST_HOME: home, COUNTER_CHECKLIST_TEST_FAULT: fault, ...env },
        encoding: 'utf8',
      });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      const again = runCli(['collect', sticks, '--archive', archive, '--format', 'json'], home, { env });
      expect(again.code, again.stderr).toBe(0);
      expectArchiveIsSticks(home, archive);
      // And once more: nothing new.
      const third = JSON.parse(runCli(['collect', sticks, '--archive', archive, '--format', 'json'], home).stdout) as { terminals: { newRecords: number }[] };
      expect(third.terminals.every((t) => t.newRecords === 0)).toBe(true);
    }, 30_000);
  }

  /**
   * Collect, report and verify with `threads` in the environment give what the main thread alone
   * gives: the same archive (its report) and byte for byte the same raw-path report and verify.
   */
  function expectSameAsMainThread(threads: Record<string, string>): void {
    const home = makeHome();
    const a = path.join(home, 'a');
    const b = path.join(home, 'b');
    const main = { COUNTER_CHECKLIST_THREADS: '0' };
    expect(runCli(['collect', sticks, '--archive', a], home, { env: main }).code).toBe(0);
    const c = runCli(['collect', sticks, '--archive', b, '--format', 'json'], home, { env: threads });
    expect(c.code, c.stderr).toBe(0);
    expect((JSON.parse(c.stdout) as { terminals: { newRecords: number }[] }).terminals.every((t) => t.newRecords > 0)).toBe(true);
    const ra = runCli(['report', '--archive', a, '--format', 'json'], home);
    const rb = runCli(['report', '--archive', b, '--format', 'json'], home);
    expect(comparable(json(rb))).toEqual(comparable(json(ra)));
    for (const cmd of [['report', sticks, '--format', 'json'], ['verify', sticks]]) {
      const one = runCli(cmd, home, { env: main });
      fs.rmSync(path.join(home, 'state'), { recursive: true, force: true });
      const two = runCli(cmd, home, { env: threads });
      fs.rmSync(path.join(home, 'state'), { recursive: true, force: true });
      expect(two.stderr).toBe(one.stderr);
      expect(two.stdout).toBe(one.stdout);
      expect(two.code).toBe(one.code);
    }
  }

  it('worker threads give the same archive as the main thread', () => {
    expectSameAsMainThread({ COUNTER_CHECKLIST_THREADS: '2' });
  });

  it('a terminal too big for a worker heap is read on the main thread instead, with the same results', () => {
    // A worker heap this small runs out at once: every job comes back to the main thread.
    expectSameAsMainThread({ COUNTER_CHECKLIST_THREADS: '2', COUNTER_CHECKLIST_TEST_WORKER_HEAP_MB: '2' });
  });
});

describe('collect: together with others', () => {
  it('a second collect is refused while one holds the archive, naming it', () => {
    const home = makeHome();
    const archive = path.join(home, 'arch');
    fs.mkdirSync(archive);
    const lock = acquireLock(archive, { name: '.collect.lock', lockedKey: 'archive.error.locked' });
    try {
      const r = runCli(['collect', sticks, '--archive', archive], home);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toContain(`別の collect がこのアーカイブに書いています（pid ${process.pid}`);
    } finally {
      lock.release();
    }
    expect(runCli(['collect', sticks, '--archive', archive], home).code).toBe(0);
  });

  it('report runs while a collect writes, and always reads a whole index', async () => {
    const home = makeHome();
    const archive = path.join(home, 'arch');
    const first = path.join(home, 'first');
    fs.cpSync(path.join(sticks, fs.readdirSync(sticks)[0]!), path.join(first, fs.readdirSync(sticks)[0]!), { recursive: true });
    expect(runCli(['collect', first, '--archive', archive], home).code).toBe(0);
    const writer = spawn(process.execPath, [BIN, 'collect', sticks, '--archive', archive], {
      cwd: ROOT,
      env: { ...process.env, COUNTER_CHECKLIST_HOME: home, COUNTER_CHECKLIST_TEST_COMMIT_BYTES: '1' },
      stdio: 'ignore',
    });
    const done = new Promise<number | null>((resolve) => writer.on('exit', resolve));
    let finished = false;
    void done.then(() => (finished = true));
    let reads = 0;
    while (!finished || reads === 0) {
      const r = spawnSync(process.execPath, [BIN, 'report', '--archive', archive, '--format', 'json'], { cwd: ROOT, env: { ...process.env, COUNTER_CHECKLIST_HOME: home }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      json(r);
      reads++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await done).toBe(0);
    expectArchiveIsSticks(home, archive);
  }, 60_000);
});

describe('the index', () => {
  it('is migrated from an older schema, refused from a newer one, and made again by --rebuild when damaged', () => {
    const home = makeHome();
    const archive = path.join(home, 'arch');
    fs.mkdirSync(archive);
    const file = path.join(archive, 'index.sqlite');
    // A version-1 index with a row in it.
    const v1 = openIndex(file, { upTo: 1 });
    expect(v1.pragma('user_version', { simple: true })).toBe(1);
    expect(() => v1.prepare('SELECT * FROM terminals').all()).toThrow();
    v1.prepare("INSERT INTO files (terminal, name, size, indexed) VALUES ('T-OLD', '2026-01-01.jsonl', 0, 0)").run();
    v1.close();
    // A reader does not migrate: it says what to do.
    let r = runCli(['report', '--archive', archive], home);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain('古い版のものです（スキーマ 1');
    // A collect migrates it; what was in it is kept.
    expect(runCli(['collect', sticks, '--archive', archive], home).code).toBe(0);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT COUNT(*) FROM files WHERE terminal = 'T-OLD'").pluck().get()).toBe(1);
    db.close();
    // Made by a newer version: refused by every command.
    const newer = new Database(file);
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();
    for (const args of [['report', '--archive', archive], ['collect', sticks, '--archive', archive]]) {
      r = runCli(args, home);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toContain(`新しい版の counter-checklist で作られています（スキーマ ${SCHEMA_VERSION + 1}`);
    }
    expect(() => migrate(new Database(file), file)).toThrow();
    // Damaged beyond reading: report says how to make it again, and --rebuild does.
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    fs.writeFileSync(file, 'this is not a database, it is a stick label');
    r = runCli(['report', '--archive', archive], home);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain('collect --rebuild で作り直せます');
    r = runCli(['collect', '--rebuild', '--archive', archive, '--format', 'json'], home);
    expect(r.code, r.stderr).toBe(0);
    expectArchiveIsSticks(home, archive);
  });
  it("a reader keeps SQLite's small page cache, a writer a large one", () => {
    // A reader passes over the rows once: a large cache only fills with them (memory that grows
    // with the archive, docs/scale.md).
    const file = path.join(makeHome(), 'index.sqlite');
    const writer = openIndex(file);
    expect(writer.pragma('cache_size', { simple: true })).toBe(-16384);
    const reader = openIndex(file, { readonly: true });
    expect(reader.pragma('cache_size', { simple: true })).toBe(-2000);
    reader.close();
    writer.close();
  });
});

describe('on a terminal', () => {
  it('collect shows its progress and ends with a summary per terminal', async () => {
    const home = makeHome();
    const term = spawnTerminal({ command: process.execPath, args: [BIN, 'collect', sticks], cwd: ROOT, env: { COUNTER_CHECKLIST_HOME: home, CI: undefined, COUNTER_CHECKLIST_TEST_COMMIT_BYTES: '1' } });
    await term.waitFor('合計');
    const screen = term.screen();
    expect(screen).toMatch(/端末 +新しい記録 +新しいセッション +新たに要確認 +問題/);
    for (const t of fs.readdirSync(sticks)) expect(screen).toMatch(new RegExp(`${t} +[\\d,]+ +[\\d,]+ +[\\d,]+ +0`));
    expect(term.output()).toContain('収集中: ファイル');
    expect((await term.waitForExit()).exitCode).toBe(0);
    // report and review without PATH now read the archive.
    const r = runCli(['report', '--format', 'json'], home);
    expect(json(r).sessions.length).toBeGreaterThan(100);
  });

  it('review on the archive: the list, a timeline with its problem, a follow-up into the log and the index', async () => {
    const home = makeHome();
    const stick = path.join(home, 'stick');
    const log = new KioskLog(stick, 'T-R', local(2026, 11, 2, 9));
    log.signIn('S-01').complete('S-01', sid(1)).interrupted('S-01', sid(2)).complete('S-01', sid(3));
    log.close();
    // A record of the first session after its logout.
    const late = openLog({ dir: stick, terminal: 'T-R', now: () => local(2026, 11, 2, 12) });
    late.append({ type: 'idle', payload: { idleSeconds: 400 }, operator: 'S-01', session: sid(1) });
    late.close();
    expect(runCli(['collect', stick], home).code).toBe(1);
    const term = startKiosk(home, ['review']);
    await term.waitFor('セッション 3 件  要確認 2 件（未確認 2 件）');
    // The first row: the session flagged by the late record (記録不整合).
    await term.press(KEYS.enter);
    await term.waitFor(`セッションの経過  ${sid(1).slice(0, 8)}`);
    // The late record's problem, attributed to it by the fold, in its place in the timeline (near
    // its end: at 80×24 the window shows 7 entries above the selected one's detail box).
    await term.waitFor('完了         すべての項目を終え');
    await term.press(KEYS.end);
    await term.waitFor(/記録の問題 +2026-11-02\.jsonl:22: セッション 00000001… の/);
    await followUp(term, 'SV-02', '端末の時計を確認');
    await term.press(KEYS.ctrlC);
    expect((await term.waitForExit()).exitCode).toBe(0);
    const doc = json(runCli(['report', '--format', 'json'], home));
    expect(doc.sessions.find((s) => s.id === sid(1))).toMatchObject({ reviewed: true, reviews: [{ reviewer: 'SV-02', note: '端末の時計を確認' }] });
    // In the review log too, and the next collect takes it from there without doubling it.
    expect(fs.readdirSync(path.join(home, 'reviews', 'T-E2E.reviews'))).toHaveLength(1);
    expect(runCli(['collect', stick], home).code).toBe(0);
    const again = json(runCli(['report', '--format', 'json'], home));
    expect(again.sessions.find((s) => s.id === sid(1))!.reviews).toHaveLength(1);
  }, 60_000);

  it('review on the archive pages through a list longer than a page: End, a follow-up that moves its session, a filter', async () => {
    const home = makeHome();
    const stick = path.join(home, 'stick');
    // 620 sessions (the screen asks for pages of 500): 16 interrupted, the rest completed.
    const p1 = new KioskLog(stick, 'T-P1', local(2026, 11, 2, 8));
    p1.signIn('S-01');
    for (let i = 1; i <= 560; i++) {
      if (i % 40 === 0) p1.interrupted('S-01', sid(i));
      else p1.complete('S-01', sid(i));
    }
    p1.close();
    const p2 = new KioskLog(stick, 'T-P2', local(2026, 11, 3, 8));
    p2.signIn('S-02');
    for (let i = 1; i <= 60; i++) {
      if (i === 5 || i === 30) p2.interrupted('S-02', sid(1000 + i));
      else p2.complete('S-02', sid(1000 + i));
    }
    p2.close();
    expect(runCli(['collect', stick], home).code).toBe(0);
    const term = startKiosk(home, ['review']);
    await term.waitFor('セッション 620 件  要確認 16 件（未確認 16 件）');
    await term.waitFor('1/620');
    // The last row is on a later page than the first, and the window is full there.
    const rows = () => term.lines().filter((l) => /^│ [> ](済 {2}| {4}) 令和\d+\/\d{2}\/\d{2} \d{2}:\d{2} /.test(l));
    await term.waitFor((sc) => /^│ > .* T-P1 .* 中断 /m.test(sc));
    await term.press(KEYS.end);
    await term.waitFor('620/620');
    await term.waitFor((sc) => /^│ > .*令和8\/11\/03 .* T-P2 .* 完了 /m.test(sc));
    expect(rows().length).toBeGreaterThanOrEqual(8);
    await term.press(KEYS.home);
    await term.waitFor('1/620');
    await term.waitFor((sc) => /^│ > .* T-P1 .* 中断 /m.test(sc));
    // A follow-up for the third: it sinks below the 15 still unreviewed, and the cursor goes with it.
    await term.press(KEYS.down);
    await term.press(KEYS.down);
    await term.waitFor('3/620');
    await followUp(term, 'SV-02', '確認済み');
    await term.waitFor('要確認 16 件（未確認 15 件）');
    await term.waitFor('16/620');
    // Down through the pages, then only one terminal's sessions.
    for (let i = 0; i < 55; i++) await term.press(KEYS.pageDown);
    await term.waitFor(/\b(5[3-9]\d|6[01]\d|620)\/620/);
    await term.waitFor((sc) => /^│ > .* T-P2 .* 完了 /m.test(sc));
    await term.press('/');
    await term.press(KEYS.tab);
    term.type('p2');
    await term.waitFor('セッション 60 件  要確認 2 件（未確認 2 件）');
    await term.waitFor('1/60');
    await term.press(KEYS.enter);
    await term.press('q');
    expect((await term.waitForExit()).exitCode).toBe(0);
  }, 60_000);
  it('a collect while the archive is reviewed: its terminal can be picked on the filter line, its sessions are counted', async () => {
    const home = makeHome();
    const stick = (name: string, terminal: string, day: number, sessions: number, from: number) => {
      const dir = path.join(home, name);
      const log = new KioskLog(dir, terminal, local(2026, 11, day, 8));
      log.signIn('S-01');
      for (let i = 0; i < sessions; i++) log.complete('S-01', sid(from + i));
      log.close();
      return dir;
    };
    expect(runCli(['collect', stick('stick-1', 'T-A1', 2, 3, 1)], home).code).toBe(0);
    const term = startKiosk(home, ['review']);
    await term.waitFor('セッション 3 件');
    // The terminal filter's values: all, then the one terminal.
    await term.press('/');
    await term.press(KEYS.tab);
    await term.press(KEYS.down);
    await term.waitFor('端末: T-A1');
    await term.press(KEYS.down);
    await term.waitFor('端末: すべて');
    await term.press(KEYS.enter);
    // Another terminal's stick is collected while the screen is open; the filter line opened
    // after it reads the values again (Up steps to the last one).
    expect(runCli(['collect', stick('stick-2', 'T-B2', 3, 2, 100)], home).code).toBe(0);
    await term.press('/');
    await term.press(KEYS.tab);
    await term.press(KEYS.up);
    await term.waitFor('端末: T-B2');
    await term.waitFor('セッション 2 件');
    await term.press(KEYS.enter);
    await term.press('c');
    await term.waitFor('セッション 5 件');
    // The line open while a third is collected: the next page says the index changed.
    await term.press('/');
    await term.press(KEYS.tab);
    await term.waitFor('端末: すべて');
    expect(runCli(['collect', stick('stick-3', 'T-C3', 4, 1, 200)], home).code).toBe(0);
    for (const [terminal, sessions] of [['T-A1', 3], ['T-B2', 2], ['T-C3', 1]] as const) {
      await term.press(KEYS.down);
      await term.waitFor(`端末: ${terminal}`);
      await term.waitFor(`セッション ${sessions} 件`);
    }
    await term.press(KEYS.enter);
    await term.press('q');
    expect((await term.waitForExit()).exitCode).toBe(0);
  }, 60_000);
});
