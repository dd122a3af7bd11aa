// Terminal input as keys (src/tui/keys.ts), fed the tokens Ink 6.8's own parser makes of the raw
// bytes — the same path as in the kiosk and the review screens.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Ink's tokenizer (not exported by the package; this is the build the kiosk runs with).
import { createInputParser } from '../node_modules/ink/build/input-parser.js';
import { decode, flushInput, INITIAL_INPUT, MAX_PASTE, type InputState, type Key } from '../src/tui/keys.js';
import { pickAfter } from '../src/tui/picker.js';

/** Raw bytes as they come from the terminal, in reads of the given sizes, through Ink and the decoder. */
function keysOf(chunks: readonly string[]): { keys: Key[]; state: InputState } {
  const parser = createInputParser();
  let state = INITIAL_INPUT;
  const keys: Key[] = [];
  for (const chunk of chunks) {
    for (const token of parser.push(chunk)) {
      const r = decode(state, token);
      state = r.state;
      keys.push(...r.keys);
    }
  }
  // Ink flushes a lone pending Esc on the next turn of the event loop.
  const pending = parser.flushPendingEscape();
  if (pending) {
    const r = decode(state, pending);
    state = r.state;
    keys.push(...r.keys);
  }
  return { keys, state };
}
const keys = (...chunks: string[]) => keysOf(chunks).keys;
const t = (text: string): Key => ({ name: 'text', text });

const PASTE = (s: string) => `\u001b[200~${s}\u001b[201~`;

describe('keys', () => {
  it('decodes the named keys', () => {
    expect(keys('\r')).toEqual([{ name: 'enter' }]);
    expect(keys('\u007f')).toEqual([{ name: 'backspace' }]);
    expect(keys('\b')).toEqual([{ name: 'backspace' }]);
    expect(keys('\u001b[3~')).toEqual([{ name: 'delete' }]);
    expect(keys('\u0003')).toEqual([{ name: 'ctrl-c' }]);
    expect(keys('\u001b')).toEqual([{ name: 'escape' }]);
    expect(keys('\u001b[A', '\u001b[B', '\u001b[C', '\u001b[D')).toEqual([{ name: 'up' }, { name: 'down' }, { name: 'right' }, { name: 'left' }]);
    expect(keys('\u001bOA')).toEqual([{ name: 'up' }]);
    expect(keys('\u001b[1;5B')).toEqual([{ name: 'down' }]);
    expect(keys('\u001b[5~', '\u001b[6~', '\u001b[H', '\u001b[F', '\u001b[1~', '\u001b[4~')).toEqual(
      ['page-up', 'page-down', 'home', 'end', 'home', 'end'].map((name) => ({ name })),
    );
    expect(keys('\t', '\u001b[Z')).toEqual([{ name: 'tab' }, { name: 'shift-tab' }]);
    expect(keys('\u001b[15~')).toEqual([{ name: 'other' }]);
    expect(keys('\u0001')).toEqual([{ name: 'other' }]);
  });

  it('gives each key typed ahead in one read its own key: Backspaces, Enter and Ctrl+C included', () => {
    expect(keys('\u007f\u007f\u007f')).toEqual([{ name: 'backspace' }, { name: 'backspace' }, { name: 'backspace' }]);
    expect(keys('S-01\r')).toEqual([t('S'), t('-'), t('0'), t('1'), { name: 'enter' }]);
    expect(keys('s\r\r')).toEqual([t('s'), { name: 'enter' }, { name: 'enter' }]);
    expect(keys('\r\u0003')).toEqual([{ name: 'enter' }, { name: 'ctrl-c' }]);
    expect(keys('ab\u001b[Bc')).toEqual([t('a'), t('b'), { name: 'down' }, t('c')]);
    expect(keys('窓口')).toEqual([t('窓'), t('口')]);
    expect(keys('ｓ')).toEqual([t('ｓ')]); // full-width: the models read it as s
  });

  it('reads Esc then a letter typed fast as Esc and the letter', () => {
    expect(keys('\u001bi')).toEqual([{ name: 'escape' }, t('i')]);
    expect(keys('\u001b\u001b[A')).toEqual([{ name: 'escape' }, { name: 'up' }]);
  });

  it('turns a bracketed paste into one paste key: its newlines never act as Enter', () => {
    expect(keys(PASTE('reason one\r\r\r\r'))).toEqual([{ name: 'paste', text: 'reason one\r\r\r\r' }]);
    expect(keys(PASTE('1234\r5678\r9018'))).toEqual([{ name: 'paste', text: '1234\r5678\r9018' }]);
    // Split across reads, markers included.
    expect(keys('\u001b[20', '0~abc\r', 'def', '\u001b[201', '~\r')).toEqual([{ name: 'paste', text: 'abc\rdef' }, { name: 'enter' }]);
    // Escape sequences inside a paste are not text; a stray end marker is nothing.
    expect(keys(PASTE('a\u001b[Ab'))).toEqual([{ name: 'paste', text: 'ab' }]);
    expect(keys('\u001b[201~x')).toEqual([t('x')]);
  });

  it('caps a paste, and a paste whose end never comes is flushed as a paste', () => {
    const long = keys(PASTE('x'.repeat(MAX_PASTE + 100)));
    expect(long).toEqual([{ name: 'paste', text: 'x'.repeat(MAX_PASTE) }]);
    const open = keysOf(['\u001b[200~half\r']);
    expect(open.keys).toEqual([]);
    expect(flushInput(open.state).keys).toEqual([{ name: 'paste', text: 'half\r' }]);
    expect(flushInput(INITIAL_INPUT).keys).toEqual([]);
  });
});

