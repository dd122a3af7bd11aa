import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.js';
import { t, translator, type MessageKey } from '../src/i18n/index.js';
import { describeProblem } from '../src/report/problems.js';
import { hashLine } from '../src/log/chain.js';
import {
  BATCH_ITEMS,
  MAX_LINE_BYTES,
  fastRecordCheck,
  readLogBatches,
  readLogFile,
  readLogs,
  type ProblemItem,
  type ReadItem,
} from '../src/log/reader.js';
import { GENESIS, LogRecord, type NewRecord } from '../src/domain/record.js';
import { localDate, logout, S1, S2, start, step } from './helpers/records.js';
import { openLog } from '../src/log/writer.js';
import { printable } from '../src/domain/text.js';
import { collectLogFiles, groupByTerminal } from '../src/log/discovery.js';
import { BIN, requireBuild } from './helpers/kiosk.js';


let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(tmpdir(), 'cc-log-reader-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});


/** Write records for a terminal; `days` maps a local day to its records. */
function writeTerminal(dir: string, terminal: string, days: [Date, NewRecord[]][]): string[] {
  let at = new Date(0);
  const log = openLog({ dir, terminal, now: () => (at = new Date(at.getTime() + 1000)) });
  const files: string[] = [];
  for (const [day, records] of days) {
    at = day;
    for (const r of records) log.append(r);
    files.push(log.file);
  }
  log.close();
  return files;
}

const session = (id: string, items = 3): NewRecord[] => [
  start(id),
  ...Array.from({ length: items }, (_, i) => step(`item-${i}`, id)),
  logout(id),
];

async function collect(paths: string[]): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const item of readLogs(paths)) out.push(item);
  return out;
}
const problems = (items: ReadItem[]) => items.filter((i): i is ProblemItem => i.kind === 'problem');
const records = (items: ReadItem[]) => items.flatMap((i) => (i.kind === 'record' ? [i.record] : []));
const where = (items: ReadItem[]) => problems(items).map((p) => `${path.basename(p.file)}:${p.line} ${p.code}`);
const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
const writeLines = (file: string, ls: string[]) => fs.writeFileSync(file, ls.map((l) => `${l}\n`).join(''));

