// The report's pieces: CSV quoting for Excel, table cells by display width, the Japanese era, option
// parsing, the spool and the output sink.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { FLAGS } from '../src/domain/flags.js';
import { translator } from '../src/i18n/index.js';
import { CSV_COLUMNS, csvField, csvRow, excelText, guardFormula } from '../src/report/csv.js';
import type { ReportSession } from '../src/report/document.js';
import { parseFilter, parseFormat, parseLocalDate, sessionMatches } from '../src/report/options.js';
import { Output, OutputClosed, streamSink } from '../src/report/output.js';
import { Spool } from '../src/report/spool.js';
import { bar, fit, fitId, layout, padEnd, sessionRow, wrap } from '../src/report/table.js';
import { fit as screenFit } from '../src/ui/text.js';
import { checklistLabels } from '../src/checklist/labels.js';
import { shipped } from './helpers/fixtures.js';
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

  it('no cell of a row starts a formula, whatever a forged log put in its ids and reasons', () => {
    /** The cells of one CSV row (RFC 4180 quoting undone). */
    const cellsOf = (row: string): string[] => {
      const out: string[] = [];
      const re = /("(?:[^"]|"")*"|[^,]*)(,|\r\n$)/gy;
      for (let m = re.exec(row); m; m = re.exec(row)) {
        out.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!);
        if (m[2] !== ',') break;
      }
      return out;
    };
    for (const bad of ['=1+2', '+1', '-1', '@SUM(A1)', '=HYPERLINK("http://x","y")']) {
      const row = csvRow(
        session({
          id: bad,
          terminal: bad,
          operator: bad,
          checklist: bad,
          checklistVersion: bad,
          interrupts: [{ reason: bad }],
          skips: [{ section: bad, item: bad, required: true, reason: bad }],
          notApplicable: [bad],
        }),
      );
      const cells = cellsOf(row);
      expect(cells).toHaveLength(CSV_COLUMNS.length);
      for (const cell of cells) expect(cell.startsWith('="') || !/^[=+\-@]/.test(cell), `${bad}: ${cell}`).toBe(true);
    }
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
  it('the screens cut as the table does, again and again (their cuts are kept)', () => {
    const texts = ['端末ＡＢＣ', 'T-01', '👨\u200d👩\u200d👧👨\u200d👩\u200d👧', '自治体マイナポイント申込支援チェックリスト', 'e\u0301e\u0301e\u0301e\u0301'];
    for (let round = 0; round < 2; round++) {
      for (const text of texts) for (const w of [1, 3, 6, 9]) expect(screenFit(text, w)).toBe(fit(text, w));
    }
  });

  it('fit and wrap count full-width characters as two columns', () => {
    expect(fit('端末ＡＢＣ', 6)).toBe('端末…');
    expect(stringWidth(fit('端末ＡＢＣ', 6))).toBeLessThanOrEqual(6);
    expect(fit('T-01', 8)).toBe('T-01');
    // Cut between whole characters as a reader sees them: a ZWJ family, a flag, an accent stay whole.
    expect(fit('👨\u200d👩\u200d👧👨\u200d👩\u200d👧', 3)).toBe('👨\u200d👩\u200d👧…');
    expect(fit('🇯🇵🇯🇵🇯🇵', 4)).toBe('🇯🇵…');
    expect(fit('e\u0301e\u0301e\u0301e\u0301', 3)).toBe('e\u0301e\u0301…');
    expect(wrap(['ログアウト未確認', '中断', '放置'], '、', 16)).toEqual(['ログアウト未確認', '中断、放置']);
    expect(wrap(['中断', '放置'], '、', 16)).toEqual(['中断、放置']);
    expect(wrap([], '、', 16)).toEqual(['']);
    expect(wrap(['no logout', 'unclean exit'], ', ', 16)).toEqual(['no logout,', 'unclean exit']);
    // Wider than the line: broken between its parts, on lines of its own, never cut.
    expect(wrap(['中断', 'ログアウト未確認', '放置'], '、', 12)).toEqual(['中断、', 'ログアウト', '未確認、放置']);
    expect(wrap(['Unclean exit', 'Idle'], ', ', 9, 'en')).toEqual(['Unclean', 'exit,', 'Idle']);
  });

  it("ids are cut in the middle, so one ward's terminals stay apart (MINA…-01, MINA…-02)", () => {
    expect(fitId('MINAMI-01', 8)).toBe('MINA…-01');
    expect(fitId('HIGASHI-10', 9)).toBe('HIGA…I-10');
    expect(fitId('S-0007', 8)).toBe('S-0007');
    expect(fitId('ＡＢＣＤＥＦ-01', 8)).toBe('ＡＢ…-01');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('A', 'z', '-', '0', '9', 'ア', '端', 'é') , minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 20 }), (id, width) => {
        const cut = fitId(id, width);
        expect(stringWidth(cut)).toBeLessThanOrEqual(Math.max(width, 1));
        if (stringWidth(id) <= width) expect(cut).toBe(id);
        else if (width >= 4) {
          // Its start and its end, with the mark between: two ids that differ at the end differ cut.
          const [head, tail] = cut.split('…') as [string, string];
          expect(id.startsWith(head) && id.endsWith(tail)).toBe(true);
          expect(stringWidth(tail)).toBeGreaterThan(0);
        }
      }),
    );
    for (const width of [80, 100]) {
      const tr = translator('ja');
      const l = layout(tr, 'ja', width);
      const shown = ['MINAMI-01', 'MINAMI-02'].map((terminal) => sessionRow(session({ terminal, flags: [] }), tr, 'ja', l).split(/ +/)[3]);
      expect(new Set(shown).size, shown.join(' ')).toBe(2);
    }
  });

  it('wrap never passes the width and keeps every word that fits (fast-check)', () => {
    const word = fc.array(fc.constantFrom('a', 'Z', '-', '中', '断', 'ア', 'Ｂ'), { minLength: 1, maxLength: 12 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), fc.integer({ min: 4, max: 30 }), fc.constantFrom('、', ', '), (words, width, sep) => {
        const lines = wrap(words, sep, width);
        for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(width);
        // Nothing is dropped or cut: a word wider than the line goes on over the next.
        expect(lines.join('').replace(/[、, ]/g, '')).toBe(words.join(''));
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
        // Eight cells and seven one-column gaps.
        expect(8 + l.start + l.terminal + l.operator + l.flow + l.outcome + l.reviewed + l.flags + 7).toBeLessThanOrEqual(width);
        expect(l.flow).toBeGreaterThanOrEqual(6);
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
          checklistLabels([shipped()], locale),
        );
        for (const line of row.trimEnd().split('\n')) expect(stringWidth(line), `${locale} ${width}: ${line}`).toBeLessThanOrEqual(width);
      }
    }
  });

  /** `line` from display column `col` on (a full-width character is two columns). */
  const fromColumn = (line: string, col: number) => {
    let used = 0;
    let i = 0;
    for (const ch of line) {
      if (used >= col) break;
      used += stringWidth(ch);
      i += ch.length;
    }
    return line.slice(i);
  };

  it('no flag has a word broken over two lines, in either language, from 80 columns up (the flow gives way)', () => {
    for (const locale of ['ja', 'en'] as const) {
      const tr = translator(locale);
      const seg = new Intl.Segmenter(locale, { granularity: 'word' });
      for (const width of [80, 90, 120]) {
        const l = layout(tr, locale, width);
        expect(l.flow).toBeGreaterThanOrEqual(6);
        // The flags column starts after the other cells and their one-column gaps.
        const at = 8 + l.start + l.terminal + l.operator + l.flow + l.outcome + l.reviewed + 7;
        for (const flag of FLAGS) {
          const row = sessionRow(session({ flags: [flag] }), tr, locale, l).trimEnd();
          const pieces = row.split('\n').map((line) => fromColumn(line, at).trim());
          const words = [...seg.segment(tr(`report.flag.${flag}`))].map((w) => w.segment).filter((w) => w.trim() !== '');
          for (const word of words) expect(pieces.some((piece) => piece.includes(word)), `${locale} ${width} ${flag}: ${row}`).toBe(true);
        }
      }
    }
    // Japanese keeps its layout at 80: the flow column is not narrowed.
    expect(layout(translator('ja'), 'ja', 80).flow).toBe(9);
  });

  it('the flow and reviewed columns at 80: ids 8, the checklist title cut to 9, 済 under 確認, every cell under its header', () => {
    const tr = translator('ja');
    const l = layout(tr, 'ja', 80);
    expect([l.terminal, l.operator, l.flow, l.reviewed]).toEqual([8, 8, 9, 4]);
    const labels = checklistLabels([shipped()], 'ja');
    const title = labels.title('mynapoint-support')!;
    expect(stringWidth(title)).toBeGreaterThan(9);
    const rows = [
      sessionRow(session({ outcome: 'interrupted', flags: ['interrupted'], reviewed: true }), tr, 'ja', l, labels),
      sessionRow(session({ checklist: 'city-own-flow', flags: [] }), tr, 'ja', l, labels),
      sessionRow(session({ checklist: null, flags: ['idle'] }), tr, 'ja', l),
    ].map((r) => r.trimEnd());
    const head = ['ID', '開始日時', '端末', 'スタッフ', '手順', '結果', '確認', 'フラグ'].map((h, i, a) => padEnd(h, [8, l.start, l.terminal, l.operator, l.flow, l.outcome, l.reviewed][i] ?? 0) + (i < a.length - 1 ? ' ' : '')).join('').trimEnd();
    const col = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text)));
    // The Japanese title, cut by display width (a full-width character is two columns).
    expect(rows[0]).toContain(` ${fit(title, 9)} `);
    expect(stringWidth(fit(title, 9))).toBe(9);
    expect(col(rows[0]!, fit(title, 9))).toBe(col(head, '手順'));
    expect(col(rows[0]!, '済')).toBe(col(head, '確認'));
    expect(col(rows[0]!, 'S-01')).toBe(col(head, 'スタッフ'));
    expect(rows[0]).toMatch(/ 中断 +済 +中断$/);
    expect(col(rows[0]!, '中断')).toBe(col(head, '結果'));
    // A checklist that is not installed shows its id, cut the same way; no mark when not reviewed.
    expect(col(rows[1]!, 'city-own')).toBe(col(head, '手順'));
    expect(rows[1]).toContain(' city-own… ');
    expect(rows[1]).not.toContain('済');
    expect(rows[2]).toMatch(/T-01 +S-01 +- +完了 +放置$/);
    expect(col(rows[2]!, '放置')).toBe(col(head, 'フラグ'));
    for (const r of rows) expect(stringWidth(r)).toBeLessThanOrEqual(80);
    // The old wording after the flags is gone: the column says it.
    expect(rows.join('\n')).not.toContain('（確認済み）');
  });

  it('headers are never cut, at every width and in both languages; a wider terminal widens the flow, ids and flags', () => {
    for (const locale of ['ja', 'en'] as const) {
      const tr = translator(locale);
      const heads = ['id', 'start', 'terminal', 'operator', 'flow', 'outcome', 'reviewed'] as const;
      for (const width of [80, 81, 100, 120, 160]) {
        const l = layout(tr, locale, width);
        const widths = [8, l.start, l.terminal, l.operator, l.flow, l.outcome, l.reviewed];
        heads.forEach((h, i) => expect(stringWidth(tr(`report.table.col.${h}`)), `${locale} ${width} ${h}`).toBeLessThanOrEqual(widths[i]!));
        expect(stringWidth(tr('report.table.col.flags'))).toBeLessThanOrEqual(l.flags);
        // The row is exactly the width: nothing left over, nothing past it.
        expect(widths.reduce((a, b) => a + b, 0) + l.flags + 7, `${locale} ${width}`).toBe(width);
      }
      const narrow = layout(tr, locale, 80);
      const wide = layout(tr, locale, 160);
      // (In English the flow gives two columns to the flags, so that "interrupted" is not broken.)
      expect([narrow.terminal, narrow.operator, narrow.flow]).toEqual([8, 8, locale === 'ja' ? 9 : 7]);
      expect(wide.flow).toBeGreaterThan(narrow.flow);
      expect(wide.terminal).toBeGreaterThan(narrow.terminal);
      expect(wide.flags).toBeGreaterThan(narrow.flags);
    }
    // English: the reviewed mark is two columns under a short header.
    const en = translator('en');
    expect(sessionRow(session({ reviewed: true, flags: ['idle'] }), en, 'en', layout(en, 'en', 80))).toMatch(/ ok +Idle|ok +idle/i);
  });

  it('a flag wider than its column goes on over the next line, never cut', () => {
    const tr = translator('ja');
    const l = layout(tr, 'ja', 80);
    const row = sessionRow(session({ checklist: 'own', outcome: 'open', flags: ['no-logout', 'unclean-exit', 'required-skipped'] }), tr, 'ja', l);
    const lines = row.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    expect(row).not.toContain('…');
    // Every line after the first starts under the flags column.
    const at = stringWidth(lines[0]!.slice(0, lines[0]!.indexOf('ログアウト')));
    for (const line of lines.slice(1)) expect(line.length - line.trimStart().length).toBe(at);
    expect(lines.map((x, i) => (i === 0 ? x.slice(x.indexOf('ログアウト')) : x.trim())).join('').replace(/、/g, '')).toBe(['no-logout', 'unclean-exit', 'required-skipped'].map((f) => tr(`report.flag.${f as 'idle'}`)).join(''));
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
    // Every year of four digits, the first hundred too (a date far back means "from the start").
    for (const early of ['0001-01-01', '0099-12-31', '0004-02-29']) expect(parseLocalDate('--since', early)).toBe(early);
    for (const bad of ['2026-02-29', '0001-02-29', '2026-1-01', '2026/01/01', '20260101', '2026-00-10', '2026-12-32', '']) {
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
