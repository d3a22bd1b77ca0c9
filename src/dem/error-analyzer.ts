/**
 * Circuit → detector error model extraction with Stim's `analyze_errors` semantics.
 *
 * Method (Gidney, "Stim: a fast stabilizer circuit simulator", Quantum 5, 497 (2021), §"detector
 * error models"; Stim's `ErrorAnalyzer`): walk the circuit BACKWARDS keeping, for every qubit q,
 * the sets `xs[q]` / `zs[q]` of detectors and observables whose backward-propagated Pauli
 * sensitivity has an X / Z component on q. An X error on q then flips exactly `zs[q]`, a Z error
 * `xs[q]`, a Y error their symmetric difference. Clifford gates act on the sets through their
 * inverse conjugation; measurements add the detectors/observables that include their record bit;
 * resets and measurements require the sensitivity that anticommutes with their basis to be empty
 * (otherwise a detector/observable is not deterministic). Each noise channel becomes independent
 * mechanisms; identical symptom sets are merged with p ⊕ q = p(1−q) + q(1−p).
 *
 * Sets are immutable sorted `number[]` of encoded targets (detector id d → d, observable k →
 * {@link OBS_BASE} + k, component separator `^` → {@link SEP}); every update builds a new array,
 * so copying the tracker for loop folding is a shallow copy. Detector ids are absolute while
 * analysing and are made relative to `shift_detectors` when the model is emitted.
 */
import { LimitError, QecError, ValidationError } from '../base/errors.js';
import type { Circuit, Instruction } from '../circuit/circuit.js';
import { OBS_BASE, SEP } from './error-sets.js';
import { DetectorErrorModel } from './dem.js';
import { AnalyzerState } from './analyzer-state.js';
import { Tracker } from './rev-frame-tracker.js';
import { totalDetectorShift, unreverse } from './reversed-model.js';
import type { UnreverseState } from './reversed-model.js';
import { undoAnnotation, undoMeasurementOrReset } from './undo-measurement.js';
import { correlatedBlock, undoNoise } from './undo-noise.js';
import { undoUnitary } from './undo-unitary.js';

export {
  depolarize1ToIndependent,
  depolarize2ToIndependent,
  disjointToIndependentXyz,
} from './error-sets.js';

/** Options of {@link analyzeErrors}. */
export interface AnalyzeErrorsOptions {
  /** Split every error into graphlike components (≤ 2 detectors each) joined by `^`, as Stim's `--decompose_errors`. Default false. */
  decomposeErrors?: boolean;
  /** Emit DEM `repeat` blocks for periodic REPEAT bodies instead of unrolling them. Default true. */
  foldLoops?: boolean;
  /** Turn non-deterministic detectors into 50% errors instead of failing. Default false. */
  allowGaugeDetectors?: boolean;
  /**
   * Allow disjoint channels that have no exact independent decomposition (PAULI_CHANNEL_2,
   * ELSE_CORRELATED_ERROR chains, HERALDED_ERASE, ...) by treating their disjoint probabilities as
   * independent. Default false. A number in [0, 1] is a threshold (as Stim's): only cases whose
   * probability is at most the threshold may be approximated; `true` means 1.
   */
  approximateDisjointErrors?: boolean | number;
  /** With `decomposeErrors`: leave components that cannot be decomposed as they are instead of throwing. Default false. */
  ignoreDecompositionFailures?: boolean;
  /**
   * With `decomposeErrors`: only decompose into symptoms that some error has exactly (no "remnant"
   * edges formed by XOR-ing known symptoms), which may make decomposition fail. Default false.
   */
  blockDecompositionFromIntroducingRemnantEdges?: boolean;
}

/**
 * The backward walk over a circuit: instructions are undone last to first by the handler of their
 * family (`undo-*.ts`), E/ELSE_CORRELATED_ERROR chains as one block, and REPEAT blocks either
 * unrolled or folded (tortoise-and-hare on the tracked state, see {@link analyzeErrors}).
 */
