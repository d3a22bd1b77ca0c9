/**
 * The plain Monte Carlo at the top rung of a splitting ladder (./splitting.ts), in fixed chunks.
 *
 * At a low top-rung rate (an anchored ladder: 3·10⁻⁵ per shot needs ~700 000 shots) these shots
 * cost more than the chains, so they run as jobs on any number of worker threads. The result must
 * not depend on how many: the shots are cut into chunks of {@link START_CHUNK_SHOTS}, chunk k is
 * drawn from its own seed deriveSeed(seed, k), and the chunks' results are combined in chunk order
 * (the count is their sum; the starting configurations of the chains are the first failures, in
 * chunk order). A run may stop early once the failures of a prefix of the chunks reach
 * a bound (`stopAt`); the prefix is again fixed by chunk order, so an early stop is as
 * reproducible as a full run, whatever finished first on which worker.
 */
import { deriveSeed } from '../base/prng.js';

/**
 * Shots per chunk: 10⁴ decodes are 1–10 s at d = 13–21, long enough that handing out a job costs
 * nothing beside it, short enough that two workers share a 10⁵-shot run evenly.
 */
export const START_CHUNK_SHOTS = 10_000;

/**
 * Failing configurations a top-rung Monte Carlo keeps, in chunk order (the starts of a ladder's
 * lanes: ./splitting.ts gives lane pair k the k-th one).
 */
export const MAX_STARTS = 8;

/** Plain Monte Carlo shots at a ladder's top rung: how many, how many failed, the first failures. */
export interface StartSample {
  readonly shots: number;
  readonly errors: number;
  /** The first failing configuration (mechanism ids, ascending); undefined when none failed. */
  readonly start: Uint32Array | undefined;
  /**
   * The first failing configurations, up to {@link MAX_STARTS}, in the order of the chunks and of
   * the shots within each (starts[0] is `start`); empty when none failed.
   */
  readonly starts: readonly Uint32Array[];
}

/** One chunk of a top-rung Monte Carlo, for a `SplittingWorker` (./splitting-chain.ts). */
export interface MonteCarloJob {
  readonly kind: 'monte-carlo';
  readonly chunk: number;
  readonly seed: number;
  readonly shots: number;
}

/** What a chunk returns. */
export interface MonteCarloResult {
  readonly kind: 'monte-carlo';
  readonly chunk: number;
  readonly errors: number;
  /** The chunk's first failing configurations, up to {@link MAX_STARTS}, in shot order. */
  readonly starts: readonly Uint32Array[];
}

/**
 * The chunks of `shots` shots from `seed`, and their combination in chunk order. Hand out jobs with
 * {@link next} (in chunk order), feed back results in any order with {@link complete}.
 */
export class StartChunks {
  private readonly jobs: MonteCarloJob[] = [];
  private readonly results: (MonteCarloResult | undefined)[];
  private issued = 0;
  /** Chunks of the combined prefix so far, and its shots, errors and first failure. */
  private prefix = 0;
  private shots = 0;
  private errors = 0;
  private readonly starts: Uint32Array[] = [];

  /**
   * @param stopAt end the run once the failures of a prefix of the chunks reach this many
   * (default: never; the full `shots` run).
   */
  constructor(
    shots: number,
    seed: number,
    private readonly stopAt = Infinity,
  ) {
    for (let k = 0, left = shots; left > 0; k++, left -= START_CHUNK_SHOTS)
      this.jobs.push({
        kind: 'monte-carlo',
        chunk: k,
        seed: deriveSeed(seed, k),
        shots: Math.min(START_CHUNK_SHOTS, left),
      });
    this.results = new Array<MonteCarloResult | undefined>(this.jobs.length);
  }

  /** The next chunk to run, or undefined when every chunk is handed out or the run is done. */
  next(): MonteCarloJob | undefined {
    if (this.done() || this.issued >= this.jobs.length) return undefined;
    return this.jobs[this.issued++];
  }

  /** Records a chunk's result (results of chunks past an early stop are ignored). */
  complete(r: MonteCarloResult): void {
    this.results[r.chunk] = r;
    while (!this.done() && this.prefix < this.jobs.length) {
      const x = this.results[this.prefix];
      if (x === undefined) break;
      this.shots += this.jobs[this.prefix].shots;
      this.errors += x.errors;
      for (const c of x.starts) if (this.starts.length < MAX_STARTS) this.starts.push(c);
      this.prefix++;
    }
  }

  /** Whether the run is complete: every chunk combined, or the failures reached `stopAt`. */
  done(): boolean {
    return this.prefix >= this.jobs.length || this.errors >= this.stopAt;
  }

  /** The combined sample (of the chunks combined so far; all of them once {@link done}). */
  result(): StartSample {
    return { shots: this.shots, errors: this.errors, start: this.starts[0], starts: this.starts.slice() };
  }
}

/**
 * Runs chunks of a top-rung Monte Carlo and combines them: `run` runs one chunk (in this thread or
 * anywhere else, see the file comment).
 */
export function runStartChunks(
  chunks: StartChunks,
  run: (job: MonteCarloJob) => MonteCarloResult,
): StartSample {
  for (let job = chunks.next(); job !== undefined; job = chunks.next()) chunks.complete(run(job));
  return chunks.result();
}
