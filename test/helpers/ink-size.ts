// ink-testing-library's stdout says 100 columns and no rows: give it a real terminal's size and
// tell the screen it changed, as a terminal does on resize (the screens listen for 'resize').
import type { render } from 'ink-testing-library';

export function resizeTo(r: ReturnType<typeof render>, columns: number, rows: number): void {
  const out = r.stdout as unknown as NodeJS.EventEmitter;
  Object.defineProperty(out, 'columns', { configurable: true, get: () => columns });
  Object.defineProperty(out, 'rows', { configurable: true, get: () => rows });
  out.emit('resize');
}
