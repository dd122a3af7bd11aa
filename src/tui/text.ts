// Typing into a field, shared by the kiosk and the review models (pure).
import { pasteAsLine, type Key } from './keys.js';

/** One typed key normalized, so full-width input (IME on) works as the ASCII key. */
export const keyChar = (text: string) => text.normalize('NFKC').toLowerCase();

/** `input` with `text` added: printable characters only, at most `max` characters. */
export function appendInput(input: string, text: string, max: number): string {
  // Control characters from odd terminals never reach a field.
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return [...(input + clean)].slice(0, max).join('');
}

/** `input` without its last character (a whole character, not half a surrogate pair). */
export const dropLast = (input: string) => [...input].slice(0, -1).join('');

/**
 * A text field's edit keys: typed text, a paste (as one line), Backspace. `ascii` fields (a staff ID,
 * a PIN) take full-width input as ASCII and trim a pasted value.
 */
export function editField(input: string, key: Key, max: number, ascii = false): string {
  switch (key.name) {
    case 'backspace':
      return dropLast(input);
    case 'text':
      return appendInput(input, ascii ? key.text.normalize('NFKC') : key.text, max);
    case 'paste': {
      const line = pasteAsLine(key.text);
      return appendInput(input, ascii ? line.normalize('NFKC').trim() : line, max);
    }
    default:
      return input;
  }
}