describe('readLogs', () => {
  it('streams every record of every terminal, verifying the chain across day files', async () => {
    const a = writeTerminal(root, 'T01', [
      [localDate(2026, 11, 27), session(S1)],
      [localDate(2026, 11, 28), session(S2)],
    ]);
    writeTerminal(root, 'T02', [[localDate(2026, 11, 27), session('33333333-3333-4333-8333-333333333333', 1)]]);
    fs.writeFileSync(`${a[0]}.20261127T000000000.broken`, 'junk'); // not a log: ignored
    const items = await collect([root]);
    expect(problems(items)).toEqual([]);
    const recs = records(items);
    expect(recs.map((r) => `${r.terminal}#${r.seq}`)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `T01#${i + 1}`),
      ...Array.from({ length: 3 }, (_, i) => `T02#${i + 1}`),
    ]);
    const first = items[0]!;
    expect(first).toMatchObject({ kind: 'record', file: a[0], line: 1 });
    // Same items in batches.
    const batched: ReadItem[] = [];
    for await (const b of readLogBatches([root])) batched.push(...b);
    expect(batched).toEqual(items);
  });

  it('reads a file given twice, or a copy of it elsewhere, once', async () => {
    const [file] = writeTerminal(root, 'T01', [[localDate(2026, 11, 27), [...session(S1), ...session(S2)]]]);
    const copyDir = path.join(root, 'collected-again', 'T01');
    fs.mkdirSync(copyDir, { recursive: true });
    fs.copyFileSync(file!, path.join(copyDir, path.basename(file!)));
    const once = await collect([file!]);
    expect(records(once)).toHaveLength(10);
    expect(await collect([file!, file!, path.join(root, 'T01')])).toEqual(once);
    const withCopy = await collect([root]);
    expect(problems(withCopy)).toEqual([]);
    expect(records(withCopy)).toHaveLength(10);

    // A later, longer copy (collected at the end of the day) adds only its new records.
    const log = openLog({ dir: path.join(root, 'collected-again'), terminal: 'T01', now: () => localDate(2026, 11, 27, 18) });
    log.append(start('44444444-4444-4444-8444-444444444444'));
    log.close();
    const longer = await collect([root]);
    expect(problems(longer)).toEqual([]);
    expect(records(longer).map((r) => r.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
  });

  it('reports an edited byte: a chain break on the next line', async () => {
    const [file] = writeTerminal(root, 'T01', [[localDate(2026, 11, 27), session(S1)]]);
    const ls = lines(file!);
    ls[1] = ls[1]!.replace('item-0', 'item-9');
    writeLines(file!, ls);
    const items = await collect([file!]);
    expect(where(items)).toEqual(['2026-11-27.jsonl:3 chain-break']);
    expect(problems(items)[0]).toMatchObject({ session: S1, terminal: 'T01' });
    // Every record is still data: the session's logout is not lost.
    expect(records(items)).toHaveLength(5);
  });

  it('reports an edited byte that breaks the schema at its own line (and not again on the next)', async () => {
    const [file] = writeTerminal(root, 'T01', [[localDate(2026, 11, 27), session(S1)]]);
    const ls = lines(file!);
    ls[1] = ls[1]!.replace('"required":true', '"required":1');
    ls[2] = ls[2]!.replace('"v":1', '"v":7');
    ls[3] = ls[3]!.replace('"seq":4', '"seq":4x');
    writeLines(file!, ls);
    const items = await collect([file!]);
    expect(where(items)).toEqual([
      '2026-11-27.jsonl:2 schema',
      '2026-11-27.jsonl:3 unknown-version',
      '2026-11-27.jsonl:4 bad-json',
    ]);
    const [schema, version] = problems(items);
    expect(schema!.problem).toMatch(/^schema: payload\.required: /);
    expect(schema).toMatchObject({ session: S1, terminal: 'T01' });
    expect(version!.problem).toBe('unknown record version 7');
    expect(records(items).map((r) => r.seq)).toEqual([1, 5]);
  });

  it('reports a deleted line (seq gap) and swapped lines', async () => {
    const [file] = writeTerminal(root, 'T01', [[localDate(2026, 11, 27), [...session(S1), ...session(S2)]]]);
    const ls = lines(file!);
    writeLines(file!, [...ls.slice(0, 2), ...ls.slice(3)]);
    expect(where(await collect([file!]))).toEqual(['2026-11-27.jsonl:3 seq-gap']);

    const swapped = [...ls];
    [swapped[5], swapped[6]] = [swapped[6]!, swapped[5]!];
    writeLines(file!, swapped);
    const items = await collect([file!]);
    expect(where(items)).toEqual([
      '2026-11-27.jsonl:6 seq-gap',
      '2026-11-27.jsonl:7 seq-repeat',
      '2026-11-27.jsonl:8 seq-gap',
    ]);
    expect(problems(items)[0]!.problem).toBe('seq gap: expected 6, found 7');
    expect(records(items)).toHaveLength(10);
  });

  it('reports a torn tail and NUL bytes as file:line', async () => {
    const [file] = writeTerminal(root, 'T01', [[localDate(2026, 11, 27), session(S1, 1)]]);
    fs.appendFileSync(file!, '{"v":1,"seq":4,"ts":"2026-1');
    let items = await collect([file!]);
    expect(where(items)).toEqual(['2026-11-27.jsonl:4 torn-tail']);
    expect(problems(items)[0]).toMatchObject({ terminal: 'T01', params: { bytes: 27 } });

    const ls = lines(file!);
    fs.writeFileSync(file!, `${ls.join('\n')}\n${'\u0000'.repeat(100)}\n`);
    items = await collect([file!]);
    expect(where(items)).toEqual(['2026-11-27.jsonl:4 bad-json']);
    expect(problems(items)[0]!.problem).toContain('NUL');
    fs.writeFileSync(file!, `${ls.join('\n')}\n${'\u0000'.repeat(100)}`);
    expect(where(await collect([file!]))).toEqual(['2026-11-27.jsonl:4 torn-tail']);
    // A tail longer than any record, without its newline: how long is not known, and the words say
    // "more than" the limit, in both languages.
    fs.writeFileSync(file!, `${ls.join('\n')}\n${'x'.repeat(MAX_LINE_BYTES + 10)}`);
    items = await collect([file!]);
    expect(where(items)).toEqual(['2026-11-27.jsonl:4 torn-tail']);
    const long = problems(items)[0]!;
    expect(long.params).toMatchObject({ bytes: MAX_LINE_BYTES, over: 1 });
    expect(describeProblem(translator('ja'), long)).toContain(`改行のないまま ${MAX_LINE_BYTES} バイトを超えています`);
    expect(describeProblem(translator('en'), long)).toContain(`more than ${MAX_LINE_BYTES} bytes without a final newline`);
    expect(describeProblem(translator('en'), { ...long, params: { bytes: 27 } })).toContain('(27 bytes without a final newline)');
  });

  it('reports a chain break across day files, and a missing day file', async () => {
    const files = writeTerminal(root, 'T01', [
      [localDate(2026, 11, 27), session(S1, 1)],
      [localDate(2026, 11, 28), session(S2, 1)],
      [localDate(2026, 11, 29), [start('55555555-5555-4555-8555-555555555555')]],
    ]);
    const ls = lines(files[0]!);
    ls[2] = ls[2]!.replace('portal-logout', 'portal-logouT');
    writeLines(files[0]!, ls);
    expect(where(await collect([root]))).toEqual(['2026-11-28.jsonl:1 chain-break']);
    fs.rmSync(files[1]!);
    expect(where(await collect([root]))).toEqual(['2026-11-29.jsonl:1 seq-gap']);
  });

  it('groups by the records’ terminal, whatever the folder is called', async () => {
    const [file] = writeTerminal(root, 'T07', [[localDate(2026, 11, 27), session(S1, 1)]]);
    const elsewhere = path.join(root, 'usb', 'export.jsonl');
    fs.mkdirSync(path.dirname(elsewhere), { recursive: true });
    fs.renameSync(file!, elsewhere);
    const items = await collect([path.join(root, 'usb')]);
    expect(problems(items)).toEqual([]);
    expect(records(items).every((r) => r.terminal === 'T07')).toBe(true);
  });

  it('groups by the records’ terminal when the first line is longer than the first look (4 KiB)', async () => {
    const first = JSON.stringify({
      v: 1,
      seq: 1,
      ts: '2026-11-27T09:00:00.000+09:00',
      terminal: 'T08',
      operator: null,
      session: null,
      type: 'sign-in',
      payload: { note: 'x'.repeat(6000) },
      prev: GENESIS,
    });
    const file = path.join(root, 'usb', 'export.jsonl');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${first}\n`);
    expect([...groupByTerminal([file]).keys()]).toEqual(['T08']);
    // Longer than the whole look (16 KiB): the folder's name, as before.
    fs.writeFileSync(file, `${first.replace('x'.repeat(6000), 'x'.repeat(20_000))}\n`);
    expect([...groupByTerminal([file]).keys()]).toEqual(['usb']);
  });

  it('reports a record of another terminal inside a terminal’s file', async () => {
    const [a] = writeTerminal(root, 'T01', [[localDate(2026, 11, 27), session(S1, 1)]]);
    const [b] = writeTerminal(path.join(root, 'other'), 'T02', [[localDate(2026, 11, 27), session(S2, 1)]]);
    const ls = lines(a!);
    writeLines(a!, [...ls, lines(b!)[0]!]);
    expect(where(await collect([a!]))).toEqual(['2026-11-27.jsonl:4 terminal-mismatch']);
  });

  it('a first record with seq 1 must carry the genesis prev', () => {
    const file = path.join(root, 'x.jsonl');
    const rec = {
      v: 1,
      seq: 1,
      ts: '2026-11-27T09:00:00.000+09:00',
      terminal: 'T01',
      operator: null,
      session: null,
      type: 'sign-in',
      payload: {},
      prev: 'f'.repeat(64),
    };
    fs.writeFileSync(file, `${JSON.stringify(rec)}\n${JSON.stringify({ ...rec, seq: 2, prev: GENESIS })}\n`);
    expect(readLogFile(file).flatMap((i) => (i.kind === 'problem' ? [`${i.line} ${i.code}`] : []))).toEqual([
      '1 chain-break',
      '2 chain-break',
    ]);
  });

  it('throws a UserError for a path that does not exist', async () => {
    await expect(collect([path.join(root, 'nope')])).rejects.toThrow(UserError);
  });

  it('handles lines split across read chunks, over-long lines and big files', async () => {
    // Built by hand (no fsync per record): ~2.5 MB, so lines straddle the 1 MB read chunks.
    const file = path.join(root, 'T01', '2026-11-27.jsonl');
    fs.mkdirSync(path.dirname(file));
    const out: string[] = [];
    let prev = GENESIS;
    for (let seq = 1; seq <= 8000; seq++) {
      const line = JSON.stringify({
        v: 1,
        seq,
        ts: '2026-11-27T09:00:00.000+09:00',
        terminal: 'T01',
        operator: 'op-001',
        session: S1,
        type: 'step',
        payload: { action: 'confirm', section: 'identity', item: `item-${seq}`, required: true, reason: '確認'.repeat(seq % 50) },
        prev,
      });
      prev = hashLine(line);
      out.push(line);
    }
    fs.writeFileSync(file, `${out.join('\n')}\n`);
    expect(fs.statSync(file).size).toBeGreaterThan(2 * 1024 * 1024);
    const items = await collect([file]);
    expect(problems(items)).toEqual([]);
    expect(records(items).map((r) => r.seq)).toEqual(Array.from({ length: 8000 }, (_, i) => i + 1));
    expect(readLogFile(file)).toEqual(items);
    // Handed on a few hundred at a time (a whole chunk's records outlived a worker's young
    // generation), and the same items in the same order.
    const batches: ReadItem[][] = [];
    for await (const b of readLogBatches([file])) batches.push(b);
    expect(Math.max(...batches.map((b) => b.length))).toBe(BATCH_ITEMS);
    expect(batches.flat()).toEqual(items);

    // A 5 MB line of garbage in the middle: reported once, skipped without being buffered whole.
    fs.writeFileSync(file, `${out.slice(0, 10).join('\n')}\n${'x'.repeat(5 * 1024 * 1024)}\n${out.slice(11).join('\n')}\n`);
    const damaged = await collect([file]);
    expect(where(damaged)).toEqual(['2026-11-27.jsonl:11 line-too-long']);
    expect(records(damaged)).toHaveLength(7999);
  });

  it('every problem code has a ja and en message', () => {
    const codes = [
      'torn-tail',
      'bad-json',
      'schema',
      'unknown-version',
      'seq-gap',
      'seq-repeat',
      'chain-break',
      'terminal-mismatch',
      'line-too-long',
      'unreadable',
    ];
    for (const code of codes) {
      const key = `log.problem.${code}` as MessageKey;
      expect(t('ja', key)).not.toBe(key);
      expect(t('en', key)).not.toBe(key);
    }
  });
});

describe('fast validation path', () => {
  const fast = fastRecordCheck();

  it('is the compiled validator of the record schema', () => {
    expect(typeof fast).toBe('function');
  });

  const base: Record<string, unknown>[] = [
    {
      v: 1,
      seq: 3,
      ts: '2026-11-27T14:41:43.123+09:00',
      terminal: 'T01',
      operator: 'op-001',
      session: S1,
      type: 'step',
      payload: { action: 'skip', section: 'identity', item: 'card', required: true, reason: '持参なし' },
      prev: 'a'.repeat(64),
    },
    {
      v: 1,
      seq: 1,
      ts: '2026-11-27T14:41:43+00:00',
      terminal: 'T01',
      operator: null,
      session: null,
      type: 'repair',
      payload: { file: 'x.jsonl', brokenFile: 'x.broken', bytes: 0 },
      prev: GENESIS,
    },
    {
      v: 1,
      seq: 9,
      ts: '2026-11-27T14:41:43.5Z',
      terminal: 'T01',
      operator: 'op',
      session: S2,
      type: 'logout',
      payload: { outcome: 'recovered', gate: ['a', 'b'] },
      prev: 'b'.repeat(64),
    },
    {
      v: 1,
      seq: 2,
      ts: '2026-11-27T14:41:43.123+09:00',
      terminal: 'T01',
      operator: 'op',
      session: S2,
      type: 'session-start',
      payload: { checklist: 'c', checklistVersion: '', checklistSha256: 'c'.repeat(64) },
      prev: 'b'.repeat(64),
    },
  ];

  const jsonValue = fc.oneof(
    fc.constantFrom<unknown>(null, true, false, 0, 1, -1, 1.5, 2 ** 53, '', 'x', 'a'.repeat(64), 'A'.repeat(64), S1, [], {}, 'T\u001b[31m', 'a\nb', '\u009b2J', 'x\u007f'),
    fc.string({ maxLength: 300 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom('2026-02-29T00:00:00Z', '2028-02-29T00:00:00.1+09:00', '2026-11-27T24:00:00+09:00', '2026-11-27T14:41:43+0900'),
  );

  const mutate = (o: Record<string, unknown>, pathKeys: string[], value: unknown, remove: boolean) => {
    const copy = JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
    let target = copy;
    for (const k of pathKeys.slice(0, -1)) target = target[k] as Record<string, unknown>;
    const last = pathKeys.at(-1)!;
    if (remove) delete target[last];
    else target[last] = value;
    return copy;
  };

  it('agrees with LogRecord.safeParse on valid records and on any one-field mutation', () => {
    for (const o of base) expect(fast!(o)).toBe(true);
    const paths = base.map((o) => [
      ...Object.keys(o).map((k) => [k]),
      ...Object.keys(o.payload as object).map((k) => ['payload', k]),
      ['extra'],
      ['payload', 'extra'],
    ]);
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.nat(), jsonValue, fc.boolean(), (bi, pi, value, remove) => {
        const o = base[bi]!;
        const ps = paths[bi]!;
        const m = mutate(o, ps[pi % ps.length]!, value, remove);
        // What the reader sees is always a JSON.parse result.
        const parsed = JSON.parse(JSON.stringify(m)) as unknown;
        expect(fast!(parsed)).toBe(LogRecord.safeParse(parsed).success);
      }),
      { numRuns: 3000 },
    );
  });

  it('the line hash is over the raw line bytes, as written', () => {
    const [file] = writeTerminal(root, 'T01', [[localDate(2026, 11, 27), session(S1, 1)]]);
    const ls = lines(file!);
    const recs = readLogFile(file!).flatMap((i) => (i.kind === 'record' ? [i.record] : []));
    expect(recs[1]!.prev).toBe(hashLine(ls[0]!));
  });
});

describe('finding the log files on a stick', () => {
  const day = localDate(2026, 11, 27, 9);
  const ward = () => {
    const logs = path.join(root, 'logs');
    writeTerminal(logs, 'T-A', [[day, [start(S1), logout(S1)]]]);
    writeTerminal(logs, 'T-B', [[day, [start(S2), logout(S2)]]]);
    return logs;
  };

  it('walks a folder reached again through links (to itself, to its parent) once, each file once', () => {
    const logs = ward();
    const before = collectLogFiles([logs]);
    expect(before.length).toBeGreaterThanOrEqual(2);
    const folder = path.join(logs, 'T-A');
    fs.symlinkSync('.', path.join(folder, 'self'));
    fs.symlinkSync('..', path.join(folder, 'up'));
    fs.symlinkSync('.', path.join(folder, 'again'));
    fs.symlinkSync(folder, path.join(logs, 'T-A-link'));
    expect(collectLogFiles([logs])).toEqual(before);
  });

  it('refuses a pipe named as a log (reading it would wait forever), naming it', () => {
    const fifo = path.join(root, 'pipe.jsonl');
    spawnSync('mkfifo', [fifo]);
    expect(() => collectLogFiles([fifo])).toThrow(UserError);
    try {
      collectLogFiles([fifo]);
    } catch (e) {
      expect((e as UserError).key).toBe('log.error.notAFile');
      expect((e as UserError).params).toEqual({ path: fifo });
    }
    // Inside a folder, a pipe is no log file and is passed over.
    const logs = ward();
    const before = collectLogFiles([logs]);
    spawnSync('mkfifo', [path.join(logs, 'T-A', 'pipe.jsonl')]);
    expect(collectLogFiles([logs])).toEqual(before);
  });

  // A folder the supervisor cannot list (an ext stick's root-only lost+found): named as unreadable,
  // everything else read. As root, permissions do not bite: the commands then run as nobody.
  const asRoot = process.getuid?.() === 0;
  const runAs = (args: string[], home: string) =>
    asRoot
      ? spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, BIN, ...args], {
          env: { ...process.env, COUNTER_CHECKLIST_HOME: home },
          encoding: 'utf8',
        })
      : spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, COUNTER_CHECKLIST_HOME: home }, encoding: 'utf8' });

  it.skipIf(process.platform === 'win32')('verify, report and collect name a folder they cannot list and read the rest', () => {
    requireBuild();
    const logs = ward();
    const hidden = path.join(logs, 'lost+found');
    fs.mkdirSync(hidden);
    fs.writeFileSync(path.join(hidden, 'x.jsonl'), 'not read\n');
    const home = path.join(root, 'home');
    fs.mkdirSync(home);
    // nobody may read the logs and write the home, but not list the hidden folder.
    fs.chmodSync(root, 0o755);
    for (const f of [logs, ...fs.readdirSync(logs).map((n) => path.join(logs, n))]) fs.chmodSync(f, 0o755);
    for (const t of ['T-A', 'T-B']) for (const f of fs.readdirSync(path.join(logs, t))) fs.chmodSync(path.join(logs, t, f), 0o644);
    fs.chmodSync(home, 0o777);
    fs.chmodSync(hidden, 0o700);
    if (asRoot) spawnSync('chown', ['root:root', hidden]);

    const verify = runAs(['verify', logs], home);
    expect(verify.status, verify.stderr).toBe(1);
    expect(verify.stdout + verify.stderr).toMatch(/lost\+found: .*EACCES/);

    const report = runAs(['report', logs, '--format', 'json'], home);
    expect(report.status, report.stderr).toBe(0);
    const doc = JSON.parse(report.stdout) as { sessions: unknown[]; integrity: { file: string; problem: string }[] };
    expect(doc.sessions).toHaveLength(2);
    expect(doc.integrity).toEqual([expect.objectContaining({ file: expect.stringContaining('lost+found'), problem: expect.stringContaining('EACCES') })]);

    const collect = runAs(['collect', logs, '--archive', path.join(home, 'archive'), '--format', 'json'], home);
    expect(collect.status, collect.stderr).toBe(1);
    const summary = JSON.parse(collect.stdout) as { unreadable: { file: string }[]; terminals: { terminal: string; newSessions: number }[] };
    expect(summary.unreadable.map((u) => u.file)).toEqual([expect.stringContaining('lost+found')]);
    expect(summary.terminals.filter((t) => t.newSessions > 0).map((t) => t.terminal).sort()).toEqual(['T-A', 'T-B']);
  });
});

describe('control characters from a forged log never reach the supervisor\'s terminal', () => {
  it('printable writes each one out, and leaves other text as it is', () => {
    expect(printable('T\u001b[31mRED\r\n\u009b\u007f')).toBe('T\\u001b[31mRED\\u000d\\u000a\\u009b\\u007f');
    expect(printable('端末 T-01: 問題 😀')).toBe('端末 T-01: 問題 😀');
  });

  it('ids and typed texts holding one are schema problems; verify, report and collect print none of it', () => {
    requireBuild();
    const terminal = 'T\u001b[31mRED';
    // A folder name from the stick with an escape sequence and a line break in it.
    const folder = path.join(root, 'logs', 'K\u001b]0;pwned\u0007\n-01');
    fs.mkdirSync(folder, { recursive: true });
    let prev = GENESIS;
    const lines = [
      { terminal, operator: 'S-01', type: 'session-start', payload: { checklist: 'c', checklistVersion: '1', checklistSha256: 'c'.repeat(64) } },
      { terminal: 'T-01', operator: 'o\u001b]0;pwned\u0007\r\nFAKE LINE', type: 'step', payload: { action: 'confirm', section: 's', item: 'i', required: true } },
      { terminal: 'T-01', operator: 'S-01', type: 'interrupt', payload: { reason: 'r', note: 'x\u001b[2Jy' } },
      { terminal: 'T-01', operator: 'S-01', type: 'logout', payload: { outcome: 'interrupted', gate: ['g'] } },
    ].map((r, i) => {
      const line = JSON.stringify({ v: 1, seq: i + 1, ts: `2026-11-27T09:0${i}:00.000+09:00`, ...r, session: S1, prev });
      prev = hashLine(Buffer.from(line));
      return line;
    });
    fs.writeFileSync(path.join(folder, '2026-11-27.jsonl'), `${lines.join('\n')}\n`);
    const home = path.join(root, 'home');
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, COUNTER_CHECKLIST_HOME: home }, encoding: 'utf8' });
    const logs = path.join(root, 'logs');
    for (const [args, code] of [
      [['verify', logs], 1],
      [['report', logs, '--format', 'table'], 0],
      [['collect', logs, '--format', 'table'], 1],
    ] as const) {
      const r = run([...args]);
      expect(r.status, r.stderr).toBe(code);
      const text = r.stdout + r.stderr;
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(text).not.toMatch(/^FAKE LINE/m);
    }
    // The three forged lines are problems, each on its own line, the folder named written out.
    const verify = run(['verify', logs]).stdout.split('\n').filter((l) => l.includes('2026-11-27.jsonl:'));
    expect(verify.slice(0, 3).map((l) => /:(\d):.*(terminal|operator|payload\.note) に制御文字（改行・エスケープなど）が含まれています/.exec(l)?.slice(1, 3))).toEqual([
      ['1', 'terminal'],
      ['2', 'operator'],
      ['3', 'payload.note'],
    ]);
    for (const l of verify) expect(l).toContain('K\\u001b]0;pwned\\u0007\\u000a-01');
    // The session that the good lines tell of is flagged, and nothing forged is in it.
    const doc = JSON.parse(run(['report', logs, '--format', 'json']).stdout) as { sessions: { operator: string | null; flags: string[] }[] };
    expect(doc.sessions.map((s) => s.flags.includes('integrity'))).toEqual([true]);
    const values = JSON.stringify(doc.sessions, (_k, v: unknown) => (typeof v === 'string' && /[\u0000-\u001f\u007f-\u009f]/.test(v) ? 'RAW CONTROL' : v));
    expect(values).not.toContain('RAW CONTROL');
    expect(values).not.toContain('FAKE LINE');
  });
});
