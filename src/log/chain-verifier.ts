// The chain verifier: each line's JSON, schema, seq and hash against the line before it, as a
// terminal's files are read in order (pure: bytes in, items out; the reader does the I/O).
import { z } from 'zod';
import { hashLine } from './chain.js';
import { GENESIS, LogRecord, RECORD_VERSION } from '../domain/record.js';
import { LoggedId } from '../domain/ids.js';
import { NO_CONTROLS } from '../domain/text.js';
import { problem, type ProblemCode, type ReadItem } from './items.js';

/** Where the chain stands: the last line's seq and hash; null = unknown, so that check is skipped. */
export interface ChainHead {
  seq: number | null;
  hash: string | null;
}
/** Nothing known yet (a reader starting at any file): the first record is taken as it is. */
export const unknownHead = (): ChainHead => ({ seq: null, hash: null });
/** Before a terminal's very first record. */
export const startHead = (): ChainHead => ({ seq: 0, hash: GENESIS });

const NUL = 0;
const SESSION_ID = z.uuid();
/** A record older than the one before it by more than this: the clock was set back. */
export const CLOCK_BACK_MS = 5 * 60_000;
/** A line longer than this cannot be a record of ours: it is skipped instead of buffered. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

/** A name from the schema (an allowed value, an unknown key), short and on one line. */
function excerpt(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** The value at `path` in the parsed line (undefined when it is not there). */
function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let v = json;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** The kinds of schema problem the catalogs say in the user's language (`log.schema.<issue>`). */
export const SCHEMA_ISSUES = ['missing', 'type', 'value', 'format', 'controls', 'tooLong', 'range', 'unknownKey'] as const;
export type SchemaIssue = (typeof SCHEMA_ISSUES)[number];

/**
 * The first zod issue of a record that fails the schema, as the problem's params: `detail` is zod's
 * English, short, with its path (what the JSON report's `problem` carries); `issue` and its values
 * let the catalogs say the same in the user's words (`log.schema.*`), and `other` keeps the English.
 */
export function schemaParams(error: { issues: readonly z.core.$ZodIssue[] }, json: unknown): Record<string, string | number> {
  const issue = error.issues[0];
  if (!issue) return { detail: 'invalid record', issue: 'other', path: '(record)' };
  const path = issue.path.length ? issue.path.map(String).join('.') : '(record)';
  const msg = issue.message.length > 120 ? `${issue.message.slice(0, 117)}...` : issue.message;
  const base = { detail: `${path}: ${msg}`, path };
  // (The line's own values are not shown: only where, and what the schema wants there.)
  const of = (kind: SchemaIssue | 'other', values: Record<string, string | number> = {}) => ({ ...base, issue: kind, ...values });
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(json, issue.path) === undefined) return of('missing');
      return of('type', { expected: issue.expected });
    case 'invalid_union':
      if ('discriminator' in issue && Array.isArray((issue as { options?: unknown }).options)) {
        return of('value', { allowed: ((issue as { options: unknown[] }).options).map(String).join(', ') });
      }
      break;
    case 'invalid_value':
      return of('value', { allowed: issue.values.map((v) => excerpt(v)).join(', ') });
    case 'invalid_format':
      // An id or a typed text holding a control character (domain/text.ts): a forged line.
      if (issue.format === 'regex' && issue.pattern === String(NO_CONTROLS)) return of('controls');
      return of('format', { format: issue.format });
    case 'too_big':
      if (issue.origin === 'string') return of('tooLong', { maximum: Number(issue.maximum) });
      if (issue.origin === 'number' || issue.origin === 'int') return of('range');
      break;
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int') return of('range');
      break;
    case 'unrecognized_keys':
      return of('unknownKey', { key: excerpt(issue.keys[0] ?? '') });
  }
  return of('other');
}

// Fast path for valid records: zod's safeParse costs more than JSON.parse itself and would put
// verification below the throughput budget. zod 4.6 compiles a schema ahead of time (`z.compile`)
// into a validator that gives the same verdict several times faster; a record it accepts is used
// as it was parsed. A record it rejects goes through safeParse, which writes the message.
type Pred = (v: unknown) => boolean;

const FAST_OK = (data: LogRecord): ReturnType<typeof LogRecord.safeParse> => ({ success: true, data, error: undefined });

