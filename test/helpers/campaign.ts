// The fault campaign's world: the real kiosk controller, connection, lock and log writer over an
// in-memory file system (helpers/memfs.ts), fed raw terminal bytes through Ink's own tokenizer and
// the kiosk's key decoder — everything the kiosk process does but drawing. Commands type keys and
// pastes, move the clock, break the disk in every way we know, start a second kiosk, kill the
// kiosk (mid-write too) and cut the power; after every command the safety invariants are checked
// on the files themselves.
import { createInputParser } from '../../node_modules/ink/build/input-parser.js';
import { expect } from 'vitest';
import { loadChecklistFile, shippedChecklistDir } from '../../src/checklist/load.js';
import type { LoadedChecklist } from '../../src/checklist/schema.js';
import { UserError } from '../../src/errors.js';
import { KioskLog } from '../../src/kiosk/connection.js';
import { KioskController } from '../../src/kiosk/controller.js';
import type { ProcessFacts } from '../../src/log/lock.js';
import type { LogRecord, NewRecord } from '../../src/domain/record.js';
import { describeLogError } from '../../src/log/writer.js';
import { isValidMyNumber } from '../../src/pii/mynumber.js';
import { initialModel, sessionOf, type KioskConfig, type KioskModel } from '../../src/session/kiosk.js';
import { decode, INITIAL_INPUT, type InputState, type Key } from '../../src/tui/keys.js';
import path from 'node:path';
import { MemFs, type Fault } from './memfs.js';
import { readTerminalBuffer } from '../../src/log/reader.js';
import { fingerprint, newKey } from '../../src/seal/key.js';
import { TerminalKey } from '../../src/seal/state.js';

export const DIR = '/data/logs';
export const TERMINAL = 'T-01';
const FOLDER = `${DIR}/${TERMINAL}`;

export interface Figures {
  runs: number;
  steps: number;
  sessionsStarted: number;
  logouts: number;
  recoveries: number;
  repairs: number;
  faultsInjected: number;
  failuresShown: number;
  retries: number;
  kills: number;
  killsMidWrite: number;
  powerCuts: number;
  secondKiosksRefused: number;
  pastes: number;
  myNumbersTyped: number;
  /** The most seals one run's log reached. */
  seals: number;
  sealedRuns: number;
}

export const newFigures = (): Figures => ({
  runs: 0,
  steps: 0,
  sessionsStarted: 0,
  logouts: 0,
  recoveries: 0,
  repairs: 0,
  faultsInjected: 0,
  failuresShown: 0,
  retries: 0,
  kills: 0,
  killsMidWrite: 0,
  powerCuts: 0,
  secondKiosksRefused: 0,
  pastes: 0,
  myNumbersTyped: 0,
  seals: 0,
  sealedRuns: 0,
});

let flows: LoadedChecklist[] | undefined;
function shippedFlows(): LoadedChecklist[] {
  flows ??= ['mynapoint-support', 'kokin-koza-support'].map((id) => loadChecklistFile(path.join(shippedChecklistDir(), `${id}.json`)));
  return flows;
}

/** One kiosk process: its pid, its controller, and its key decoder state. */
interface Proc {
  pid: number;
  controller: KioskController;
  log: KioskLog;
  parser: ReturnType<typeof createInputParser>;
  input: InputState;
}

/** The records a kind of key press can cause (one per key at most). */
const CONFIRMING = new Set(['sign-in', 'sign-out', 'session-start', 'step', 'interrupt', 'logout']);

export class World {
  readonly mem = new MemFs();
  /** The kiosk process running on the terminal, if any. */
  kiosk: Proc | null = null;
  private readonly live = new Set<number>();
  private nextPid = 1000;
  now = Date.parse('2026-11-30T09:00:00+09:00');
  /** Every record a kiosk was told was durable (by seq): never lost, never changed. */
  private readonly acked = new Map<number, string>();
  /** Digits of every My Number typed: none may appear in any file. */
  private readonly typed = new Set<string>();
  private ids = 0;
  /** When the terminal is enrolled for sealing: its key store and the supervisor's K0. */
  readonly seal: { store: TerminalKey; keys: Map<string, Buffer> } | null;

