// The terminal modes a full screen needs, set on entry and undone on every way out: the alternate
// screen (the shell's screen comes back untouched) and bracketed paste (pastes arrive marked, so
// they are never taken for keys). A crash that ends the process still undoes them ('exit' hook).
import { writeSync } from 'node:fs';
import { BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON } from '../tui/keys.js';

const ENTER = `\u001b[?1049h\u001b[H${BRACKETED_PASTE_ON}`;
const LEAVE = `${BRACKETED_PASTE_OFF}\u001b[?1049l\u001b[?25h`;

const CLEAR = '\u001b[2J\u001b[H';

/** Enter the screen modes; the returned function leaves them (once, whatever calls it first). */
export function enterScreenModes(stdout: NodeJS.WriteStream = process.stdout): () => void {
  let left = false;
  // On a resize the terminal has already re-wrapped the old frame's lines (a narrower window
  // breaks each into two), and Ink only erases as many lines as it drew: the rest would stay as
  // garbage. So the screen is cleared first — this listener is added before Ink's — and the next
  // frame, drawn for the new size, starts on a clean screen.
  let size = `${stdout.columns}x${stdout.rows}`;
  const onResize = () => {
    const now = `${stdout.columns}x${stdout.rows}`;
    if (now === size) return;
    size = now;
    stdout.write(CLEAR);
  };
  stdout.on('resize', onResize);
  const leaveSync = () => {
    if (left) return;
    left = true;
    try {
      // Synchronous: on 'exit' nothing asynchronous runs any more.
      writeSync((stdout as NodeJS.WriteStream & { fd?: number }).fd ?? 1, LEAVE);
    } catch {
      // the terminal is gone (SIGHUP): nothing to restore
    }
  };
  stdout.write(ENTER);
  process.once('exit', leaveSync);
  return () => {
    process.removeListener('exit', leaveSync);
    stdout.removeListener('resize', onResize);
    leaveSync();
  };
}
