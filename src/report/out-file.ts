// `report --out FILE`: the report goes to a temporary file beside FILE, which replaces FILE only
// once the report is complete and on disk; a report that fails leaves FILE as it was.
import { closeSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
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

/** Where `p` really is: its real path, or its folder's real path and its name (a file not made yet). */
function realLocation(p: string): string {
  const abs = path.resolve(p);
  try {
    return realpathSync.native(abs);
  } catch {
    try {
      return path.join(realpathSync.native(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

const within = (file: string, dir: string) => {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * A report never replaces what it reports on: `--out` may not name a log file being read, or a
 * place inside a folder that holds logs (the folders read, this machine's log and review folders,
 * the archive), where it would overwrite a log or an archived file, or be read as one next time.
 */
export function refuseOverLogs(file: string, kept: { folders: readonly string[]; files: readonly string[] }): void {
  const target = realLocation(file);
  for (const f of kept.files) {
    if (realLocation(f) === target) throw new UserError('report.error.outIsLog', { file: path.resolve(file) });
  }
  for (const dir of kept.folders) {
    if (within(target, realLocation(dir))) throw new UserError('report.error.outOverLog', { file: path.resolve(file), folder: path.resolve(dir) });
  }
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
