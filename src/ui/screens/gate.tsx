// The logout gate: the checks to make, then the typed word. Used at a session's end and for a
// session recovered after the kiosk stopped.
import { Box, Text } from 'ink';
import type { MessageKey } from '../../i18n/index.js';
import { sensingOf, type KioskModel, type RecoveryScreen, type SessionScreen } from '../../session/kiosk.js';
import { useUi } from '../context.js';
import { Field } from '../frame.js';
import { useLayout } from '../size.js';
import { Hanging, Paragraph } from '../paragraph.js';
import { dateTime, fit } from '../text.js';

/** With sensing on and a sensed gate check: what the reader sees now (a card in it blocks the logout). */
function GateReader({ model, screen }: { model: KioskModel; screen: SessionScreen | RecoveryScreen }) {
  const { t, color } = useUi();
  const sensing = sensingOf(model);
  if (!screen.session.checklist.logoutGate.items.some((g) => g.sensor !== undefined) || sensing.mode === 'manual') return null;
  const key = sensing.mode === 'unsensed' ? 'kiosk.sensor.unsensed' : sensing.card ? 'kiosk.gate.reader.card' : 'kiosk.gate.reader.empty';
  const ok = sensing.mode === 'sensed' && !sensing.card;
  return (
    <Box marginTop={1}>
      <Paragraph bold color={color ? (ok ? 'green' : 'red') : undefined} text={t(key)} />
    </Box>
  );
}

export function Gate({ model, screen, input }: { model: KioskModel; screen: SessionScreen | RecoveryScreen; input: string }) {
  const { t, l, color } = useUi();
  const s = screen.session;
  const lead =
    s.outcome === 'interrupted' ? 'kiosk.gate.interrupted' : s.outcome === 'recovered' ? 'kiosk.gate.recovered' : 'kiosk.gate.completed';
  return (
    <Box flexDirection="column">
      {screen.name === 'recovery' ? <Recovery screen={screen} /> : null}
      {/* The checklist's own gate title (it says what the check is; a prefix only repeated it). */}
      <Paragraph bold color={color ? 'yellow' : undefined} text={l(s.checklist.logoutGate.title)} />
      <Paragraph text={t(lead)} />
      <Box flexDirection="column" marginTop={1}>
        {s.checklist.logoutGate.items.map((g, i) => (
          <Hanging key={g.id} lead={` ${i + 1}. `} text={l(g.text)} />
        ))}
      </Box>
      <GateReader model={model} screen={screen} />
      <Box flexDirection="column" marginTop={1}>
        <Paragraph bold text={t('kiosk.gate.prompt')} />
        <Field label="logout" value={input} />
      </Box>
    </Box>
  );
}

function Recovery({ screen }: { screen: RecoveryScreen }) {
  const { inner } = useLayout();
  const { t, l } = useUi();
  const r = screen.recovering;
  // The last step reached, in words: the item (with its section) when the record names one.
  const section = r.checklist.sections.find((sec) => sec.id === r.reached.section);
  const item = section?.items.find((it) => it.id === r.reached.item);
  const last = item && section ? `${l(section.title)} / ${l(item.text)}` : t(recordLabel(r.reached.type));
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Box width={inner}>
        <Paragraph bold text={t('kiosk.recovery.explain')} />
      </Box>
      <Text>
        {fit(`${t('kiosk.recovery.started')}: ${dateTime(r.startedAt)}   ${t('kiosk.recovery.operator')}: ${r.operator ?? '-'}`, inner)}
      </Text>
      <Hanging lead={`${t('kiosk.recovery.checklist')}: `} text={l(r.checklist.title)} />
      <Hanging lead={`${t('kiosk.recovery.last')}: `} text={last} />
      {screen.queue.length > 0 ? <Text>{t('kiosk.recovery.more', { n: screen.queue.length })}</Text> : null}
    </Box>
  );
}

function recordLabel(type: string): MessageKey {
  switch (type) {
    case 'session-start':
      return 'kiosk.record.start';
    case 'checklist-complete':
      return 'kiosk.record.complete';
    case 'interrupt':
      return 'kiosk.record.interrupt';
    default:
      return 'kiosk.record.other';
  }
}
