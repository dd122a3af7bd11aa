// `counter-checklist verify [PATH...]`: every problem the reader finds (schema, seq, hash chain
// within and across a terminal's files, torn tails) as `file:line: problem`, then the head anchors.
// The CLI exits 1 when anything was found, 0 when clean.
import type { Locale } from '../i18n/locale.js';
import { UserError } from '../errors.js';
import { printable } from '../domain/text.js';
import { effectiveLogDir, loadSettings } from '../config/store.js';
import { translator } from '../i18n/index.js';
import { hashLine } from '../log/chain.js';
import { collectLogFiles, groupByTerminal, type SealStatus } from '../log/reader.js';
import { readGroups } from '../parallel/groups.js';
import { stateDir } from '../config/paths.js';
import { enrolledKeys } from '../seal/state.js';
import { isoWithOffset } from '../log/time.js';
import { describeProblem } from '../report/problems.js';
import { Output, OutputClosed, streamSink } from '../report/output.js';
import { anchorsFile, judgeAnchor, loadAnchors, readLineBytes, saveAnchors, type Anchor, type TerminalSpan } from './anchors.js';

export interface VerifyIo {
  stdout: NodeJS.WritableStream;
  err(text: string): void;
}

export interface VerifyResult {
  problems: number;
  files: number;
  records: number;
  terminals: number;
}

export const verifyHelp = (locale: Locale): string => translator(locale)('verify.help', { file: anchorsFile() });

export interface VerifyOptions {
  /** Only these terminals' logs: the others' remembered heads are not asked for. */
  terminals?: readonly string[];
}

