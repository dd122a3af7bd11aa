// What covers the current screen: help, the unattended warning and the log failure.
import { Box, Text } from 'ink';
import type { MessageKey } from '../../i18n/index.js';
import { useUi } from '../context.js';
import { Field, INNER } from '../frame.js';
import { fit } from '../text.js';

const HELP: [string, MessageKey][] = [
  ['Enter / Space', 'kiosk.help.confirm'],
  ['s', 'kiosk.help.skip'],
  ['b', 'kiosk.help.back'],
  ['y / n', 'kiosk.help.yesno'],
  ['i', 'kiosk.help.interrupt'],
  ['?', 'kiosk.help.help'],
];

export function Help() {
  const { t } = useUi();
  return (
    <Box flexDirection="column">
      <Text bold>{t('kiosk.help.title')}</Text>
      <Box flexDirection="column" marginTop={1}>
        {HELP.map(([k, m]) => (
          <Text key={k}>{fit(`${k.padEnd(14)} ${t(m)}`, INNER)}</Text>
        ))}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        <Text>{fit(t('kiosk.help.gate'), INNER)}</Text>
        <Text>{fit(t('kiosk.help.exit'), INNER)}</Text>
      </Box>
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
        <Text bold>{props.body}</Text>
      </Box>
      {props.hint ? (
        <Box marginTop={1} width={INNER}>
          <Text>{props.hint}</Text>
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
        <Text>{t('kiosk.unlock.prompt')}</Text>
      </Box>
      <Box marginTop={1}>
        <Field label={t('kiosk.unlock.field')} value={'*'.repeat([...input].length)} />
      </Box>
    </Box>
  );
}
