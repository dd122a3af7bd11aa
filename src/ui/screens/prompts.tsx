// In-session prompts: the skip reason, the interrupt reason picker and its note.
import { Box, Text } from 'ink';
import type { Prompt, SessionScreen } from '../../session/kiosk.js';
import { currentItem } from '../../session/session.js';
import { useUi } from '../context.js';
import { Field } from '../frame.js';
import { useLayout } from '../size.js';
import { Hanging, Paragraph } from '../paragraph.js';

export function SkipReason({ screen, input }: { screen: SessionScreen; input: string }) {
  const { inner } = useLayout();
  const { t, l } = useUi();
  const here = currentItem(screen.session);
  return (
    <Box flexDirection="column">
      <Text bold>{t('kiosk.skip.title')}</Text>
      <Box marginTop={1} width={inner}>
        <Paragraph text={t('kiosk.skip.prompt', { item: here ? l(here.item.text) : '' })} />
      </Box>
      <Box marginTop={1}>
        <Field label={t('kiosk.skip.title')} value={input} />
      </Box>
    </Box>
  );
}

export function InterruptPick({ screen, prompt }: { screen: SessionScreen; prompt: Extract<Prompt, { pick: number }> }) {
  const { inner } = useLayout();
  const { t, l } = useUi();
  const reasons = screen.session.checklist.interruptReasons;
  return (
    <Box flexDirection="column">
      <Text bold>{t('kiosk.interrupt.title')}</Text>
      <Box width={inner}>
        <Paragraph text={t('kiosk.interrupt.prompt')} />
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {reasons.map((r, i) => (
          <Hanging key={r.id} inverse={i === prompt.pick} lead={`${i === prompt.pick ? '>' : ' '} ${i + 1}. `} text={l(r.text)} />
        ))}
      </Box>
      {prompt.name === 'interrupt-note' ? (
        <Box flexDirection="column" marginTop={1}>
          <Text>{t('kiosk.interrupt.note')}</Text>
          {/* The reason is the highlighted row above: the field's label never cuts it. */}
          <Field label={t('kiosk.interrupt.noteField')} value={prompt.input} />
        </Box>
      ) : null}
    </Box>
  );
}
