// `report --out FILE`: the report goes to a temporary file beside FILE, which replaces FILE only
// once the report is complete and on disk; a report that fails leaves FILE as it was.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { Sink } from './output.js';

export interface OutFile {
  sink: Sink;
  /** The report is complete: make it FILE. */
  commit(): void;
  /** The report failed: remove the partial file. */
  abort(): void;
}

const reasonOf = (e: unknown) => (e as NodeJS.ErrnoException).code ?? String(e);

export function openOutFile(file: string): OutFile {
  const target = path.resolve(file);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  const fail = (e: unknown) => new UserError('report.error.out', { file: target, reason: reasonOf(e) });
  let fd: number;
  try {
    fd = openSync(tmp, 'w', 0o644);
  } catch (e) {
    throw fail(e);
  }
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    closeSync(fd);
  };
  return {
    sink(chunk) {
      try {
        const bytes = Buffer.from(chunk, 'utf8');
        for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
      } catch (e) {
        throw fail(e);
      }
    },
    commit() {
      try {
        fsyncSync(fd);
        close();
        renameSync(tmp, target);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw fail(e);
      }
    },
    abort() {
      try {
        close();
      } finally {
        rmSync(tmp, { force: true });
      }
    },
  };
}
