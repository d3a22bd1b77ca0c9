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
 * rebases itself, re-inserting its entries. Allocation: the buckets share one buffer that grows by doubling and is
 * kept; a queue in steady use allocates nothing.
 */

/** Keys stay below 2^31, so a key differs from `last` at most in bit 30: buckets 0..31. */
const NUM_BUCKETS = 32;
/** Relative times beyond this trigger a rebase. */
const REBASE_AT = 2 ** 30;

export class RadixQueue {
  /**
   * All buckets in one buffer: bucket b holds its entries as interleaved (key, value) pairs from
   * `2 * b * cap`; `cap` (entries per bucket) doubles for every bucket when one fills.
   */
  private buf: Int32Array;
  private cap: number;
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
    this.cap = Math.max(1, initialCapacity);
    this.buf = new Int32Array(2 * NUM_BUCKETS * this.cap);
    this.batch = new Int32Array(this.cap);
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
      const n = this.sizes[b];
      const from = 2 * b * this.cap;
      const end = from + 2 * n;
      let buf = this.buf;
      let min = buf[from];
      for (let i = from + 2; i < end; i += 2) if (buf[i] < min) min = buf[i];
      this.last = min;
      this.sizes[b] = 0;
      this.nonEmpty &= ~(1 << b);
      this.count -= n;
      // (b ≥ 1 here, and every entry moves to a lower bucket, so no entry is read twice; a
      // growth of the buffer moves bucket b too, so its offset is recomputed)
      for (let i = 0; i < n; i++) {
        buf = this.buf;
        const o = 2 * (b * this.cap + i);
        const key = buf[o];
        const x = key ^ min;
        this.insert(x === 0 ? 0 : 32 - Math.clz32(x), key, buf[o + 1]);
      }
    }
    const n = this.sizes[0];
    if (this.batch.length < n) this.batch = new Int32Array(2 * n);
    const buf = this.buf;
    const batch = this.batch;
    for (let i = 0; i < n; i++) batch[i] = buf[2 * i + 1];
    this.batchSize = n;
    this.sizes[0] = 0;
    this.nonEmpty &= ~1;
    this.count -= n;
    return this.base + this.last;
  }

  private insert(b: number, key: number, value: number): void {
    const n = this.sizes[b];
    if (n === this.cap) this.grow();
    const o = 2 * (b * this.cap + n);
    const buf = this.buf;
    buf[o] = key;
    buf[o + 1] = value;
    this.sizes[b] = n + 1;
    this.nonEmpty |= 1 << b;
    this.count++;
  }

  /** Doubles every bucket's capacity, keeping the entries (including a bucket being emptied). */
  private grow(): void {
    const cap = this.cap;
    const bigger = new Int32Array(4 * NUM_BUCKETS * cap);
    for (let b = 0; b < NUM_BUCKETS; b++)
      bigger.set(this.buf.subarray(2 * b * cap, 2 * (b + 1) * cap), 4 * b * cap);
    this.buf = bigger;
    this.cap = 2 * cap;
  }

  /** Re-expresses every key relative to `now` (keys shrink by `last`) and re-buckets them. */
  private rebase(): void {
    const shift = this.last;
    const keys: number[] = [];
    const values: number[] = [];
    for (let b = 0; b < NUM_BUCKETS; b++) {
      for (let i = 0; i < this.sizes[b]; i++) {
        const o = 2 * (b * this.cap + i);
        keys.push(this.buf[o] - shift);
        values.push(this.buf[o + 1]);
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
