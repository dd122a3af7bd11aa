// A test seam: `COUNTER_CHECKLIST_TEST_FAULT=write:N` or `fsync:N` makes the Nth write or fsync of
// the log fail once with EIO, so real-terminal tests can show that the kiosk never shows an unlogged
// step as done. Unset (always, outside tests), the writer uses node:fs directly.
import type { LogIo } from './writer.js';

export const FAULT_ENV = 'COUNTER_CHECKLIST_TEST_FAULT';

export function faultyIo(spec: string | undefined, base: LogIo): LogIo {
  const m = /^(write|fsync):(\d+)$/.exec(spec ?? '');
  if (!m) return base;
  const op = m[1];
  const at = Number(m[2]);
  let count = 0;
  const maybeFail = () => {
    count += 1;
    if (count === at) throw Object.assign(new Error(`EIO: i/o error (injected by ${FAULT_ENV})`), { code: 'EIO' });
  };
  return {
    ...base,
    writeSync: (fd, buf, off, len) => {
      if (op === 'write') maybeFail();
      return base.writeSync(fd, buf, off, len);
    },
    fsyncSync: (fd) => {
      if (op === 'fsync') maybeFail();
      base.fsyncSync(fd);
    },
  };
}
