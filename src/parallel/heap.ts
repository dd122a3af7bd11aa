// The main thread's heap while the reading workers' results pass through it. Each terminal's result
// arrives as one message (its sessions, a few MB at a million records), lives while it is written
// out, and is garbage after. V8 grows its young generation to 32 MB for that (many survivors), and
// what it promotes waits in the old generation until a full collection V8 puts off for as long as
// the heap may grow: about 45 MB of a process's peak at a million records (docs/scale.md § Memory).
// So: the young generation stays at its first size, and a full collection runs between two
// terminals' results once enough records have passed, while the workers read on.
// The young generation's growth is a V8 flag, which holds for the whole process: the launcher sets
// it for the commands that read (bin/counter-checklist.js: before anything grows the heap), and each
// worker sets it again as it starts, because starting a worker puts V8's flags back.
import v8 from 'node:v8';
import vm from 'node:vm';

/** V8 grows the young generation by this factor when many objects survive; 1: never. */
export const YOUNG_GROWTH_FLAG = '--semi-space-growth-factor=1';

export function keepYoungGenerationSmall(): void {
  v8.setFlagsFromString(YOUNG_GROWTH_FLAG);
}

let gc: (() => void) | null | undefined;

/**
 * A full garbage collection now. V8 hands out its `gc` function to contexts made after
 * `--expose-gc` is set; when that ever fails, nothing is collected early (never an error).
 */
export function collectGarbage(): boolean {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const f: unknown = vm.runInNewContext('gc');
      gc = typeof f === 'function' ? (f as () => void) : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
  return gc !== null;
}

/** Records between two collections: a full collection of a 12 MB heap costs a few ms. */
export const COLLECT_EVERY_RECORDS = 50_000;

/** Counts records handed through and collects each time `every` more have passed. */
export class RelayHeap {
  private since = 0;
  constructor(
    private readonly every = COLLECT_EVERY_RECORDS,
    private readonly collect: () => unknown = collectGarbage,
  ) {}

  /** `records` more were handed on (and are garbage by now). */
  passed(records: number): void {
    this.since += records;
    if (this.since < this.every) return;
    this.since = 0;
    this.collect();
  }
}
