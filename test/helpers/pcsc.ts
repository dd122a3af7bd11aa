// A private PC/SC stack for a test: its own pcscd (never the system one) with the virtual reader
// driver (vsmartcard-vpcd) listening on a free TCP port, and the virtual card (vicc, from
// vsmartcard-vpicc) connected to it to insert a card and killed to remove it. Every wait polls
// the real state through src/reader/pcsc.ts's listReaders.
//
// The socket: libpcsclite reads PCSCLITE_CSOCK_NAME once per process (and keeps it), so this
// module sets it, to a folder of this test file's own, when it is imported, before any test loads
// the binding; every pcscd started here listens there. pcscd 1.9 does not read that variable
// itself: it is handed the socket already listening, the way systemd's socket activation does
// (LISTEN_FDS), by a few lines of python3 (which vicc needs anyway) that then exec pcscd.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { listReaders, type ReaderList } from '../../src/reader/pcsc.js';

const PCSCD = '/usr/sbin/pcscd';
const VICC = '/usr/bin/vicc';
const PYTHON = '/usr/bin/python3';
/** The driver vsmartcard-vpcd installs (`dpkg -L vsmartcard-vpcd`). */
const VPCD = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
/** Debian 12 installs the emulator's package one folder too deep for vicc to import it. */
const VICC_PACKAGE_DIR = '/usr/lib/python3/site-packages/virtualsmartcard';

const root = mkdtempSync(path.join(os.tmpdir(), 'cc-pcsc-'));
/** This process's PC/SC socket (see above). */
export const PCSC_SOCKET = path.join(root, 'pcscd.comm');
process.env.PCSCLITE_CSOCK_NAME = PCSC_SOCKET;

const ACTIVATE = `
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
s.listen(64)
if s.fileno() != 3:
    os.dup2(s.fileno(), 3)
os.set_inheritable(3, True)
os.environ['LISTEN_FDS'] = '1'
os.environ['LISTEN_PID'] = str(os.getpid())
os.execv(sys.argv[2], sys.argv[2:])
`;

/** Why the private stack cannot run here (a missing package), or null when it can. */
export function pcscAvailable(): string | null {
  for (const [file, pkg] of [[PCSCD, 'pcscd'], [VPCD, 'vsmartcard-vpcd'], [VICC, 'vsmartcard-vpicc'], [PYTHON, 'python3']] as const) {
    if (!existsSync(file)) return `${file} is missing (apt-get install ${pkg})`;
  }
  const binding = path.resolve(import.meta.dirname, '../../node_modules/@pokusew/pcsclite/build/Release/pcsclite.node');
  if (!existsSync(binding)) return 'the PC/SC binding is not built (apt-get install libpcsclite-dev, then npm ci)';
  return null;
}

let viccPath: string | undefined;
/** PYTHONPATH for vicc: the emulator's package where Debian put it, and `Crypto` for pycryptodome's `Cryptodome`. */
function viccPythonPath(): string {
  if (viccPath !== undefined) return viccPath;
  const dirs: string[] = [];
  if (existsSync(path.join(VICC_PACKAGE_DIR, 'virtualsmartcard'))) dirs.push(VICC_PACKAGE_DIR);
  const can = (module: string) => spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
  if (!can('Crypto') && can('Cryptodome')) {
    const shim = path.join(root, 'shim');
    mkdirSync(path.join(shim, 'Crypto'), { recursive: true });
    writeFileSync(path.join(shim, 'Crypto', '__init__.py'), 'import sys, Cryptodome\nsys.modules[__name__] = Cryptodome\n');
    dirs.push(shim);
  }
  viccPath = [...dirs, process.env.PYTHONPATH ?? ''].filter((d) => d !== '').join(':');
  return viccPath;
}

