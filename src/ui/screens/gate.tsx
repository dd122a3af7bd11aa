// The logout gate: the checks to make, then the typed word. Used at a session's end and for a
// session recovered after the kiosk stopped.
import { Box, Text } from 'ink';
import type { MessageKey } from '../../i18n/index.js';
import { sensingOf, type KioskModel, type RecoveryScreen, type SessionScreen } from '../../session/kiosk.js';
import { useUi, type Ui } from '../context.js';
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
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Box width={inner}>
        <Paragraph bold text={t('kiosk.recovery.explain')} />
      </Box>
      <Text>
        {fit(`${t('kiosk.recovery.started')}: ${dateTime(r.startedAt)}   ${t('kiosk.recovery.operator')}: ${r.operator ?? '-'}`, inner)}
      </Text>
      <Hanging lead={`${t('kiosk.recovery.checklist')}: `} text={l(r.checklist.title)} />
      <Hanging lead={`${t('kiosk.recovery.last')}: `} text={lastStep(r, t, l)} />
      {screen.queue.length > 0 ? <Text>{t('kiosk.recovery.more', { n: screen.queue.length })}</Text> : null}
    </Box>
  );
}

/**
 * The last step reached, in words: what was done (confirmed, skipped, answered, interrupted and
 * why) at which item (with its section), so the operator knows where the citizen's application
 * stood before checking the portal and logging out.
 */
function lastStep(r: RecoveryScreen['recovering'], t: Ui['t'], l: Ui['l']): string {
  const { reached } = r;
  const section = r.checklist.sections.find((sec) => sec.id === reached.section);
  const item = section?.items.find((it) => it.id === reached.item);
  const where = item && section ? `${l(section.title)} / ${l(item.text)}` : null;
  if (reached.type === 'interrupt') {
    const why = r.checklist.interruptReasons.find((x) => x.id === reached.reason);
    if (why) return where ? t('kiosk.record.interruptAt', { reason: l(why.text), where }) : t('kiosk.record.interruptWhy', { reason: l(why.text) });
    return where ?? t('kiosk.record.interrupt');
  }
  if (reached.type === 'step' && where) {
    switch (reached.action) {
      case 'confirm':
        return t('kiosk.record.confirm', { where });
      case 'skip':
        return t('kiosk.record.skip', { where });
      case 'not-applicable':
        return t('kiosk.record.notApplicable', { where });
      case 'back':
        return t('kiosk.record.back', { where });
      case 'answer':
        if (reached.answer) return t('kiosk.record.answer', { answer: t(reached.answer === 'yes' ? 'kiosk.does.yes' : 'kiosk.does.no'), where });
    }
  }
  return where ?? t(recordLabel(reached.type));
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
