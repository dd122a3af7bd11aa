// Keys from the terminal for a screen: Ink's parser splits stdin into tokens (a run of text, or one
// escape sequence) and emits each on its input events; src/tui/keys.ts turns them into keys, pastes
// included. Ink's own (input, key) pairs are not used: they lose keys (three Backspaces in one read
// are one delete) and cannot tell a paste from typing.
import { useInput, useStdin } from 'ink';
import { useEffect } from 'react';
import { decode, flushInput, INITIAL_INPUT, type Key } from '../tui/keys.js';

/** A paste whose end marker does not come within this long is taken as it is. */
const PASTE_END_WAIT_MS = 1000;

export function useTerminalKeys(onKey: (key: Key) => void): void {
  // One always-active useInput keeps raw mode on for the screen's whole life (Ink drops raw mode
  // when the last active one goes); its (input, key) pairs are ignored.
  useInput(ignore);
  const { internal_eventEmitter: events } = useStdin();
  useEffect(() => {
    let state = INITIAL_INPUT;
    let timer: NodeJS.Timeout | undefined;
    const emit = (keys: readonly Key[]) => {
      for (const k of keys) onKey(k);
    };
    const onToken = (token: string) => {
      clearTimeout(timer);
      const r = decode(state, token);
      state = r.state;
      emit(r.keys);
      if (state.paste !== null) {
        timer = setTimeout(() => {
          const f = flushInput(state);
          state = f.state;
          emit(f.keys);
        }, PASTE_END_WAIT_MS);
      }
    };
    events.on('input', onToken);
    return () => {
      clearTimeout(timer);
      events.removeListener('input', onToken);
    };
  }, [events, onKey]);
}

function ignore(): void {}
