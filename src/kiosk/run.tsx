// Starting the kiosk: settings, checklist, log, the recovery gate for sessions left open, then the
// screen. The only module that imports Ink for the kiosk.
import { randomUUID } from 'node:crypto';
import { render } from 'ink';
import { enabledChecklists, findChecklist, installedChecklists } from '../checklist/load.js';
import { effectiveLogDir, loadSettings } from '../config/store.js';
import { UserError } from '../errors.js';
import { t } from '../i18n/index.js';
import { localDay } from '../log/time.js';
import { faultyIo, FAULT_ENV } from '../log/fault.js';
import { acquireLock, type Lock } from '../log/lock.js';
import { describeLogError, nodeIo, openLog, type LogWriter } from '../log/writer.js';
import { hasPin, pinChecker } from '../config/pin.js';
import path from 'node:path';
import { beginRecovery, initialModel, isOperatorId, signInAs, type KioskConfig } from '../session/kiosk.js';
import { KioskApp } from '../ui/app.js';
import { makeUi } from '../ui/context.js';
import { KioskController } from './controller.js';
import { readStartState } from './startup.js';

const SUMMARY_MS = 10_000;
const ALT_SCREEN_ON = '\u001b[?1049h\u001b[H';
const ALT_SCREEN_OFF = '\u001b[?1049l\u001b[?25h';

export interface KioskOptions {
  checklist?: string;
  operator?: string;
}

export async function runKiosk(opts: KioskOptions): Promise<number> {
  const settings = loadSettings();
  const { locale } = settings;
  // The shipped checklists and the city's own folder; --checklist runs just that one flow.
  const checklists = installedChecklists(settings);
  const enabled = opts.checklist !== undefined ? [findChecklist(checklists, opts.checklist)] : enabledChecklists(checklists, settings);
  const config: KioskConfig = {
    terminal: settings.terminalId,
    flows: enabled.map(({ checklist, sha256 }) => ({ checklist, sha256 })),
    operatorPattern: settings.operatorPattern,
    idleLimitMs: settings.idleLimitMinutes * 60_000,
    summaryMs: SUMMARY_MS,
    kioskLock: settings.kioskLock,
  };
  if (config.kioskLock && !hasPin()) throw new UserError('kiosk.noPin');
  if (opts.operator !== undefined && !isOperatorId(config, opts.operator)) {
    throw new UserError('kiosk.badOperator', { id: opts.operator, pattern: settings.operatorPattern });
  }
  // Bad arguments are reported first; then a kiosk without a terminal stops with one clear line.
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(`${t(locale, 'kiosk.notty')}\n`);
    return 2;
  }

  const dir = effectiveLogDir(settings);
  const io = faultyIo(process.env[FAULT_ENV], nodeIo);
  const describe = (error: unknown) => describeLogError(error, locale);
  // One kiosk per terminal log; a second one says who holds it and exits 2 (a UserError). A folder
  // that cannot even hold the lock is a log failure the screen shows, with a retry.
  let lock: Lock | null = null;
  const open = () => {
    lock ??= acquireLock(path.join(dir, settings.terminalId));
    return openLog({ dir, terminal: settings.terminalId, io });
  };
  let log: LogWriter | null = null;
  let logError: string | null = null;
  try {
    log = open();
  } catch (error) {
    if (error instanceof UserError) throw error;
    logError = describe(error);
  }

  const now = Date.now();
  const start = readStartState(log?.records() ?? [], checklists, enabled[0]!, localDay(new Date(now)));
  const controller = new KioskController({
    model: { ...initialModel(config, { now, today: start.today }), logError },
    log,
    reopen: () => (log = open()),
    now: Date.now,
    newId: randomUUID,
    checkPin: pinChecker(),
    describe,
  });
  // Sessions the kiosk left open come first: their recovery records, then their gates.
  controller.commit(beginRecovery(controller.getModel(), start.open));
  if (opts.operator !== undefined) controller.commit(signInAs(controller.getModel(), opts.operator));

  process.stdout.write(ALT_SCREEN_ON);
  const ink = render(<KioskApp store={controller} ui={makeUi(locale, !('NO_COLOR' in process.env))} />, {
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const ticker = setInterval(controller.tick, 1000);
  const restore = () => {
    clearInterval(ticker);
    ink.unmount();
    process.stdout.write(ALT_SCREEN_OFF);
    log?.close();
    lock?.release();
  };

  // A signal mid-session: note it in the log (best effort), restore the terminal, go. The next
  // start shows the session's recovery gate.
  const onSignal = (signal: NodeJS.Signals, code: number) => () => {
    const model = controller.getModel();
    if (model.session && log) {
      try {
        log.append({ type: 'exit', payload: { signal }, operator: model.operator, session: model.session.id });
      } catch {
        // The log is already failing; the recovery gate at the next start still catches the session.
      }
    }
    restore();
    process.exit(code);
  };
  process.once('SIGTERM', onSignal('SIGTERM', 143));
  process.once('SIGHUP', onSignal('SIGHUP', 129));
  process.once('SIGINT', onSignal('SIGINT', 130));

  await new Promise<void>((resolve) => {
    const check = () => {
      if (controller.getModel().exit) resolve();
    };
    controller.subscribe(check);
    check();
  });
  restore();
  return 0;
}
