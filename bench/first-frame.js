// Time from spawn to first frame in a real pseudo-terminal, for the kiosk and for a bare Ink hello.
import { spawn } from 'node-pty';

/** Milliseconds until `marker` appears in the output of `args`, run in an 80×24 pty. */
export function timeToText(args, marker, env = {}) {
  return new Promise((resolve, reject) => {
    const childEnv = { ...process.env, TERM: 'xterm-256color', NODE_ENV: 'production', ...env };
    delete childEnv.CI;
    const t0 = performance.now();
    const pty = spawn(process.execPath, args, { cols: 80, rows: 24, env: childEnv });
    let out = '';
    const timer = setTimeout(() => {
      pty.kill('SIGKILL');
      reject(new Error(`no "${marker}" within 20 s: ${out.slice(-300)}`));
    }, 20_000);
    pty.onData((d) => {
      out += d;
      if (out.includes(marker)) {
        const ms = performance.now() - t0;
        clearTimeout(timer);
        pty.kill('SIGKILL');
        resolve(ms);
      }
    });
  });
}
