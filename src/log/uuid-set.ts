// A set of session ids (UUIDs) kept as their 128 bits: the readers remember every session that ended
// (so a record after its logout is caught at any distance) and every session id seen (so none
// appears twice), and a year of a city's logs holds about a million of them. A Set of strings costs
// ~100 bytes per id; this open-addressing table of 32-bit words about 30.

const EMPTY = 0;

/** The 128 bits of a UUID as four 32-bit words (null when `id` is not 32 hex digits with dashes). */
function words(id: string): [number, number, number, number] | null {
  if (id.length !== 36) return null;
  const hex = id.slice(0, 8) + id.slice(9, 13) + id.slice(14, 18) + id.slice(19, 23) + id.slice(24);
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return null;
  return [
    parseInt(hex.slice(0, 8), 16) >>> 0,
    parseInt(hex.slice(8, 16), 16) >>> 0,
    parseInt(hex.slice(16, 24), 16) >>> 0,
    parseInt(hex.slice(24, 32), 16) >>> 0,
  ];
}

export class UuidSet {
  /** Five words per slot: the id's four, then a marker (0: the slot is empty). */
  private table = new Uint32Array(5 * 64);
  private slots = 64;
  /** Ids that are not UUIDs (never in a valid record, but the set must still answer). */
  private readonly other = new Set<string>();
  size = 0;

  has(id: string): boolean {
    const w = words(id);
    if (!w) return this.other.has(id);
    return this.find(w) >= 0;
  }

  /** Adds `id`; false when it was already there. */
  add(id: string): boolean {
    const w = words(id);
    if (!w) {
      if (this.other.has(id)) return false;
      this.other.add(id);
      this.size++;
      return true;
    }
    if (this.find(w) >= 0) return false;
    if ((this.size + 1) * 10 > this.slots * 7) this.grow();
    this.insert(w);
    this.size++;
    return true;
  }

  clear(): void {
    this.table = new Uint32Array(5 * 64);
    this.slots = 64;
    this.other.clear();
    this.size = 0;
  }

  private start(w: readonly number[]): number {
    // The random part of a v4 UUID is already well mixed: fold it to a slot.
    return ((w[0]! ^ w[1]! ^ w[2]! ^ w[3]!) >>> 0) % this.slots;
  }

  private find(w: readonly number[]): number {
    const t = this.table;
    for (let i = this.start(w), n = 0; n < this.slots; i = (i + 1) % this.slots, n++) {
      const o = i * 5;
      if (t[o + 4] === EMPTY) return -1;
      if (t[o] === w[0] && t[o + 1] === w[1] && t[o + 2] === w[2] && t[o + 3] === w[3]) return i;
    }
    return -1;
  }

  private insert(w: readonly number[]): void {
    const t = this.table;
    for (let i = this.start(w); ; i = (i + 1) % this.slots) {
      const o = i * 5;
      if (t[o + 4] === EMPTY) {
        t[o] = w[0]!;
        t[o + 1] = w[1]!;
        t[o + 2] = w[2]!;
        t[o + 3] = w[3]!;
        t[o + 4] = 1;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    const oldSlots = this.slots;
    this.slots *= 2;
    this.table = new Uint32Array(5 * this.slots);
    for (let i = 0; i < oldSlots; i++) {
      const o = i * 5;
      if (old[o + 4] !== EMPTY) this.insert([old[o]!, old[o + 1]!, old[o + 2]!, old[o + 3]!]);
    }
  }
}
