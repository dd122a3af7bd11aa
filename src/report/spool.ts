// A list that keeps memory flat: the first items stay in memory, the rest go to a temporary file
// (one JSON line each) and are read back in order. The report holds two such lists: integrity
// problems (any number, on a badly damaged log) and the table's rows of complete sessions (shown
// after the incomplete ones).
import * as fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const FLUSH_CHARS = 64 * 1024;

export class Spool<T> {
  private readonly mem: T[] = [];
  private dir: string | null = null;
  private fd: number | null = null;
  private pending: string[] = [];
  private pendingChars = 0;
  count = 0;

  /** `limit`: how many items stay in memory before the rest is written to a temporary file. */
  constructor(private readonly limit = 10_000) {}

  push(item: T): void {
    this.count++;
    if (this.fd === null && this.mem.length < this.limit) {
      this.mem.push(item);
      return;
    }
    if (this.fd === null) {
      this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-report-'));
      this.fd = fs.openSync(path.join(this.dir, 'spool.jsonl'), 'w', 0o600);
    }
    const line = `${JSON.stringify(item)}\n`;
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.fd === null || this.pending.length === 0) return;
    fs.writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }

  /** Every item in the order pushed. */
  async *items(): AsyncGenerator<T> {
    yield* this.mem;
    if (this.fd === null || this.dir === null) return;
    this.flush();
    const lines = createInterface({ input: fs.createReadStream(path.join(this.dir, 'spool.jsonl')), crlfDelay: Infinity });
    for await (const line of lines) if (line !== '') yield JSON.parse(line) as T;
  }

  /** Removes the temporary file, if any. Safe to call more than once. */
  dispose(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
    if (this.dir !== null) {
      fs.rmSync(this.dir, { recursive: true, force: true });
      this.dir = null;
    }
    this.mem.length = 0;
  }
}
