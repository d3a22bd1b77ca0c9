import { ValidationError } from '../base/errors.js';
import type { Check, CheckTerm, CodeSpec, Pauli } from './code-spec.js';
import { buildMemoryCircuit, type GeneratedCode } from './memory-circuit.js';
import { rotatedLattice } from './rotated-surface.js';
import { UNROTATED_ORDER } from './unrotated-surface.js';

/*
 * Stability experiments (Gidney 2022, "Stability experiments: the overlooked dual of memory
 * experiments", Quantum 6, 786). A surface-code patch whose boundaries are all X-type has no
 * logical qubit (k = 0), and the product of all its X checks is the identity, so that product is
 * known (+1) although each X check is random on the initial product state. The experiment prepares
 * the data in |0⟩ (the basis that disagrees with the boundary type), measures every check for R
 * rounds, measures the data in Z, and asks the decoder for the product of the first-round X
 * results. Data errors flip an even number of X checks and cannot change that product; only
 * timelike chains (measurement errors, or errors between ancilla couplings, repeated through every
 * round) flip it undetected, so the circuit-level distance of the experiment is R — the dual of a
 * memory experiment, whose distance is spatial. It tests how well a decoder multiplies stabilizers
 * over a large region (what moving a logical observable through space in lattice surgery needs).
 */

/** A stability patch: the spec (k = 0, no logicals), its observable checks, its Hadamard frame. */
export interface StabilityPatch {
  readonly spec: CodeSpec;
  /** Ancillas of the checks whose product is the stability observable (the boundary-type checks). */
  readonly observableChecks: readonly number[];
  /** Data qubits in a Hadamard-conjugated frame (XZZX); empty for CSS patches. */
  readonly hadamardData: ReadonlySet<number>;
}

/**
 * The rotated surface-code stability patch of Gidney 2022 (Fig. 1 is diameter 4): `diameter` ×
 * `diameter` data qubits on Stim's rotated layout (data at odd coordinates (2i+1, 2j+1), checks at
 * even ones, X-type where i + j is odd), bulk checks as in the memory patch, and X-type weight-2
 * checks on all four sides (diameter/2 per side). The four corner plaquettes must be Z-type for
 * every data qubit to meet an even number of X checks, which needs an even diameter.
 * Qubits: diameter² data, then diameter² + 1 ancillas (CX orders of the memory patch).
 * With `xzzx`, the XZZX frame of the same patch (checkerboard Hadamards on the data).
 *
 * Throws ValidationError for a diameter that is not an even integer ≥ 2.
 */
export function rotatedStabilityPatch(diameter: number, xzzx = false): StabilityPatch {
  const D = diameter;
  if (!Number.isSafeInteger(D) || D < 2 || D % 2 !== 0)
    throw new ValidationError(
      `a rotated stability patch needs an even diameter ≥ 2 (one boundary type all around), got ${D}`,
      { field: 'distance', value: D },
    );
  // X checks on all four sides: every boundary plaquette kept is X-type, and they are the observable.
  const { coords, hadamardData, checks, checkTypes } = rotatedLattice(D, xzzx, () => 'X');
  const observableChecks = checks.filter((_, k) => checkTypes[k] === 'X').map((c) => c.ancilla);
  return {
    spec: {
      family: xzzx ? 'xzzx' : 'rotated-surface',
      n: D * D,
      k: 0,
      d: D,
      dataQubits: Array.from({ length: D * D }, (_, q) => q),
      checks,
      coords,
      logicalX: [],
      logicalZ: [],
      numLayers: 4,
    },
    observableChecks,
    hadamardData,
  };
}

/**
 * The unrotated (planar) surface-code stability patch on the same (2d−1) × (2d−1) grid as the
 * distance-d memory patch (`unrotatedSurfaceSpec`), with the sublattices swapped so that X checks
 * line all four sides: X checks at (even x, even y) (weight 2 at the corners, 3 on the sides, 4
 * inside), Z checks at (odd x, odd y) (all weight 4), data where x + y is odd; 2d(d−1) data and
 * 2d² − 2d + 1 checks (one redundancy: the product of the d² X checks). Qubit index = x + (2d−1)·y;
 * the memory patch's CX order (right, up, down, left).
 *
 * Throws ValidationError for d not an integer ≥ 2.
 */
