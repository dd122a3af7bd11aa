import type { Key as InkKey } from 'ink';
import { describe, expect, it } from 'vitest';
import { toKeys } from '../src/ui/keys.js';
import { toReviewKeys } from '../src/ui/review/keys.js';

const plain: InkKey = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
  home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
} as InkKey;

describe('toKeys', () => {
  it('maps Ink keys; Backspace arrives as delete in Ink 6.8', () => {
    expect(toKeys('', { ...plain, return: true })).toEqual([{ name: 'enter' }]);
    expect(toKeys('', { ...plain, delete: true })).toEqual([{ name: 'backspace' }]);
    expect(toKeys('c', { ...plain, ctrl: true })).toEqual([{ name: 'ctrl-c' }]);
    expect(toKeys('', { ...plain, escape: true })).toEqual([{ name: 'escape' }]);
    expect(toKeys('x', { ...plain, ctrl: true })).toEqual([{ name: 'other' }]);
  });

  it('keeps an Enter inside a pasted or fast-typed chunk', () => {
    expect(toKeys('S-01\r', plain)).toEqual([{ name: 'text', text: 'S-01' }, { name: 'enter' }]);
    expect(toKeys('a\r\rb', plain)).toEqual([{ name: 'text', text: 'a' }, { name: 'enter' }, { name: 'enter' }, { name: 'text', text: 'b' }]);
    expect(toKeys('窓口', plain)).toEqual([{ name: 'text', text: '窓口' }]);
  });

  it('reads Esc then a letter typed fast ("Alt+letter" to Ink) as Esc and the letter', () => {
    expect(toKeys('i', { ...plain, meta: true })).toEqual([{ name: 'escape' }, { name: 'text', text: 'i' }]);
    expect(toKeys('', { ...plain, meta: true })).toEqual([{ name: 'other' }]);
    expect(toReviewKeys('a', { ...plain, meta: true })).toEqual([{ name: 'escape' }, { name: 'text', text: 'a' }]);
    expect(toReviewKeys('x\r', plain)).toEqual([{ name: 'text', text: 'x' }, { name: 'enter' }]);
  });

  it('keeps a Ctrl+C that arrives in the same chunk as other keys (Ink 6.8 reads "\\r\\u0003" as text)', () => {
    expect(toKeys('\r\u0003', plain)).toEqual([{ name: 'enter' }, { name: 'ctrl-c' }]);
    expect(toKeys('\r\r\u0003', plain)).toEqual([{ name: 'enter' }, { name: 'enter' }, { name: 'ctrl-c' }]);
    expect(toKeys('ab\u0003c', plain)).toEqual([{ name: 'text', text: 'ab' }, { name: 'ctrl-c' }, { name: 'text', text: 'c' }]);
  });
});