let fastRecord: Pred | undefined;
/** The compiled LogRecord validator (built once, on first use). */
export function fastRecordCheck(): Pred {
  if (!fastRecord) {
    const compiled = z.compile(LogRecord);
    fastRecord = (v) => compiled.safeParse(v).success;
  }
  return fastRecord;
}

/**
 * Checks lines one at a time against the chain. Used by the reader (many files of one terminal) and
 * by the writer's scan at open. Pushes items to `out`.
 */
export class ChainVerifier {
  head: ChainHead;
  /** True when the last line checked was a valid record that followed the chain. */
  lastClean = false;
  /**
   * Seq → line hash of records already read, kept only while copies of a file may follow, so that
   * an identical copy (a file collected twice) is skipped instead of reported as a repeat.
   */
  known: Map<number, string> | null = null;
  /** Records skipped as identical copies of already-read lines. */
  duplicates = 0;
  /** The timestamp of the last valid record (clock-back check). */
  private lastTs: string | null = null;
  /** Where the last valid record is (a chain break names that line). */
  private lastAt: { file: string; line: number } | null = null;
  private readonly fast = fastRecordCheck();

  constructor(
    head: ChainHead = unknownHead(),
    /** The terminal these lines belong to; a record naming another terminal is reported. */
    public terminal?: string,
  ) {
    this.head = head;
  }

  /** One complete line: bytes `start..end` of `buf`, without its `\n`. Returns the valid record, if any. */
  line(buf: Buffer, start: number, end: number, file: string, lineNo: number, out: ReadItem[], base = 0): LogRecord | null {
    const bytes = buf.subarray(start, end);
    const hash = hashLine(bytes);
    const head = this.head;
    let json: unknown;
    try {
      json = JSON.parse(buf.toString('utf8', start, end));
    } catch {
      const hasNul = bytes.indexOf(NUL) !== -1;
      out.push(
        problem(
          file,
          lineNo,
          'bad-json',
          end === start ? 'empty line' : hasNul ? 'not valid JSON (NUL bytes)' : 'not valid JSON',
          { detail: end === start ? 'empty' : hasNul ? 'NUL' : '' },
          this.terminal,
        ),
      );
      this.afterBad(null);
      return null;
    }
    const fast = this.fast;
    const parsed = fast(json) ? FAST_OK(json as LogRecord) : LogRecord.safeParse(json);
    if (!parsed.success) {
      const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
      // Its session and terminal as the line names them, when they are of the right shape (a bad
      // line's values are not shown or used as they are).
      const session = SESSION_ID.safeParse(o.session).success ? (o.session as string) : undefined;
      const terminal = LoggedId.safeParse(o.terminal).success ? (o.terminal as string) : this.terminal;
      const seq = Number.isSafeInteger(o.seq) ? (o.seq as number) : null;
      if (typeof o.v === 'number' && o.v !== RECORD_VERSION) {
        out.push(
          problem(file, lineNo, 'unknown-version', `unknown record version ${o.v}`, { version: o.v }, terminal, session),
        );
      } else {
        const params = schemaParams(parsed.error, json);
        out.push(problem(file, lineNo, 'schema', `schema: ${params.detail}`, params, terminal, session));
      }
      this.afterBad(seq);
      return null;
    }
    const r = parsed.data;

    // An identical copy of a line already read (same seq, same bytes): skip it silently.
    if (this.known !== null && head.seq !== null && r.seq <= head.seq) {
      if (this.known.get(r.seq) === hash) {
        this.duplicates++;
        this.lastClean = true;
        return null;
      }
    }

    let code: ProblemCode | null = null;
    let text = '';
    let params: Record<string, string | number> = {};
    if (this.terminal !== undefined && r.terminal !== this.terminal) {
      code = 'terminal-mismatch';
      text = `record of terminal ${r.terminal} in the log of ${this.terminal}`;
      params = { found: r.terminal, expected: this.terminal };
    } else if (r.seq === 1 ? r.prev !== GENESIS : r.prev === GENESIS) {
      code = 'chain-break';
      text = r.seq === 1 ? 'chain break: seq 1 must have the genesis prev' : `chain break: genesis prev at seq ${r.seq}`;
      params = r.seq === 1
        ? { seq: r.seq, before: '-', expected: GENESIS.slice(0, 12), found: r.prev.slice(0, 12) }
        : { seq: r.seq, before: this.lastAt ? String(this.lastAt.line) : '?', expected: (head.hash ?? '?').slice(0, 12), found: GENESIS.slice(0, 12) };
    } else if (head.seq !== null && r.seq !== head.seq + 1) {
      const expected = head.seq + 1;
      code = r.seq > expected ? 'seq-gap' : 'seq-repeat';
      text =
        r.seq > expected
          ? `seq gap: expected ${expected}, found ${r.seq}`
          : `seq repeated or out of order: expected ${expected}, found ${r.seq}`;
      params = { expected, found: r.seq };
    } else if (head.hash !== null && r.prev !== head.hash) {
      // Which two lines, and what was expected: the changed record is usually the one before.
      const before = this.lastAt ? `${this.lastAt.file === file ? '' : `${this.lastAt.file}:`}${this.lastAt.line}` : '?';
      code = 'chain-break';
      text = `chain break between line ${before} and this line: prev should be ${head.hash.slice(0, 12)}…, is ${r.prev.slice(0, 12)}…`;
      params = { seq: r.seq, before, expected: head.hash.slice(0, 12), found: r.prev.slice(0, 12) };
    }
    if (code !== null) {
      out.push(problem(file, lineNo, code, text, params, r.terminal, r.session ?? undefined));
      this.lastClean = false;
    } else {
      this.lastClean = true;
    }
    if (this.known !== null) this.known.set(r.seq, hash);
    // Time going backwards by more than a clock correction: the terminal's clock was set back, and
    // the times of what follows mislead. (Compared as strings first: equal offsets sort as text.)
    const lastTs = this.lastTs;
    if (lastTs !== null && r.ts < lastTs) {
      const back = Date.parse(lastTs) - Date.parse(r.ts);
      if (back > CLOCK_BACK_MS) {
        out.push(problem(file, lineNo, 'clock-back', `time goes back ${Math.round(back / 60_000)} min (previous record: ${lastTs})`, { minutes: Math.round(back / 60_000), previous: lastTs }, r.terminal, r.session ?? undefined));
      }
    }
    this.lastTs = r.ts;
    this.lastAt = { file, line: lineNo };
    this.head = { seq: r.seq, hash };
    // Made whole here, with its group, so every record item has one shape (no later property added).
    out.push({ kind: 'record', file, line: lineNo, record: r, hash, start: base + start, end: base + end + 1, group: this.terminal });
    return r;
  }