  constructor(readonly figures: Figures, private readonly rand: () => number, sealed = false) {
    this.mem.mkdirs(DIR);
    if (sealed) {
      const store = new TerminalKey(`/data/state/seal/${TERMINAL}.json`, TERMINAL, this.mem);
      const k0 = newKey();
      store.write({ fingerprint: fingerprint(k0), epoch: 0, key: k0 }, 'enrolled');
      this.seal = { store, keys: new Map([[fingerprint(k0), k0]]) };
    } else this.seal = null;
    this.start();
  }

  private facts(pid: number): ProcessFacts {
    return { pid, host: 'counter-pc', boot: 'boot-1', alive: (p) => this.live.has(p) };
  }

  /** Start a kiosk process; false when the lock refused it (another kiosk runs). */
  start(): boolean {
    const pid = this.nextPid++;
    const facts = this.facts(pid);
    const flowsNow = shippedFlows();
    const config: KioskConfig = {
      terminal: TERMINAL,
      flows: flowsNow.map((f) => ({ checklist: f.checklist, sha256: f.sha256 })),
      operatorPattern: '^[A-Za-z0-9-]{2,16}$',
      idleLimitMs: 5 * 60_000,
      summaryMs: 10_000,
      kioskLock: false,
    };
    const log = new KioskLog({
      dir: DIR,
      terminal: TERMINAL,
      io: this.mem,
      now: () => new Date(this.now),
      proc: facts,
      checklists: flowsNow,
      fallback: flowsNow[0]!,
      ...(this.seal ? { seal: this.seal.store } : {}),
    });
    const acked = this.acked;
    const port = {
      connect: () => log.connect(),
      appendAll: (records: readonly NewRecord[]) => {
        const written = log.appendAll(records);
        for (const r of written) acked.set(r.seq, JSON.stringify(r));
        return written;
      },
      close: () => log.close(),
    };
    const controller = new KioskController({
      model: initialModel(config, { now: this.now }),
      log: port,
      now: () => this.now,
      newId: () => `00000000-0000-4000-8000-${String(++this.ids).padStart(12, '0')}`,
      checkPin: () => false,
      describe: (e) => describeLogError(e, 'en'),
    });
    this.live.add(pid);
    try {
      controller.start();
    } catch (e) {
      this.live.delete(pid);
      if (e instanceof UserError && e.key === 'kiosk.locked') return false;
      throw e;
    }
    const proc: Proc = { pid, controller, log, parser: createInputParser(), input: INITIAL_INPUT };
    const first = this.kiosk;
    if (first) {
      if (controller.getModel().logError) {
        // It could not even look at the lock (its disk failed first): it shows that error and can
        // write nothing. Closed by its user.
        this.live.delete(pid);
        return false;
      }
      // It got the log: then the first kiosk cannot have held it (it failed before it could), and
      // it must not get it now: its retry is refused while this one runs.
      expect(first.controller.getModel().logError, `a second kiosk (pid ${pid}) started while pid ${first.pid} holds the log`).not.toBeNull();
      first.controller.key({ name: 'text', text: 'r' });
      expect(first.controller.getModel().logError, `pid ${first.pid} got the log back while pid ${pid} holds it`).not.toBeNull();
      this.live.delete(first.pid);
    }
    this.kiosk = proc;
    return true;
  }

  get model(): KioskModel | null {
    return this.kiosk?.controller.getModel() ?? null;
  }

