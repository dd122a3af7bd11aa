// The report's pieces: CSV quoting for Excel, table cells by display width, the Japanese era, option
// parsing, the spool and the output sink.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/index.js';
import { csvField, csvRow, excelText, guardFormula } from '../src/report/csv.js';
import type { ReportSession } from '../src/report/document.js';
import { parseFilter, parseFormat, parseLocalDate, sessionMatches } from '../src/report/options.js';
import { Output, OutputClosed, streamSink } from '../src/report/output.js';
import { Spool } from '../src/report/spool.js';
import { bar, fit, layout, sessionRow, wrap } from '../src/report/table.js';
import { counterDay, formatDay, formatStamp, formatStart } from '../src/report/dates.js';
import { tableWidth } from '../src/report/command.js';
import type { FoldedSession } from '../src/log/fold.js';

const session = (over: Partial<ReportSession> = {}): ReportSession => ({
  id: '11111111-1111-4111-8111-111111111111',
  terminal: 'T-01',
  operator: 'S-01',
  checklist: 'mynapoint-support',
  checklistVersion: '1.0.0',
  startedAt: '2026-11-27T09:05:00.000+09:00',
  endedAt: '2026-11-27T09:15:00.000+09:00',
  outcome: 'completed',
  logoutConfirmed: true,
  flags: [],
  interrupts: [],
  skips: [],
  notApplicable: [],
  reviewed: false,
  ...over,
});

describe('csv', () => {
  it('quotes fields as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField('')).toBe('');
  });

  it('keeps ids as text in Excel and never lets a value become a formula', () => {
    expect(excelText('0012')).toBe('="0012"');
    expect(excelText('1.10')).toBe('="1.10"');
    expect(excelText('a"b')).toBe('="a""b"');
    expect(excelText(null)).toBe('');
    expect(excelText('x'.repeat(300))).toBe('x'.repeat(300));
    expect(excelText(`=${'x'.repeat(300)}`)).toBe(`'=${'x'.repeat(300)}`);
    for (const bad of ['=1+2', '+1', '-1', '@SUM(A1)', '\tx']) expect(guardFormula(bad)).toBe(`'${bad}`);
    expect(guardFormula('ok=1')).toBe('ok=1');
    expect(guardFormula(null)).toBe('');
  });

  it('a row with awkward values reads back exactly (quotes, commas, nulls)', () => {
    const row = csvRow(
      session({ terminal: 'T,"1"', operator: null, checklist: '=HYPERLINK("x")', checklistVersion: null, endedAt: null, flags: ['interrupted', 'idle'], outcome: 'interrupted' }),
    );
    expect(row.endsWith('\r\n')).toBe(true);
    expect(row).toBe(
      `11111111-1111-4111-8111-111111111111,"=""T,""""1""""""",,"'=HYPERLINK(""x"")",,2026-11-27T09:05:00.000+09:00,,interrupted,true,interrupted;idle,false,,,,\r\n`,
    );
  });
});

describe('table cells', () => {
  it('fit and wrap count full-width characters as two columns', () => {
    expect(fit('端末ＡＢＣ', 6)).toBe('端末…');
    expect(stringWidth(fit('端末ＡＢＣ', 6))).toBeLessThanOrEqual(6);
    expect(fit('T-01', 8)).toBe('T-01');
    expect(wrap(['ログアウト未確認', '中断', '放置'], '、', 16)).toEqual(['ログアウト未確認', '中断、放置']);
    expect(wrap(['中断', '放置'], '、', 16)).toEqual(['中断、放置']);
    expect(wrap([], '、', 16)).toEqual(['']);
    expect(wrap(['no logout', 'unclean exit'], ', ', 16)).toEqual(['no logout,', 'unclean exit']);
  });

  it('wrap never passes the width and keeps every word that fits (fast-check)', () => {
    const word = fc.array(fc.constantFrom('a', 'Z', '-', '中', '断', 'ア', 'Ｂ'), { minLength: 1, maxLength: 12 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), fc.integer({ min: 4, max: 30 }), fc.constantFrom('、', ', '), (words, width, sep) => {
        const lines = wrap(words, sep, width);
        for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(width);
        if (words.every((w) => stringWidth(w) <= width)) {
          const tail = sep.trimEnd();
          const rejoined = lines.map((l) => (l.endsWith(tail) ? l.slice(0, -tail.length) : l)).join(sep);
          expect(rejoined).toBe(words.join(sep));
        }
      }),
    );
  });

  it('bar: any incomplete session shows at least one mark', () => {
    expect(bar(0, 0)).toBe('[..........]');
    expect(bar(0, 50)).toBe('[..........]');
    expect(bar(1, 1000)).toBe('[#.........]');
    expect(bar(5, 10)).toBe('[#####.....]');
    expect(bar(10, 10)).toBe('[##########]');
  });

  it('times: the counter wall time, 和暦 in Japanese (era change included), ISO-like in English', () => {
    expect(formatStart('2026-11-27T09:05:00.000+09:00', 'ja')).toBe('令和8/11/27 09:05');
    expect(formatStart('2019-04-30T23:59:00.000+09:00', 'ja')).toBe('平成31/04/30 23:59');
    expect(formatStart('2019-05-01T00:00:00.000+09:00', 'ja')).toBe('令和1/05/01 00:00');
    expect(formatDay('2019-05-01T00:00:00.000+09:00', 'ja')).toBe('令和元年5月1日');
    // The time as written at the counter, whatever this machine's zone.
    expect(formatStart('2026-11-27T23:30:00.000-05:00', 'en')).toBe('2026-11-27 23:30');
    expect(formatDay('2026-11-27T23:30:00.000-05:00', 'en')).toBe('2026-11-27');
    expect(formatStart(null, 'ja')).toBe('-');
  });

  it('one clock: the wall time written at the counter, whatever its offset and this machine\'s zone', () => {
    // Both stamps say 00:30:05 on 1 December at their counters. They are 14 hours apart, so no time
    // zone this process runs in (TZ=UTC included) would show both so by converting them.
    for (const ts of ['2026-12-01T00:30:05.000+09:00', '2026-12-01T00:30:05.000-05:00']) {
      expect(formatStart(ts, 'ja')).toBe('令和8/12/01 00:30');
      expect(formatStart(ts, 'en')).toBe('2026-12-01 00:30');
      expect(formatStamp(ts, 'ja')).toBe('12/01 00:30:05');
      expect(formatStamp(ts, 'en')).toBe('12-01 00:30:05');
      expect(counterDay(ts)).toBe('2026-12-01');
    }
    expect(formatStamp(null, 'ja')).toBe('');
    expect(formatStamp('not a time', 'en')).toBe('');
    expect(counterDay(null)).toBe('');
  });

  it('rows fit the width in both languages, from 80 to 160 columns, however long the ids', () => {
    for (const locale of ['ja', 'en'] as const) {
      const tr = translator(locale);
      for (const width of [80, 100, 160]) {
        const l = layout(tr, locale, width);
        expect(8 + l.start + l.terminal + l.operator + l.outcome + l.flags + 10).toBeLessThanOrEqual(width);
        const row = sessionRow(
          session({
            terminal: 'ＫＩＴＡ区役所-窓口-0001-とても長い端末名',
            operator: 'S-0000000000000012',
            outcome: 'interrupted',
            flags: ['no-logout', 'unclean-exit', 'interrupted', 'required-skipped', 'idle', 'integrity'],
          }),
          tr,
          locale,
          l,
        );
        for (const line of row.trimEnd().split('\n')) expect(stringWidth(line), `${locale} ${width}: ${line}`).toBeLessThanOrEqual(width);
      }
    }
  });

  it('the table width: the terminal, 80 to 160 columns; 80 when not a terminal', () => {
    const s = (isTTY: boolean, columns?: number) => Object.assign(new PassThrough(), { isTTY, columns });
    expect(tableWidth(s(false, 200))).toBe(80);
    expect(tableWidth(s(true, 120))).toBe(120);
    expect(tableWidth(s(true, 60))).toBe(80);
    expect(tableWidth(s(true, 300))).toBe(160);
  });
});