/** A TCP port free on localhost, with the next one free too (vpcd opens two slots: port and port+1). */
async function freePortPair(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
  for (let i = 0; i < 50; i++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    if ((await free(port)) && (await free(port + 1))) return port;
  }
  throw new Error('no free port pair for vpcd');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls listReaders until `ok` holds for what it says, or throws after `timeoutMs` with the last answer. */
export async function waitForReaders(ok: (list: ReaderList) => boolean, timeoutMs = 5000): Promise<ReaderList> {
  const end = Date.now() + timeoutMs;
  let list: ReaderList = { unavailable: 'no-service' };
  while (Date.now() < end) {
    list = await listReaders(1500);
    if (ok(list)) return list;
    await sleep(100);
  }
  throw new Error(`PC/SC did not reach the state waited for; last: ${JSON.stringify(list)}`);
}

const cardIn = (list: ReaderList, reader: string): boolean | undefined =>
  'readers' in list ? list.readers.find((r) => r.name === reader)?.card : undefined;

export interface PrivatePcsc {
  /** The environment a child process needs to use this pcscd. */
  env: Record<string, string>;
  /** The virtual reader's PC/SC name (its first slot). */
  readerName: string;
  /** Every reader this pcscd offers (vpcd has two slots). */
  readerNames: string[];
  insertCard(): Promise<void>;
  removeCard(): Promise<void>;
  stop(): Promise<void>;
}

const running = new Set<PrivatePcsc>();

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });

async function kill(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined) return;
  const gone = exited(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await gone;
  clearTimeout(timer);
}

/**
 * Starts a private pcscd with one virtual reader (`friendlyName`, PC/SC name `<friendlyName> 00 00`)
 * and waits until PC/SC lists it with no card. One at a time per test file (they share the socket).
 */
export async function startPcsc(friendlyName = 'Virtual PCD'): Promise<PrivatePcsc> {
  const port = await freePortPair();
  const dir = mkdtempSync(path.join(root, 'pcscd-'));
  const conf = path.join(dir, 'reader.conf.d');
  mkdirSync(conf);
  writeFileSync(path.join(conf, 'vpcd'), `FRIENDLYNAME "${friendlyName}"\nDEVICENAME /dev/null:0x${port.toString(16).toUpperCase()}\nLIBPATH ${VPCD}\n`);
  writeFileSync(path.join(dir, 'activate.py'), ACTIVATE);
  rmSync(PCSC_SOCKET, { force: true });
  let output = '';
  const pcscd = spawn(PYTHON, [path.join(dir, 'activate.py'), PCSC_SOCKET, PCSCD, '--foreground', '--config', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  pcscd.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  pcscd.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const readerName = `${friendlyName} 00 00`;
  const readerNames = [readerName, `${friendlyName} 00 01`];
  let vicc: ChildProcess | undefined;

  const self: PrivatePcsc = {
    env: { PCSCLITE_CSOCK_NAME: PCSC_SOCKET },
    readerName,
    readerNames,
    async insertCard() {
      if (vicc !== undefined) return;
      vicc = spawn(VICC, ['--type', 'iso7816', '--hostname', '127.0.0.1', '--port', String(port)], {
        stdio: 'ignore',
        env: { ...process.env, PYTHONPATH: viccPythonPath() },
      });
      await waitForReaders((l) => cardIn(l, readerName) === true);
    },
    async removeCard() {
      await kill(vicc);
      vicc = undefined;
      await waitForReaders((l) => cardIn(l, readerName) === false);
    },
    async stop() {
      running.delete(self);
      await kill(vicc);
      vicc = undefined;
      await kill(pcscd);
      rmSync(PCSC_SOCKET, { force: true });
    },
  };
  running.add(self);
  try {
    await waitForReaders((l) => cardIn(l, readerName) === false);
  } catch (e) {
    await self.stop();
    throw new Error(`private pcscd did not come up: ${(e as Error).message}\n${output}`);
  }
  return self;
}

afterEach(async () => {
  for (const p of [...running]) await p.stop();
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});
