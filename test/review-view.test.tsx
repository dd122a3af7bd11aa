// Component tests of the review screen: drawn by Ink from the model, driven by keys through the
// controller, over logs written by the real writer (test/helpers/session-logs.ts). Every render and
// every key is wrapped in act() so each frame is deterministic.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { act } from 'react';
import stringWidth from 'string-width';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { Locale } from '../src/checklist/schema.js';
import { collectLogFiles } from '../src/log/reader.js';
import { ReviewController } from '../src/review/controller.js';
import { checklistLabels } from '../src/review/describe.js';
import { loadSessions, readTimeline, toRow, type SessionRow } from '../src/review/load.js';
import type { NewReview, Review, ReviewWriter } from '../src/review/log.js';
import { initialModel, LIST_ROWS } from '../src/review/model.js';
import { MemorySource } from '../src/review/source.js';
import { makeUi } from '../src/ui/context.js';
import { resizeTo } from './helpers/ink-size.js';
import { ReviewApp } from '../src/ui/review/app.js';
import { shipped } from './helpers/fixtures.js';
import { KioskLog, local, sid, writeWard } from './helpers/session-logs.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ENTER = '\r';
const ESC = '\u001b';
const DOWN = '\u001b[B';
const UP = '\u001b[A';
const RIGHT = '\u001b[C';
const PAGE_DOWN = '\u001b[6~';
const PAGE_UP = '\u001b[5~';
const END = '\u001b[F';
const HOME = '\u001b[H';
const BACKSPACE = '\u007f';

class MemoryReviews implements ReviewWriter {
  written: Review[] = [];
  fail: Error | null = null;
  opened = 0;
  readonly acknowledged = { file: 'memory', size: 0, seq: 0, hash: '' };
  append(r: NewReview): Review {
    if (this.fail) throw this.fail;
    const review = { ...r, at: `2026-11-28T10:0${this.written.length}:00.000+09:00` };
    this.written.push(review);
    return review;
  }
  close() {}
}

let root: string;
let wardRows: SessionRow[];
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(tmpdir(), 'cc-review-view-'));
  writeWard(path.join(root, 'ward'));
  wardRows = (await loadSessions(collectLogFiles([path.join(root, 'ward')]))).rows;
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let cleanup: (() => void) | null = null;
afterEach(async () => {
  await act(async () => cleanup?.());
  cleanup = null;
});

interface MountOptions {
  locale?: Locale;
  rows?: SessionRow[];
  problems?: number;
  reviews?: Map<string, Review[]>;
  /** Leave the model loading (no `loaded` message). */
  loading?: boolean;
}

async function mount(opts: MountOptions = {}) {
  const locale = opts.locale ?? 'ja';
  const sink = new MemoryReviews();
  const controller = new ReviewController({
    model: initialModel({ operatorPattern: '^[A-Za-z0-9-]{2,16}$' }),
    openLog: () => {
      sink.opened++;
      return sink;
    },
    readTimeline: (row) => readTimeline(row),
    describe: (e) => (e as Error).message,
  });
  const labels = checklistLabels([shipped()], locale);
  let r!: ReturnType<typeof render>;
  await act(async () => {
    r = render(<ReviewApp store={controller} ui={makeUi(locale, false)} labels={labels} reviewsDir="/home/sv/reviews" />);
  });
  await act(async () => resizeTo(r, 80, 24));
  cleanup = () => r.unmount();
  if (!opts.loading) {
    const reviews = opts.reviews ?? new Map();
    await act(async () => controller.load(new MemorySource(opts.rows ?? wardRows, reviews), { problems: opts.problems ?? 0, reviews, reviewProblems: 0 }));
  }
  const type = async (...keys: string[]) => {
    for (const k of keys) await act(async () => void r.stdin.write(k));
  };
  const frame = () => r.lastFrame() ?? '';
  /** Waits for the timeline's records (read from the files) to be drawn. */
  const settle = async (text: string) => {
    for (let i = 0; i < 100 && !frame().includes(text); i++) await act(async () => new Promise((res) => setTimeout(res, 10)));
    expect(frame()).toContain(text);
  };
  return { r, type, frame, sink, controller, settle };
}

