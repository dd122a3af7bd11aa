// The frame every screen is drawn in, as large as the layout says (src/ui/layout.ts): header, body,
// notice line and the key hints, which are always shown.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useUi } from './context.js';
import { useLayout } from './size.js';
import { NOTICE_ROWS } from './layout.js';
import { fit, width } from './text.js';
import { wrapLines } from './wrap.js';

/** The notice in at most NOTICE_ROWS lines (every catalog notice fits at 80 columns; a test keeps it so). */
export function noticeLines(notice: string, inner: number, locale: string): string[] {
  const lines = wrapLines(notice, inner, locale);
  if (lines.length <= NOTICE_ROWS) return lines;
  return [...lines.slice(0, NOTICE_ROWS - 1), fit(lines.slice(NOTICE_ROWS - 1).join(locale === 'ja' ? '' : ' '), inner)];
}

export function Frame(props: {
  title: string;
  right: string;
  children: ReactNode;
  notice?: string | null;
  keys: string;
  tone?: 'normal' | 'alert';
}) {
  const { color, locale } = useUi();
  const { width: frameWidth, height, inner } = useLayout();
  const alert = props.tone === 'alert';
  const rightWidth = Math.min(44, width(props.right));
  return (
    <Box
      flexDirection="column"
      width={frameWidth}
      height={height}
      borderStyle={alert ? 'double' : 'round'}
      borderColor={color ? (alert ? 'red' : 'cyan') : undefined}
      paddingX={1}
    >
      <Box justifyContent="space-between">
        <Text bold>{fit(props.title, inner - rightWidth - 1)}</Text>
        <Text>{fit(props.right, rightWidth)}</Text>
      </Box>
      <Box flexDirection="column" flexGrow={1} overflow="hidden" marginTop={1}>
        {props.children}
      </Box>
      <Box height={NOTICE_ROWS} flexShrink={0}>
        <Text color={color ? 'yellow' : undefined} bold>
          {noticeLines(props.notice ?? '', inner, locale).join('\n')}
        </Text>
      </Box>
      <Text inverse>{fit(props.keys, inner)}</Text>
    </Box>
  );
}

/** A one-line text field with a visible cursor. */
export function Field(props: { label: string; value: string }) {
  const { inner } = useLayout();
  return (
    <Box>
      <Text>{props.label}: </Text>
      <Text underline>{fit(props.value, inner - 20)}</Text>
      <Text inverse> </Text>
    </Box>
  );
}
