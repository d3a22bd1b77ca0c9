/**
 * A monotone priority queue of (integer time, value) entries: a radix heap (Ahuja, Mehlhorn,
 * Orlin & Tarjan, "Faster algorithms for the shortest path problem", J. ACM 37 (1990)). Pushed
 * times must be ≥ the last popped time, as in event-driven simulation and Dijkstra's algorithm.
 *
 * Bucket 0 holds the entries whose time equals the last popped time `now`; bucket b ≥ 1 those
 * whose time differs from `now` first in bit b−1 (counting from the least significant). Push is
 * O(1); taking the minimum moves the entries of the lowest non-empty bucket to lower buckets, each
 * entry at most once per bit. `popBatch` hands out every entry of the minimum time at once.
 *
 * Times are doubles holding integers; internally they are kept relative to a base so the bit
 * arithmetic stays in 31 bits. When times outgrow that (only after ~10⁹ time units), the queue
 * rebases itself, re-inserting its entries. Allocation: bucket arrays grow by doubling and are
 * kept; a queue in steady use allocates nothing.
 */

/** Keys stay below 2^31, so a key differs from `last` at most in bit 30: buckets 0..31. */
const NUM_BUCKETS = 32;
/** Relative times beyond this trigger a rebase. */
const REBASE_AT = 2 ** 30;

export class RadixQueue {
  private readonly keys: Int32Array[] = [];
  private readonly values: Int32Array[] = [];
  private readonly sizes = new Int32Array(NUM_BUCKETS);
  /** Bit b set when bucket b is non-empty. */
  private nonEmpty = 0;
  /** `now` − base. */
  private last = 0;
  private base = 0;
  private count = 0;
  /** The entries handed out by the last popBatch: batch[0 .. batchSize). */
  batch: Int32Array;
  batchSize = 0;

  constructor(initialCapacity = 64) {
    for (let b = 0; b < NUM_BUCKETS; b++) {
      this.keys.push(new Int32Array(initialCapacity));
      this.values.push(new Int32Array(initialCapacity));
    }
    this.batch = new Int32Array(initialCapacity);
  }

  /** Number of entries in the queue. */
  get size(): number {
    return this.count;
  }

  /** The time of the last popBatch (0 after clear). */
  get now(): number {
    return this.base + this.last;
  }

  /** Empties the queue and sets its time to 0. */
  clear(): void {
    // (only non-empty buckets need resetting: an emptied queue clears in O(1))
    for (let m = this.nonEmpty; m !== 0; m &= m - 1) this.sizes[31 - Math.clz32(m & -m)] = 0;
    this.nonEmpty = 0;
    this.last = 0;
    this.base = 0;
    this.count = 0;
    this.batchSize = 0;
  }

  /** Adds (time, value); time must be an integer ≥ `now`. */
  push(time: number, value: number): void {
    let key = time - this.base;
    if (key >= REBASE_AT) {
      this.rebase();
      key = time - this.base;
      if (key >= 2 * REBASE_AT)
        throw new RangeError(`RadixQueue: time ${time} is more than 2^31 after now (${this.now})`);
    }
    const x = key ^ this.last;
    this.insert(x === 0 ? 0 : 32 - Math.clz32(x), key, value);
  }

  /**
   * Takes every entry of the minimum time into `batch[0 .. batchSize)` and returns that time
   * (then `now`); returns −1 and leaves the queue empty when it is empty.
   */
  popBatch(): number {
    if (this.count === 0) {
      this.batchSize = 0;
      return -1;
    }
    if (this.sizes[0] === 0) {
      // the lowest non-empty bucket: its minimum becomes `last`; redistribute its entries
      const b = 31 - Math.clz32(this.nonEmpty & -this.nonEmpty);
      const keys = this.keys[b];
      const values = this.values[b];
      const n = this.sizes[b];
      let min = keys[0];
      for (let i = 1; i < n; i++) if (keys[i] < min) min = keys[i];
      this.last = min;
      this.sizes[b] = 0;
      this.nonEmpty &= ~(1 << b);
      this.count -= n;
      for (let i = 0; i < n; i++) {
        const x = keys[i] ^ min;
        // (b ≥ 1 here, and every entry moves to a lower bucket, so no entry is read twice)
        this.insert(x === 0 ? 0 : 32 - Math.clz32(x), keys[i], values[i]);
      }
    }
    const n = this.sizes[0];
    if (this.batch.length < n) this.batch = new Int32Array(2 * n);
    const from = this.values[0];
    const batch = this.batch;
    for (let i = 0; i < n; i++) batch[i] = from[i];
    this.batchSize = n;
    this.sizes[0] = 0;
    this.nonEmpty &= ~1;
    this.count -= n;
    return this.base + this.last;
  }

  private insert(b: number, key: number, value: number): void {
    let n = this.sizes[b];
    if (n === this.keys[b].length) {
      const k = new Int32Array(2 * n);
      k.set(this.keys[b]);
      this.keys[b] = k;
      const v = new Int32Array(2 * n);
      v.set(this.values[b]);
      this.values[b] = v;
    }
    this.keys[b][n] = key;
    this.values[b][n++] = value;
    this.sizes[b] = n;
    this.nonEmpty |= 1 << b;
    this.count++;
  }

  /** Re-expresses every key relative to `now` (keys shrink by `last`) and re-buckets them. */
  private rebase(): void {
    const shift = this.last;
    const keys: number[] = [];
    const values: number[] = [];
    for (let b = 0; b < NUM_BUCKETS; b++) {
      for (let i = 0; i < this.sizes[b]; i++) {
        keys.push(this.keys[b][i] - shift);
        values.push(this.values[b][i]);
      }
      this.sizes[b] = 0;
    }
    this.nonEmpty = 0;
    this.count = 0;
    this.base += shift;
    this.last = 0;
    for (let i = 0; i < keys.length; i++) {
      const x = keys[i];
      this.insert(x === 0 ? 0 : 32 - Math.clz32(x), x, values[i]);
    }
  }
}
