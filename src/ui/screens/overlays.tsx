// What covers the current screen: help, the unattended warning and the log failure.
import { Box, Text } from 'ink';
import type { Binding } from '../../tui/keymap.js';
import { useUi } from '../context.js';
import { Field, INNER } from '../frame.js';
import { Paragraph } from '../paragraph.js';
import { KeyRows } from '../key-rows.js';
import { fit } from '../text.js';

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

export function Alert(props: { title: string; body: string; hint?: string }) {
  const { color } = useUi();
  return (
    <Box flexDirection="column" alignItems="center" marginTop={2}>
      <Text bold inverse color={color ? 'red' : undefined}>
        {` ${fit(props.title, INNER - 2)} `}
      </Text>
      <Box marginTop={1} width={INNER}>
        <Paragraph bold text={props.body} />
      </Box>
      {props.hint ? (
        <Box marginTop={1} width={INNER}>
          <Paragraph text={props.hint} />
        </Box>
      ) : null}
    </Box>
  );
}

/** The supervisor PIN prompt (kiosk lock): the digits are never shown. */
export function Unlock({ input }: { input: string }) {
  const { t } = useUi();
  return (
    <Box flexDirection="column">
      <Text bold>{t('kiosk.unlock.title')}</Text>
      <Box marginTop={1} width={INNER}>
        <Paragraph text={t('kiosk.unlock.prompt')} />
      </Box>
      <Box marginTop={1}>
        <Field label={t('kiosk.unlock.field')} value={'*'.repeat([...input].length)} />
      </Box>
    </Box>
  );
}
