// Argument parsing and dispatch. Commands that draw (kiosk, review) import Ink and React lazily;
// every other command stays light. One place turns errors into messages and exit codes.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { printable } from './domain/text.js';
import { UserError } from './errors.js';
import { t, type Locale, type MessageKey, type Params } from './i18n/index.js';
import { packageVersion } from './package-root.js';

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** The stream behind `out`, for commands that stream their output (report, verify). */
  stdout?: NodeJS.WriteStream;
}

const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  stdout: process.stdout,
};


/** The UI language for messages; a broken config must not hide the error it causes. */
async function currentLocale(): Promise<Locale> {
  try {
    const { loadSettings } = await import('./config/store.js');
    return loadSettings().locale;
  } catch {
    return 'ja';
  }
}

/**
 * Each command's options. The help texts name every one of them (a test holds them to it), and an
 * option not marked `multiple` may be given once: `--since A --since B` is refused, not read as B.
 */
export const OPTIONS = {
  kiosk: { checklist: { type: 'string' }, operator: { type: 'string' } },
  review: { archive: { type: 'string' } },
  checklists: {},
  report: {
    since: { type: 'string' },
    until: { type: 'string' },
    terminal: { type: 'string' },
    operator: { type: 'string' },
    flagged: { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
    archive: { type: 'string' },
  },
  collect: { archive: { type: 'string' }, rebuild: { type: 'boolean' }, format: { type: 'string' } },
  verify: { terminal: { type: 'string', multiple: true } },
  seal: { yes: { type: 'boolean' } },
  readers: { format: { type: 'string' } },
  config: {},
} as const satisfies Record<string, NonNullable<ParseArgsConfig['options']>>;

function parse<C extends keyof typeof OPTIONS>(args: string[], command: C, opts: { numbersArePositional?: boolean } = {}) {
  // `config set idleLimitMinutes -3`: a negative number is a value, not an option (so the setting's
  // own rule answers it).
  const number = opts.numbersArePositional ? args.findIndex((a) => /^-\d/.test(a)) : -1;
  const given = number >= 0 && !args.slice(0, number).includes('--') ? [...args.slice(0, number), '--', ...args.slice(number)] : args;
  const options = { help: { type: 'boolean', short: 'h' }, ...OPTIONS[command] } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: given, options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw argsError(error, command);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option' || (options as Record<string, { multiple?: boolean }>)[token.name]?.multiple) continue;
    if (seen.has(token.name) && token.name !== 'help') throw new UserError('cli.badArgs.repeated', { option: token.rawName, command });
    seen.add(token.name);
  }
  return parsed;
}

/** Node's parseArgs errors, in the user's words: which option, and what is wrong with it. */
function argsError(error: unknown, command: string): UserError {
  const e = error as { code?: string; message: string };
  const option = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1] ?? '';
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UserError('cli.badArgs.unknown', { option, command });
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return new UserError(/does not take an argument/.test(e.message) ? 'cli.badArgs.noValue' : 'cli.badArgs.value', { option, command });
  }
  return new UserError('cli.badArgs.other', { command });
}

type Command = (args: string[], io: Io, locale: Locale) => Promise<number>;

const help = (key: MessageKey) => async (_: string[], io: Io, locale: Locale) => {
  io.out(t(locale, key));
  return EXIT_OK;
};

