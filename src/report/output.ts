// Buffered text output: many small writes become few large ones, and a slow reader (a pipe into
// `less`) holds the report back instead of letting the buffer grow.
import { UserError } from '../errors.js';

export type Sink = (chunk: string) => void | Promise<void>;

/** Thrown by a stream sink once the reader has gone away (EPIPE): the report stops quietly. */
export class OutputClosed extends Error {
  constructor() {
    super('output closed');
    this.name = 'OutputClosed';
  }
}

const CHUNK_CHARS = 64 * 1024;

export class Output {
  private parts: string[] = [];
  private chars = 0;

  constructor(private readonly sink: Sink) {}

  /** Adds text; returns a promise only when the buffer was handed on and the sink asks to wait. */
  write(text: string): void | Promise<void> {
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= CHUNK_CHARS) return this.flush();
  }

  flush(): void | Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.chars = 0;
    return this.sink(chunk);
  }
}

/**
 * A sink writing to a Node stream, waiting for `drain` when asked, failing with OutputClosed on EPIPE
 * and with a user error naming the cause on any other failure (`> file` on a full disk).
 */
export function streamSink(stream: NodeJS.WritableStream): Sink {
  let failure: Error | null = null;
  const waiting = new Set<() => void>();
  // Listening for 'error' also keeps an EPIPE (`report | head`) from becoming an uncaught exception.
  stream.on('error', (e: NodeJS.ErrnoException) => {
    failure = e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED' ? new OutputClosed() : new UserError('cli.error.output', { code: e.code ?? 'EIO' });
    for (const wake of waiting) wake();
  });
  return (chunk) => {
    if (failure) throw failure;
    if (stream.write(chunk)) return;
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        stream.off('drain', wake);
        waiting.delete(wake);
        if (failure) reject(failure);
        else resolve();
      };
      waiting.add(wake);
      stream.on('drain', wake);
    });
  };
}
