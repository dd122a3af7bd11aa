// `counter-checklist config set-pin`: asks the supervisor PIN twice without echo on a terminal, or
// reads one line from standard input when it is not one (scripted installs).
import { createInterface } from 'node:readline';
import { UserError } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';
import { normalizePin, pinFile, setPin } from './pin.js';

async function readHidden(prompt: string): Promise<string> {
  const { stdin, stdout } = process;
  stdout.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  let typed = '';
  try {
    for await (const chunk of stdin) {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n') return typed;
        if (ch === '\u0003') throw new UserError('config.pin.invalid');
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    }
    return typed;
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    stdout.write('\n');
  }
}

async function readLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

export async function runSetPin(locale: Locale): Promise<string> {
  let pin: string;
  if (process.stdin.isTTY) {
    pin = await readHidden(t(locale, 'config.pin.prompt'));
    if (normalizePin(pin) === null) throw new UserError('config.pin.invalid');
    const again = await readHidden(t(locale, 'config.pin.again'));
    if (normalizePin(again) !== normalizePin(pin)) throw new UserError('config.pin.mismatch');
  } else {
    pin = await readLine();
  }
  setPin(pin);
  return t(locale, 'config.pin.done', { file: pinFile() });
}