/** At 80×24 the frame is 80×23: every line exactly 80 columns, nothing overflows. */
function expectFits(frame: string) {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(23);
  const widths = new Set(lines.filter((l) => l.trim() !== '').map((l) => stringWidth(l)));
  expect([...widths]).toEqual([80]);
}

/** The frame's text with borders and all spaces removed: for text that Ink may wrap anywhere. */
const squash = (frame: string) => frame.replace(/[│╭╮╰╯─\s]/g, '');

/** The session rows drawn (lines that start with the row's cursor column inside the border). */
const rowLines = (frame: string) => frame.split('\n').filter((l) => /^│ [> ](済 {2}|ok {2}| {4}) (令和\d+\/\d{2}\/\d{2}|\d{4}-\d{2}-\d{2}) \d{2}:\d{2} /.test(l));

describe('review screen', () => {
  it('shows a progress line while loading, then incomplete unreviewed sessions first', async () => {
    const v = await mount({ loading: true });
    expect(v.frame()).toContain('ログを読み込んでいます');
    expect(v.frame()).toContain('q 終了');
    expectFits(v.frame());
    await act(async () => v.controller.dispatch({ type: 'progress', sessions: 4321, share: 0.456 }));
    expect(v.frame()).toContain('ログを読み込んでいます… 45%（セッション 4,321 件）');
    expect(v.frame()).toContain(`[${'#'.repeat(18)}${'.'.repeat(22)}]`);
    await act(async () => v.controller.load(new MemorySource(wardRows, new Map()), { problems: 0, reviews: new Map(), reviewProblems: 0 }));
    const f = v.frame();
    expectFits(f);
    expect(f).toContain('セッション 9 件  要確認 6 件（未確認 6 件）');
    expect(f).toMatch(/期間 令和\d+\/\d{2}\/\d{2}〜令和\d+\/\d{2}\/\d{2}/);
    expect(f).toMatch(/T-01 +\[#+\.*\] +\d+%/);
    expect(f).toContain('0042');
    expect(f).toContain('Enter 経過');
    expect(f).toContain('a 確認記録');
    const rows = rowLines(f);
    expect(rows).toHaveLength(9);
    // Six incomplete sessions first, then the three complete ones.
    expect(rows.slice(0, 6).every((l) => /中断|異常終了|放置|必須スキップ|ログアウト未確認/.test(l))).toBe(true);
    expect(rows.slice(6).every((l) => /完了 +│$/.test(l))).toBe(true);
    expect(rows[0]).toMatch(/^│ > /);
  });

  it('draws only the rows of the window around the cursor; moves by row, page and end', async () => {
    const many: SessionRow[] = Array.from({ length: 5000 }, (_, i) => ({
      ...wardRows[0]!,
      id: sid(1000 + i),
      startMs: wardRows[0]!.startMs! + i * 60_000,
      startedAt: new Date(wardRows[0]!.startMs! + i * 60_000).toISOString(),
      flags: i % 7 === 0 ? ['idle'] : [],
    }));
    const v = await mount({ rows: many });
    expect(rowLines(v.frame())).toHaveLength(LIST_ROWS);
    expect(v.frame()).toContain(`1/5,000`);
    await v.type(DOWN, DOWN, PAGE_DOWN);
    expect(v.frame()).toContain(`${3 + LIST_ROWS}/5,000`);
    expect(rowLines(v.frame())).toHaveLength(LIST_ROWS);
    await v.type(END);
    expect(v.frame()).toContain('5,000/5,000');
    expect(rowLines(v.frame()).at(-1)).toMatch(/^│ > /);
    await v.type(HOME, UP);
    expect(v.frame()).toContain('1/5,000');
    expectFits(v.frame());
  });

  it('uses the whole terminal: more rows at 120×40 down to the notice line; a resize keeps the cursor on its session', async () => {
    const many: SessionRow[] = Array.from({ length: 5000 }, (_, i) => ({
      ...wardRows[0]!,
      id: sid(1000 + i),
      startMs: wardRows[0]!.startMs! + i * 60_000,
      startedAt: new Date(wardRows[0]!.startMs! + i * 60_000).toISOString(),
      flags: [],
    }));
    const v = await mount({ rows: many });
    // Centred frames start further in: the rows are found wherever the frame's border is.
    const lines = () => v.frame().split('\n').map((l) => l.trimStart());
    const rows = () => rowLines(lines().join('\n'));
    const lastRowAt = () => lines().reduce((at, l, i) => (rowLines(l).length === 1 ? i : at), -1);
    // 80×24: a 23-line frame, a 16-line body, 6 of them the totals, bars, filters and header; under
    // the body two notice lines, the keys and the border.
    expect(rows()).toHaveLength(LIST_ROWS);
    expect(lines()).toHaveLength(23);
    expect(lastRowAt()).toBe(23 - 5);
    await act(async () => resizeTo(v.r, 120, 40));
    expect(lines()).toHaveLength(39);
    expect(rows()).toHaveLength(39 - 7 - 6);
    // The list reaches down to the notice lines: no blank rows left under it.
    expect(lastRowAt()).toBe(39 - 5);
    await v.type(...Array.from({ length: 22 }, () => DOWN));
    const current = rows().find((l) => l.startsWith('│ >'))!;
    expect(v.frame()).toContain('23/5,000');
    // PgDn pages by the window the screen has.
    await v.type(PAGE_DOWN);
    expect(v.frame()).toContain(`${23 + 26}/5,000`);
    await v.type(PAGE_UP);
    expect(rows().find((l) => l.startsWith('│ >'))).toBe(current);
    // Back to 80×24 mid-list: the same session is selected and still on screen.
    await act(async () => resizeTo(v.r, 80, 24));
    expect(rows()).toHaveLength(LIST_ROWS);
    expect(v.frame()).toContain('23/5,000');
    const startOf = (l: string) => /\S+ \d{2}:\d{2}/.exec(l)![0];
    expect(startOf(rows().find((l) => l.startsWith('│ >'))!)).toBe(startOf(current));
    expectFits(v.frame());
  });

  it('shows the counter\'s wall time as logged, as report does: 和暦 in Japanese, ISO-like in English', async () => {
    const base = wardRows.find((r) => r.flags.length > 0)!;
    const rows = [
      toRow({ ...base, flags: [...base.flags], startedAt: '2026-12-01T00:30:00.000+09:00', endedAt: '2026-12-01T00:41:00.000+09:00' }, []),
      toRow({ ...base, flags: [...base.flags], id: sid(2001), startedAt: '2026-11-30T23:30:00.000-05:00', endedAt: null }, []),
    ];
    const ja = await mount({ rows });
    expect(ja.frame()).toContain('令和8/12/01 00:30');
    expect(ja.frame()).toContain('令和8/11/30 23:30');
    expect(ja.frame()).toContain('期間 令和8/11/30〜令和8/12/01');
    await ja.type(ENTER);
    expect(ja.frame()).toContain('開始 令和8/12/01 00:30  終了 令和8/12/01 00:41');
    await act(async () => cleanup?.());
    const en = await mount({ rows, locale: 'en' });
    expect(en.frame()).toContain('2026-12-01 00:30');
    expect(en.frame()).toContain('2026-11-30 23:30');
    expect(en.frame()).toContain('Period 2026-11-30 – 2026-12-01');
  });

  it("cuts long terminal and staff ids in the middle at 80 columns, so one ward's terminals stay apart", async () => {
    const base = wardRows.find((r) => r.flags.length > 0)!;
    const rows = ['MINAMI-01', 'MINAMI-02'].map((terminal, i) => toRow({ ...base, flags: [...base.flags], id: sid(3000 + i), terminal, operator: 'STAFF-0000012' }, []));
    const v = await mount({ rows });
    const f = v.frame();
    expectFits(f);
    expect(f).toMatch(/ MINA…-01 +STAF…012 /);
    expect(f).toMatch(/ MINA…-02 +STAF…012 /);
    // The bars keep ids as wide as their cells whole, and cut longer ones the same way.
    expect(f).toMatch(/MINAMI-01 +\[/);
  });

  it('has a flow column (the checklist\'s title, cut by display width) and a reviewed column, lined up at 80 columns', async () => {
    const target = wardRows.find((r) => r.flags.length > 0)!;
    const unknown = { ...wardRows.find((r) => r.flags.length === 0)!, checklist: 'city-own-flow' };
    const reviews = new Map([[target.id, [{ session: target.id, terminal: target.terminal, at: '2026-11-28T09:00:00.000+09:00', reviewer: 'SV-09', note: '済' }]]]);
    const v = await mount({ rows: [...wardRows.filter((r) => r !== target && r.id !== unknown.id), target, unknown], reviews });
    const f = v.frame();
    expectFits(f);
    const lines = f.split('\n');
    const head = lines.find((l) => l.includes('手順'))!;
    expect(head).toMatch(/^│ {2}確認 開始 +端末 +スタッフ +手順 +結果 +フラグ +1\/9 │$/);
    const col = (l: string, text: string) => stringWidth(l.slice(0, l.indexOf(text)));
    const rows = rowLines(f);
    // The Japanese title (自治体マイナポイント…), cut to the column by display width, starts under 手順 on every row.
    const titled = rows.filter((l) => l.includes('自治体マ…'));
    expect(titled).toHaveLength(8);
    for (const l of titled) expect(col(l, '自治体マ…')).toBe(col(head, '手順'));
    // A checklist that is not installed is named by its id; the outcome column still lines up.
    const other = rows.find((l) => l.includes('city-'))!;
    expect(col(other, 'city-')).toBe(col(head, '手順'));
    // The reviewed column: 済 under 確認, nothing for the others.
    const reviewed = rows.filter((l) => l.includes('済 '));
    expect(reviewed).toHaveLength(1);
    expect(col(reviewed[0]!, '済')).toBe(col(head, '確認'));
    expect(reviewed[0]).toContain(target.terminal);
  });

  it('filters by flag (picked), terminal and staff (typed), date, without leaving the screen', async () => {
    const v = await mount();
    await v.type('/');
    expect(v.frame()).toContain('←→ 項目  ↑↓ 選択');
    await v.type(DOWN);
    expect(v.frame()).toContain('フラグ: 要確認');
    expect(v.frame()).toContain('セッション 6 件');
    await v.type(DOWN, DOWN);
    expect(v.frame()).toContain('フラグ: 異常終了');
    expect(rowLines(v.frame())).toHaveLength(1);
    await v.type(UP, UP, UP);
    expect(v.frame()).toContain('フラグ: すべて');
    await v.type(RIGHT, '0', '0', '4', '2');
    expect(v.frame()).toContain('端末: 0042');
    expect(rowLines(v.frame())).toHaveLength(2);
    expect(v.frame()).toMatch(/0042 +\[#+\.*\] +50%/);
    await v.type(RIGHT, 'S-02');
    expect(v.frame()).toContain('条件に合うセッションはありません（c で絞り込みを解除）。');
    expectFits(v.frame());
    await v.type(BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE, '0012', RIGHT, ...local(2026, 11, 27).toISOString().slice(0, 4), ENTER);
    expect(v.frame()).toContain('スタッフ: 0012');
    expect(rowLines(v.frame())).toHaveLength(2);
    await v.type('c');
    expect(v.frame()).toContain('絞り込みを解除しました。');
    expect(rowLines(v.frame())).toHaveLength(9);
  });

  it('Enter opens a timeline that explains an interrupted session; Esc goes back', async () => {
    const v = await mount();
    const at = rowLines(v.frame()).findIndex((l) => l.includes('中断   中断'));
    await v.type(...Array.from({ length: at }, () => DOWN), ENTER);
    await v.settle('ログアウト');
    const f = v.frame();
    expectFits(f);
    expect(f).toContain('セッションの経過');
    expect(f).toContain('結果 中断  フラグ 中断');
    expect(f).toContain('端末 T-01  担当 S-01');
    // Section and item texts of the shipped checklist, and the reason in words.
    expect(f).toMatch(/確認 +開始前の確認 \/ /);
    expect(f).toMatch(/中断 +決済サービスID・セキュリティコードがない（/);
    // The selected entry in full below the list.
    await v.type(DOWN, DOWN);
    expect(v.frame()).toMatch(/│ \d{2}\/\d{2} \d{2}:\d{2}:\d{2} 中断 +│\n│ 決済サービスID/);
    expect(squash(v.frame())).toContain(squash('決済サービスID・セキュリティコードがない（中断した項目: ご本人とカードの確認 / ご本人のマイナンバーカードを持参している）'));
    await v.type(DOWN);
    expect(v.frame()).toContain('logout と入力してログアウトを確認（中断）');
    expect(f).toContain('Esc 一覧へ');
    await v.type(ESC);
    expect(v.frame()).toContain('セッション 9 件');
  });

  it('a long follow-up note and a long interrupt note wrap in the detail box and are read in full with [ ], at 80×24 and 120×40', async () => {
    // A 200-character Japanese note (the longest a note can be) and an interrupt's note as long.
    const sentence = 'ご本人に電話で連絡し、次回の来庁時にマイナンバーカードと決済サービスの情報を持参していただくようお願いしました。';
    const longNote = sentence.repeat(4).slice(0, 200);
    const interruptNote = `区の窓口で確認中。${sentence.repeat(3)}`.slice(0, 200);
    const dir = path.join(root, 'long-notes');
    const id = sid(3001);
    const log = new KioskLog(dir, 'T-09', local(2026, 11, 27, 10));
    log.signIn('S-09').interrupted('S-09', id, interruptNote);
    log.close();
    const rows = (await loadSessions(collectLogFiles([dir]))).rows;
    const reviews = new Map([[id, [{ session: id, terminal: 'T-09', at: '2026-11-28T09:00:00.000+09:00', reviewer: 'SV-09', note: longNote }]]]);
    const v = await mount({ rows, reviews });
    await v.type(ENTER);
    await v.settle('ログアウト');
    /** The detail box: its head line (time, kind, where the box is) and the lines under it, to the notice. */
    const box = () => {
      const lines = v.frame().split('\n').map((l) => l.trim().replace(/^│ ?/, '').replace(/ *│$/, ''));
      const at = lines.findIndex((l, i) => i > 4 && /^\d{2}\/\d{2} \d{2}:\d{2}:\d{2} (中断|確認記録)/.test(l));
      return lines.slice(at, at + 1 + detailRows);
    };
    let detailRows = 4;
    const hint = () => v.frame().split('\n').filter((l) => l.includes('Esc 一覧へ')).join('');
    /** Reads the selected entry's detail by scrolling it to its end: the text as the reader saw it. */
    const readAll = async () => {
      const seen = box().slice(1);
      for (let i = 0; i < 40 && box()[0]!.includes('（続きあり）'); i++) {
        await v.type(']');
        seen.push(box()[detailRows]!);
      }
      return seen.join('');
    };
    for (const [cols, rowsN, rowsOfDetail] of [[80, 24, 4], [120, 40, 9]] as const) {
      await act(async () => resizeTo(v.r, cols, rowsN));
      detailRows = rowsOfDetail;
      await v.type(HOME, DOWN, DOWN);
      // The interrupt: its reason, its note and where it stopped, every character of it.
      expect(box()[0]).toMatch(/中断/);
      const interrupt = `: ${interruptNote}（中断した項目: ご本人とカードの確認 / ご本人のマイナンバーカードを持参している）`;
      if (cols === 80) {
        expect(box()[0]).toMatch(/1–4\/\d+ 行 （続きあり）$/);
        expect(hint()).toContain('[/] 詳細の続き');
        expect((await readAll()).replace(/\s/g, '')).toContain(interrupt.replace(/\s/g, ''));
        expect(box()[0]).not.toContain('（続きあり）');
        expect(box()[0]).toMatch(/\d+–(\d+)\/\1 行$/);
        // [ goes back up; another entry starts at its top.
        await v.type('[');
        expect(box()[0]).toContain('（続きあり）');
      } else {
        // 120 columns wrap it into fewer lines than the taller box holds: all shown, nothing to scroll.
        expect(box()[0]).not.toMatch(/行|続きあり/);
        expect(hint()).not.toContain('[/]');
        expect(box().slice(1).join('').replace(/\s/g, '')).toContain(interrupt.replace(/\s/g, ''));
      }
      await v.type(END);
      expect(box()[0]).toMatch(/確認記録/);
      const review = await readAll();
      expect(review.replace(/\s/g, '')).toContain(`SV-09:${longNote}`.replace(/\s/g, ''));
      if (cols === 80) expect(hint()).toContain('[/] 詳細の続き');
      else expect(hint()).not.toContain('[/]');
      // On the plain one-line entries the scroll keys are not offered.
      await v.type(HOME);
      expect(hint()).not.toContain('[/]');
      expect(v.frame()).not.toMatch(/続きあり|\d+–\d+\/\d+ 行/);
      if (cols === 80) expectFits(v.frame());
    }
  });

  it('timelines of a killed-and-recovered session and of one never logged out say what happened', async () => {
    const v = await mount();
    const lines = rowLines(v.frame());
    await v.type(...Array.from({ length: lines.findIndex((l) => l.includes('異常終了')) }, () => DOWN), ENTER);
    await v.settle('キオスクが途中で停止していました');
    expect(v.frame()).toContain('キオスクが SIGHUP で終了しました');
    expect(v.frame()).toContain('結果 復旧  フラグ 異常終了');
    await v.type(ESC, HOME, ...Array.from({ length: lines.findIndex((l) => l.includes('ログアウト未確認')) }, () => DOWN), ENTER);
    await v.settle('ログアウトの記録がありません');
    expect(v.frame()).toContain('終了 記録なし');
    await v.type(END);
    expect(v.frame()).toMatch(/> +未ログアウト/);
    expectFits(v.frame());
  });

  it('a acknowledges: reviewer id once, a note, written before the row is marked, then dimmed with 済', async () => {
    const v = await mount();
    const first = rowLines(v.frame())[0]!;
    await v.type('a');
    expect(v.frame()).toContain('確認者（あなた）のスタッフIDを入力して Enter を押してください。');
    expect(v.frame()).toContain('Esc 取り消し');
    expectFits(v.frame());
    await v.type('x', ENTER);
    expect(v.frame()).toContain('スタッフIDが短すぎます（2〜16文字）。');
    await v.type(BACKSPACE, 'SV-01', ENTER);
    expect(v.frame()).toContain('対応の内容を短く入力して Enter');
    expect(v.frame()).toContain('確認者 SV-01');
    await v.type('1234 5678 9018', ENTER);
    expect(v.frame()).toContain('個人番号（マイナンバー）と思われる12桁の数字は記録できません。');
    expect(v.sink.written).toEqual([]);
    await v.type(...Array.from({ length: 14 }, () => BACKSPACE), 'ご本人に電話で連絡済み', ENTER);
    expect(v.sink.written).toMatchObject([{ reviewer: 'SV-01', note: 'ご本人に電話で連絡済み', terminal: 'T-01' }]);
    expect(v.frame()).toContain('確認を記録しました。');
    expect(v.frame()).toContain('未確認 5 件');
    // The reviewed row sinks below the unreviewed ones, and the cursor goes with it.
    const marked = rowLines(v.frame()).find((l) => /^│ >/.test(l))!;
    expect(marked).toMatch(/^│ >済 /);
    expect(rowLines(v.frame())[0]).not.toMatch(/済/);
    const fromDate = (l: string) => l.slice(l.search(/\d{4}-/));
    expect(fromDate(marked)).toBe(fromDate(first));
    // Second follow-up on another session: no reviewer prompt this time.
    await v.type(DOWN, 'a');
    expect(v.frame()).toContain('対応の内容を短く入力して Enter');
    await v.type('区に報告済み', ENTER);
    expect(v.sink.written.map((r) => r.note)).toEqual(['ご本人に電話で連絡済み', '区に報告済み']);
    expect(v.sink.opened).toBe(1);
    // Both reviewed rows are marked, below the unreviewed ones.
    const rows = rowLines(v.frame());
    expect(rows.filter((l) => /^│ [> ]済 /.test(l))).toHaveLength(2);
    expect(rows[0]).not.toMatch(/済/);
    expectFits(v.frame());
  });

  it('a later follow-up of the same session adds to its history, shown in the prompt and the timeline', async () => {
    const target = wardRows.find((r) => r.outcome === 'interrupted')!;
    const reviews = new Map([[target.id, [{ session: target.id, terminal: 'T-01', at: '2026-11-28T09:00:00.000+09:00', reviewer: 'SV-09', note: '初回の連絡' }]]]);
    const v = await mount({ reviews });
    // Reviewed at load: after the unreviewed incomplete ones, marked.
    const lines = rowLines(v.frame());
    const at = lines.findIndex((l) => l.includes('済'));
    expect(at).toBe(5);
    await v.type(...Array.from({ length: at }, () => DOWN), ENTER);
    await v.settle('SV-09: 初回の連絡');
    expect(v.frame()).toContain('確認記録 1 件');
    await v.type('a', 'SV-01', ENTER);
    expect(v.frame()).toContain('これまでの確認記録（1 件）');
    expect(v.frame()).toContain('SV-09: 初回の連絡');
    await v.type('再度連絡済み', ENTER);
    expect(v.frame()).toContain('確認記録 2 件');
    await v.type(END);
    expect(v.frame()).toMatch(/> *\S+ \S+ +確認記録 +SV-01: 再度連絡済み/);
  });

  it('a failed write says why, keeps the note, and marks nothing; the next try opens the log again', async () => {
    const v = await mount();
    await v.type('a', 'SV-01', ENTER, 'ok');
    v.sink.fail = new Error('ENOSPC: no space left on device');
    await v.type(ENTER);
    expect(v.frame()).toContain('確認を記録できませんでした: ENOSPC: no space left on device');
    expect(v.frame()).toContain('内容: ok');
    expect(v.frame()).toContain('╔'); // the alert frame
    v.sink.fail = null;
    await v.type(ENTER);
    expect(v.sink.written).toHaveLength(1);
    expect(v.sink.opened).toBe(2);
    expect(rowLines(v.frame()).find((l) => /^│ >/.test(l))).toMatch(/^│ >済 /);
  });

  it('an empty log set: a clear line, the keys, and nothing to open or acknowledge', async () => {
    const v = await mount({ rows: [] });
    const f = v.frame();
    expectFits(f);
    expect(f).toContain('セッションはありません。');
    expect(f).toContain('セッション 0 件  要確認 0 件（未確認 0 件）');
    expect(f).toContain('期間 -');
    expect(f).toContain('q 終了');
    await v.type(ENTER);
    expect(v.frame()).toContain('セッションが選ばれていません。');
    await v.type('a');
    expect(v.frame()).toContain('セッションが選ばれていません。');
    await v.type('?');
    expect(v.frame()).toContain('確認記録の保存先: /home/sv/reviews');
    expectFits(v.frame());
  });

  it('a log set with integrity problems: counted in the header, flagged on the row, shown in the timeline', async () => {
    const dir = path.join(root, 'damaged');
    const log = new KioskLog(dir, 'T-05', local(2026, 11, 27, 9));
    log.signIn('S-05').complete('S-05', sid(51)).interrupted('S-05', sid(52));
    log.close();
    const file = collectLogFiles([dir])[0]!;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    // Edit a step of the interrupted session (its time): its hash no longer matches the next prev.
    const i = lines.findIndex((l) => l.includes(sid(52)) && l.includes('"step"'));
    lines[i] = lines[i]!.replace(/\.000\+/, '.001+');
    fs.writeFileSync(file, lines.join('\n'));
    const set = await loadSessions(collectLogFiles([dir]));
    expect(set.problems).toBe(1);
    const v = await mount({ rows: set.rows, problems: set.problems });
    expect(v.frame()).toContain('ログに記録の問題が 1 件あります');
    expect(rowLines(v.frame())[0]).toMatch(/中断、記録不整合/);
    await v.type(ENTER);
    await v.settle('ハッシュチェーンが途切れ');
    expect(v.frame()).toMatch(/ {16}記録の問題 +\d{4}-\d{2}-\d{2}\.jsonl:\d+: ハッシュチェーンが途切れ/);
    // Selected, it is shown in full: the whole path, the line, what is wrong.
    await v.type(DOWN, DOWN);
    // The edited line's hash no longer matches the next line's `prev`: that next line is reported.
    expect(squash(v.frame())).toContain(squash(`${file}:${i + 2}: ハッシュチェーンが途切れています（seq`));
    expectFits(v.frame());
  });

  it('is drawn in English with locale en; help lists the keys', async () => {
    const v = await mount({ locale: 'en' });
    const f = v.frame();
    expectFits(f);
    expect(f).toContain('Session review (supervisors)');
    expect(f).toContain('Sessions 9  incomplete 6 (6 not reviewed)');
    expect(f).toContain('Enter open  a follow-up  / filter');
    expect(rowLines(f)[0]).toMatch(/interrupted/);
    await v.type('?');
    expect(v.frame()).toContain('record a follow-up');
    await v.type('x', ENTER);
    await v.settle('Logout confirmed, logout typed');
    expectFits(v.frame());
  });
});
