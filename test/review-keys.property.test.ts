// The review screen's hint line and help list exactly the keys that act, in every state reached by
// random keys over random lists: every key that changes anything is a binding shown on screen, a
// key in no binding changes nothing, and every key the hint line names answers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/index.js';
import type { SessionRow } from '../src/review/load.js';
import { counterDay } from '../src/report/dates.js';
import { reviewBindings } from '../src/review/keys.js';
import { initialModel, underneath, update, type Msg, type ReviewKey, type ReviewModel, type Step } from '../src/review/model.js';
import type { Flag } from '../src/domain/flags.js';
import { bindingFor, helpRows, hintLine } from '../src/tui/keymap.js';
import { everyKey, keyOf } from './helpers/every-key.js';
import { MemorySource, type ListSource } from '../src/review/source.js';
import { drive, stepWith } from './helpers/review.js';

const EVERY_KEY = everyKey('abcdefghijklmnopqrstuvwxyz0123456789 ?/-', ['Ａ', '？']);

const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const BASE = Date.parse('2026-11-27T09:00:00+09:00');
const FLAGS: Flag[][] = [[], [], ['interrupted'], ['no-logout'], ['idle', 'required-skipped']];

function rows(n: number): SessionRow[] {
  return Array.from({ length: n }, (_, i) => {
    const startMs = BASE + i * 3_600_000 * 7;
    const startedAt = new Date(startMs).toISOString();
    const flags = FLAGS[i % FLAGS.length]!;
    return {
      id: uuid(i + 1),
      terminal: `T-0${i % 3}`,
      operator: `S-0${i % 2}`,
      checklist: 'mynapoint-support',
      checklistVersion: '1.0.0',
      startedAt,
      endedAt: startedAt,
      outcome: flags.includes('interrupted') ? 'interrupted' : flags.includes('no-logout') ? 'open' : 'completed',
      flags,
      startMs,
      day: counterDay(startedAt),
      files: ['x.jsonl'],
    };
  });
}

const settled = (m: ReviewModel) => JSON.stringify({ ...m, notice: null, reviews: [...m.reviews] });

/** The controller's answers: the list's pages, a timeline read, a follow-up written. */
function answer(step: Step, source: ListSource): ReviewModel {
  const paged = drive(step, source);
  let model = paged.model;
  for (const e of paged.cmds) {
    if (e.type === 'review') model = stepWith(source, model, { type: 'reviewed', review: { ...e.review, at: '2026-11-28T10:00:00.000+09:00' } }).model;
    if (e.type === 'load-timeline') {
      model = update(model, { type: 'timeline', session: e.session.id, items: [] }).model;
      // The screen says how long each entry's detail is: the first one longer than its box.
      model = update(model, { type: 'detail-lines', session: e.session.id, lines: [12, 1, 12] }).model;
    }
  }
  return model;
}

/** The message the controller sends once the rows are read, and the source it then answers from. */
function loadedOf(rows: SessionRow[]): { msg: Msg; source: ListSource } {
  const source = new MemorySource(rows, new Map());
  return { source, msg: { type: 'loaded', all: source.all, problems: 0, reviews: new Map(), reviewProblems: 0 } };
}

const keyArb: fc.Arbitrary<ReviewKey> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EVERY_KEY) },
  { weight: 3, arbitrary: fc.constantFrom<ReviewKey>({ name: 'enter' }, { name: 'down' }, { name: 'escape' }, { name: 'text', text: 'a' }, { name: 'text', text: '/' }, { name: 'text', text: ']' }, { name: 'text', text: '[' }) },
  { weight: 1, arbitrary: fc.constantFrom('SV-01', 'called the citizen', 'T-0', '2026-11').map((text): ReviewKey => ({ name: 'text', text })) },
);

function statesOf(n: number, loadedAfter: number, keys: ReviewKey[]): ReviewModel[] {
  let model = initialModel({ operatorPattern: '^[A-Za-z0-9-]{2,16}$' });
  const states = [model];
  let source: ListSource = new MemorySource([], new Map());
  keys.forEach((key, i) => {
    if (i === loadedAfter) {
      const l = loadedOf(rows(n));
      source = l.source;
      model = answer(update(model, l.msg), source);
    }
    model = answer(update(model, { type: 'key', key }), source);
    if (!model.exit) states.push(model);
  });
  return states;
}

describe('review keys: the screen offers exactly what acts', () => {
  it('every key that acts is shown, a key in no binding changes nothing, every hinted key answers', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.nat(3), fc.array(keyArb, { maxLength: 50 }), (n, loadedAfter, keys) => {
        for (const model of statesOf(n, loadedAfter, keys)) {
          const bindings = reviewBindings(model);
          for (const key of EVERY_KEY) {
            const step = update(model, { type: 'key', key });
            const acted = step.cmds.length > 0 || settled(step.model) !== settled(model);
            const bound = bindingFor(bindings, key);
            if (acted) {
              expect(bound, `${JSON.stringify(key)} acts on ${model.screen} but no binding offers it`).toBeDefined();
              expect(bound!.show, `${JSON.stringify(key)} acts (${bound!.action}) but is shown nowhere`).not.toBe('none');
            }
            if (!bound) expect(settled(step.model)).toBe(settled(model));
          }
          for (const b of bindings.filter((x) => (x.show ?? 'hint') === 'hint' && !x.keys.some((m) => 'typing' in m))) {
            const answered = b.keys.some((m) => {
              const step = update(model, { type: 'key', key: keyOf(m) });
              return step.cmds.length > 0 || step.model.notice !== null || settled(step.model) !== settled(model);
            });
            expect(answered, `the hint offers ${b.action} on ${model.screen}, and it does nothing`).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the hint lines read as the screens said them, and help lists the keys of the screen it was opened on', () => {
    const t = translator('ja');
    const l = loadedOf(rows(5));
    const model = answer(update(initialModel({ operatorPattern: '.+' }), l.msg), l.source);
    expect(hintLine(reviewBindings(model), t, '  ')).toBe('↑↓ PgUp/Dn 移動  Enter 経過  a 確認記録  / 絞込  c 解除  ? ヘルプ  q 終了');
    const editing = update(model, { type: 'key', key: { name: 'text', text: '/' } }).model;
    expect(hintLine(reviewBindings(editing), t, '  ')).toBe('←→ 項目  ↑↓ 選択  文字で絞り込み  Enter 完了');
    const help = update(model, { type: 'key', key: { name: 'text', text: '?' } }).model;
    expect(hintLine(reviewBindings(help), t, '  ')).toBe('何かキー 閉じる');
    expect(helpRows(reviewBindings({ ...help, screen: underneath(help.screen) }), t).map((r) => r.keys)).toEqual(['↑↓ PgUp/Dn', 'Enter', 'a', '/', 'Shift+Tab', 'c', '?', 'q']);
  });
});
