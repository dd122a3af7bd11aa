// Repairs at open: a torn tail or bytes a dead kiosk never acknowledged are copied aside to a
// `.broken` file (fsynced, with its folder) before the log file is cut back, and each move becomes
// a `repair` record; nothing is ever deleted unread.
import path from 'node:path';
import { hashLine } from './chain.js';
import { errnoCode as errno, exists, fsyncDir, MODE_FILE, writeAll, type LogFs } from './fs.js';
import { isoWithOffset } from './time.js';
import { LogWriteError, type RepairPayload } from './write-error.js';
import type { Acknowledged } from './writer.js';

const NL = 10;

/**
 * After a failed writer: whatever lies beyond its last acknowledged byte was never shown as done.
 * It is moved aside (a newer day file whole, the tail of the acknowledged file copied then cut off),
 * each move noted in `repairs`. Only when the acknowledged part is still exactly as it was written
 * (its last line hashes to the acknowledged head); anything else is left for the scan to report.
 */
export function dropUnacknowledged(
  io: LogFs,
  folder: string,
  names: string[],
  ack: Acknowledged,
  at: Date,
  repairs: RepairPayload[],
): string[] {
  const ackName = path.basename(ack.file);
  if (path.dirname(ack.file) !== folder) return names;
  const kept: string[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    if (name > ackName) {
      const size = io.statSync(file).size;
      if (size === 0) {
        kept.push(name);
        continue;
      }
      const broken = brokenName(io, file, at);
      io.renameSync(file, broken);
      fsyncDir(io, folder);
      repairs.push({ file: name, brokenFile: path.basename(broken), bytes: size, cause: 'unacknowledged' });
      continue;
    }
    kept.push(name);
  }
  if (!kept.includes(ackName)) return kept;
  const buf = io.readFileSync(ack.file);
  if (buf.length <= ack.size) return kept;
  if (!endsWithLineHashing(buf, ack.size, ack.hash)) return kept;
  repairs.push(moveAside(io, ack.file, buf, ack.size, at, 'unacknowledged'));
  return kept;
}

/** Whether `buf[0..end)` ends with a newline whose line hashes to `hash` (or is empty at the start of a chain). */
export function endsWithLineHashing(buf: Buffer, end: number, hash: string): boolean {
  if (end === 0) return true; // the acknowledged records were all in older files
  if (buf[end - 1] !== NL) return false;
  const start = buf.lastIndexOf(NL, end - 2) + 1;
  return hashLine(buf.subarray(start, end - 1)) === hash;
}

export function brokenName(io: LogFs, file: string, at: Date): string {
  for (let n = 0; n <= 100; n++) {
    const name = `${file}.${stamp(at)}${n === 0 ? '' : `-${n}`}.broken`;
    if (!exists(io, name)) return name;
  }
  throw Object.assign(new Error(`too many .broken files for ${file}`), { code: 'EEXIST' });
}

/**
 * Copy `buf[validEnd..]` aside to a `.broken` file (durably), then truncate the file to `validEnd`
 * and fsync it. A copy that cannot be completed is removed again: no empty or partial `.broken`
 * file is left behind to be mistaken for the evidence.
 */
export function moveAside(
  io: LogFs,
  file: string,
  buf: Buffer,
  validEnd: number,
  at: Date,
  cause: RepairPayload['cause'],
): RepairPayload {
  const torn = buf.subarray(validEnd);
  const folder = path.dirname(file);
  let broken = '';
  let created = false;
  let fd: number | undefined;
  try {
    broken = brokenName(io, file, at);
    fd = io.openSync(broken, 'wx', MODE_FILE);
    created = true;
    writeAll(io, fd, torn);
    io.fsyncSync(fd);
    io.closeSync(fd);
    fd = undefined;
    fsyncDir(io, folder);
  } catch (e) {
    if (fd !== undefined) {
      try {
        io.closeSync(fd);
      } catch {
        // the copy is being removed anyway
      }
    }
    if (created) removeQuietly(io, broken);
    throw new LogWriteError('repair', errno(e), broken || file, { cause: e });
  }
  fd = undefined;
  try {
    fd = io.openSync(file, 'r+');
    io.ftruncateSync(fd, validEnd);
    io.fsyncSync(fd);
  } catch (e) {
    // The bytes are still in the file: the copy would only be a second one at the next open.
    removeQuietly(io, broken);
    throw new LogWriteError('repair', errno(e), file, { cause: e });
  } finally {
    if (fd !== undefined) {
      try {
        io.closeSync(fd);
      } catch {
        // truncation was fsynced
      }
    }
  }
  return { file: path.basename(file), brokenFile: path.basename(broken), bytes: torn.length, cause };
}

export function removeQuietly(io: LogFs, file: string): void {
  try {
    io.unlinkSync(file);
  } catch {
    // nothing more can be done; the open fails anyway
  }
}

/** `20261127T144143123`: a file-name-safe local stamp for `.broken` copies. */
export function stamp(d: Date): string {
  return isoWithOffset(d).slice(0, 23).replace(/[-:.]/g, '');
}
