// The one error of the log writer: what failed (open, write, fsync, repair...), the errno code and
// the path, and the translated sentence the kiosk shows for it.
import { t, type Locale, type MessageKey, type Params } from '../i18n/index.js';
import { UserError } from '../errors.js';
import type { RecordBody } from '../domain/record.js';

/** What a `repair` record says: which bytes were moved aside, where to, and why. */
export type RepairPayload = Extract<RecordBody, { type: 'repair' }>['payload'];

export type LogWriteOp = 'open' | 'write' | 'fsync' | 'repair' | 'damaged' | 'failed' | 'lock';

const OP_KEY: Record<LogWriteOp, MessageKey> = {
  open: 'log.error.open',
  write: 'log.error.write',
  fsync: 'log.error.write',
  repair: 'log.error.repair',
  damaged: 'log.error.damaged',
  failed: 'log.error.failed',
  lock: 'log.error.lockLost',
};

/**
 * The log cannot be written (read-only folder, permission, disk full, I/O error, a damaged file it
 * must not continue). `code` is the errno code (`EIO`, `ENOSPC`, `EACCES`, ...) or `ELOGDAMAGED`;
 * `key`/`params` give the translated message for the screen.
 */
export class LogWriteError extends Error {
  readonly key: MessageKey;
  readonly params: Params;
  constructor(
    readonly op: LogWriteOp,
    readonly code: string,
    readonly path: string,
    options: { cause?: unknown; line?: number; carry?: readonly RepairPayload[] } = {},
  ) {
    super(`log ${op} failed (${code}): ${path}${options.line !== undefined ? `:${options.line}` : ''}`, {
      cause: options.cause,
    });
    this.name = 'LogWriteError';
    this.key = OP_KEY[op];
    this.params = { code, path, ...(options.line !== undefined ? { line: options.line } : {}) };
    this.carry = options.carry ?? [];
  }
  /** Repairs done on disk whose records could not be written yet: the next open writes them first. */
  readonly carry: readonly RepairPayload[];
}

/** The screen's sentence for an error from the log (open, append): translated, naming code and path. */
export function describeLogError(error: unknown, locale: Locale): string {
  if (error instanceof LogWriteError || error instanceof UserError) return t(locale, error.key, error.params);
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // Node's errno messages already start with their code ("ENOENT: no such file ...").
  return t(locale, 'log.error.other', { message: code && !message.startsWith(code) ? `${code}: ${message}` : message });
}
