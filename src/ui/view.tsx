// The whole kiosk screen as a function of the model.
import type { Translate } from '../i18n/index.js';
import { isIdle, type KioskModel } from '../session/kiosk.js';
import { kioskBindings } from '../session/kiosk-keys.js';
import { hintLine } from '../tui/keymap.js';
import { useUi } from './context.js';
import { Frame } from './frame.js';
import { SignIn, Ready, Summary } from './screens/desk.js';
import { Gate } from './screens/gate.js';
import { Alert, Banner, Help, Unlock } from './screens/overlays.js';
import { InterruptPick, SkipReason } from './screens/prompts.js';
import { SessionBody } from './screens/session.js';
import { clock, dateTime } from './text.js';

/** How far the clock may fall behind the newest record before the screen says so. */
const CLOCK_SLACK_MS = 60_000;

/** The hint line: the keys that act now, from the same bindings the model acts through. */
const keysFor = (model: KioskModel, t: Translate): string => hintLine(kioskBindings(model), t);

function Body({ model }: { model: KioskModel }) {
  if (model.help) return <Help bindings={kioskBindings({ ...model, help: false })} />;
  const s = model.screen;
  switch (s.name) {
    case 'signin':
    case 'ready':
    case 'summary':
      if (s.unlock) return <Unlock input={s.unlock.input} />;
      if (s.name === 'signin') return <SignIn model={model} screen={s} />;
      if (s.name === 'ready') return <Ready model={model} screen={s} />;
      return <Summary model={model} screen={s} />;
    case 'recovery':
      return <Gate model={model} screen={s} input={s.input} />;
    case 'session':
      switch (s.prompt.name) {
        case 'gate':
          return <Gate model={model} screen={s} input={s.prompt.input} />;
        case 'skip-reason':
          return <SkipReason screen={s} input={s.prompt.input} />;
        case 'interrupt-pick':
        case 'interrupt-note':
          return <InterruptPick screen={s} prompt={s.prompt} />;
        case 'item':
          return <SessionBody model={model} screen={s} />;
      }
  }
}

export function KioskView({ model }: { model: KioskModel }) {
  const { t } = useUi();
  const who = model.operator ? t('kiosk.operator', { id: model.operator }) : t('kiosk.noOperator');
  const right = `${t('kiosk.terminal', { id: model.config.terminal })}  ${who}  ${clock(model.now)}`;
  const recovery = model.screen.name === 'recovery';
  const title = recovery ? t('kiosk.recovery.title') : t('kiosk.app');
  // A clock set back behind the newest record is said on every screen until it is fixed: the log
  // goes on (its order is its seq), but its times would mislead the supervisors.
  const clockBack = model.newestAt !== null && model.now < model.newestAt - CLOCK_SLACK_MS;
  const notice = model.notice ? t(`kiosk.notice.${model.notice}`) : clockBack ? t('kiosk.clockBehind', { at: dateTime(model.newestAt!) }) : null;
  if (model.logError) {
    return (
      <Frame title={title} right={right} keys={keysFor(model, t)} notice={notice} tone="alert">
        <Alert title={t('kiosk.logError.title')} body={t('kiosk.logError.body', { problem: model.logError })} hint={t('kiosk.logError.retry')} />
      </Frame>
    );
  }
  if (isIdle(model)) {
    return (
      <Frame title={title} right={right} keys={keysFor(model, t)} notice={notice} tone="alert">
        <Banner title={t('kiosk.idle.title')} body={t('kiosk.idle.body')} />
      </Frame>
    );
  }
  return (
    <Frame title={title} right={right} keys={keysFor(model, t)} notice={notice} tone={recovery ? 'alert' : 'normal'}>
      <Body model={model} />
    </Frame>
  );
}
