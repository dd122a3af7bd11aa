// Text in lines broken where Japanese breaks them (src/ui/wrap.ts), for every sentence on a screen:
// Ink then only draws the lines, it never breaks one itself.
import { Text, type TextProps } from 'ink';
import { useUi } from './context.js';
import { INNER } from './frame.js';
import { wrapLines } from './wrap.js';

export function Paragraph({ text, width = INNER, ...props }: { text: string; width?: number } & Omit<TextProps, 'children' | 'wrap'>) {
  const { locale } = useUi();
  return <Text {...props}>{wrapLines(text, width, locale).join('\n')}</Text>;
}
