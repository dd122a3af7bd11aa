// Typing into a field, shared by the kiosk and the review models (pure).

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