export function unrotatedStabilityPatch(d: number): StabilityPatch {
  if (!Number.isSafeInteger(d) || d < 2)
    throw new ValidationError(`an unrotated stability patch needs d ≥ 2, got ${d}`, {
      field: 'distance',
      value: d,
    });
  const W = 2 * d - 1;
  const idx = (x: number, y: number): number => x + W * y;
  const coords = new Map<number, readonly number[]>();
  const data: number[] = [];
  const checks: Check[] = [];
  const observableChecks: number[] = [];
  for (let y = 0; y < W; y++)
    for (let x = 0; x < W; x++) {
      coords.set(idx(x, y), [x, y]);
      if ((x + y) % 2 === 1) {
        data.push(idx(x, y));
        continue;
      }
      const type: Pauli = x % 2 === 0 ? 'X' : 'Z';
      const terms: CheckTerm[] = [];
      UNROTATED_ORDER.forEach(([dx, dy], layer) => {
        const nx = x + dx;
        const ny = y + dy;
        if (nx >= 0 && ny >= 0 && nx < W && ny < W) terms.push({ data: idx(nx, ny), pauli: type, layer });
      });
      checks.push({ ancilla: idx(x, y), terms });
      if (type === 'X') observableChecks.push(idx(x, y));
    }
  return {
    spec: {
      family: 'surface',
      n: data.length,
      k: 0,
      d,
      dataQubits: data,
      checks,
      coords,
      logicalX: [],
      logicalZ: [],
      numLayers: 4,
    },
    observableChecks,
    hadamardData: new Set(),
  };
}

/**
 * Builds the noiseless stability-experiment circuit of a patch with the memory builder's
 * conventions (QUBIT_COORDS, `I[round]` markers, DETECTOR coordinates (x, y, t), rounds after the
 * first in one REPEAT block): data reset in the basis that disagrees with the observable checks
 * (Z, or X on Hadamard-frame qubits), R rounds, data measured in that basis; detectors for the
 * other checks from the first round on and at the final read-out, for the observable checks from
 * the second round on; OBSERVABLE_INCLUDE(0) = the product of the observable checks' first-round
 * results, emitted right after the first round. metadata.task is `stability`, metadata.k is 0 and
 * metadata.d the patch parameter; the experiment's circuit-level distance is R (timelike).
 *
 * Throws ValidationError when rounds < 1; an internal error when the observable checks do not
 * multiply to the identity or are not all random on the prepared state.
 */
export function buildStabilityCircuit(patch: StabilityPatch, rounds: number): GeneratedCode {
  const { spec, observableChecks, hadamardData } = patch;
  const obs = new Set(observableChecks);
  // The product of the observable checks must be the identity (up to sign): per data qubit, the
  // X and Z parts of the Paulis it meets cancel.
  const xs = new Map<number, number>();
  const zs = new Map<number, number>();
  for (const c of spec.checks) {
    if (!obs.has(c.ancilla)) continue;
    for (const t of c.terms) {
      if (t.pauli !== 'Z') xs.set(t.data, (xs.get(t.data) ?? 0) ^ 1);
      if (t.pauli !== 'X') zs.set(t.data, (zs.get(t.data) ?? 0) ^ 1);
      // Each observable check must anticommute with the prepared basis on its qubits, or it would
      // be deterministic in the first round and the observable would not be a timelike one.
      const basis: Pauli = hadamardData.has(t.data) ? 'X' : 'Z';
      if (t.pauli === basis)
        throw new Error(`internal: observable check ${c.ancilla} of ${spec.family} is deterministic`);
    }
  }
  for (const m of [xs, zs])
    for (const [q, v] of m)
      if (v !== 0)
        throw new Error(`internal: ${spec.family} observable checks do not cancel on data qubit ${q}`);
  const g = buildMemoryCircuit(spec, {
    task: 'memory-z',
    rounds,
    hadamardData,
    firstRoundObservable: observableChecks,
  });
  return { ...g, metadata: { ...g.metadata, task: 'stability' } };
}
