/**
 * The state of the error analyzer's backward walk and its primitive updates: the sensitivity
 * tracker, the accumulated mechanisms, the reversed model, the determinism (gauge) check made at
 * every collapse, and flushing (with Stim's global decomposition pass). The handlers for each
 * instruction family (`undo-*.ts`) and the walk itself (`error-analyzer.ts`) act on it.
 */
import { UnsupportedError, ValidationError } from '../base/errors.js';
import type { Circuit, Instruction } from '../circuit/circuit.js';
import { describeInstruction } from '../circuit/circuit.js';
import type { Set_ } from './error-sets.js';
import { OBS_BASE, isDet, isObs, setsEqual, targetName, xorSorted } from './error-sets.js';
import {
  isGraphlike,
  splitComponents,
  joinComponents,
  bruteForceDecomposition,
  decomposeWithRemnant,
} from './error-decomposition.js';
import { ErrorTable, compareEntries } from './error-table.js';
import type { ErrorEntry } from './error-table.js';
import type { Tracker } from './rev-frame-tracker.js';
import type { RevItem } from './reversed-model.js';
import { detectorCoordinates } from './detector-coordinates.js';

/**
 * Analyzer state shared by the instruction handlers. Mutable; one per walk (loop folding runs a
 * second, non-accumulating one on a copy of the tracker).
 */
export class AnalyzerState {
  tracker: Tracker;
  errors = new ErrorTable();
  rev: RevItem[] = [];
  accumulate = true;
  /** Keep components that cannot be decomposed instead of failing (Stim's ignore_decomposition_failures). */
  ignoreDecompositionFailures = false;
  /** Never decompose with a remnant edge that no single error has (Stim's block_decomposition_from_introducing_remnant_edges). */
  blockRemnantEdges = false;

  constructor(
    readonly circuit: Circuit,
    readonly decompose: boolean,
    readonly foldLoops: boolean,
    readonly allowGauge: boolean,
    readonly disjointThreshold: number,
    tracker: Tracker,
  ) {
    this.tracker = tracker;
  }

  // ------------------------------------------------------------------ error accumulation

  addError(p: number, targets: Set_, tag: string): Set_ {
    if (!this.accumulate) return targets;
    const e = this.errors.entry(targets, tag);
    e.p = e.p * (1 - p) + (1 - e.p) * p;
    return e.targets;
  }

  // ------------------------------------------------------------------ gauge checks

  checkGauge(set: Set_, context: string, qubit: number, inst: Instruction | undefined): void {
    if (set.length === 0) return;
    let hasObs = false;
    for (const t of set) if (isObs(t)) hasObs = true;
    if (this.allowGauge && !hasObs) {
      this.removeGauge(this.addError(0.5, set, inst?.tag ?? ''));
      return;
    }
    const dets = set.filter(isDet);
    const obs = set.filter(isObs).map((t) => t - OBS_BASE);
    const coords = detectorCoordinates(this.circuit, dets);
    const named = set.map((t) => {
      const c = isDet(t) ? coords.get(t) : undefined;
      return c !== undefined && c.length > 0 ? `${targetName(t)} [coords (${c.join(', ')})]` : targetName(t);
    });
    const what =
      obs.length > 0 && (dets.length === 0 || this.allowGauge)
        ? 'non-deterministic observables'
        : obs.length > 0
          ? 'non-deterministic detectors and observables'
          : 'non-deterministic detectors';
    const where = inst === undefined ? context : `${context} (instruction \`${describeInstruction(inst)}\`)`;
    const fix =
      obs.length > 0
        ? 'Error analysis requires deterministic observables: include the measurements that make the observable deterministic.'
        : 'Fix the DETECTOR definitions, or pass allowGaugeDetectors to treat them as 50% errors.';
    // The backward-propagated Pauli of each (first few) culprit at this point, as Stim reports it.
    const tr = this.tracker;
    const sensitivities = set.slice(0, 4).map((t) => {
      const terms: string[] = [];
      for (let q = 0; q < tr.xs.length; q++) {
        const x = tr.xs[q].includes(t);
        const z = tr.zs[q].includes(t);
        if (x || z) terms.push(`${x ? (z ? 'Y' : 'X') : 'Z'}${q}`);
      }
      return `${targetName(t)}: ${terms.length > 0 ? terms.join('*') : '(none)'}`;
    });
    throw new ValidationError(
      `The circuit contains ${what}: ${named.join(', ')}. This was discovered while analyzing ${where} on qubit ${qubit}: ` +
        `the collapse anticommutes with their backward-propagated sensitivity, so without noise they would be random. ${fix} ` +
        `Their sensitivity at the collapse: ${sensitivities.join('; ')}${set.length > 4 ? '; ...' : ''}.`,
      {
        detectors: dets,
        observables: obs,
        qubit,
        instruction: inst === undefined ? undefined : describeInstruction(inst),
      },
    );
  }

