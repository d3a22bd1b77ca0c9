/**
 * Where a splitting ladder starts, by measurement. A footprint ladder (./footprint-measure.ts) wants
 * its top rung where the rate per shot is a chosen `rate`: high enough that plain Monte Carlo sees
 * failures at once, low enough to sit below the crossover where failures change from many scattered
 * faults to one cluster and the chains mix worst (docs/rare-events.md, "Anchored ladders"). A fit
 * through d ≤ 7 proposes that p; at d = 21 it was measured off by 4× in rate, and the outcome
 * turned on it. So the proposal is checked: a probe of plain Monte Carlo at the proposed p, and if
 * it sees clearly more failures than `rate` predicts, the top moves down by the factor the
 * observed excess calls for (ε ∝ p^((d+1)/2) near the top), and is probed again.
 *
 * The probes decide only where the ladder starts; the ladder's own plain Monte Carlo at that p is a
 * fresh run, so the probe's stopping rule does not bias the top rung's estimate.
 */
import type { Rng } from '../base/prng.js';
import type { FlatDem } from '../dem/dem.js';
import type { SplittingSetup } from './splitting-chain.js';
import { StartChunks, type StartSample } from './splitting-start.js';

/**
 * Runs a top-rung Monte Carlo's chunks for a ladder's setup (its rung 0 is the rung sampled; the
 * decoder is compiled from its DEM) somewhere: in this thread, or on worker threads
 * (`startOnPool` in src/node/splitting-pool.ts), with the same result.
 */
export type StartRunner = (setup: SplittingSetup, chunks: StartChunks) => Promise<StartSample>;

/** Share of the ladder's start shots that one probe spends at most. */
export const PROBE_FRACTION = 0.25;
/**
 * A probe stops, and the top moves down, once its failures reach this multiple of those `rate`
 * predicts (at least {@link PROBE_MIN_STOP}). With 5 expected (20 start failures × 1/4), it stops at
 * 13: by chance 0.2 % of the time at the wanted rate, 96 % at 4× the rate.
 */
export const PROBE_EXCESS = 2.5;
export const PROBE_MIN_STOP = 3;
/** Steps down at most, and the smallest and largest factor in p of one step. */
export const MAX_STEPS_DOWN = 4;
const MIN_STEP = 0.7;
const MAX_STEP = 0.97;

/** One probe: the p probed, its shots (fewer if it stopped early) and failures. */
export interface TopRungProbe {
  readonly p: number;
  readonly shots: number;
  readonly errors: number;
  /** Whether it saw too many failures (the top then moved down). */
  readonly tooHigh: boolean;
}

/** Options of {@link placeTopRung}. */
export interface PlaceTopRungOptions {
  /** The proposed top (e.g. from a fit), and the lowest top allowed. */
  readonly pStart: number;
  readonly pFloor: number;
  /** The wanted rate per shot at the top rung, and the ladder's start shots. */
  readonly rate: number;
  readonly shots: number;
  readonly distance: number;
  /** The DEM at physical rate p (the sampled rung). */
  readonly demAt: (p: number) => FlatDem;
  /** The target DEM the ladder's decoder is compiled from, and the decoder. */
  readonly target: FlatDem;
  readonly decoder: string;
  readonly decoderOptions?: Readonly<Record<string, unknown>>;
  /** Runs a probe's chunks (in this thread or on workers: the same result). */
  readonly run: StartRunner;
  /** One seed per probe is drawn from it. */
  readonly rng: Rng;
  /** Hears each probe as it ends (a probe of 500 000 shots at d = 21 takes minutes). */
  readonly onProbe?: (probe: TopRungProbe) => void;
}

/**
 * Probes the proposed top rung and moves it down while plain Monte Carlo sees too many failures
 * there (see the file comment); returns the top (with its DEM) and every probe.
 */
export async function placeTopRung(
  o: PlaceTopRungOptions,
): Promise<{ pStart: number; top: FlatDem; probes: TopRungProbe[] }> {
  const probes: TopRungProbe[] = [];
  const shots = Math.max(1, Math.ceil(o.shots * PROBE_FRACTION));
  const stopAt = Math.max(PROBE_MIN_STOP, Math.ceil(PROBE_EXCESS * o.rate * shots));
  let p = o.pStart;
  for (let step = 0; ; step++) {
    const top = o.demAt(p);
    const setup = {
      dem: o.target,
      decoder: o.decoder,
      decoderOptions: o.decoderOptions,
      probs: [Float64Array.from(top.errors, (e) => e.probability)],
    };
    const s = await o.run(setup, new StartChunks(shots, o.rng.nextU32(), stopAt));
    const tooHigh = s.errors >= stopAt;
    const probe = { p, shots: s.shots, errors: s.errors, tooHigh };
    probes.push(probe);
    o.onProbe?.(probe);
    if (!tooHigh || step >= MAX_STEPS_DOWN || p <= o.pFloor) return { pStart: p, top, probes };
    const factor = Math.pow((o.rate * s.shots) / s.errors, 2 / (o.distance + 1));
    p = Math.max(o.pFloor, p * Math.min(MAX_STEP, Math.max(MIN_STEP, factor)));
  }
}
