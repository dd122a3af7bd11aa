import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { UserError } from '../src/errors.js';
import { t } from '../src/i18n/index.js';
import { hashLine } from '../src/log/chain.js';
import { ChainVerifier, readLogFile, scanBuffer, startHead, type ReadItem } from '../src/log/reader.js';
import { MemFs } from './helpers/memfs.js';
import { GENESIS, LogRecord, type NewRecord } from '../src/domain/record.js';
import { isoWithOffset, localDay } from '../src/log/time.js';
import { localDate, logout, S1, S2, start, step } from './helpers/records.js';
import { nodeFs, type LogFs } from '../src/log/fs.js';
import { describeLogError, LogWriteError, openLog } from '../src/log/writer.js';

const POSIX = process.platform !== 'win32';
const TERMINAL = 'T01';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(tmpdir(), 'cc-log-writer-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** A clock that moves 1 s per call from a fixed local time. */
function clock(start: Date): () => Date {
  let ms = start.getTime();
  return () => new Date((ms += 1000));
}
const signIn = (): NewRecord => ({ type: 'sign-in', payload: {}, operator: 'op-001', session: null });

const folder = () => path.join(root, TERMINAL);
const dayFile = (day: string) => path.join(folder(), `${day}.jsonl`);
const linesOf = (file: string) => fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);

/** An io that counts calls and can be told to fail. */
function spyIo() {
  const events: string[] = [];
  const failures: { write?: string; fsync?: string; open?: string } = {};
  const fileFds = new Set<number>();
  const io: LogFs = {
    ...nodeFs,
    openSync(p, flags, mode) {
      if (failures.open && p.endsWith('.jsonl')) throw Object.assign(new Error(`open ${p}`), { code: failures.open });
      const fd = nodeFs.openSync(p, flags, mode);
      if (p.endsWith('.jsonl') && flags === 'a') fileFds.add(fd);
      events.push(`open ${path.basename(p)} ${flags}`);
      return fd;
    },
    writeSync(fd, buf, off, len) {
      events.push(`write ${fileFds.has(fd) ? 'file' : 'other'} ${len}`);
      if (failures.write) throw Object.assign(new Error('write failed'), { code: failures.write });
      return nodeFs.writeSync(fd, buf, off, len);
    },
    fsyncSync(fd) {
      events.push(`fsync ${fileFds.has(fd) ? 'file' : 'dir'}`);
      if (failures.fsync) throw Object.assign(new Error('fsync failed'), { code: failures.fsync });
      nodeFs.fsyncSync(fd);
    },
    closeSync(fd) {
      events.push('close');
      fileFds.delete(fd);
      nodeFs.closeSync(fd);
    },
  };
  return { io, events, failures };
}

describe('time', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('formats local time with milliseconds and the offset', () => {
    const d = new Date(Date.UTC(2026, 10, 27, 5, 41, 43, 123));
    process.env.TZ = 'Asia/Tokyo';
    expect(isoWithOffset(d)).toBe('2026-11-27T14:41:43.123+09:00');
    expect(localDay(d)).toBe('2026-11-27');
    process.env.TZ = 'UTC';
    expect(isoWithOffset(d)).toBe('2026-11-27T05:41:43.123+00:00');
    process.env.TZ = 'America/New_York';
    expect(isoWithOffset(d)).toBe('2026-11-27T00:41:43.123-05:00');
    expect(localDay(new Date(Date.UTC(2026, 10, 27, 3)))).toBe('2026-11-26');
    process.env.TZ = 'Asia/Kolkata';
    expect(isoWithOffset(new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 7)))).toBe('2026-01-01T05:30:00.007+05:30');
  });

  it('round-trips any instant and passes the record timestamp schema', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-02'), max: new Date('9999-12-30'), noInvalidDate: true }), (d) => {
        const s = isoWithOffset(d);
        expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
        expect(new Date(s).getTime()).toBe(d.getTime());
        expect(s.slice(0, 10)).toBe(localDay(d));
      }),
    );
  });
});

