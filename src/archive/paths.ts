// Where the supervisor's archive lives and how it is laid out. Nothing here touches the disk except
// the one existence check that decides whether `report` and `review` read an archive by default.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { archiveDir } from '../config/paths.js';

/** The archive used without `--archive`: `archive/` in the data folder (under COUNTER_CHECKLIST_HOME when set). */
export const defaultArchiveDir = (): string => archiveDir();

export interface ArchiveLayout {
  root: string;
  /** Verbatim copies: `logs/TERMINAL/DAY.jsonl`. */
  logs: string;
  /** The index (SQLite, WAL): derived data, rebuilt from `logs/` by `collect --rebuild`. */
  index: string;
}

export const INDEX_FILE = 'index.sqlite';

export function archiveLayout(root: string): ArchiveLayout {
  const abs = path.resolve(root);
  return { root: abs, logs: path.join(abs, 'logs'), index: path.join(abs, INDEX_FILE) };
}

/** Whether `root` holds an archive (an index was made there). */
export const hasArchive = (root: string): boolean => existsSync(archiveLayout(root).index);

/**
 * The folder name of a terminal in the archive. Terminal ids come from the records (any text up to 64
 * characters): the common safe ones are used as they are; anything else (a slash, `..`, spaces,
 * non-ASCII) is percent-encoded, so no id can name a path outside its own folder.
 */
export function terminalFolder(terminal: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(terminal)) return terminal;
  return `%${Buffer.from(terminal, 'utf8').toString('hex')}`;
}

/** An archived file's name relative to the archive root, as the index and the reports name it. */
export const archivedName = (terminal: string, file: string): string => path.posix.join('logs', terminalFolder(terminal), file);
