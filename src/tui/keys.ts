// Terminal input as keys, for the kiosk and the review screens. Pure: a small state machine fed the
// input tokens Ink's parser splits stdin into (a run of text, or one escape sequence), returning
// the keys they hold, in order.
//
// Two rules make every confirmation a deliberate key press:
// - A paste is data, never keys. The screens ask the terminal for bracketed paste (ESC[?2004h), so a
//   paste arrives between ESC[200~ and ESC[201~; everything between the markers becomes one `paste`
//   key, whose newlines never act as Enter. (A paste may come in several reads: the state carries it.)
// - Keys typed ahead arrive in one chunk when the program was busy ("s\r\r", three Backspaces): each
//   one is its own key, acting once, in order.

export type Key =
  | {
      name:
        | 'enter'
        | 'escape'
        | 'backspace'
        | 'delete'
        | 'up'
        | 'down'
        | 'left'
        | 'right'
        | 'tab'
        | 'shift-tab'
        | 'page-up'
        | 'page-down'
        | 'home'
        | 'end'
        | 'ctrl-c'
        | 'other';
    }
  /** One typed character (full-width and IME input included). */
  | { name: 'text'; text: string }
  /** A bracketed paste: text to insert into a field at most, never keys. */
  | { name: 'paste'; text: string };

export type KeyName = Key['name'];
/** The keys that carry no text. */
type PlainName = Exclude<KeyName, 'text' | 'paste'>;

export interface InputState {
  /** The paste being received (between its markers), or null. */
  readonly paste: string | null;
}

export const INITIAL_INPUT: InputState = { paste: null };

/** Asks the terminal to mark pastes; sent when a screen starts, undone on every way out. */
export const BRACKETED_PASTE_ON = '\u001b[?2004h';
export const BRACKETED_PASTE_OFF = '\u001b[?2004l';

const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';
/** A paste longer than this is cut: no field takes more, and a lost end marker must not grow forever. */
export const MAX_PASTE = 4096;

const SEQUENCES: Record<string, PlainName> = {
  '[A': 'up',
  '[B': 'down',
  '[C': 'right',
  '[D': 'left',
  OA: 'up',
  OB: 'down',
  OC: 'right',
  OD: 'left',
  '[5~': 'page-up',
  '[6~': 'page-down',
  '[H': 'home',
  '[1~': 'home',
  '[7~': 'home',
  OH: 'home',
  '[F': 'end',
  '[4~': 'end',
  '[8~': 'end',
  OF: 'end',
  '[3~': 'delete',
  '[Z': 'shift-tab',
};

/** An escape sequence without its ESC: `[A`, `[1;5A` (with modifiers: the same key), `OA`. */
function sequenceKey(rest: string): PlainName {
  const known = SEQUENCES[rest];
  if (known) return known;
  const m = /^\[(?:1;\d+)([ABCDHF])$/.exec(rest);
  if (m) return SEQUENCES[`[${m[1]}`] ?? 'other';
  return 'other';
}

/** The keys in a run of text: one per character, controls as their keys. */
export function textKeys(text: string): Key[] {
  const keys: Key[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    switch (c) {
      case '\r':
        if (chars[i + 1] === '\n') i++;
        keys.push({ name: 'enter' });
        break;
      case '\n':
        keys.push({ name: 'enter' });
        break;
      case '\u007f':
      case '\b':
        keys.push({ name: 'backspace' });
        break;
      case '\u0003':
        keys.push({ name: 'ctrl-c' });
        break;
      case '\t':
        keys.push({ name: 'tab' });
        break;
      default:
        // Other control characters are no key the screens know.
        keys.push(/[\u0000-\u001f\u0080-\u009f]/.test(c) ? { name: 'other' } : { name: 'text', text: c });
    }
  }
  return keys;
}

/** One token as keys (outside a paste). */
function tokenKeys(token: string): Key[] {
  if (!token.startsWith('\u001b')) return textKeys(token);
  if (token === '\u001b') return [{ name: 'escape' }];
  const rest = token.slice(1);
  // ESC ESC [A (Alt+arrow) and ESC followed by a letter typed fast: Esc, then that key.
  if (rest.startsWith('\u001b')) return [{ name: 'escape' }, ...tokenKeys(rest)];
  if (rest.startsWith('[') || (rest.startsWith('O') && rest.length === 2)) return [{ name: sequenceKey(rest) }];
  return [{ name: 'escape' }, ...textKeys(rest)];
}

/** Feed one input token; get the keys it completes. */
export function decode(state: InputState, token: string): { state: InputState; keys: Key[] } {
  if (state.paste !== null) {
    if (token === PASTE_END) return { state: INITIAL_INPUT, keys: [{ name: 'paste', text: state.paste }] };
    // Escape sequences inside a paste are not text; anything past the cap is dropped.
    if (token.startsWith('\u001b') || state.paste.length >= MAX_PASTE) return { state, keys: [] };
    return { state: { paste: (state.paste + token).slice(0, MAX_PASTE) }, keys: [] };
  }
  if (token === PASTE_START) return { state: { paste: '' }, keys: [] };
  if (token === PASTE_END) return { state, keys: [] };
  return { state, keys: tokenKeys(token) };
}

/** A paste whose end marker never came (a broken terminal): what was received, as a paste. */
export function flushInput(state: InputState): { state: InputState; keys: Key[] } {
  if (state.paste === null) return { state, keys: [] };
  return { state: INITIAL_INPUT, keys: [{ name: 'paste', text: state.paste }] };
}

/** A pasted text for a one-line field: line breaks and tabs become single spaces. */
export const pasteAsLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ');
