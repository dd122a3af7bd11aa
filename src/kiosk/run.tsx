// Starting the kiosk: settings, checklist, log, the recovery gate for sessions left open, then the
// screen (src/ui/program.tsx mounts it and handles signals and the way out).
import { randomUUID } from 'node:crypto';
import { findChecklist, installedChecklists } from '../checklist/load.js';
import { enabledChecklists } from '../config/flows.js';
import { effectiveLogDir, loadSettings } from '../config/store.js';
import { UserError } from '../errors.js';
import { t } from '../i18n/index.js';
import { faultyIo, FAULT_ENV } from '../log/fault.js';
import { nodeFs } from '../log/fs.js';
import { describeLogError } from '../log/writer.js';
import { hasPin, pinChecker } from '../config/pin.js';
import { initialModel, sessionOf, signInAs, type KioskConfig } from '../session/kiosk.js';
import { staffIdProblem } from '../session/staff-id.js';
import { KioskApp } from '../ui/app.js';
import { makeUi } from '../ui/context.js';
import { runProgram } from '../ui/program.js';
import { KioskLog } from './connection.js';
import { stateDir } from '../config/paths.js';
import { TerminalKey, terminalKeyFile } from '../seal/state.js';
import { KioskController } from './controller.js';
import { watchReader } from '../reader/pcsc.js';

const SUMMARY_MS = 10_000;

export interface KioskOptions {
  checklist?: string;
  operator?: string;
}

export async function runKiosk(opts: KioskOptions): Promise<number> {
  const settings = loadSettings();
  const { locale } = settings;
  // The shipped checklists and the city's own folder; --checklist runs just that one flow.
  const { checklists, skipped } = installedChecklists(settings);
  const enabled = opts.checklist !== undefined ? [findChecklist(checklists, opts.checklist)] : enabledChecklists(checklists, settings, skipped);
  const config: KioskConfig = {
    terminal: settings.terminalId,
    flows: enabled.map(({ checklist, sha256 }) => ({ checklist, sha256 })),
    operatorPattern: settings.operatorPattern,
    idleLimitMs: settings.idleLimitMinutes * 60_000,
    summaryMs: SUMMARY_MS,
    kioskLock: settings.kioskLock,
    skippedChecklists: skipped.length,
  };
  if (config.kioskLock && !hasPin()) throw new UserError('kiosk.noPin');
  const operatorProblem = opts.operator === undefined ? null : staffIdProblem(settings.operatorPattern, opts.operator);
  if (operatorProblem === 'text-my-number') throw new UserError('kiosk.operatorMyNumber');
  if (operatorProblem !== null) throw new UserError('kiosk.badOperator', { id: opts.operator!, pattern: settings.operatorPattern });
  // Bad arguments are reported first; then a kiosk without a terminal stops with one clear line.
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(`${t(locale, 'kiosk.notty')}\n`);
    return 2;
  }

  const io = faultyIo(process.env[FAULT_ENV], nodeFs);
  const log = new KioskLog({
    dir: effectiveLogDir(settings),
    terminal: settings.terminalId,
    io,
    now: () => new Date(),
    checklists,
    fallback: enabled[0]!,
    seal: new TerminalKey(terminalKeyFile(stateDir(), settings.terminalId), settings.terminalId, io),
  });
  const controller = new KioskController({
    model: initialModel(config, { now: Date.now() }),
    log,
    now: Date.now,
    newId: randomUUID,
    checkPin: pinChecker(),
    describe: (error: unknown) => describeLogError(error, locale),
  });
  // The log first: another kiosk holding it stops here (exit 2, naming it); sessions the kiosk left
  // open come before anything else (their recovery records, then their gates).
  controller.start();
  if (opts.operator !== undefined) controller.commit(signInAs(controller.getModel(), opts.operator));

  // The card reader: its state enters the model as messages, like keys and ticks. Watched only
  // once the log is connected, so a first state never races the recovery gate's records.
  const reader = watchReader(settings.cardReader, (state) => controller.reader(state));

  const program = runProgram({
    store: controller,
    element: <KioskApp store={controller} ui={makeUi(locale, !('NO_COLOR' in process.env))} />,
    tick: controller.tick,
    // A signal mid-session: note it in the log (best effort); the next start shows the session's
    // recovery gate.
    onSignal: (signal) => {
      const model = controller.getModel();
      const session = sessionOf(model);
      if (!session || model.logError) return;
      try {
        log.appendAll([{ type: 'exit', payload: { signal }, operator: model.operator, session: session.id }]);
      } catch {
        // The log is already failing; the recovery gate at the next start still catches the session.
      }
    },
    cleanup: () => {
      reader.close();
      log.close();
    },
  });
  await program.exited;
  program.restore();
  return 0;
}