/** One key press as the terminal sends it, and the key it must give. */
const PRESSES: [string, Key][] = [
  ['\r', { name: 'enter' }],
  [' ', t(' ')],
  ['s', t('s')],
  ['b', t('b')],
  ['y', t('y')],
  ['i', t('i')],
  ['l', t('l')],
  ['9', t('9')],
  ['あ', t('あ')],
  ['\u007f', { name: 'backspace' }],
  ['\u0003', { name: 'ctrl-c' }],
  ['\u001b[A', { name: 'up' }],
  ['\u001b[B', { name: 'down' }],
  ['\u001b[6~', { name: 'page-down' }],
  ['\t', { name: 'tab' }],
];

/** Cut `s` into reads at random points (never inside a UTF-16 surrogate pair). */
const readsOf = (s: string) =>
  fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, s.length - 1) }), { maxLength: 6 }).map((cuts) => {
    const at = [...new Set(cuts.filter((c) => c < s.length))].sort((a, b) => a - b);
    const out: string[] = [];
    let from = 0;
    for (const c of at) {
      out.push(s.slice(from, c));
      from = c;
    }
    out.push(s.slice(from));
    return out.filter((x) => x !== '');
  });

describe('property: keys typed ahead act once each, in order, however the reads split them', () => {
  it('holds for any presses and any read boundaries (Esc excluded: it waits for its next read)', () => {
    const presses = fc.array(fc.constantFrom(...PRESSES), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(
        presses.chain((ps) => fc.tuple(fc.constant(ps), readsOf(ps.map(([raw]) => raw).join('')))),
        ([ps, reads]) => {
          expect(keysOf(reads).keys).toEqual(ps.map(([, key]) => key));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('property: a paste never becomes keys', () => {
  it('any text between the markers, split anywhere, is one paste and nothing else', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', '\r', '\n', '\t', '窓', '\u007f', '\u0003', 'logout'), maxLength: 60 });
    fc.assert(
      fc.property(
        text.chain((s) => fc.tuple(fc.constant(s), readsOf(PASTE(s)))),
        ([s, reads]) => {
          const { keys: out, state } = keysOf(reads);
          expect(state.paste).toBeNull();
          expect(out).toEqual([{ name: 'paste', text: s }]);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the list picker', () => {
  it('arrows wrap round and undo each other; a digit picks its choice only when there is one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.nat(), fc.integer({ min: 0, max: 9 }), (count, seed, digit) => {
        const pick = seed % count;
        const up = pickAfter(pick, count, { name: 'up' });
        expect(up).toBe(pick === 0 ? count - 1 : pick - 1);
        expect(pickAfter(up, count, { name: 'down' })).toBe(pick);
        // Full-width digits (IME on) pick as ASCII ones; 0 and digits past the list do nothing.
        for (const text of [String(digit), String.fromCharCode(0xff10 + digit)]) {
          const picked = pickAfter(pick, count, { name: 'text', text });
          expect(picked).toBe(digit >= 1 && digit <= count ? digit - 1 : pick);
        }
        expect(pickAfter(pick, count, { name: 'enter' })).toBe(pick);
      }),
    );
  });
});
