/**
 * QEC Lab's Node layer (`qec-lab/node`): what needs Node itself (worker threads, files) on top of
 * the core in `qec-lab`. Plot rendering loads its optional packages (vega, vega-lite,
 * @resvg/resvg-js) only when called.
 */
export {
  FrameSamplerPool,
  sampleDetectorsParallel,
  sampleDetectorsSerial,
  type ParallelSampleOptions,
} from './worker-pool.js';
export { collect, type CollectOptions, type TaskProgress } from './collector.js';
export { ResultStore, parseResultsCsv, mergeRows, CSV_HEADER, type ResultRow } from './result-store.js';
export { renderSvg, svgToPng } from './render.js';
