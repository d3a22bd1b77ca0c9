import type { Rng } from './prng.js';

/**
 * Geometric-gap sampling of rare independent events (the idea behind Stim's RareErrorIterator):
 * instead of flipping a biased coin for each of N slots, jump straight to the next slot that
 * fires. The gap before the next event is geometric: floor(ln U / ln(1 - p)). The cost follows
 * the number of events, not N.
 */
export class RareEventSampler {
  private logQ = 0;
  private p = 0;

  constructor(p = 0) {
    this.setProbability(p);
  }

  /** Sets the per-slot event probability p in [0, 1]. */
  setProbability(p: number): void {
    this.p = p;
    this.logQ = p > 0 && p < 1 ? Math.log1p(-p) : 0;
  }

  /**
   * Number of slots to skip before the next event. For p = 0 returns +Infinity; for p = 1
   * returns 0.
   */
  nextGap(rng: Rng): number {
    if (this.p <= 0) return Infinity;
    if (this.p >= 1) return 0;
    return Math.floor(Math.log(rng.nextFloatNonZero()) / this.logQ);
  }

  /**
   * Calls `onEvent(i)` for each slot i in [0, n) that fires, in increasing order.
   * Returns the number of events.
   */
  forEachEvent(n: number, rng: Rng, onEvent: (index: number) => void): number {
    let count = 0;
    if (this.p <= 0) return 0;
    let i = this.nextGap(rng);
    while (i < n) {
      onEvent(i);
      count++;
      i += 1 + this.nextGap(rng);
    }
    return count;
  }
}
