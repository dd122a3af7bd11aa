// The screens outside a session: sign-in, Ready and the summary after the gate.
import { Box, Text } from 'ink';
import { cardPresent, offeredFlows, type KioskModel, type ReadyScreen, type SignInScreen, type SummaryScreen } from '../../session/kiosk.js';
import { localDay } from '../../domain/day.js';
import { useUi } from '../context.js';
import { Field } from '../frame.js';
import { useLayout } from '../size.js';
import { Hanging, Paragraph } from '../paragraph.js';
import { duration } from '../text.js';

export function SignIn({ model, screen }: { model: KioskModel; screen: SignInScreen }) {
  const { inner } = useLayout();
  const { t } = useUi();
  return (
    <Box flexDirection="column">
      <Text bold>{t('kiosk.signin.title')}</Text>
      <Box width={inner} marginTop={1}>
        <Paragraph text={t('kiosk.signin.prompt')} />
      </Box>
      <Box marginTop={1}>
        <Field label={t('kiosk.signin.field')} value={screen.input} />
      </Box>
      <SkippedChecklists model={model} />
    </Box>
  );
}

/** Files of the city's checklist folder that could not be loaded: said, never silently dropped. */
function SkippedChecklists({ model }: { model: KioskModel }) {
  const { inner } = useLayout();
  const { t, color } = useUi();
  const n = model.config.skippedChecklists ?? 0;
  if (n === 0) return null;
  return (
    <Box marginTop={1} width={inner}>
      <Paragraph color={color ? 'yellow' : undefined} text={t('kiosk.checklistsSkipped', { n })} />
    </Box>
  );
}

export function Ready({ model, screen }: { model: KioskModel; screen: ReadyScreen }) {
  const pick = screen.flowPick;
  const { inner } = useLayout();
  const { t, l, color } = useUi();
  const last = model.today.lastOutcome;
  const lastText = last
    ? [t(`kiosk.outcome.${last}`), ...model.today.lastFlags.map((f) => t(`kiosk.flag.${f}`))].join(' / ')
    : t('kiosk.ready.none');
  // The flows valid today (an expired or not-yet-valid one is not offered).
  const flows = offeredFlows(model);
  return (
    <Box flexDirection="column">
      <Text bold>{t('kiosk.ready.title')}</Text>
      <Box flexDirection="column" marginTop={1}>
        {flows.length === 1 ? <Hanging lead={`${t('kiosk.ready.checklist')}: `} text={l(flows[0]!.checklist.title)} /> : null}
        <Text>{`${t('kiosk.ready.today')}: ${model.today.sessions}`}</Text>
        <Hanging lead={`${t('kiosk.ready.last')}: `} text={lastText} />
      </Box>
      {pick !== null ? (
        <Box flexDirection="column" marginTop={1}>
          <Paragraph bold text={t('kiosk.ready.pick')} />
          {flows.map((f, i) => (
            <Hanging key={f.checklist.id} inverse={i === pick} lead={`${i === pick ? '>' : ' '} ${i + 1}. `} text={l(f.checklist.title)} />
          ))}
        </Box>
      ) : flows.length === 0 ? (
        <Box marginTop={2} width={inner}>
          <Paragraph color={color ? 'yellow' : undefined} text={t('kiosk.ready.noValidFlow', { day: localDay(new Date(model.now)) })} />
        </Box>
      ) : (
        <Box marginTop={2}>
          <Paragraph bold color={color ? 'green' : undefined} text={t(flows.length > 1 ? 'kiosk.ready.startPick' : 'kiosk.ready.start')} />
        </Box>
      )}
      <CardInReader model={model} screen={screen} />
      <SkippedChecklists model={model} />
    </Box>
  );
}

/** A card in the reader on Ready: left by the last citizen (a warning), or put in for the next (a hint to start). */
function CardInReader({ model, screen }: { model: KioskModel; screen: ReadyScreen }) {
  const { t, color } = useUi();
  if (!cardPresent(model)) return null;
  const left = screen.cardLeft === true;
  return (
    <Box marginTop={1}>
      <Paragraph bold inverse={left} color={color ? (left ? 'red' : 'cyan') : undefined} text={t(left ? 'kiosk.ready.cardLeft' : 'kiosk.ready.cardIn')} />
    </Box>
  );
}

export function Summary({ model, screen }: { model: KioskModel; screen: SummaryScreen }) {
  const { inner } = useLayout();
  const { t, color } = useUi();
  const s = screen.summary;
  const left = Math.max(0, Math.ceil((model.config.summaryMs - (model.now - screen.at)) / 1000));
  const flags = s.flags.map((f) => t(`kiosk.flag.${f}`)).join(', ') || t('kiosk.summary.noFlags');
  return (
    <Box flexDirection="column">
      <Text bold>{t('kiosk.summary.title')}</Text>
      <Box flexDirection="column" marginTop={1}>
        <Text>{`${t('kiosk.summary.outcome')}: ${t(`kiosk.outcome.${s.outcome}`)}`}</Text>
        <Hanging color={color && s.flags.length > 0 ? 'yellow' : undefined} lead={`${t('kiosk.summary.flags')}: `} text={flags} />
        <Text>{`${t('kiosk.summary.duration')}: ${duration(s.endedAt - s.startedAt)}`}</Text>
      </Box>
      <Box marginTop={2} width={inner}>
        {/* After a recovered session nobody may be signed in yet: the next screen is sign-in. */}
        <Paragraph text={t(model.operator ? 'kiosk.summary.next' : 'kiosk.summary.nextSignIn', { s: left })} />
      </Box>
    </Box>
  );
}
