// In-session prompts: the skip reason, the interrupt reason picker and its note.
import { Box, Text } from 'ink';
import type { KioskModel } from '../../session/kiosk.js';
import { currentItem } from '../../session/session.js';
import { useUi } from '../context.js';
import { Field, INNER } from '../frame.js';
import { fit } from '../text.js';

export function SkipReason({ model }: { model: KioskModel }) {
  const { t, l } = useUi();
  const here = currentItem(model.session!);
  return (
    <Box flexDirection="column">
      <Text bold>{t('kiosk.skip.title')}</Text>
      <Box marginTop={1} width={INNER}>
        <Text>{t('kiosk.skip.prompt', { item: fit(here ? l(here.item.text) : '', 40) })}</Text>
      </Box>
      <Box marginTop={1}>
        <Field label={t('kiosk.skip.title')} value={model.input} />
      </Box>
    </Box>
  );
}

export function InterruptPick({ model }: { model: KioskModel }) {
  const { t, l } = useUi();
  const reasons = model.session!.checklist.interruptReasons;
  return (
    <Box flexDirection="column">
      <Text bold>{t('kiosk.interrupt.title')}</Text>
      <Box width={INNER}>
        <Text>{t('kiosk.interrupt.prompt')}</Text>
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {reasons.map((r, i) => (
          <Text key={r.id} inverse={i === model.pick}>
            {fit(`${i === model.pick ? '>' : ' '} ${i + 1}. ${l(r.text)}`, INNER)}
          </Text>
        ))}
      </Box>
      {model.mode === 'interrupt-note' ? (
        <Box flexDirection="column" marginTop={1}>
          <Text>{t('kiosk.interrupt.note')}</Text>
          <Field label={fit(l(reasons[model.pick]!.text), 24)} value={model.input} />
        </Box>
      ) : null}
    </Box>
  );
}
