// `counter-checklist config set-pin`: asks the supervisor PIN twice without echo on a terminal, or
// reads one line from standard input when it is not one (scripted installs).
//
// On a terminal, stdin is put in raw mode once for both prompts and read with one `data` listener
// (never `for await`: leaving that loop early destroys stdin, and the second prompt's read then
// aborts). Keys typed ahead (both PINs pasted at once) wait for the next prompt. Raw mode is
// switched off again however the prompts end.
import { createInterface } from 'node:readline';
import { StringDecoder } from 'node:string_decoder';
import { UserError } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';
import { normalizePin, pinFile, setPin } from './pin.js';

/** The streams set-pin talks to (process.stdin/stdout; tests pass their own). */
export interface PinIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: { write(text: string): unknown };
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u007f', '\b']);
/** Escape sequences of cursor and function keys: ignored, never part of a PIN. */
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?/gu;

/** Hidden line input on a raw-mode terminal: no echo, Backspace edits, Enter ends, Ctrl+C cancels. */
class HiddenInput {
  #buffered = '';
  #ended = false;
  #wake: (() => void) | undefined;
  readonly #decoder = new StringDecoder('utf8');
  readonly #onData = (chunk: Buffer | string) => {
    this.#buffered += (typeof chunk === 'string' ? chunk : this.#decoder.write(chunk)).replace(ESCAPE_SEQUENCE, '');
    this.#wake?.();
  };
  readonly #onEnd = () => {
    this.#ended = true;
    this.#wake?.();
  };

  constructor(private readonly io: PinIo) {
    const { stdin } = io;
    stdin.setRawMode?.(true);
    stdin.on('data', this.#onData);
    stdin.on('end', this.#onEnd);
    stdin.resume();
  }

  /** One hidden line; a UserError when cancelled (Ctrl+C, Ctrl+D, end of input). */
  async read(prompt: string): Promise<string> {
    this.io.stdout.write(prompt);
    let typed = '';
    try {
      for (;;) {
        while (this.#buffered !== '') {
          const ch = String.fromCodePoint(this.#buffered.codePointAt(0)!);
          this.#buffered = this.#buffered.slice(ch.length);
          if (ch === '\r' || ch === '\n') {
            if (ch === '\r' && this.#buffered.startsWith('\n')) this.#buffered = this.#buffered.slice(1); // CR LF is one Enter
            return typed;
          }
          if (ch === CTRL_C || ch === CTRL_D) throw new UserError('config.pin.cancelled');
          if (BACKSPACE.has(ch)) typed = Array.from(typed).slice(0, -1).join('');
          else if (ch >= ' ') typed += ch;
        }
        if (this.#ended) throw new UserError('config.pin.cancelled');
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
      }
    } finally {
      // The cursor stays after the prompt while typing; the next output starts on a new line.
      this.io.stdout.write('\n');
    }
  }

  close(): void {
    const { stdin } = this.io;
    stdin.removeListener('data', this.#onData);
    stdin.removeListener('end', this.#onEnd);
    stdin.pause();
    stdin.setRawMode?.(false);
  }
}

async function askTwice(io: PinIo, locale: Locale): Promise<string> {
  const input = new HiddenInput(io);
  try {
    const pin = await input.read(t(locale, 'config.pin.prompt'));
    if (normalizePin(pin) === null) throw new UserError('config.pin.invalid');
    const again = await input.read(t(locale, 'config.pin.again'));
    if (normalizePin(again) !== normalizePin(pin)) throw new UserError('config.pin.mismatch');
    return pin;
  } finally {
    input.close();
  }
}

async function readLine(stdin: NodeJS.ReadableStream): Promise<string> {
  const rl = createInterface({ input: stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

export async function runSetPin(locale: Locale, io: PinIo = process): Promise<string> {
  const pin = io.stdin.isTTY === true ? await askTwice(io, locale) : await readLine(io.stdin);
  setPin(pin);
  return t(locale, 'config.pin.done', { file: pinFile() });
}
