// Text in lines broken where Japanese breaks them (src/ui/wrap.ts), for every sentence on a screen:
// Ink then only draws the lines, it never breaks one itself. Nothing is cut: a long label wraps.
import { Text, type TextProps } from 'ink';
import { useUi } from './context.js';
import { useLayout } from './size.js';
import { width as displayWidth } from './text.js';
import { wrapLines } from './wrap.js';

type Props = Omit<TextProps, 'children' | 'wrap'>;

export function Paragraph({ text, width, ...props }: { text: string; width?: number } & Props) {
  const { locale } = useUi();
  const { inner } = useLayout();
  return <Text {...props}>{wrapLines(text, width ?? inner, locale).join('\n')}</Text>;
}

/** `lead` then `text`, its further lines indented under the text (a list row: `> [x] 本人確認…`). */
export function hangingLines(lead: string, text: string, width: number, locale: string): string[] {
  const indent = displayWidth(lead);
  const lines = wrapLines(text, Math.max(8, width - indent), locale);
  return lines.map((line, i) => (i === 0 ? lead : ' '.repeat(indent)) + line);
}

export function Hanging({ lead, text, width, ...props }: { lead: string; text: string; width?: number } & Props) {
  const { locale } = useUi();
  const { inner } = useLayout();
  return <Text {...props}>{hangingLines(lead, text, width ?? inner, locale).join('\n')}</Text>;
}