describe('hashLine', () => {
  it('is hex SHA-256 of the UTF-8 bytes', () => {
    expect(hashLine('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashLine(Buffer.from('窓口 abc', 'utf8'))).toBe(hashLine('窓口 abc'));
  });
});

describe('openLog / append', () => {
  it('creates the folder 0700 and the file 0600, and writes one chained line per record', () => {
    const now = clock(localDate(2026, 11, 27));
    const log = openLog({ dir: path.join(root, 'logs'), terminal: TERMINAL, now });
    const a = log.append(signIn());
    const b = log.append(start());
    const file = path.join(root, 'logs', TERMINAL, `${localDay(new Date(a.ts))}.jsonl`);
    expect(log.file).toBe(file);
    if (POSIX) {
      expect(fs.statSync(path.join(root, 'logs')).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(root, 'logs', TERMINAL)).mode & 0o777).toBe(0o700);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    }
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual([
      'v',
      'seq',
      'ts',
      'terminal',
      'operator',
      'session',
      'type',
      'payload',
      'prev',
    ]);
    expect(JSON.parse(lines[0]!)).toEqual(a);
    expect(JSON.parse(lines[1]!)).toEqual(b);
    expect(a).toMatchObject({ v: 1, seq: 1, terminal: TERMINAL, prev: GENESIS, operator: 'op-001', session: null });
    expect(b.seq).toBe(2);
    expect(b.prev).toBe(hashLine(lines[0]!));
    expect(log.head).toEqual({ seq: 2, hash: hashLine(lines[1]!) });
    expect(log.records()).toEqual([a, b]);
    expect(LogRecord.safeParse(a).success).toBe(true);
    log.close();
  });

  it('continues seq and chain across day files, and after reopening', () => {
    let at = localDate(2026, 11, 27, 23);
    const now = () => at;
    const log = openLog({ dir: root, terminal: TERMINAL, now });
    log.append(signIn());
    at = new Date(at.getTime() + 1000);
    log.append(start());
    at = localDate(2026, 11, 28, 0);
    const c = log.append(step('card'));
    expect(log.file).toBe(dayFile('2026-11-28'));
    const day1 = linesOf(dayFile('2026-11-27'));
    const day2 = linesOf(dayFile('2026-11-28'));
    expect(day1).toHaveLength(2);
    expect(day2).toHaveLength(1);
    expect(c.seq).toBe(3);
    expect(c.prev).toBe(hashLine(day1[1]!));
    if (POSIX) expect(fs.statSync(dayFile('2026-11-28')).mode & 0o777).toBe(0o600);
    log.close();

    // Reopen later the same day, then on a day without a file yet.
    const again = openLog({ dir: root, terminal: TERMINAL, now });
    expect(again.head).toEqual({ seq: 3, hash: hashLine(day2[0]!) });
    // Back to the newest session-start (the day before): the session open across midnight is whole.
    expect(again.records().map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(again.problems).toEqual([]);
    again.close();
    at = localDate(2026, 12, 1, 8);
    const later = openLog({ dir: root, terminal: TERMINAL, now });
    const d = later.append(logout());
    expect(d.seq).toBe(4);
    expect(d.prev).toBe(hashLine(day2[0]!));
    expect(fs.existsSync(dayFile('2026-12-01'))).toBe(true);
    later.close();

    // The whole terminal reads as one clean chain.
    const all = ['2026-11-27', '2026-11-28', '2026-12-01'].flatMap((day) => linesOf(dayFile(day)));
    let prev = GENESIS;
    all.forEach((line, i) => {
      const r = JSON.parse(line) as LogRecord;
      expect(r.seq).toBe(i + 1);
      expect(r.prev).toBe(prev);
      prev = hashLine(line);
    });
  });

  it('never goes back to an older day file when the clock is set back', () => {
    let at = localDate(2026, 11, 28, 0);
    const log = openLog({ dir: root, terminal: TERMINAL, now: () => at });
    log.append(signIn());
    at = localDate(2026, 11, 27, 23);
    log.append(start());
    expect(fs.existsSync(dayFile('2026-11-27'))).toBe(false);
    expect(linesOf(dayFile('2026-11-28'))).toHaveLength(2);
    log.close();
  });

  it('makes one writeSync call per record and fsyncs once, before append returns', () => {
    const { io, events } = spyIo();
    const log = openLog({ dir: root, terminal: TERMINAL, now: clock(localDate(2026, 11, 27)), io });
    log.append(signIn()); // creates the file: its folder is fsynced too
    events.length = 0;
    for (let i = 0; i < 5; i++) {
      const r = log.append(step(`item-${i}`));
      // The last thing append did before returning was the file's fsync.
      expect(events.at(-1)).toBe('fsync file');
      expect(r.seq).toBe(i + 2);
    }
    expect(events.filter((e) => e.startsWith('write file'))).toHaveLength(5);
    expect(events.filter((e) => e === 'fsync file')).toHaveLength(5);
    // Strictly alternating: one write, then its fsync.
    expect(events.filter((e) => e.startsWith('write') || e.startsWith('fsync'))).toEqual(
      Array.from({ length: 5 }).flatMap(() => [expect.stringMatching(/^write file \d+$/), 'fsync file']),
    );
    log.close();
  });

  it('opens (creates) the day file with "a" at open and fsyncs its folder; a new day file too', () => {
    const { io, events } = spyIo();
    fs.mkdirSync(folder(), { mode: 0o700 });
    let at = localDate(2026, 11, 27, 23);
    const log = openLog({ dir: root, terminal: TERMINAL, now: () => at, io });
    expect(events).toEqual(['open 2026-11-27.jsonl a', `open ${TERMINAL} r`, 'fsync dir', 'close']);
    expect(fs.existsSync(dayFile('2026-11-27'))).toBe(true);
    events.length = 0;
    log.append(signIn());
    expect(events).toEqual([expect.stringMatching(/^write file \d+$/), 'fsync file']);
    events.length = 0;
    at = localDate(2026, 11, 28, 0);
    log.append(signIn());
    expect(events).toEqual([
      'close',
      'open 2026-11-28.jsonl a',
      `open ${TERMINAL} r`,
      'fsync dir',
      'close',
      expect.stringMatching(/^write file \d+$/),
      'fsync file',
    ]);
    log.close();
  });

  it('loops on short writes: the line still lands whole', () => {
    const calls: number[] = [];
    const io: LogFs = {
      ...nodeFs,
      writeSync: (fd, buf, off, len) => {
        calls.push(len);
        return nodeFs.writeSync(fd, buf, off, Math.min(len, 7));
      },
    };
    const log = openLog({ dir: root, terminal: TERMINAL, now: clock(localDate(2026, 11, 27)), io });
    const r = log.append(start());
    expect(calls.length).toBeGreaterThan(10);
    expect(JSON.parse(linesOf(log.file)[0]!)).toEqual(r);
    log.close();
  });

  for (const [what, code] of [
    ['write', 'EIO'],
    ['fsync', 'ENOSPC'],
  ] as const) {
    it(`a ${what} failure (${code}) throws LogWriteError and leaves the writer failed`, () => {
      const { io, failures } = spyIo();
      const log = openLog({ dir: root, terminal: TERMINAL, now: clock(localDate(2026, 11, 27)), io });
      log.append(signIn());
      const head = log.head;
      failures[what] = code;
      let err: unknown;
      try {
        log.append(start());
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LogWriteError);
      expect((err as LogWriteError).code).toBe(code);
      expect((err as LogWriteError).path).toBe(log.file);
      expect((err as LogWriteError).op).toBe(what);
      expect(log.failure).toBe(err);
      expect(log.head).toEqual(head);
      expect(log.records()).toHaveLength(1);
      // Even once the disk is fine again, the writer does not pretend: every append throws.
      delete failures[what];
      expect(() => log.append(start())).toThrow(LogWriteError);
      expect(() => log.append(start())).toThrow(/failed \(/);
      expect(describeLogError(err, 'en')).toContain(code);
      expect(describeLogError(err, 'ja')).toContain(log.file);
      log.close();
    });
  }

  it('a bad record is a programming error: ZodError, nothing written, writer still usable', () => {
    const log = openLog({ dir: root, terminal: TERMINAL, now: clock(localDate(2026, 11, 27)) });
    const bad = { ...step('x'), session: 'not-a-uuid' } as NewRecord;
    expect(() => log.append(bad)).toThrow(ZodError);
    expect(log.failure).toBeNull();
    expect(fs.readFileSync(log.file, 'utf8')).toBe('');
    expect(log.append(signIn()).seq).toBe(1);
    log.close();
  });

  it('an unwritable log at open throws LogWriteError (open)', () => {
    // The day file exists, and opening it for append fails.
    const w = openLog({ dir: root, terminal: TERMINAL, now: clock(localDate(2026, 11, 27)) });
    w.append(signIn());
    w.close();
    const { io, failures } = spyIo();
    failures.open = 'EROFS';
    let err: unknown;
    try {
      openLog({ dir: root, terminal: TERMINAL, now: clock(localDate(2026, 11, 27)), io });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LogWriteError);
    expect(err).toMatchObject({ op: 'open', code: 'EROFS', path: dayFile('2026-11-27'), key: 'log.error.open' });
    expect(describeLogError(err, 'en')).toBe(t('en', 'log.error.open', { code: 'EROFS', path: dayFile('2026-11-27') }));

    // The log folder cannot be created (its parent is a file).
    const blocker = path.join(root, 'file');
    fs.writeFileSync(blocker, 'x');
    expect(() => openLog({ dir: blocker, terminal: TERMINAL })).toThrow(LogWriteError);
  });

  it.skipIf(!POSIX || process.getuid?.() === 0)('a read-only folder throws LogWriteError at open', () => {
    fs.mkdirSync(folder(), { mode: 0o500 });
    try {
      expect(() => openLog({ dir: root, terminal: TERMINAL })).toThrow(LogWriteError);
    } finally {
      fs.chmodSync(folder(), 0o700);
    }
  });

  it('refuses a terminal id that is not one safe folder name', () => {
    for (const bad of ['', '..', 'a/b', 'a\\b', '.hidden', 'x'.repeat(65)]) {
      expect(() => openLog({ dir: root, terminal: bad })).toThrow(UserError);
    }
  });
});

/** Write `n` records with a fresh writer; return the file and its lines. */
function writeRecords(records: NewRecord[], dir = root) {
  const log = openLog({ dir, terminal: TERMINAL, now: clock(localDate(2026, 11, 27)) });
  for (const r of records) log.append(r);
  const file = log.file;
  log.close();
  return { file, bytes: fs.readFileSync(file) };
}

const brokenFiles = () => fs.readdirSync(folder()).filter((n) => n.endsWith('.broken'));

describe('repair at open', () => {
  for (const [name, tail] of [
    ['an unterminated last line', Buffer.from('{"v":1,"seq":4,"ts":"2026-11-27T09:00:0')],
    ['NUL bytes', Buffer.alloc(4096, 0)],
    ['garbage lines', Buffer.from('garbage\n\u0000\u0000\nmore')],
  ] as const) {
    it(`copies a torn tail (${name}) aside, truncates, and appends a repair record`, () => {
      const { file, bytes } = writeRecords([signIn(), start(), step('card')]);
      fs.appendFileSync(file, tail);
      const log = openLog({ dir: root, terminal: TERMINAL, now: clock(localDate(2026, 11, 27, 10)) });
      const broken = brokenFiles();
      expect(broken).toHaveLength(1);
      expect(broken[0]).toMatch(/^2026-11-27\.jsonl\.\d{8}T\d{9}\.broken$/);
      const brokenPath = path.join(folder(), broken[0]!);
      expect(fs.readFileSync(brokenPath).equals(tail)).toBe(true);
      if (POSIX) expect(fs.statSync(brokenPath).mode & 0o777).toBe(0o600);

      const after = fs.readFileSync(file);
      expect(after.subarray(0, bytes.length).equals(bytes)).toBe(true);
      const lines = linesOf(file);
      expect(lines).toHaveLength(4);
      const repair = JSON.parse(lines[3]!) as LogRecord;
      expect(repair).toMatchObject({
        type: 'repair',
        seq: 4,
        operator: null,
        session: null,
        prev: hashLine(lines[2]!),
        payload: { file: '2026-11-27.jsonl', brokenFile: broken[0], bytes: tail.length },
      });
      expect(log.records().map((r) => r.type)).toEqual(['sign-in', 'session-start', 'step', 'repair']);
      expect(log.problems).toEqual([]);
      expect(log.append(step('next')).seq).toBe(5);
      log.close();
      expect(readLogFile(file).filter((i) => i.kind === 'problem')).toEqual([]);
    });
  }

  it('a file that is all torn tail is truncated to nothing; the chain continues from the older file', () => {
    let at = localDate(2026, 11, 27);
    const log = openLog({ dir: root, terminal: TERMINAL, now: () => at });
    log.append(signIn());
    const last = log.append(start());
    log.close();
    fs.writeFileSync(dayFile('2026-11-28'), '{"v":1,"se');
    at = localDate(2026, 11, 28, 10);
    const again = openLog({ dir: root, terminal: TERMINAL, now: () => at });
    expect(fs.readFileSync(dayFile('2026-11-28'), 'utf8').split('\n')).toHaveLength(2); // just the repair
    const [repair] = linesOf(dayFile('2026-11-28')).map((l) => JSON.parse(l) as LogRecord);
    expect(repair).toMatchObject({ type: 'repair', seq: 3, prev: hashLine(linesOf(dayFile('2026-11-27'))[1]!) });
    // records(): the newest file's records, or the older one's when it had none
    expect(again.records().map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(last.seq).toBe(2);
    again.close();
  });

  it('a bad line in the middle is reported, never rewritten; the chain continues from the last line', () => {
    const { file } = writeRecords([signIn(), start(), step('a'), step('b'), logout()]);
    // Edit a byte of line 2 (still valid JSON and schema): the chain breaks at line 3.
    const text = fs.readFileSync(file, 'utf8').replace('"op-001","session":"1111', '"op-002","session":"1111');
    fs.writeFileSync(file, text);
    const before = fs.readFileSync(file);
    const log = openLog({ dir: root, terminal: TERMINAL, now: clock(localDate(2026, 11, 27, 10)) });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(brokenFiles()).toEqual([]);
    expect(log.problems).toEqual([expect.objectContaining({ file, line: 3, code: 'chain-break', session: S1 })]);
    const lines = linesOf(file);
    expect(log.head).toEqual({ seq: 5, hash: hashLine(lines[4]!) });
    expect(log.records()).toHaveLength(5);
    const next = log.append(start(S2));
    expect(next).toMatchObject({ seq: 6, prev: hashLine(lines[4]!) });
    log.close();
    expect(fs.readFileSync(file).subarray(0, before.length).equals(before)).toBe(true);
  });

  it('an inserted garbage line in the middle is reported; nothing is rewritten', () => {
    const { file } = writeRecords([signIn(), start(), step('a')]);
    const lines = linesOf(file);
    fs.writeFileSync(file, `${lines[0]}\nnot json\n${lines[1]}\n${lines[2]}\n`);
    const before = fs.readFileSync(file);
    const log = openLog({ dir: root, terminal: TERMINAL, now: clock(localDate(2026, 11, 27, 10)) });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(log.problems.map((p) => [p.line, p.code])).toEqual([[2, 'bad-json']]);
    expect(log.head.seq).toBe(3);
    log.close();
  });

  it('refuses to open when the middle is damaged and the last line is not a record', () => {
    const { file } = writeRecords([signIn(), start(), step('a')]);
    const lines = linesOf(file);
    fs.writeFileSync(file, `${lines[0]}\n{"broken":\n${lines[1]}\n${lines[2]}\n{"v":1,"se`);
    const before = fs.readFileSync(file);
    let err: unknown;
    try {
      openLog({ dir: root, terminal: TERMINAL, now: clock(localDate(2026, 11, 27, 10)) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LogWriteError);
    expect(err).toMatchObject({ code: 'ELOGDAMAGED', op: 'damaged', path: file, params: { line: 2 } });
    expect(describeLogError(err, 'ja')).toContain('2');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(brokenFiles()).toEqual([]);
  });

  it('a first line that does not continue the older file is reported, not repaired', () => {
    let at = localDate(2026, 11, 27);
    const log = openLog({ dir: root, terminal: TERMINAL, now: () => at });
    log.append(signIn());
    log.append(start());
    at = localDate(2026, 11, 28);
    log.append(step('a'));
    log.append(step('b'));
    log.close();
    // Tamper with the older file's last line: the newest file's first prev no longer matches.
    const older = dayFile('2026-11-27');
    fs.writeFileSync(older, fs.readFileSync(older, 'utf8').replace('mynapoint-support', 'mynapoint-suppord'));
    const newer = fs.readFileSync(dayFile('2026-11-28'));
    const again = openLog({ dir: root, terminal: TERMINAL, now: () => at });
    expect(again.problems.map((p) => [path.basename(p.file), p.line, p.code])).toEqual([
      ['2026-11-28.jsonl', 1, 'chain-break'],
    ]);
    expect(fs.readFileSync(dayFile('2026-11-28')).equals(newer)).toBe(true);
    expect(again.head.seq).toBe(4);
    again.close();
  });
});

describe('property: any cut of the file bytes reopens to exactly the complete-record prefix', () => {
  const recordArb: fc.Arbitrary<NewRecord> = fc.oneof(
    fc.constant(signIn()),
    fc.constantFrom(S1, S2).map((s) => start(s)),
    fc
      .record({
        item: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
        reason: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        action: fc.constantFrom<'confirm' | 'skip' | 'back'>('confirm', 'skip', 'back'),
      })
      .map(
        ({ item, reason, action }): NewRecord => ({
          type: 'step',
          payload: { action, section: 'sec', item, required: action === 'skip', ...(reason !== undefined ? { reason } : {}) },
          operator: 'op-001',
          session: S1,
        }),
      ),
    fc.constant(logout()),
  );

  it('holds for any records and any cut point', () => {
    let run = 0;
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 6 }), fc.double({ min: 0, max: 1, noNaN: true }), (records, frac) => {
        const dir = path.join(root, `run-${run++}`);
        const { file, bytes } = writeRecords(records, dir);
        const cut = Math.floor(frac * bytes.length);
        const lineEnds: number[] = [];
        for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lineEnds.push(i + 1);
        const complete = lineEnds.filter((e) => e <= cut).length;
        const validEnd = complete === 0 ? 0 : lineEnds[complete - 1]!;
        const midLine = cut !== validEnd;
        fs.writeFileSync(file, bytes.subarray(0, cut));

        // The reader reports the cut only when it is mid-line.
        const items = readLogFile(file);
        expect(items.filter((i) => i.kind === 'record')).toHaveLength(complete);
        expect(items.filter((i) => i.kind === 'problem').map((p) => (p.kind === 'problem' ? p.code : ''))).toEqual(
          midLine ? ['torn-tail'] : [],
        );

        const log = openLog({ dir, terminal: TERMINAL, now: clock(localDate(2026, 11, 27, 12)) });
        const original = bytes.subarray(0, validEnd).toString('utf8').split('\n').slice(0, -1);
        const recs = log.records();
        expect(recs.slice(0, complete).map((r) => JSON.stringify(r))).toEqual(original);
        const broken = fs.readdirSync(path.join(dir, TERMINAL)).filter((n) => n.endsWith('.broken'));
        if (midLine) {
          expect(recs).toHaveLength(complete + 1);
          expect(recs[complete]).toMatchObject({ type: 'repair', seq: complete + 1, payload: { bytes: cut - validEnd } });
          expect(broken).toHaveLength(1);
          expect(fs.readFileSync(path.join(dir, TERMINAL, broken[0]!)).equals(bytes.subarray(validEnd, cut))).toBe(true);
        } else {
          expect(recs).toHaveLength(complete);
          expect(broken).toEqual([]);
        }
        expect(log.head.seq).toBe(recs.length);
        log.close();
        expect(fs.readFileSync(file).subarray(0, validEnd).equals(bytes.subarray(0, validEnd))).toBe(true);
        expect(readLogFile(file).filter((i) => i.kind === 'problem')).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('failures around opening, over an in-memory disk', () => {
  it('a read-only disk says EROFS (not ENOENT) when the log folder is still to be made', () => {
    const mem = new MemFs();
    mem.mkdirs('/home');
    mem.readOnly = true;
    expect(() => openLog({ dir: '/home/logs', terminal: TERMINAL, io: mem })).toThrow(expect.objectContaining({ code: 'EROFS', op: 'open' }));
    expect(describeLogError(Object.assign(new Error("ENOENT: no such file or directory, mkdir '/x'"), { code: 'ENOENT' }), 'en')).toBe(
      "The log cannot be used: ENOENT: no such file or directory, mkdir '/x'",
    );
  });

  it('a repair that cannot copy the torn tail leaves no .broken file, and the next open repairs it', () => {
    const mem = new MemFs();
    const now = clock(localDate(2026, 11, 27));
    const first = openLog({ dir: '/logs', terminal: TERMINAL, io: mem, now });
    first.append(signIn());
    first.close();
    const file = `/logs/${TERMINAL}/${localDay(now())}.jsonl`;
    mem.put(file, Buffer.concat([mem.read(file), Buffer.from('{"v":1,"seq":2,"ts"')]));
    // The copy's write fails (disk full): nothing half-copied stays behind.
    mem.inject('writeSync', { kind: 'error', code: 'ENOSPC' });
    expect(() => openLog({ dir: '/logs', terminal: TERMINAL, io: mem, now })).toThrow(expect.objectContaining({ op: 'repair', code: 'ENOSPC' }));
    expect(mem.files().filter((f) => f.endsWith('.broken'))).toEqual([]);
    const again = openLog({ dir: '/logs', terminal: TERMINAL, io: mem, now });
    expect(again.records().map((r) => r.type)).toEqual(['sign-in', 'repair']);
    expect(mem.files().filter((f) => f.endsWith('.broken'))).toHaveLength(1);
  });

  it('after a failed step, the next open moves exactly the unacknowledged bytes aside, and records it once', () => {
    const mem = new MemFs();
    const now = clock(localDate(2026, 11, 27));
    const log = openLog({ dir: '/logs', terminal: TERMINAL, io: mem, now });
    log.append(signIn());
    mem.inject('fsyncSync', { kind: 'fsync-durable' });
    expect(() => log.appendAll([start(S1), step('initial', S1)])).toThrow(LogWriteError);
    const ack = log.acknowledged;
    // The copy aside works, the repair record's write fails: its repair is carried to the next open.
    mem.inject('writeSync', { kind: 'error', code: 'EIO' }, 1);
    let carry: readonly unknown[] = [];
    try {
      openLog({ dir: '/logs', terminal: TERMINAL, io: mem, now, acknowledged: ack });
    } catch (e) {
      carry = (e as LogWriteError).carry;
    }
    expect(carry).toHaveLength(1);
    const again = openLog({ dir: '/logs', terminal: TERMINAL, io: mem, now, acknowledged: ack, carry: carry as never });
    expect(again.records().map((r) => r.type)).toEqual(['sign-in', 'repair']);
    expect(again.records()[1]).toMatchObject({ seq: 2, payload: { cause: 'unacknowledged' } });
    const broken = mem.files().filter((f) => f.endsWith('.broken'));
    expect(broken).toHaveLength(1);
    expect(mem.read(broken[0]!).toString()).toContain('"session-start"');
    expect(readLogFileMem(mem, again.file).filter((i) => i.kind === 'problem')).toEqual([]);
  });
});

function readLogFileMem(mem: MemFs, file: string) {
  const out: ReadItem[] = [];
  scanBuffer(mem.read(file), file, new ChainVerifier(startHead(), TERMINAL), out);
  return out;
}