const commands: Record<string, Command> = {
  async kiosk(args, io, locale) {
    const { values, positionals } = parse(args, 'kiosk');
    if (values.help) return help('cli.help.kiosk')(args, io, locale);
    // A word the kiosk does not take (a typo of an option, a staff id without --operator): said, not ignored.
    if (positionals.length > 0) throw new UserError('cli.badArgs.extra', { arg: positionals[0]!, command: 'kiosk' });
    const { runKiosk } = await import('./kiosk/run.js');
    return runKiosk({ checklist: values.checklist as string | undefined, operator: values.operator as string | undefined });
  },

  async review(args, io, locale) {
    const { values, positionals } = parse(args, 'review');
    if (values.help) {
      const { reviewsDir } = await import('./config/paths.js');
      io.out(t(locale, 'review.help', { dir: reviewsDir() }));
      return EXIT_OK;
    }
    const { runReview } = await import('./review/run.js');
    return runReview(positionals, values.archive as string | undefined);
  },

  async checklists(args, io, locale) {
    const { values, positionals } = parse(args, 'checklists');
    if (values.help) return help('cli.help.checklists')(args, io, locale);
    const { runChecklistsCommand } = await import('./checklist/command.js');
    const { stdout, stderr, code } = await runChecklistsCommand(positionals, locale);
    if (stdout !== '') io.out(stdout);
    if (stderr !== '') io.err(stderr);
    return code;
  },

  async report(args, io, locale) {
    const { values, positionals } = parse(args, 'report');
    if (values.help) return help('report.help')(args, io, locale);
    const { runReportCommand } = await import('./report/command.js');
    const { help: _, archive, ...options } = values;
    // The supervisor's follow-ups (review log): `reviewed` and `reviews` of each session.
    const reviewsOf = async () => {
      const reviews = await (await import('./review/log.js')).reviewsForReport(io.err, locale);
      return { reviewed: new Set(reviews.keys()), reviews };
    };
    return runReportCommand(positionals, options, { stdout: io.stdout ?? process.stdout, err: io.err }, locale, reviewsOf, archive as string | undefined);
  },

  async collect(args, io, locale) {
    const { values, positionals } = parse(args, 'collect');
    if (values.help) {
      const [{ defaultArchiveDir }, { reviewsDir }] = await Promise.all([import('./archive/paths.js'), import('./config/paths.js')]);
      io.out(t(locale, 'collect.help', { dir: defaultArchiveDir(), reviews: reviewsDir() }));
      return EXIT_OK;
    }
    const { runCollect } = await import('./archive/collect.js');
    return runCollect(
      positionals,
      { ...(values.archive !== undefined ? { archive: values.archive as string } : {}), rebuild: values.rebuild === true, ...(values.format !== undefined ? { format: values.format as string } : {}) },
      { stdout: io.stdout ?? process.stdout, stderr: process.stderr },
      locale,
    );
  },

  async verify(args, io, locale) {
    const { values, positionals } = parse(args, 'verify');
    const { runVerifyCommand, verifyHelp } = await import('./verify/command.js');
    if (values.help) {
      io.out(verifyHelp(locale));
      return EXIT_OK;
    }
    const terminals = (values.terminal as string[] | undefined) ?? [];
    const result = await runVerifyCommand(positionals, { stdout: io.stdout ?? process.stdout, err: io.err }, locale, undefined, { terminals });
    return result.problems > 0 ? EXIT_PROBLEMS : EXIT_OK;
  },

  async seal(args, io, locale) {
    const { values, positionals } = parse(args, 'seal');
    if (values.help) return help('seal.help')(args, io, locale);
    const [sub, ...rest] = positionals;
    const { sealEnroll, sealInit } = await import('./seal/command.js');
    if (sub === 'init' && rest.length === 0) {
      await sealInit(locale, { yes: values.yes === true }, io);
      return EXIT_OK;
    }
    if (sub === 'enroll') {
      const [terminal, ...key] = rest;
      if (terminal === undefined || key.length === 0) throw new UserError('seal.enroll.usage');
      sealEnroll(locale, terminal, key.join(''), io);
      return EXIT_OK;
    }
    throw new UserError('seal.usage');
  },

  async readers(args, io, locale) {
    const { values, positionals } = parse(args, 'readers');
    if (values.help) return help('readers.help')(args, io, locale);
    if (positionals.length > 0) throw new UserError('readers.usage');
    const [{ loadSettings }, { runReadersCommand }] = await Promise.all([import('./config/store.js'), import('./reader/command.js')]);
    const setting = loadSettings().cardReader;
    io.out(await runReadersCommand({ ...(values.format !== undefined ? { format: values.format as string } : {}) }, setting, locale));
    return EXIT_OK;
  },

  async config(args, io, locale) {
    const { values, positionals } = parse(args, 'config', { numbersArePositional: true });
    if (values.help) return help('cli.help.config')(args, io, locale);
    if (positionals[0] === 'set-pin' && positionals.length === 1) {
      const { runSetPin } = await import('./config/set-pin.js');
      io.out(await runSetPin(locale));
      return EXIT_OK;
    }
    const { runConfigCommand } = await import('./config/command.js');
    if (positionals[0] === 'set') await (await import('./config/store.js')).prepareWrites();
    io.out(runConfigCommand(positionals, locale).stdout);
    return EXIT_OK;
  },
};

/**
 * The first failure writing to this process's stdout: `> file` on a full disk, a closed pipe. Listened
 * for from the start, so that it is never an uncaught 'error' event with a stack trace.
 */
let stdoutFailure: NodeJS.ErrnoException | null = null;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  // A terminal is the screens' own business (a hang-up is their SIGHUP): only a file or a pipe here.
  if (io !== processIo || process.stdout.isTTY) return run(argv, io);
  const onError = (e: NodeJS.ErrnoException) => (stdoutFailure ??= e);
  process.stdout.on('error', onError);
  try {
    const code = await run(argv, io);
    // A failed write to a file or device is reported on the next turn (SyncWriteStream).
    await new Promise<void>((resolve) => setImmediate(resolve));
    const failure = stdoutFailure as NodeJS.ErrnoException | null;
    // A reader that went away (`| head`) is not a failure; anything else is said, once.
    if (failure === null || failure.code === 'EPIPE' || code === EXIT_USAGE) return code;
    return report(new UserError('cli.error.output', { code: failure.code ?? 'EIO' }), io, await currentLocale());
  } finally {
    process.stdout.off('error', onError);
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    io.out(packageVersion());
    return EXIT_OK;
  }
  const locale = await currentLocale();
  try {
    if (first === undefined || first.startsWith('-')) {
      if (first === '--help' || first === '-h') return await help('cli.help.main')([], io, locale);
      return await commands.kiosk!(argv, io, locale);
    }
    const command = commands[first];
    if (!command) throw new UserError('cli.unknownCommand', { command: first });
    return await command(rest, io, locale);
  } catch (error) {
    return report(error, io, locale);
  }
}

/**
 * The one exit site for failures: a translated line, never a stack trace. What a message quotes
 * (a value typed, a file name from a stick) has any control character written out, so an escape
 * sequence in it cannot rewrite the terminal or fake a line.
 */
export function report(error: unknown, io: Io, locale: Locale): number {
  if (error instanceof UserError) {
    const params: Params = {};
    for (const [k, v] of Object.entries(error.params as Params)) params[k] = typeof v === 'string' ? printable(v) : v;
    io.err(t(locale, 'cli.error', { message: t(locale, error.key, params) }));
    return EXIT_USAGE;
  }
  const message = printable(error instanceof Error ? error.message : String(error));
  io.err(t(locale, 'cli.unexpected', { message }));
  return EXIT_USAGE;
}