  /**
   * Raw bytes into the kiosk, one read per chunk. `presses` is how many keys the person pressed
   * (0 for a paste): the invariants count confirmations against it, not against what the decoder made.
   */
  input(chunks: readonly string[], presses: number): number {
    const k = this.kiosk;
    if (!k) return presses;
    const keys: Key[] = [];
    for (const chunk of chunks) {
      for (const token of k.parser.push(chunk)) {
        const r = decode(k.input, token);
        k.input = r.state;
        keys.push(...r.keys);
      }
    }
    const pending = k.parser.flushPendingEscape();
    if (pending) {
      const r = decode(k.input, pending);
      k.input = r.state;
      keys.push(...r.keys);
    }
    for (const key of keys) k.controller.key(key);
    return presses;
  }

  noteTyped(digits: string): void {
    if (isValidMyNumber(digits)) {
      this.typed.add(digits);
      this.figures.myNumbersTyped++;
    }
  }

  tick(ms: number): void {
    this.now += ms;
    this.kiosk?.controller.tick();
  }

  inject(op: Parameters<MemFs['inject']>[0], fault: Fault): void {
    this.mem.inject(op, fault);
    this.figures.faultsInjected++;
  }

  /** The kiosk process dies (SIGKILL, a crash of the program): the OS keeps what was written. */
  kill(): void {
    if (!this.kiosk) return;
    this.live.delete(this.kiosk.pid);
    this.kiosk = null;
    this.mem.kill();
    this.mem.clearFaults();
    this.figures.kills++;
  }

  /** A power cut: the machine goes down with the kiosk; only what was fsynced is sure to be there. */
  powerCut(): void {
    this.kill();
    this.mem.readOnly = false;
    this.mem.spaceLeft = null;
    this.mem.crash(this.rand);
    this.figures.powerCuts++;
  }

  // ---- the invariants, on the files ---------------------------------------------------------------

  /** Every valid record line of the terminal's day files, in file and line order. */
  records(): LogRecord[] {
    const out: LogRecord[] = [];
    for (const file of this.mem.files()) {
      if (!file.startsWith(`${FOLDER}/`) || !/\/\d{4}-\d{2}-\d{2}\.jsonl$/.test(file)) continue;
      for (const line of this.mem.read(file).toString('utf8').split('\n')) {
        if (line === '') continue;
        try {
          out.push(JSON.parse(line) as LogRecord);
        } catch {
          // a torn tail, until the next open moves it aside
        }
      }
    }
    return out;
  }

