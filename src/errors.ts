// Bad usage or bad input: the CLI prints the translated message (naming file, line or field) and
// exits 2, without a stack trace.
import type { MessageKey, Params } from './i18n/index.js';

export class UserError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Params = {},
  ) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = 'UserError';
  }
}
