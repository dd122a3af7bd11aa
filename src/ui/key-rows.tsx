// The rows of a help screen: each binding's keys in a column as wide as the widest, then what they
// do (kiosk and review help alike).
import { Box, Text } from 'ink';
import { helpRows, type Binding } from '../tui/keymap.js';
import { useUi } from './context.js';
import { useLayout } from './size.js';
import { fit, pad, width } from './text.js';

export function KeyRows({ bindings }: { bindings: readonly Binding<string>[] }) {
  const { inner } = useLayout();
  const { t } = useUi();
  const rows = helpRows(bindings, t);
  const column = Math.max(8, ...rows.map((r) => width(r.keys))) + 2;
  return (
    <Box flexDirection="column" marginTop={1}>
      {rows.map((r, i) => (
        <Text key={i}>{fit(`${pad(r.keys, column)}${r.does}`, inner)}</Text>
      ))}
    </Box>
  );
}
