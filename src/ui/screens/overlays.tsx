// What covers the current screen: help, the unattended warning and the log failure.
import { Box, Text } from 'ink';
import type { Binding } from '../../tui/keymap.js';
import { useUi } from '../context.js';
import { Field } from '../frame.js';
import { useLayout } from '../size.js';
import { Paragraph } from '../paragraph.js';
import { KeyRows } from '../key-rows.js';
import { fit, pad, width } from '../text.js';
import { wrapLines } from '../wrap.js';

/** The keys of the screen underneath, as its bindings say (help never lists a key that does nothing). */
export function Help({ bindings }: { bindings: readonly Binding<string>[] }) {
  const { t } = useUi();
  return (
    <Box flexDirection="column">
      <Text bold>{t('kiosk.help.title')}</Text>
      <KeyRows bindings={bindings} />
      <Box marginTop={1}>
        <Text dimColor>{t('kiosk.help.close')}</Text>
      </Box>
    </Box>
  );
}

/**
 * The unattended warning, as large as the screen allows: a full-width block with the title spread
 * out in its middle, readable from across the counter, then what to do.
 */
export function Banner(props: { title: string; body: string }) {
  const { color, locale } = useUi();
  const { inner, body } = useLayout();
  const text = wrapLines(props.body, inner, locale);
  const spread = locale === 'ja' ? [...props.title].join(' ') : props.title.toUpperCase().split('').join(' ');
  const title = width(spread) <= inner - 4 ? spread : props.title;
  const rows = Math.max(3, body - text.length - 2);
  const middle = Math.floor((rows - 1) / 2);
  const line = (s: string) => {
    const cut = fit(s, inner);
    const left = Math.floor((inner - width(cut)) / 2);
    return pad(' '.repeat(left) + cut, inner);
  };
  const block = Array.from({ length: rows }, (_, i) => line(i === middle ? title : ''));
  return (
    <Box flexDirection="column">
      <Text bold inverse={!color} color={color ? 'white' : undefined} backgroundColor={color ? 'red' : undefined}>
        {block.join('\n')}
      </Text>
      <Box marginTop={1}>
        <Text bold>{text.join('\n')}</Text>
      </Box>
    </Box>
  );
}

export function Alert(props: { title: string; body: string; hint?: string }) {
  const { inner } = useLayout();
  const { color } = useUi();
  return (
    <Box flexDirection="column" alignItems="center" marginTop={2}>
      <Text bold inverse color={color ? 'red' : undefined}>
        {` ${fit(props.title, inner - 2)} `}
      </Text>
      <Box marginTop={1} width={inner}>
        <Paragraph bold text={props.body} />
      </Box>
      {props.hint ? (
        <Box marginTop={1} width={inner}>
          <Paragraph text={props.hint} />
        </Box>
      ) : null}
    </Box>
  );
}

/** The supervisor PIN prompt (kiosk lock): the digits are never shown. */
export function Unlock({ input }: { input: string }) {
  const { inner } = useLayout();
  const { t } = useUi();
  return (
    <Box flexDirection="column">
      <Text bold>{t('kiosk.unlock.title')}</Text>
      <Box marginTop={1} width={inner}>
        <Paragraph text={t('kiosk.unlock.prompt')} />
      </Box>
      <Box marginTop={1}>
        <Field label={t('kiosk.unlock.field')} value={'*'.repeat([...input].length)} />
      </Box>
    </Box>
  );
}
