/**
 * Seedable pseudo-random number generation. The core never calls `Math.random`: every
 * consumer receives an {@link Rng}. The generator is xoshiro128** (Blackman & Vigna,
 * "Scrambled linear pseudorandom number generators", 2021): 128 bits of state, 32-bit output,
 * period 2^128 - 1, fast in 32-bit integer arithmetic as JavaScript provides.
 *
 * Seeds are expanded with SplitMix32-style mixing, so nearby seeds give unrelated streams.
 * {@link deriveSeed} combines a task seed with a batch index, so parallel batches get
 * independent, reproducible streams whatever the scheduling.
 */

/** Finalising mix of a 32-bit integer (MurmurHash3 fmix32). Bijective on uint32. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * A seed for batch `index` of a stream seeded by `seed`. Both are integers in [0, 2^53).
 * The result is an integer in [0, 2^53).
 */
export function deriveSeed(seed: number, index: number): number {
  const sLo = seed >>> 0;
  const sHi = Math.floor(seed / 4294967296) >>> 0;
  const iLo = index >>> 0;
  const iHi = Math.floor(index / 4294967296) >>> 0;
  const a = mix32(sLo ^ mix32(iLo + 0x9e3779b9) ^ mix32(sHi + 0x7f4a7c15));
  const b = mix32(sHi ^ mix32(iHi + 0x632be5ab) ^ mix32(a + iLo));
  return (b & 0x1fffff) * 4294967296 + a;
}

/** xoshiro128** generator. Not cryptographic. Mutable: each call advances the state. */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** @param seed an integer in [0, 2^53); equal seeds give equal streams. */
  constructor(seed: number) {
    this.reseed(seed);
  }

  /** Resets the state from `seed`, as the constructor does. */
  reseed(seed: number): void {
    if (!Number.isFinite(seed)) seed = 0;
    seed = Math.floor(Math.abs(seed));
    let x = (seed >>> 0) ^ mix32(Math.floor(seed / 4294967296) >>> 0);
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      return mix32(x);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniformly random unsigned 32-bit integer. */
  nextU32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** A uniformly random double in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A uniformly random double in (0, 1]: safe to take the logarithm of. */
  nextFloatNonZero(): number {
    return 1 - this.nextFloat();
  }

  /** A uniformly random integer in [0, n), n ≤ 2^32, without modulo bias. */
  nextInt(n: number): number {
    if (n <= 1) return 0;
    if (n > 4294967296) return Math.floor(this.nextFloat() * n);
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.nextFloat() < p;
  }

  /** A standard normal deviate (Box–Muller). */
  nextGaussian(): number {
    const u = this.nextFloatNonZero();
    const v = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fills `out` with uniformly random 32-bit words. */
  fillU32(out: Uint32Array, start = 0, end = out.length): void {
    for (let i = start; i < end; i++) out[i] = this.nextU32();
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