  check(before: readonly LogRecord[], presses: number | null): LogRecord[] {
    const records = this.records();
    // No two records with one seq.
    const seqs = records.map((r) => r.seq);
    expect(new Set(seqs).size, 'two records share a seq').toBe(seqs.length);
    // Nothing acknowledged is lost or changed.
    const bySeq = new Map(records.map((r) => [r.seq, JSON.stringify(r)]));
    for (const [seq, line] of this.acked) expect(bySeq.get(seq), `acknowledged record seq ${seq}`).toBe(line);
    // No session starts while an earlier one of the terminal has no logout.
    const open = new Set<string>();
    for (const r of records) {
      if (r.session === null) continue;
      if (r.type === 'session-start') {
        expect([...open], `session-start of ${r.session} at seq ${r.seq} while open`).toEqual([]);
      }
      if (r.type === 'logout') open.delete(r.session);
      else open.add(r.session);
    }
    // What the screen shows is what the log holds.
    const m = this.model;
    if (m && !m.logError) {
      const session = sessionOf(m);
      if (session) {
        const disk = records.filter((r) => r.session === session.id).map((r) => [r.type, r.payload]);
        expect(JSON.stringify(disk), 'the screen shows a session the log does not hold').toBe(
          JSON.stringify(session.records.map((r) => [r.type, r.payload])),
        );
        const queue = m.screen.name === 'recovery' ? m.screen.queue : [];
        const others = [...open].filter((id) => id !== session.id && !queue.some((q) => q.id === id));
        expect(others, 'an open session the screen does not know').toEqual([]);
      } else {
        expect([...open], 'Ready (or sign-in, or the summary) with a session open in the log').toEqual([]);
      }
    }
    // Each confirmation comes from its own key press; a paste confirms nothing.
    if (presses !== null) {
      const fresh = records.filter((r) => !before.some((b) => b.seq === r.seq) && CONFIRMING.has(r.type));
      expect(fresh.length, 'more confirmations than key presses').toBeLessThanOrEqual(presses);
    }
    // Sealed: every seal verifies with the supervisor's key, its epoch the one after the last.
    if (this.seal) {
      const days = this.mem.files().filter((f) => f.startsWith(`${FOLDER}/`) && /\/\d{4}-\d{2}-\d{2}\.jsonl$/.test(f));
      const all = Buffer.concat(days.map((f) => this.mem.read(f)));
      const items = readTerminalBuffer(TERMINAL, `${FOLDER}/all`, all, this.seal.keys);
      const bad = items.filter((i) => i.kind === 'problem' && i.code.startsWith('seal-'));
      expect(bad.map((b) => b.kind === 'problem' && b.problem), 'a seal that does not verify').toEqual([]);
      const epochs = items.flatMap((i) => (i.kind === 'record' && i.record.type === 'seal' ? [i.record.payload.epoch] : []));
      expect(epochs, 'seal epochs one after the other').toEqual(epochs.map((_, n) => n));
      this.figures.seals = Math.max(this.figures.seals, epochs.length);
    }
    // No My Number anywhere in any file (the .broken copies and the lock included): not as 12
    // digits in a row, and not in any shape a person writes one in (README, "My Number") in any
    // script inside a reason or note.
    for (const file of this.mem.files()) {
      const text = this.mem.read(file).toString('utf8');
      const free = [...text.matchAll(/"(?:reason|note)":"((?:[^"\\]|\\.)*)"/g)].flatMap((m) => writtenNumbers(JSON.parse(`"${m[1]}"`) as string));
      const runs = new Set(text.match(/[0-9]+/g) ?? []);
      for (const digits of this.typed) {
        expect(runs.has(digits), `a My Number in ${file}`).toBe(false);
        expect(free.includes(digits), `a My Number in a reason in ${file}`).toBe(false);
      }
    }
    return records;
  }
}

const KANJI = '〇一二三四五六七八九';
/** What joins digit groups into one written number: spaces, punctuation, dashes (ー − included). */
const JOINS = /[\s\p{P}\u2212\u30fc\uff70]/u;

/**
 * Every 12 digits of a text written the way a My Number is written down, as a person reads them
 * (full-width and kanji numerals too), coded apart from src/pii so that it checks it: digit groups
 * joined by spaces or punctuation make one number (a letter ends it); in a number, a group of 12
 * digits, or a run of 3, 2 or 4 groups of 4, 6 or 3 digits each.
 */
function writtenNumbers(text: string): string[] {
  const out: string[] = [];
  let groups: string[] = [];
  let group = '';
  const endNumber = () => {
    if (group !== '') groups.push(group);
    group = '';
    for (let i = 0; i < groups.length; ) {
      let j = i + 1;
      while (j < groups.length && groups[j]!.length === groups[i]!.length) j++;
      const length = groups[i]!.length;
      if (length === 12) out.push(...groups.slice(i, j));
      else if ((length === 3 || length === 4 || length === 6) && j - i === 12 / length) out.push(groups.slice(i, j).join(''));
      i = j;
    }
    groups = [];
  };
  for (const c of [...text.normalize('NFKC')]) {
    const digit = /[0-9]/.test(c) ? c : KANJI.includes(c) ? String(KANJI.indexOf(c)) : null;
    if (digit !== null) group += digit;
    else if (JOINS.test(c)) {
      if (group !== '') groups.push(group);
      group = '';
    } else endNumber();
  }
  endNumber();
  return out;
}