export async function runVerifyCommand(
  paths: readonly string[],
  io: VerifyIo,
  locale: Locale,
  now: () => Date = () => new Date(),
  opts: VerifyOptions = {},
): Promise<VerifyResult> {
  const tr = translator(locale);
  const roots = paths.length > 0 ? paths : [effectiveLogDir(loadSettings())];
  const only = opts.terminals && opts.terminals.length > 0 ? new Set(opts.terminals) : null;
  const all = collectLogFiles(roots);
  const groups = only ? groupByTerminal(all) : null;
  // A terminal asked for that has no logs here (a typo): said, never "no problems" over nothing.
  const absent = only ? [...only].filter((t) => !groups!.has(t)) : [];
  if (absent.length > 0) throw new UserError('verify.error.noTerminal', { terminal: absent.join(', '), found: [...groups!.keys()].join(', ') || '-' });
  const files = groups ? [...groups].filter(([t]) => only!.has(t)).flatMap(([, es]) => es.map((e) => e.file)) : all;
  const stateFile = anchorsFile();
  const anchors = loadAnchors(stateFile);
  const out = new Output(streamSink(io.stdout));
  const result: VerifyResult = { problems: 0, files: files.length, records: 0, terminals: 0 };
  const spans = new Map<string, TerminalSpan>();
  const seals: SealStatus[] = [];
  const sealKeys = enrolledKeys(stateDir());
  try {
    if (files.length > 0) {
      // Terminal by terminal (on worker threads when the logs are big): each one's problems in
      // order, and where its records stand.
      for await (const group of readGroups(files, { fold: false, sealKeys, anchors })) {
        seals.push(group.seals);
        result.records += group.records;
        // The kiosk never deletes a log file, so a terminal's whole log starts at seq 1. A set
        // starting later lost its first records (or was given without its older files): the chain
        // before it cannot be checked, so verify does not call it clean. Said where its first
        // record is, among the other problems.
        const starts = group.spans.filter((s) => !spans.has(s.terminal) && s.first.seq !== 1).sort((a, b) => a.first.at - b.first.at);
        let next = 0;
        const lines: string[] = [];
        for (let i = 0; i <= group.problems.length; i++) {
          for (; next < starts.length && starts[next]!.first.at === i; next++) {
            const s = starts[next]!;
            result.problems++;
            lines.push(printable(tr('verify.problem', { file: s.first.file, line: s.first.line, problem: tr('verify.chainStart', { seq: s.first.seq, terminal: s.terminal }) })));
          }
          const p = group.problems[i];
          if (p) {
            result.problems++;
            lines.push(describeProblem(tr, p));
          }
        }
        for (const line of lines) {
          const wait = out.write(`${line}\n`);
          if (wait) await wait;
        }
        for (const s of group.spans) {
          const span = spans.get(s.terminal);
          if (!span) {
            spans.set(s.terminal, { minSeq: s.minSeq, maxSeq: s.maxSeq, file: s.file, line: s.line, ts: s.ts, linked: s.linked });
            continue;
          }
          if (s.minSeq < span.minSeq) span.minSeq = s.minSeq;
          if (s.maxSeq > span.maxSeq) Object.assign(span, { maxSeq: s.maxSeq, file: s.file, line: s.line, ts: s.ts });
          if (s.linked) span.linked = true;
        }
      }
    }
    result.terminals = spans.size;

    // The heads: each terminal's newest record against the anchor seen before.
    const seenAt = isoWithOffset(now());
    let changed = false;
    for (const [terminal, span] of spans) {
      const head: Anchor = { seq: span.maxSeq, hash: hashLine(readLineBytes(span.file, span.line)), ts: span.ts, file: span.file, seenAt };
      const verdict = judgeAnchor(anchors.get(terminal), span, head);
      if (verdict.kind === 'missing') {
        result.problems++;
        const { seq, ts } = verdict.anchor;
        await out.write(`${printable(tr('verify.problemNoLine', { file: span.file, problem: tr('verify.anchor.missing', { terminal, seq, ts }) }))}\n`);
        continue;
      }
      if (verdict.kind === 'not-checked') io.err(tr('verify.anchor.notChecked', { terminal, seq: verdict.anchor.seq }));
      if (anchors.get(terminal)?.hash !== verdict.next.hash || anchors.get(terminal)?.seq !== verdict.next.seq) {
        anchors.set(terminal, verdict.next);
        changed = true;
      }
    }
    // A terminal seen before whose logs are not here at all (a day file emptied, files or the whole
    // folder deleted): as bad as its newest records removed, unless only other terminals were asked for.
    for (const [terminal, anchor] of anchors) {
      if (spans.has(terminal) || (only && !only.has(terminal))) continue;
      result.problems++;
      const wait = out.write(`${printable(tr('verify.anchor.gone', { terminal, seq: anchor.seq, ts: anchor.ts, file: anchor.file }))}\n`);
      if (wait) await wait;
    }

    if (changed) {
      try {
        saveAnchors(stateFile, anchors);
      } catch (e) {
        // The check itself stands; only the memory of it for next time is lost: say so, go on.
        io.err(tr('verify.anchor.saveFailed', { code: (e as NodeJS.ErrnoException).code ?? String(e), file: stateFile }));
      }
    }

    // How each terminal's seals stand: checked up to where, what is not sealed yet, what could not be checked.
    const unsealedTerminals: string[] = [];
    for (const s of seals) {
      // Seals taken out: an enrolled terminal with none in its logs (logouts left without theirs
      // after a seal or the enrolment are the reader's `seal-missing` problem, listed above).
      if (s.records > 0 && s.seals === 0 && s.init !== true && sealKeys.has(s.terminal)) {
        result.problems++;
        await out.write(`${tr('verify.seal.missing', { terminal: s.terminal })}\n`);
        continue;
      }
      // The last record an end whose seal is not there, after one already without: the reader
      // says a second only once a record follows it, so the end of the logs is asked here.
      if (s.pendingEnd && s.unsealedEnds === 1) {
        result.problems++;
        await out.write(`${tr('verify.seal.missingSince', { terminal: s.terminal, n: 2, seq: s.sealedTo })}\n`);
        continue;
      }
      if (s.seals === 0) {
        // (a folder that held no record is not a terminal to seal; one whose enrolment is in its
        // logs is not "not sealed": its seals are due, or gone, which `seal-missing` says above)
        if (s.records > 0 && s.init !== true) unsealedTerminals.push(s.terminal);
        continue;
      }
      if (!s.keyed) {
        io.err(tr('verify.seal.noKey', { terminal: s.terminal }));
        continue;
      }
      if (s.sealedTo > 0) await out.write(`${tr('verify.seal.sealed', { terminal: s.terminal, to: s.sealedTo, seals: s.seals })}\n`);
      if (s.unsealed > 0) io.err(tr('verify.seal.unsealed', { terminal: s.terminal, n: s.unsealed }));
    }
    if (unsealedTerminals.length > 0) io.err(tr('verify.seal.none', { terminals: unsealedTerminals.join(', ') }));

    const counts = {
      problems: result.problems.toLocaleString('en-US'),
      files: result.files.toLocaleString('en-US'),
      records: result.records.toLocaleString('en-US'),
      terminals: result.terminals.toLocaleString('en-US'),
    };
    await out.write(`${tr(result.problems > 0 ? 'verify.found' : 'verify.ok', counts)}\n`);
    await out.flush();
  } catch (e) {
    if (!(e instanceof OutputClosed)) throw e;
  }
  return result;
}