describe('options', () => {
  it('dates: real calendar days only, YYYY-MM-DD', () => {
    expect(parseLocalDate('--since', '2028-02-29')).toBe('2028-02-29');
    for (const bad of ['2026-02-29', '2026-1-01', '2026/01/01', '20260101', '2026-00-10', '2026-12-32', '']) {
      expect(() => parseLocalDate('--since', bad)).toThrow(expect.objectContaining({ key: 'report.error.badDate', params: { option: '--since', value: bad } }));
    }
  });

  it('format: the default follows the terminal; anything else is refused', () => {
    expect(parseFormat(undefined, true)).toBe('table');
    expect(parseFormat(undefined, false)).toBe('json');
    expect(parseFormat('csv', true)).toBe('csv');
    expect(() => parseFormat('CSV', false)).toThrow(expect.objectContaining({ key: 'report.error.badFormat' }));
  });

  it('a session known only from bad lines has no date: kept without a date filter, left out with one', () => {
    const f = { ...session(), startedAt: null, startSeen: false, lastSeq: null, lastType: null, problems: 1 } as unknown as FoldedSession;
    expect(sessionMatches(f, parseFilter({}))).toBe(true);
    expect(sessionMatches(f, parseFilter({ since: '2026-01-01' }))).toBe(false);
  });
});

describe('spool', () => {
  it('keeps order across memory and its file, and removes the file', async () => {
    const spool = new Spool<{ n: number; s: string }>(3);
    for (let n = 0; n < 10; n++) spool.push({ n, s: `行${n}\n"` });
    const dirs = () => fs.readdirSync(tmpdir()).filter((d) => d.startsWith('cc-report-') && fs.existsSync(path.join(tmpdir(), d, 'spool.jsonl')));
    expect(dirs().length).toBeGreaterThan(0);
    const back: number[] = [];
    for await (const item of spool.items()) {
      expect(item.s).toBe(`行${item.n}\n"`);
      back.push(item.n);
    }
    expect(back).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(spool.count).toBe(10);
    const before = dirs().length;
    spool.dispose();
    expect(dirs().length).toBe(before - 1);
    spool.dispose();
  });
});

describe('output', () => {
  it('buffers small writes into large chunks', () => {
    const chunks: string[] = [];
    const out = new Output((c) => void chunks.push(c));
    for (let i = 0; i < 1000; i++) out.write('x'.repeat(100));
    void out.flush();
    expect(chunks.length).toBeLessThan(5);
    expect(chunks.join('')).toHaveLength(100_000);
  });

  it('waits for drain, and stops with OutputClosed when the reader is gone (EPIPE)', async () => {
    let release: () => void = () => {};
    const slow = new Writable({
      highWaterMark: 10,
      write(_chunk, _enc, done) {
        release = done;
      },
    });
    const sink = streamSink(slow);
    const waiting = sink('x'.repeat(100));
    expect(waiting).toBeInstanceOf(Promise);
    let settled = false;
    void (waiting as Promise<void>).then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    release();
    await waiting;
    expect(settled).toBe(true);

    const gone = new Writable({ write: (_c, _e, done) => done() });
    const closed = streamSink(gone);
    gone.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(() => closed('more')).toThrow(OutputClosed);
  });
});
