// The root of both screens' layout: the terminal's size into the layout context, the frame centred
// in a wider terminal, and below the smallest size one plain notice instead of the frame. Keys are
// held back while the notice shows: nobody should act on a screen they cannot see, and the model
// (an open session stays gated) is untouched underneath until the window is large enough again.
import { Box, Text } from 'ink';
import { useCallback, useRef, type ReactNode } from 'react';
import type { Key } from '../tui/keys.js';
import { useUi } from './context.js';
import { useTerminalKeys } from './input.js';
import { layoutFor, MIN_COLUMNS, MIN_ROWS, type TerminalSize } from './layout.js';
import { wrapLines } from './wrap.js';
import { LayoutContext, useTerminalSize } from './size.js';

/** The terminal's size, and its keys delivered to `onKey` only while the screen can be seen. */
export function useSizedTerminal(onKey: (key: Key) => void): TerminalSize {
  const size = useTerminalSize();
  const hidden = useRef(false);
  hidden.current = layoutFor(size).tooSmall;
  const deliver = useCallback((key: Key) => {
    if (!hidden.current) onKey(key);
  }, [onKey]);
  useTerminalKeys(deliver);
  return size;
}

export function Sized({ size, children }: { size: TerminalSize; children: ReactNode }) {
  const layout = layoutFor(size);
  if (layout.tooSmall) return <TooSmall size={size} />;
  return (
    <LayoutContext.Provider value={layout}>
      <Box width={size.columns} justifyContent="center">
        {children}
      </Box>
    </LayoutContext.Provider>
  );
}

function TooSmall({ size }: { size: TerminalSize }) {
  const { t, locale, color } = useUi();
  // One column short of the terminal, so no line ever reaches its edge (some terminals wrap there).
  const cols = Math.max(10, size.columns - 1);
  const body = t('screen.tooSmall.body', { columns: MIN_COLUMNS, rows: MIN_ROWS, now: `${size.columns}×${size.rows}` });
  const lines = wrapLines(body, cols, locale).slice(0, Math.max(1, size.rows - 3));
  return (
    <Box flexDirection="column">
      <Text bold inverse color={color ? 'yellow' : undefined}>
        {wrapLines(t('screen.tooSmall.title'), cols, locale)[0]}
      </Text>
      <Text>{lines.join('\n')}</Text>
    </Box>
  );
}
