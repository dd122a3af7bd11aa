// One program for both screens (kiosk and review): the terminal's screen modes on, the Ink tree
// mounted over a store, a clock tick if the screen wants one, the signals, and one way out — once,
// whichever comes first: the model's `exit`, a signal, or an error. Each screen keeps only what is
// its own (what to note on a signal, what to close).
import { render } from 'ink';
import type { ReactElement } from 'react';
import type { Store } from '../tui/store.js';
import { enterScreenModes } from './screen-mode.js';

/** The exit codes of a program ended by a signal (128 + its number, as shells report them). */
const SIGNALS: [NodeJS.Signals, number][] = [
  ['SIGTERM', 143],
  ['SIGHUP', 129],
  ['SIGINT', 130],
];

export interface ProgramOptions<M extends { exit: boolean }> {
  store: Store<M>;
  /** The screen: its root component, already given the store. */
  element: ReactElement;
  /** Called once a second while the screen is up (the kiosk's idle clock). */
  tick?: () => void;
  /** On a signal, before the screen is restored (the kiosk notes it in its log). */
  onSignal?: (signal: NodeJS.Signals) => void;
  /** After the screen is restored: close what the screen opened. */
  cleanup(): void;
}

export interface Program {
  /** Resolves when the model says `exit`. */
  exited: Promise<void>;
  /** Leave the screen (once; later calls do nothing). */
  restore(): void;
}

export function runProgram<M extends { exit: boolean }>(opts: ProgramOptions<M>): Program {
  const leaveScreen = enterScreenModes();
  const ink = render(opts.element, { exitOnCtrlC: false, patchConsole: false });
  const ticker = opts.tick ? setInterval(opts.tick, 1000) : undefined;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    clearInterval(ticker);
    ink.unmount();
    leaveScreen();
    opts.cleanup();
  };
  for (const [signal, code] of SIGNALS) {
    process.once(signal, () => {
      opts.onSignal?.(signal);
      restore();
      process.exit(code);
    });
  }
  const exited = new Promise<void>((resolve) => {
    const check = () => {
      if (opts.store.getModel().exit) resolve();
    };
    opts.store.subscribe(check);
    check();
  });
  return { exited, restore };
}