  checkGauge2(a: Set_, b: Set_, context: string, qubit: number, inst: Instruction | undefined): void {
    if (setsEqual(a, b)) return;
    this.checkGauge(xorSorted(a, b), context, qubit, inst);
  }

  removeGauge(sorted: Set_): void {
    if (sorted.length === 0) return;
    const max = sorted[sorted.length - 1];
    const tr = this.tracker;
    for (let q = 0; q < tr.xs.length; q++) {
      if (tr.xs[q].includes(max)) tr.xs[q] = xorSorted(tr.xs[q], sorted);
      if (tr.zs[q].includes(max)) tr.zs[q] = xorSorted(tr.zs[q], sorted);
    }
  }

  postCheckInitialization(): void {
    const tr = this.tracker;
    for (let q = 0; q < tr.xs.length; q++)
      this.checkGauge(tr.xs[q], 'qubit initialization into |0> at the start of the circuit', q, undefined);
  }

  // ------------------------------------------------------------------ flushing

  flush(): void {
    if (this.decompose) this.globalDecomposition();
    const entries = this.errors.live();
    entries.sort(compareEntries);
    if (entries.length > 0) this.rev.push({ kind: 'errors', entries });
    this.errors.clear();
  }

  /** Stim's global decomposition pass: rewrite non-graphlike errors using graphlike symptoms that exist. */
  globalDecomposition(): void {
    const entries = this.errors.live();
    if (!entries.some((e) => !isGraphlike(e.targets))) return;
    entries.sort(compareEntries);
    const known = new Map<string, Set_>();
    for (const e of entries) {
      for (const comp of splitComponents(e.targets)) {
        const dets = comp.filter(isDet);
        if (dets.length === 1 || dets.length === 2) known.set(dets.join(','), comp);
      }
    }
    const rewrites: [ErrorEntry, Set_][] = [];
    for (const e of entries) {
      if (isGraphlike(e.targets)) continue;
      const parts: Set_[] = [];
      for (const comp of splitComponents(e.targets)) {
        const found = bruteForceDecomposition(comp, known);
        if (found !== undefined) {
          parts.push(...found);
          continue;
        }
        const remnant = this.blockRemnantEdges ? undefined : decomposeWithRemnant(comp, known);
        if (remnant !== undefined) {
          parts.push(...remnant);
          continue;
        }
        if (this.ignoreDecompositionFailures) {
          parts.push(comp);
          continue;
        }
        throw new UnsupportedError(
          `failed to decompose an error into graphlike components with at most two detectors each: the component '${comp.map(targetName).join(' ')}' ` +
            `(of error '${e.targets.map(targetName).join(' ')}') is not a combination of existing single- or two-detector errors. ` +
            'Analyze without decomposeErrors, pass ignoreDecompositionFailures to keep such components as they are, or add noise that provides the missing graphlike errors.',
          { component: comp.map(targetName) },
        );
      }
      rewrites.push([e, joinComponents(parts)]);
    }
    for (const [e, targets] of rewrites) {
      this.errors.delete(e);
      this.addError(e.p, targets, e.tag);
    }
  }
}