  /** Where the verifier stands, as plain data (the archive goes on from it at the next collect). */
  snapshot(): VerifierSnapshot {
    return { seq: this.head.seq, hash: this.head.hash, lastTs: this.lastTs, lastAt: this.lastAt, lastClean: this.lastClean };
  }

  static from(s: VerifierSnapshot, terminal: string): ChainVerifier {
    const v = new ChainVerifier({ seq: s.seq, hash: s.hash }, terminal);
    v.lastTs = s.lastTs;
    v.lastAt = s.lastAt;
    v.lastClean = s.lastClean;
    return v;
  }

  /** After a line that is not a valid record: its seq (if readable) stands, its prev cannot be checked. */
  private afterBad(seq: number | null): void {
    this.head = { seq, hash: null };
    this.lastClean = false;
  }

  /** An unterminated last line: never a record, and the chain head does not move. */
  torn(bytes: number, file: string, lineNo: number, out: ReadItem[]): void {
    out.push(
      problem(file, lineNo, 'torn-tail', `torn tail: ${bytes} bytes without a final newline`, { bytes }, this.terminal),
    );
    this.lastClean = false;
  }

  tooLong(file: string, lineNo: number, out: ReadItem[]): void {
    out.push(
      problem(file, lineNo, 'line-too-long', `line longer than ${MAX_LINE_BYTES} bytes`, { max: MAX_LINE_BYTES }, this.terminal),
    );
    this.afterBad(null);
  }
}

export interface VerifierSnapshot {
  seq: number | null;
  hash: string | null;
  lastTs: string | null;
  lastAt: { file: string; line: number } | null;
  lastClean: boolean;
}
