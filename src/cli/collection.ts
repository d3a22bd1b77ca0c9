import { cpus } from 'node:os';
import type { ResolvedTask } from '../experiment/task.js';
import { collect } from '../node/collector.js';
import { ResultStore } from '../node/result-store.js';
import type { CliIO } from './io.js';
import { ProgressDisplay } from './progress.js';
import { checkResultsTarget } from './results.js';

/** What {@link runCollection} needs besides the tasks. */
export interface CollectionRun {
  readonly savePath: string;
  readonly maxShots: number;
  readonly maxErrors: number;
  /** Worker threads (default: number of cores; 0 = in this thread). */
  readonly workers?: number;
}

/**
 * The one run loop of `qec collect` and `qec study`: opens the result store (only now, after every
 * task has been resolved), shows progress, stops cleanly on Ctrl-C (batches already appended
 * stay), and returns the store's path.
 */
export async function runCollection(
  io: CliIO,
  tasks: readonly ResolvedTask[],
  run: CollectionRun,
): Promise<string> {
  await checkResultsTarget(run.savePath);
  const store = new ResultStore(run.savePath);
  try {
    for (const w of store.load().warnings) io.stderr(`warning: ${w}\n`);
  } catch (e) {
    store.close();
    throw e;
  }
  const workers = run.workers ?? cpus().length;
  const display = await ProgressDisplay.open(io, run.maxShots, run.maxErrors, Math.max(1, workers));
  const ac = new AbortController();
  const onSigint = (): void => ac.abort();
  process.once('SIGINT', onSigint);
  let last: Parameters<ProgressDisplay['update']>[0] = [];
  try {
    await collect(tasks, {
      maxShots: run.maxShots,
      maxErrors: run.maxErrors,
      workers,
      store,
      signal: ac.signal,
      onProgress: (p) => {
        last = p;
        display.update(p);
      },
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
    display.finish(last);
    store.close();
  }
  return store.csvPath;
}
