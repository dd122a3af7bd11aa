// Finding a file's last whole line when lines are long: the first look at a file's end is small
// (4 KiB), and a line longer than that must still be found whole.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyLogFile, lastLineEnd, nodeCopyFs, repairTail } from '../src/archive/copy.js';
import { nodeFs } from '../src/log/fs.js';

const io = nodeCopyFs(nodeFs);
let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(tmpdir(), 'cc-archive-copy-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const end = (file: string) => {
  const fd = fs.openSync(file, 'r');
  try {
    return lastLineEnd(io, fd, fs.fstatSync(fd).size, Buffer.allocUnsafe(1024 * 1024));
  } finally {
    fs.closeSync(fd);
  }
};

describe('the last whole line', () => {
  const short = 'a'.repeat(100);
  const long = 'b'.repeat(10_000);
  const huge = 'c'.repeat(200_000);

  it('is found behind a long last line and behind a long unfinished one', () => {
    const file = path.join(root, 'x.jsonl');
    for (const [text, whole] of [
      [`${short}\n${long}\n`, short.length + long.length + 2],
      [`${short}\n${long}`, short.length + 1],
      [`${short}\n${huge}`, short.length + 1],
      [`${short}\n${huge}\n${long}`, short.length + huge.length + 2],
      [long, 0],
      ['', 0],
    ] as const) {
      fs.writeFileSync(file, text);
      expect(end(file)).toBe(whole);
    }
  });

  it('repairTail cuts an archived file back to it, and a copy takes whole lines only', () => {
    const archived = path.join(root, 'archive', '2026-11-27.jsonl');
    fs.mkdirSync(path.dirname(archived));
    fs.writeFileSync(archived, `${short}\n${long}\n${huge}`);
    expect(repairTail(io, archived)).toBe(short.length + long.length + 2);
    expect(fs.readFileSync(archived, 'utf8')).toBe(`${short}\n${long}\n`);

    const source = path.join(root, 'stick', '2026-11-27.jsonl');
    fs.mkdirSync(path.dirname(source));
    fs.writeFileSync(source, `${short}\n${long}\n${long}\n${'d'.repeat(6000)}`);
    const known = { size: short.length + long.length + 2, source: null, source_size: null, source_mtime: null };
    const r = copyLogFile(io, source, archived, known);
    expect(r).toMatchObject({ action: 'appended', bytes: long.length + 1, heldBack: 6000 });
    expect(fs.readFileSync(archived, 'utf8')).toBe(`${short}\n${long}\n${long}\n`);
  });
});