class Analyzer extends AnalyzerState {
  undoCircuit(circuit: Circuit): void {
    const items = circuit.items;
    const stacked: Instruction[] = [];
    for (let k = items.length - 1; k >= 0; k--) {
      const it = items[k];
      if (it.kind === 'repeat') {
        if (stacked.length > 0) throw elseError();
        this.runLoop(it.body, it.repetitions, it.tag);
        continue;
      }
      const name = it.gate.name;
      if (name === 'ELSE_CORRELATED_ERROR') {
        stacked.push(it);
        continue;
      }
      if (name === 'E' || name === 'CORRELATED_ERROR') {
        stacked.push(it);
        correlatedBlock(this, stacked);
        stacked.length = 0;
        continue;
      }
      if (stacked.length > 0) throw elseError();
      this.undoInstruction(it, name);
    }
    if (stacked.length > 0) throw elseError();
  }

  /**
   * Undoes one instruction (the walk goes backward): annotations, measurements and resets, noise
   * channels and unitaries each have their handler.
   */
  undoInstruction(inst: Instruction, name: string): void {
    if (
      undoAnnotation(this, inst, name) ||
      undoMeasurementOrReset(this, inst, name) ||
      undoNoise(this, inst, name)
    )
      return;
    undoUnitary(this, inst, name);
  }

  runLoop(body: Circuit, iterations: number, tag: string): void {
    if (!this.foldLoops) {
      for (let k = 0; k < iterations; k++) this.undoCircuit(body);
      return;
    }
    let hareIter = 0;
    let tortoiseIter = 0;
    const hare = new Analyzer(
      this.circuit,
      false,
      true,
      this.allowGauge,
      this.disjointThreshold,
      this.tracker.copy(),
    );
    hare.accumulate = false;
    // Tortoise-and-hare cycle finding on the tracker state up to a shift of ids (Floyd).
    while (hareIter < iterations) {
      try {
        hare.undoCircuit(body);
      } catch (e) {
        if (!(e instanceof QecError)) throw e;
        hareIter = iterations; // let the tortoise hit the error with full context
        break;
      }
      hareIter++;
      if (hare.tracker.isShiftedCopy(this.tracker)) break;
      if (hareIter % 2 === 0) {
        this.undoCircuit(body);
        tortoiseIter++;
        if (hare.tracker.isShiftedCopy(this.tracker)) break;
      }
    }
    if (hareIter < iterations) {
      const period = hareIter - tortoiseIter;
      const periodIterations = Math.floor((iterations - tortoiseIter) / period);
      const detectorsPerPeriod = this.tracker.numDetectorsInPast - hare.tracker.numDetectorsInPast;
      const measurementsPerPeriod = this.tracker.numMeasurementsInPast - hare.tracker.numMeasurementsInPast;
      if (periodIterations > 1) {
        this.flush();
        const outer = this.rev;
        this.rev = [];
        const skipped = periodIterations - 1;
        this.tracker.shift(-skipped * measurementsPerPeriod, -skipped * detectorsPerPeriod);
        tortoiseIter += skipped * period;
        for (let k = 0; k < period; k++) {
          this.undoCircuit(body);
          tortoiseIter++;
        }
        this.flush();
        const inner = this.rev;
        const remaining = detectorsPerPeriod - totalDetectorShift(inner);
        if (remaining > 0) {
          const first = inner[0];
          if (first !== undefined && first.kind === 'shift')
            inner[0] = { ...first, shift: first.shift + remaining };
          else inner.unshift({ kind: 'shift', coords: [], shift: remaining, tag: '' });
        }
        outer.push({ kind: 'repeat', reps: periodIterations, body: inner, tag });
        this.rev = outer;
      }
    }
    while (tortoiseIter < iterations) {
      this.undoCircuit(body);
      tortoiseIter++;
    }
  }
}

function elseError(): ValidationError {
  return new ValidationError(
    'ELSE_CORRELATED_ERROR must directly follow a CORRELATED_ERROR (E) or another ELSE_CORRELATED_ERROR',
  );
}

