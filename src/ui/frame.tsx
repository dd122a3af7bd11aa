// The kiosk's fixed 80×22 frame: header, body, notice line and the key hints, which are always shown.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useUi } from './context.js';
import { fit, width } from './text.js';

export const FRAME_WIDTH = 80;
export const FRAME_HEIGHT = 22;
/** Columns inside the border and padding. */
export const INNER = FRAME_WIDTH - 4;

export function Frame(props: {
  title: string;
  right: string;
  children: ReactNode;
  notice?: string | null;
  keys: string;
  tone?: 'normal' | 'alert';
}) {
  const { color } = useUi();
  const alert = props.tone === 'alert';
  const rightWidth = Math.min(44, width(props.right));
  return (
    <Box
      flexDirection="column"
      width={FRAME_WIDTH}
      height={FRAME_HEIGHT}
      borderStyle={alert ? 'double' : 'round'}
      borderColor={color ? (alert ? 'red' : 'cyan') : undefined}
      paddingX={1}
    >
      <Box justifyContent="space-between">
        <Text bold>{fit(props.title, INNER - rightWidth - 1)}</Text>
        <Text>{fit(props.right, rightWidth)}</Text>
      </Box>
      <Box flexDirection="column" flexGrow={1} overflow="hidden" marginTop={1}>
        {props.children}
      </Box>
      <Text color={color ? 'yellow' : undefined} bold>
        {fit(props.notice ?? '', INNER)}
      </Text>
      <Text inverse>{fit(props.keys, INNER)}</Text>
    </Box>
  );
}

/** A one-line text field with a visible cursor. */
export function Field(props: { label: string; value: string }) {
  return (
    <Box>
      <Text>{props.label}: </Text>
      <Text underline>{fit(props.value, INNER - 20)}</Text>
      <Text inverse> </Text>
    </Box>
  );
}
