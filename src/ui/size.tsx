// The terminal's size as React state, redrawn on resize (Ink 6.8 re-lays out on resize but does not
// re-render components that read `stdout.columns`), and the layout for it in a context, so every
// screen sizes itself from one place.
import { useStdout } from 'ink';
import { createContext, useContext, useEffect, useState } from 'react';
import { DEFAULT_LAYOUT, DEFAULT_SIZE, type Layout, type TerminalSize } from './layout.js';

const sizeOf = (stdout: NodeJS.WriteStream): TerminalSize => ({
  columns: stdout.columns > 0 ? stdout.columns : DEFAULT_SIZE.columns,
  rows: stdout.rows > 0 ? stdout.rows : DEFAULT_SIZE.rows,
});

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const onResize = () => {
      const next = sizeOf(stdout);
      setSize((was) => (was.columns === next.columns && was.rows === next.rows ? was : next));
    };
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

export const LayoutContext = createContext<Layout>(DEFAULT_LAYOUT);
export const useLayout = () => useContext(LayoutContext);