function disjointThreshold(v: boolean | number | undefined): number {
  if (v === undefined || v === false) return 0;
  if (v === true) return 1;
  if (!(v >= 0 && v <= 1))
    throw new ValidationError(
      `approximateDisjointErrors must be a boolean or a threshold in [0, 1], got ${v}`,
    );
  return v;
}

/**
 * Extracts the detector error model of a noisy stabilizer circuit, with the semantics of Stim's
 * `analyze_errors` / `Circuit.detector_error_model`: every Pauli noise channel (X/Y/Z_ERROR,
 * DEPOLARIZE1/2, PAULI_CHANNEL_1/2, E/ELSE_CORRELATED_ERROR, HERALDED_ERASE,
 * HERALDED_PAULI_CHANNEL_1, measurement flip probabilities) becomes independent mechanisms listing
 * the detectors (`D`) and observables (`L`) they flip; mechanisms with identical symptoms are
 * merged (p ⊕ q), empty ones dropped. Errors are listed in Stim's order (sorted by targets), then
 * detector declarations with coordinates and `shift_detectors` in circuit order. DEPOLARIZE1(p)
 * is three independent X, Y, Z mechanisms with q = (1 − √(1 − 4p/3))/2 each, DEPOLARIZE2(p)
 * fifteen with q = (1 − (1 − 16p/15)^{1/8})/2.
 *
 * Cost: O(#targets × average sensitivity-set size) for the walk plus O(E log E) to sort E
 * mechanisms; with `foldLoops` a periodic REPEAT body is analysed only a few times (tortoise-and-
 * hare on the tracked state up to a detector-id shift) and emitted as a DEM `repeat` block.
 * Does not mutate the circuit.
 *
 * @throws ValidationError naming the detectors/observables (with coordinates) and the instruction
 *   when a detector or observable is not deterministic without noise (unless `allowGaugeDetectors`
 *   and only detectors are involved), or for over-mixing depolarizing probabilities.
 * @throws LimitError for 2^29 or more detectors (ids are packed into small integers).
 * @throws UnsupportedError for non-Clifford gates, non-Pauli channels, disjoint channels without
 *   `approximateDisjointErrors`, or (with `decomposeErrors`) a hyperedge that cannot be decomposed.
 */
export function analyzeErrors(circuit: Circuit, opts: AnalyzeErrorsOptions = {}): DetectorErrorModel {
  const stats = circuit.stats();
  if (stats.numDetectors >= OBS_BASE || stats.numObservables >= SEP - OBS_BASE)
    throw new LimitError(
      `error analysis supports fewer than ${OBS_BASE} detectors and ${SEP - OBS_BASE} observables; ` +
        `the circuit has ${stats.numDetectors} detectors and ${stats.numObservables} observables`,
      { numDetectors: stats.numDetectors, numObservables: stats.numObservables },
    );
  if (!(stats.numMeasurements <= Number.MAX_SAFE_INTEGER))
    throw new LimitError(
      `the circuit records ${stats.numMeasurements.toPrecision(3)} measurement results once REPEAT blocks are multiplied out, more than 2^53 (record offsets would not be exact)`,
      { numMeasurements: stats.numMeasurements },
    );
  const tracker = new Tracker(stats.numQubits, stats.numMeasurements, stats.numDetectors);
  const a = new Analyzer(
    circuit,
    opts.decomposeErrors ?? false,
    opts.foldLoops ?? true,
    opts.allowGaugeDetectors ?? false,
    disjointThreshold(opts.approximateDisjointErrors),
    tracker,
  );
  a.ignoreDecompositionFailures = opts.ignoreDecompositionFailures ?? false;
  a.blockRemnantEdges = opts.blockDecompositionFromIntroducingRemnantEdges ?? false;
  a.undoCircuit(circuit);
  a.postCheckInitialization();
  a.flush();
  const state: UnreverseState = {
    base: 0,
    seenDetectors: new Uint8Array(stats.numDetectors),
    seenObservables: new Set(),
  };
  return new DetectorErrorModel(unreverse(a.rev, state));
}
