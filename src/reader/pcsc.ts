// The card-reader edge: watches one PC/SC reader and sends the kiosk `ReaderState` messages
// (src/domain/reader.ts). It never throws into its caller and never lets the binding crash the
// process: the binding (@pokusew/pcsclite, an optional native addon) is loaded lazily and may be
// missing, the PC/SC service may be absent or go away, readers come and go.
//
// It only watches the reader's state (SCARD_STATE_PRESENT): it never connects to a card, so it can
// never disturb what the portal's own software does with the card.
import { connect } from 'node:net';
import type { CardReaderSetting, ReaderState } from '../domain/reader.js';

/** The part of @pokusew/pcsclite this edge uses (its own typings lean on `any`). */
export interface PcscReader {
  readonly name: string;
  readonly SCARD_STATE_PRESENT: number;
  on(event: 'status', listener: (status: { state: number }) => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  on(event: 'end', listener: () => void): this;
  removeAllListeners(): this;
  close(): void;
}
export interface PcscContext {
  on(event: 'reader', listener: (reader: PcscReader) => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  removeAllListeners(): this;
  close(): void;
}
/** The binding's export: establishes a PC/SC context (the constructor throws when it cannot). */
export type PcscBinding = () => PcscContext;

export interface WatchOptions {
  /** Loads the binding; null when it is not installed or not built. Tests replace it. */
  loadBinding?: () => Promise<PcscBinding | null>;
  /** How often an absent service is looked for again (ms). */
  retryMs?: number;
}

const BINDING = '@pokusew/pcsclite';
const RETRY_MS = 1000;
/** How long after the context is up before "no reader" is said (its readers arrive just after it). */
const SETTLE_MS = 300;
/** A reader that ends is looked at after this delay: if the whole service went, that is what is said. */
const END_DEBOUNCE_MS = 150;

/** The binding, or null when it cannot be loaded (an optional dependency that did not build). */
export async function loadPcscBinding(): Promise<PcscBinding | null> {
  try {
    const name = BINDING; // not a literal: the bundler and tsc must not require it to exist
    const mod = (await import(name)) as { default?: unknown };
    return typeof mod.default === 'function' ? (mod.default as PcscBinding) : null;
  } catch {
    return null;
  }
}

/**
 * Whether the PC/SC service answers. On Linux (pcsc-lite) this connects to pcscd's socket first,
 * because the binding's constructor retries forever, blocking the event loop, while there is no
 * service. Elsewhere there is no socket to look at and the binding is asked directly.
 */
export function pcscServiceUp(timeoutMs = 1000): Promise<boolean> {
  if (process.platform !== 'linux') return Promise.resolve(true);
  const path = process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';
  return new Promise((resolve) => {
    const socket = connect({ path });
    const done = (up: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(up);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const present = (reader: PcscReader, state: number) => (state & reader.SCARD_STATE_PRESENT) !== 0;

function closeQuietly(context: PcscContext, readers: Iterable<PcscReader>) {
  for (const r of readers) {
    try {
      r.removeAllListeners();
      r.on('error', () => {});
      r.close();
    } catch {
      // already gone
    }
  }
  try {
    context.removeAllListeners();
    context.on('error', () => {});
    context.close();
  } catch {
    // already gone
  }
}

/**
 * Watch the reader `setting` names and send its state whenever it changes (never the same state
 * twice in a row): `off` once (the binding is never loaded); `no-binding`; `no-service` while there
 * is no PC/SC service (looked for again every second, also after the service went away); `no-reader`
 * while the reader is not there; `sensed` with whether a card is present, at the start and on every
 * insert and removal; `lost` when the chosen reader disappears (sensed again when it comes back).
 * `auto` follows the first reader seen for as long as the watch lasts.
 */
export function watchReader(setting: CardReaderSetting, onState: (state: ReaderState) => void, options: WatchOptions = {}): { close(): void } {
  let closed = false;
  let last = '';
  const send = (state: ReaderState) => {
    const key = JSON.stringify(state);
    if (closed || key === last) return;
    last = key;
    try {
      onState(state);
    } catch {
      // the caller's trouble is not the reader's
    }
  };
  if (setting === 'off') {
    send({ sensed: false, reason: 'off' });
    return { close: () => void (closed = true) };
  }

  const retryMs = options.retryMs ?? RETRY_MS;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, f: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) f();
    }, ms);
    timer.unref();
    timers.add(timer);
    return timer;
  };
  let binding: PcscBinding | null = null;
  let context: PcscContext | null = null;
  let readers = new Map<string, { reader: PcscReader; card: boolean | undefined }>();
  let settled = false;
  let chosen: string | undefined;

  const evaluate = () => {
    if (closed || context === null) return;
    if (chosen === undefined) {
      chosen = setting === 'auto' ? readers.keys().next().value : readers.has(setting) ? setting : undefined;
      if (chosen === undefined) {
        if (settled) send({ sensed: false, reason: 'no-reader' });
        return;
      }
    }
    const entry = readers.get(chosen);
    if (entry === undefined) send({ sensed: false, reason: 'lost' });
    else if (entry.card !== undefined) send({ sensed: true, reader: chosen, card: entry.card });
  };

  const teardown = () => {
    if (context !== null) closeQuietly(context, [...readers.values()].map((e) => e.reader));
    context = null;
    readers = new Map();
    settled = false;
  };

  const serviceGone = () => {
    teardown();
    send({ sensed: false, reason: 'no-service' });
    later(retryMs, () => void open());
  };

  const open = async () => {
    if (binding === null) return;
    if (!(await pcscServiceUp())) return closed ? undefined : serviceGone();
    if (closed) return;
    let ctx: PcscContext;
    try {
      ctx = binding();
    } catch {
      return serviceGone();
    }
    context = ctx;
    ctx.on('error', () => {
      // Deferred: the binding is still inside its own callback. Said once, however often it fires.
      setImmediate(() => context === ctx && serviceGone());
    });
    ctx.on('reader', (reader) => {
      if (context !== ctx) return;
      const entry = { reader, card: undefined as boolean | undefined };
      readers.set(reader.name, entry);
      reader.on('status', (status) => {
        if (context !== ctx || readers.get(reader.name) !== entry) return;
        entry.card = present(reader, status.state);
        evaluate();
      });
      reader.on('error', () => {}); // its 'end' follows, or the context's error
      reader.on('end', () => {
        if (context !== ctx || readers.get(reader.name) !== entry) return;
        readers.delete(reader.name);
        later(END_DEBOUNCE_MS, () => context === ctx && evaluate());
      });
    });
    later(SETTLE_MS, () => {
      if (context !== ctx) return;
      settled = true;
      evaluate();
    });
  };

  void (async () => {
    binding = await (options.loadBinding ?? loadPcscBinding)().catch(() => null);
    if (closed) return;
    if (binding === null) return send({ sensed: false, reason: 'no-binding' });
    await open();
  })().catch(() => {
    // never into the caller
  });

  return {
    close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      teardown();
    },
  };
}

export interface SeenReader {
  name: string;
  card: boolean;
}
export type ReaderList = { readers: SeenReader[] } | { unavailable: 'no-binding' | 'no-service' };

/**
 * The readers PC/SC knows now and whether each holds a card: waits until every reader seen has
 * said its state and nothing new came for a moment, at most `timeoutMs`.
 */
export async function listReaders(timeoutMs: number, options: Pick<WatchOptions, 'loadBinding'> = {}): Promise<ReaderList> {
  const binding = await (options.loadBinding ?? loadPcscBinding)().catch(() => null);
  if (binding === null) return { unavailable: 'no-binding' };
  if (!(await pcscServiceUp(Math.min(timeoutMs, 1000)))) return { unavailable: 'no-service' };
  let context: PcscContext;
  try {
    context = binding();
  } catch {
    return { unavailable: 'no-service' };
  }
  const seen = new Map<string, { reader: PcscReader; card: boolean | undefined }>();
  return new Promise<ReaderList>((resolve) => {
    let quiet: NodeJS.Timeout | undefined;
    const finish = (result: ReaderList) => {
      clearTimeout(deadline);
      clearTimeout(quiet);
      closeQuietly(context, [...seen.values()].map((e) => e.reader));
      resolve(result);
    };
    const list = (): ReaderList => ({
      readers: [...seen].filter(([, e]) => e.card !== undefined).map(([name, e]) => ({ name, card: e.card === true })),
    });
    const settle = () => {
      clearTimeout(quiet);
      if ([...seen.values()].every((e) => e.card !== undefined)) quiet = setTimeout(() => finish(list()), SETTLE_MS);
    };
    const deadline = setTimeout(() => finish(list()), timeoutMs);
    context.on('error', () => finish({ unavailable: 'no-service' }));
    context.on('reader', (reader) => {
      const entry = { reader, card: undefined as boolean | undefined };
      seen.set(reader.name, entry);
      reader.on('error', () => {});
      reader.on('status', (status) => {
        entry.card = present(reader, status.state);
        settle();
      });
      settle();
    });
    settle();
  });
}
