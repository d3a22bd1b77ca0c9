/**
 * QEC Lab's public library API. Everything here runs in Node, in a worker and in a browser
 * (no I/O); the `qec` command line and the worker pool live in `src/cli` and `src/node`.
 */
export {
  QecError,
  ParseError,
  ValidationError,
  UnsupportedError,
  LimitError,
  CancelledError,
} from './base/errors.js';
export { Rng, deriveSeed } from './base/prng.js';
export { sha256Hex, canonicalJson } from './base/hash.js';
export { BitTable, popcount32 } from './mem/bit-table.js';
export { Gf2Matrix, gf2Rank, gf2Solve, gf2Nullspace } from './math/gf2.js';

export type { Gate, GateCategory } from './gates/gate.js';
export { GATE_FLAGS } from './gates/gate.js';
export { GATE_DATA, GATE_ID, gateByName, gateUnitary } from './gates/gate-data.js';
export { krausChannel } from './gates/channels.js';
export { hermitianEigenvalues, vonNeumannEntropyBits } from './math/matrix.js';

export { Circuit, type Instruction, type RepeatBlock, type CircuitItem } from './circuit/circuit.js';
export {
  targetValue,
  isQubitTarget,
  isRecordTarget,
  isPauliTarget,
  isCombiner,
  isInverted,
} from './circuit/target.js';
export { parseCircuit } from './circuit/parser.js';
export { printCircuit } from './circuit/printer.js';

export { PauliString } from './stabilizer/pauli-string.js';
export { Tableau } from './stabilizer/tableau.js';

export { importQasm } from './formats/qasm/qasm-import.js';
export { exportQasm3 } from './formats/qasm/qasm-export.js';
export { readSamples, writeSamples, type SampleFormat } from './formats/sample-formats.js';

export type { ShotResults } from './sim/shot-results.js';
export { StateVector } from './sim/state-vector/state-vector.js';
export { StateVectorSimulator, sampleShots } from './sim/state-vector/state-vector-simulator.js';
export { DensityMatrix } from './sim/density-matrix/density-matrix.js';
export {
  DensityMatrixSimulator,
  type DensityMatrixMode,
} from './sim/density-matrix/density-matrix-simulator.js';
export { TableauSimulator } from './sim/tableau/tableau-simulator.js';
export { TableauSampler, sampleTableau } from './sim/tableau/tableau-sampler.js';
export {
  referenceSample,
  referenceRun,
  checkDeterministic,
  assertDeterministic,
  type DeterminismReport,
} from './sim/tableau/reference-sample.js';
export { compileSampler, type CompiledSampler } from './sim/frame/frame-simulator.js';

export type { NoiseModel, PauliRates1, PauliRates2 } from './noise/noise-model.js';
export { applyNoise, collectCoords } from './noise/apply-noise.js';
export {
  NOISE_FAMILIES,
  COMMON_NOISE_PARAMS,
  buildNoiseModel,
  type NoiseFamily,
  type NoiseParamSpec,
} from './noise/noise-models.js';

export { DetectorErrorModel, type FlatDem, type FlatError } from './dem/dem.js';
export { parseDem } from './dem/dem-parser.js';
export { printDem } from './dem/dem-printer.js';
export { flattenDem } from './dem/flatten.js';
export { analyzeErrors } from './dem/error-analyzer.js';
export { explainErrors, compareLocations, MAX_EXPLAIN_INSTRUCTIONS } from './dem/explain-errors.js';
export type {
  CircuitErrorLocation,
  ExplainedError,
  ExplainErrorsOptions,
  ExplainErrorsResult,
  LocationFrame,
  PauliOnQubit,
} from './dem/explain-errors.js';
export { formatExplainedErrors, demErrorTermsText } from './dem/explain-format.js';
export { shortestLogicalError } from './dem/shortest-error.js';
export type { ShortestErrorOptions, ShortestErrorResult } from './dem/shortest-error.js';
export { compileDemSampler } from './dem/dem-sampler.js';
export { shortestGraphlikeLogicalError, searchLogicalError } from './dem/distance.js';
export { detectorSlices, type SliceTerm } from './dem/detector-slices.js';
export { timelineSvg, timelineOps, type TimelineOp, type TimelineOptions } from './diagram/timeline-svg.js';
export { detsliceSvg, type DetsliceOptions } from './diagram/detslice-svg.js';
export { matchgraphSvg, matchingEdges, type MatchEdge } from './diagram/matchgraph-svg.js';
export { parseTickRange, ticksOf, MAX_DETSLICE_PANELS } from './diagram/ticks.js';
export { branchingLogicalErrorSearch, restrictDetectors } from './dem/distance-branching.js';

export {
  CODE_FAMILIES,
  distanceRule,
  generateExperiment,
  type CodeFamily,
  type CodeTask,
  type ExperimentSpec,
  type GeneratedExperiment,
} from './codes/code-families.js';
export type { CodeLayout, CodeMetadata } from './codes/code-spec.js';

export type { Decoder, CompiledDecoder } from './decode/decoder.js';
export {
  DECODERS,
  compileDecoder,
  getDecoder,
  getDecoderInfo,
  registerDecoder,
  unregisterDecoder,
  decoderNames,
} from './decode/registry.js';
export type { CustomDecoder, DecoderInfo } from './decode/registry.js';
export { decoderFromCheckMatrix, demFromCheckMatrix } from './decode/check-matrix.js';
export type { CheckMatrixSpec } from './decode/check-matrix.js';
export {
  MatchingCompiledDecoder,
  type MatchedPair,
  type ShotMatching,
} from './decode/matching/matching-decoder.js';
export {
  SparseBlossomDecoder,
  isShotMatcher,
  matchShot,
  type ShotMatcher,
} from './decode/matching/sparse-blossom-decoder.js';

export { resolveTask, type TaskSpec } from './experiment/task.js';
export { compileTask, runBatch } from './experiment/batch.js';
export { wilsonInterval, likelihoodInterval, perRoundRate } from './experiment/stats.js';
export {
  chainsAgree,
  estimateBySplitting,
  splittingLadder,
  type SplittingEstimate,
  type SplittingLevel,
  type SplittingOptions,
  type SplittingResult,
} from './experiment/splitting.js';
export { estimateThreshold, lambdaFactors, fitSuppression } from './experiment/fit.js';
export {
  ansatzRate,
  extrapolateRate,
  fitLowRateAnsatz,
  shotFailureProbability,
  type CyclePoint,
  type ExtrapolatedRate,
  type LowRateFit,
  type LowRateModel,
} from './experiment/low-rate-fit.js';
export {
  groupCurves,
  groupPlots,
  curvePoints,
  footprint,
  footprintPlot,
  groupTitle,
  prettyKey,
  type CurveGroup,
  type ResultRecord,
} from './experiment/analysis.js';
export { ratePlotSpec, type CurvePoint, type VegaLiteSpec } from './experiment/plots.js';
export type { TaskStats } from './experiment/stats.js';
