// What the reader yields for each line: a record, a problem, or both. Shared by the reader, the
// per-terminal checks and the fold.
import type { LogRecord } from '../domain/record.js';

/** Stable problem codes (the `problem` text is a short English explanation; the catalog has ja/en). */
export type ProblemCode =
  | 'torn-tail'
  | 'bad-json'
  | 'schema'
  | 'unknown-version'
  | 'seq-gap'
  | 'seq-repeat'
  | 'chain-break'
  | 'terminal-mismatch'
  | 'line-too-long'
  | 'unreadable'
  | 'session-overlap'
  | 'after-logout'
  | 'duplicate-session'
  | 'clock-back'
  | 'seal-bad'
  | 'seal-epoch'
  | 'seal-range'
  /** Two logouts or sign-outs in a row without the seal the kiosk writes with each: seals removed. */
  | 'seal-missing'
  /** The archive: a collected file differs from the version already archived (both are kept). */
  | 'archive-conflict';

export interface RecordItem {
  kind: 'record';
  file: string;
  /** 1-based line number in `file`. */
  line: number;
  record: LogRecord;
  /** The byte offset of the line's first byte in `file`. */
  start?: number;
  /** The byte offset just after the line's newline in `file` (where reading would go on). */
  end?: number;
  /** SHA-256 (hex) of the line's bytes: the next record's `prev`, and what a seal names. */
  hash?: string;
  /** The terminal whose files are being read (items come grouped by it: a change ends a terminal). */
  group?: string;
}

export interface ProblemItem {
  kind: 'problem';
  file: string;
  /** 1-based line number in `file` (0 when the whole file could not be read). */
  line: number;
  problem: string;
  code: ProblemCode;
  /** Values for the `log.problem.<code>` catalog message. */
  params: Record<string, string | number>;
  /** The bad line's `session` field, when the line still parses as JSON and has one. */
  session?: string;
  /** The terminal the line belongs to (its own field, else the file's terminal). */
  terminal?: string;
  /** Other sessions the problem concerns (a session-overlap: the ones still open). */
  related?: string[];
  /** The seqs a problem concerns (a bad seal: the records it was to cover). */
  range?: [number, number];
  /** As RecordItem.group. */
  group?: string;
}

export type ReadItem = RecordItem | ProblemItem;


export const problem = (
  file: string,
  line: number,
  code: ProblemCode,
  text: string,
  params: Record<string, string | number>,
  terminal: string | undefined,
  session?: string,
): ProblemItem => {
  const item: ProblemItem = { kind: 'problem', file, line, problem: text, code, params };
  if (session !== undefined) item.session = session;
  if (terminal !== undefined) item.terminal = terminal;
  return item;
};
