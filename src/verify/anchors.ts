// Head anchors (docs/evidence.md): a hash chain shows edits, insertions, deletions and reordering, but not
// the newest records cut off, nor a terminal's files rewritten from scratch with a fresh chain. So
// `verify` remembers, outside the terminal, the newest record it has seen per terminal (its seq and
// line hash) and checks that a later log set still holds it.
import * as fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { makePrivateDir } from '../config/fs-problem.js';
import { stateDir } from '../config/paths.js';
import { UserError } from '../errors.js';
import { Timestamp } from '../domain/record.js';

export const ANCHORS_FILE_NAME = 'heads.json';

export const Anchor = z.strictObject({
  seq: z.int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The record's own timestamp (shown in the warning). */
  ts: Timestamp,
  /** Where it was seen, and when (for the supervisor following up). */
  file: z.string(),
  seenAt: Timestamp,
});
export type Anchor = z.infer<typeof Anchor>;

const AnchorState = z.strictObject({ version: z.literal(1), terminals: z.record(z.string(), Anchor) });

export const anchorsFile = (): string => path.join(stateDir(), ANCHORS_FILE_NAME);

/** The anchors kept in `file`; none when it does not exist. A damaged file is a UserError naming it. */
export function loadAnchors(file: string): Map<string, Anchor> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return new Map();
    throw new UserError('verify.error.stateBad', { file, detail: code ?? String(e) });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError('verify.error.stateBad', { file, detail: 'JSON' });
  }
  const parsed = AnchorState.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError('verify.error.stateBad', { file, detail: issue ? issue.path.map(String).join('.') || issue.message : 'schema' });
  }
  return new Map(Object.entries(parsed.data.terminals));
}

/** Write the anchors atomically (temp file, fsync, rename): a crash leaves the old or the new file. */
export function saveAnchors(file: string, anchors: ReadonlyMap<string, Anchor>): void {
  // One folder at a time (a recursive mkdir says ENOENT on a read-only disk instead of EROFS).
  makePrivateDir(path.dirname(file));
  const terminals = Object.fromEntries([...anchors.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify({ version: 1, terminals }, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** What the logs given hold of one terminal, gathered while they stream past. */
export interface TerminalSpan {
  minSeq: number;
  maxSeq: number;
  /** File and line of the record with the highest seq (its bytes are hashed at the end). */
  file: string;
  line: number;
  ts: string;
  /** A record continues the anchor: seq anchor+1 whose prev is the anchor's hash. */
  linked: boolean;
}

export type AnchorVerdict =
  /** No anchor yet, or the anchor is there: `next` is the anchor to keep from now on. */
  | { kind: 'ok'; next: Anchor }
  /** The logs given start after the anchor: nothing to compare (not a problem). */
  | { kind: 'not-checked'; next: Anchor; anchor: Anchor }
  /** The anchor is gone: tail truncated or files rewritten. The old anchor is kept. */
  | { kind: 'missing'; anchor: Anchor };

/**
 * Compare a terminal's newest record (`head`, with its line hash) and span with its earlier anchor.
 * An anchor only moves forward, and never past a log set that lost it, so the warning repeats until
 * someone looks into it.
 */
export function judgeAnchor(anchor: Anchor | undefined, span: TerminalSpan, head: Anchor): AnchorVerdict {
  if (anchor === undefined) return { kind: 'ok', next: head };
  const newer = head.seq > anchor.seq ? head : anchor;
  if (span.linked || (head.seq === anchor.seq && head.hash === anchor.hash)) return { kind: 'ok', next: newer };
  if (span.minSeq > anchor.seq + 1) return { kind: 'not-checked', next: newer, anchor };
  return { kind: 'missing', anchor };
}

const NL = 10;

/** The bytes of line `lineNo` (1-based, without its newline) of `file`, read in chunks. */
export function readLineBytes(file: string, lineNo: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1024 * 1024);
    const parts: Buffer[] = [];
    let line = 1;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      let start = 0;
      while (start < n) {
        const nl = buf.indexOf(NL, start);
        const end = nl === -1 || nl >= n ? n : nl;
        if (line === lineNo) parts.push(Buffer.from(buf.subarray(start, end)));
        if (end === n) break;
        if (line === lineNo) return Buffer.concat(parts);
        line++;
        start = end + 1;
      }
    }
    return Buffer.concat(parts);
  } finally {
    fs.closeSync(fd);
  }
}
