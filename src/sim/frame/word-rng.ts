import type { Rng } from '../../base/prng.js';

/** 2^-53: scales a 53-bit integer into [0, 1). */
const INV_2_53 = 1 / 9007199254740992;
/** 2^26: shifts the high 27 bits of a 53-bit draw above the low 26. */
const TWO_26 = 67108864;

/**
 * The frame sampler's private random source: xoshiro128** (Blackman & Vigna 2021, the same
 * generator as `base/prng.ts`) with its state in four fields, seeded once per sampling call from
 * the caller's {@link Rng} (four 32-bit draws). Kept separate from `Rng` so that the bulk
 * {@link WordRng.fill} runs with the state in locals (about one nanosecond per 32 random bits)
 * and the per-event draws are small monomorphic methods V8 inlines.
 *
 * Deterministic: equal seeding words give equal streams. Mutable; not thread-safe.
 */
export class WordRng {
  private s0 = 1;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** Reseeds from four draws of `rng` (advancing it by four words). */
  seedFrom(rng: Rng): void {
    this.s0 = rng.nextU32() | 0;
    this.s1 = rng.nextU32() | 0;
    this.s2 = rng.nextU32() | 0;
    this.s3 = rng.nextU32() | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Writes the four state words to `out[at .. at + 4)` (for kernels that run the same generator). */
  saveState(out: Uint32Array, at: number): void {
    out[at] = this.s0;
    out[at + 1] = this.s1;
    out[at + 2] = this.s2;
    out[at + 3] = this.s3;
  }

  /** Reads the four state words back from `src[at .. at + 4)` (see {@link saveState}). */
  loadState(src: Uint32Array, at: number): void {
    this.s0 = src[at] | 0;
    this.s1 = src[at + 1] | 0;
    this.s2 = src[at + 2] | 0;
    this.s3 = src[at + 3] | 0;
  }

  /** A uniformly random 32-bit word as a signed int32 (callers use it as a bit mask). */
  nextWord(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    let s0 = this.s0;
    let s2 = this.s2 ^ s0;
    let s3 = this.s3 ^ s1;
    const n1 = s1 ^ s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    this.s0 = s0;
    this.s1 = n1;
    this.s2 = s2;
    this.s3 = s3;
    return r;
  }

  /** A uniform double in (0, 1] with 53 random bits: safe to take the logarithm of. */
  nextUnitNonZero(): number {
    const a = this.nextWord() >>> 5;
    const b = this.nextWord() >>> 6;
    return (a * TWO_26 + b + 1) * INV_2_53;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  nextUnit(): number {
    const a = this.nextWord() >>> 5;
    const b = this.nextWord() >>> 6;
    return (a * TWO_26 + b) * INV_2_53;
  }

  /**
   * Overwrites `out[start .. start + count)` with uniformly random words. The generator state is
   * held in locals for the loop, so this is the cheap way to randomise a frame row.
   */
  fill(out: Uint32Array, start: number, count: number): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    const end = start + count;
    for (let i = start; i < end; i++) {
      out[i] = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** XORs uniformly random words into `out[start .. start + count)` (same stream as {@link fill}). */
  xorInto(out: Uint32Array, start: number, count: number): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    const end = start + count;
    for (let i = start; i < end; i++) {
      out[i] ^= Math.imul(rotl(Math.imul(s1, 5), 7), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
