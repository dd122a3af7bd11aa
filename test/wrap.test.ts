// Japanese line breaking over every string the screens show: the catalogs (both languages) and the
// shipped checklists' texts, at widths from 20 to 76 columns.
import * as fs from 'node:fs';
import path from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { t, type MessageKey } from '../src/i18n/index.js';
import { wrapLines } from '../src/ui/wrap.js';
import { noticeLines } from '../src/ui/frame.js';
import { DEFAULT_LAYOUT, NOTICE_ROWS } from '../src/ui/layout.js';
import { ROOT } from './helpers/kiosk.js';

const NO_START = /^[。、，．）」』】ー…ぁぃぅぇぉっゃゅょァィゥェォッャュョ%％]/u;
const NO_END = /[（「『【]$/u;

/** Every message of the catalogs, in both languages (placeholders filled with short values). */
function catalogTexts(): string[] {
  const dir = path.join(ROOT, 'src/i18n');
  const keys = new Set<string>();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/^\s+'([a-z][\w.-]+)':/gm)) keys.add(m[1]!);
  }
  const params = new Proxy({}, { has: () => true, get: () => '12' }) as Record<string, string>;
  return [...keys].flatMap((k) => (['ja', 'en'] as const).map((l) => t(l, k as MessageKey, params)));
}

function checklistTexts(): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.ja === 'string' && typeof o.en === 'string') out.push(o.ja, o.en);
      else for (const x of Object.values(o)) walk(x);
    }
  };
  const dir = path.join(ROOT, 'checklists');
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) walk(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  return out;
}

describe('wrapLines', () => {
  it('never starts a line with 。、）」 or ends one with （「, never splits a number, keeps every character', () => {
    const texts = [...catalogTexts(), ...checklistTexts()];
    expect(texts.length).toBeGreaterThan(500);
    let lines = 0;
    for (const text of texts) {
      for (let width = 20; width <= 78; width += 7) {
        const out = wrapLines(text, width);
        lines += out.length;
        // Where a paragraph starts is the text's own choice; every line the wrap starts is checked.
        expect(out).toEqual(text.split('\n').flatMap((p) => wrapLines(p, width)));
        const wrapped = text.split('\n').flatMap((p) => wrapLines(p, width).slice(1));
        for (const line of wrapped) expect(line, `${JSON.stringify(text)} at ${width}`).not.toMatch(NO_START);
        for (const line of out) {
          expect(stringWidth(line), `${JSON.stringify(text)} at ${width}`).toBeLessThanOrEqual(width);
          expect(line, `${JSON.stringify(text)} at ${width}`).not.toMatch(NO_END);
          expect(line.startsWith(' '), `${JSON.stringify(text)} at ${width}`).toBe(false);
        }
        // Only the spaces where lines break are dropped.
        expect(out.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
        // A number is never split across lines (digits, separators and its unit stay together):
        // where a line ends, the original text goes on with no space in between only when the
        // break is allowed there. (Two numbers with a space between may break: "pid 12, 12".)
        let at = 0;
        for (let i = 0; i < out.length - 1; i++) {
          for (const ch of out[i]!) at = text.indexOf(ch, at) + ch.length;
          const next = text.slice(at, at + 1);
          const split = /[0-9０-９][,，.．:：]?$/u.test(out[i]!) && /^[0-9０-９,，.．:：円回桁件]/u.test(next);
          expect(split, `${JSON.stringify(text)} at ${width}: ${out[i]} | ${out[i + 1]}`).toBe(false);
        }
      }
    }
    expect(lines).toBeGreaterThan(5_000);
  });

  it('breaks the cases seen at the counter where Japanese breaks them', () => {
    expect(wrapLines('終了していないセッションです。ログアウトしてから次に進みます。', 32)).toEqual(['終了していないセッションです。', 'ログアウトしてから次に進みます。']);
    const amount = wrapLines('最大7,500円分のポイント（7,500円分）が付与されます', 16);
    expect(amount.some((l) => l.includes('（7,500円分）'))).toBe(true);
    expect(wrapLines('Press any key to return to Ready.', 12)).toEqual(['Press any', 'key to', 'return to', 'Ready.']);
  });
});

describe('the notice line', () => {
  it('every notice of the kiosk and review screens fits its two lines at 80 columns, uncut', () => {
    const dir = path.join(ROOT, 'src/i18n');
    const keys = new Set<string>();
    for (const f of ['kiosk.ts', 'review.ts', 'staff-id.ts']) {
      for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/^\s+'([a-z][\w.-]+)':/gm)) keys.add(m[1]!);
    }
    const notices = [...keys].filter((k) => /\.notice\.|clockBehind|[pP]roblems$/.test(k));
    expect(notices.length).toBeGreaterThan(20);
    const params = new Proxy({}, { has: () => true, get: () => '1,234' }) as Record<string, string>;
    for (const k of notices) {
      for (const locale of ['ja', 'en'] as const) {
        const text = t(locale, k as MessageKey, params);
        const lines = noticeLines(text, DEFAULT_LAYOUT.inner, locale);
        expect(lines.join(''), `${locale} ${k}`).not.toContain('…');
        expect(wrapLines(text, DEFAULT_LAYOUT.inner, locale).length, `${locale} ${k}`).toBeLessThanOrEqual(NOTICE_ROWS);
      }
    }
  });
});

describe('noticeLines', () => {
  it('a notice longer than its two lines ends the second with …, its words still apart', () => {
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const lines = noticeLines(long, 40, 'en');
    expect(lines).toHaveLength(NOTICE_ROWS);
    expect(lines[1]).toMatch(/^word\d+ word\d+ .*…$/);
    expect(stringWidth(lines[1]!)).toBeLessThanOrEqual(40);
    expect(noticeLines('短い', 40, 'ja')).toEqual(['短い']);
  });
});
