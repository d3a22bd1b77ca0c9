import { ValidationError } from '../base/errors.js';
import {
  biased1,
  biased2,
  depolarizing1,
  depolarizing2,
  type BurstNoise,
  type CorrelatedNoise,
  type NoiseModel,
} from './noise-model.js';

/** One numeric parameter of a noise model, described as data (CLI help and validation derive from it). */
export interface NoiseParamSpec {
  readonly name: string;
  readonly help: string;
  readonly default?: number;
  /** True when the parameter may be left out and has no default (the model derives it). */
  readonly optional?: boolean;
  readonly min: number;
  readonly max: number;
}

/** A named family of noise models, built from numeric parameters. */
export interface NoiseFamily {
  readonly name: string;
  readonly description: string;
  /** Model-specific parameters (the common ones in {@link COMMON_NOISE_PARAMS} apply to every family). */
  readonly params: readonly NoiseParamSpec[];
  build(p: Readonly<Record<string, number>>): NoiseModel;
}

const P: NoiseParamSpec = { name: 'p', help: 'physical error rate', min: 0, max: 1 };
const ETA: NoiseParamSpec = {
  name: 'eta',
  help: 'bias η = pZ/(pX+pY); 0.5 is depolarizing, Infinity pure Z',
  default: 0.5,
  min: 0,
  max: Infinity,
};

/**
 * Parameters every family accepts, layered on top of its own rules: separate idle and
 * measurement/reset rates, non-local correlated errors and bursts.
 */
export const COMMON_NOISE_PARAMS: readonly NoiseParamSpec[] = [
  { name: 'idle', help: 'depolarizing rate on idle qubits per moment (overrides the model)', min: 0, max: 1 },
  { name: 'pm', help: 'measurement flip probability (overrides the model)', min: 0, max: 1 },
  { name: 'pr', help: 'reset flip probability (overrides the model)', min: 0, max: 1 },
  {
    name: 'corr',
    help: 'pairwise correlated ZZ error strength for nearest neighbours, per round',
    min: 0,
    max: 0.5,
  },
  {
    name: 'corr-exp',
    help: 'power-law exponent of correlated errors vs distance',
    default: 2,
    min: 0,
    max: Infinity,
  },
  {
    name: 'corr-cutoff',
    help: 'omit correlated pairs below this probability',
    default: 1e-7,
    min: 0,
    max: 1,
  },
  { name: 'burst-p', help: 'depolarizing rate of a burst (e.g. a cosmic-ray strike)', min: 0, max: 1 },
  { name: 'burst-x', help: 'burst centre x coordinate', default: 0, min: -Infinity, max: Infinity },
  { name: 'burst-y', help: 'burst centre y coordinate', default: 0, min: -Infinity, max: Infinity },
  { name: 'burst-radius', help: 'burst radius (coordinate units)', default: 2, min: 0, max: Infinity },
  { name: 'burst-start', help: 'first round (0-based) of the burst', default: 0, min: 0, max: Infinity },
  { name: 'burst-rounds', help: 'number of rounds the burst lasts', default: 1, min: 0, max: Infinity },
  {
    name: 'leak',
    help: 'leakage: LEAK(p) on both qubits after every two-qubit gate (an extension; frame sampler only, decoders do not see it)',
    min: 0,
    max: 1,
  },
  {
    name: 'seep',
    help: 'seepage: SEEP(p) on both qubits after every two-qubit gate (a leaked qubit returns maximally mixed)',
    min: 0,
    max: 1,
  },
  {
    name: 'erase',
    help: 'heralded erasure: HERALDED_ERASE(p) on both qubits after every two-qubit gate, each herald a detector (decode with mwpm-correlated to use the heralds)',
    min: 0,
    max: 1,
  },
  {
    name: 'lru',
    help: '1: a leakage-reduction unit (LRU) on every qubit at the start of each round; 0: none (resets do not remove leakage)',
    default: 0,
    min: 0,
    max: 1,
  },
];

/** Stim's four `gen` noise knobs (`--after_clifford_depolarization` ...), the `stim` family's parameters. */
export const STIM_KNOBS: readonly NoiseParamSpec[] = [
  ['after-clifford-depolarization', 'DEPOLARIZE1/2 rate after every Clifford gate'],
  ['before-round-data-depolarization', 'DEPOLARIZE1 rate on data qubits before each round'],
  ['before-measure-flip-probability', 'flip probability before each measurement'],
  ['after-reset-flip-probability', 'flip probability after each reset'],
].map(([name, help]) => ({ name, help, default: 0, min: 0, max: 1 }));

/** The noise families of QEC Lab. */
export const NOISE_FAMILIES: readonly NoiseFamily[] = [
  {
    name: 'none',
    description: 'No noise (the circuit as generated).',
    params: [],
    build: () => ({ name: 'none', params: {} }),
  },
  {
    name: 'code-capacity',
    description:
      'Code capacity: one round of biased depolarizing noise (rate p, bias eta) on the data qubits before the first round; perfect gates and measurements.',
    params: [P, ETA],
    build: (x) => ({
      name: 'code-capacity',
      params: x,
      dataRound: biased1(x.p, x.eta),
      dataRoundFirstOnly: true,
    }),
  },
  {
    name: 'code-capacity-x',
    description:
      'Code capacity bit-flip: X errors with probability p on every data qubit once, perfect measurement (the textbook toric-code threshold model, ≈10.3% with MWPM).',
    params: [P],
    build: (x) => ({ name: 'code-capacity-x', params: x, dataRound: [x.p, 0, 0], dataRoundFirstOnly: true }),
  },
  {
    name: 'phenomenological',
    description:
      'Phenomenological: biased depolarizing noise (p, eta) on the data qubits before every round and measurement flips q (default p); perfect gates.',
    params: [
      P,
      ETA,
      { name: 'q', help: 'measurement flip probability (default p)', optional: true, min: 0, max: 1 },
    ],
    build: (x) => ({
      name: 'phenomenological',
      params: x,
      dataRound: biased1(x.p, x.eta),
      measureFlip: x.q ?? x.p,
    }),
  },
  {
    name: 'uniform',
    description:
      "Circuit-level uniform depolarizing noise, Stim's four knobs at p: DEPOLARIZE1/2(p) after every Clifford, DEPOLARIZE1(p) on data before each round, flips p before measurements and after resets.",
    params: [P],
    build: (x) => ({
      name: 'uniform',
      params: x,
      gate1: depolarizing1(x.p),
      gate2: depolarizing2(x.p),
      dataRound: depolarizing1(x.p),
      measureFlip: x.p,
      resetFlip: x.p,
    }),
  },
  {
    name: 'stim',
    description:
      "Stim's `gen` noise knobs, each its own rate (unset ones are 0): DEPOLARIZE1/2 after every Clifford (after-clifford-depolarization), DEPOLARIZE1 on data before each round (before-round-data-depolarization), flips before measurements (before-measure-flip-probability) and after resets (after-reset-flip-probability). `uniform` is all four at p.",
    params: STIM_KNOBS,
    build: (x) => ({
      name: 'stim',
      params: x,
      gate1: depolarizing1(x['after-clifford-depolarization']),
      gate2: depolarizing2(x['after-clifford-depolarization']),
      dataRound: depolarizing1(x['before-round-data-depolarization']),
      measureFlip: x['before-measure-flip-probability'],
      resetFlip: x['after-reset-flip-probability'],
    }),
  },
  {
    name: 'si1000',
    description:
      'SI1000 superconducting-inspired noise (Gidney, Newman, Fowler, Broughton 2021, "A Fault-Tolerant Honeycomb Memory", table 2): DEPOLARIZE2(p) after two-qubit gates, DEPOLARIZE1(p/10) after single-qubit gates and on idle qubits, measurement flips 5p, reset flips 2p, DEPOLARIZE1(2p) on qubits idle during measurement/reset.',
    params: [P],
    build: (x) => ({
      name: 'si1000',
      params: x,
      gate1: depolarizing1(x.p / 10),
      gate2: depolarizing2(x.p),
      idle: depolarizing1(x.p / 10),
      idleMeasureReset: depolarizing1(2 * x.p),
      measureFlip: 5 * x.p,
      resetFlip: 2 * x.p,
    }),
  },
  {
    name: 'biased',
    description:
      'Circuit-level biased Pauli noise with bias eta = pZ/(pX+pY) (η = 0.5 depolarizing, η = Infinity pure Z): biased channels of total rate p after gates and on data before each round; flips p at measurement and reset. By default the channel after every CX has the same bias, which assumes a bias-preserving CX: true of cat qubits (Puri et al. 2020, Sci. Adv. 6, eaay5901), impossible for two-level qubits, whose CX turns a Z on the target during the gate into X or Y. For two-level hardware set eta-cx to the bias the CX really keeps (0.5 for a depolarizing CX).',
    params: [
      P,
      ETA,
      {
        name: 'eta-cx',
        help: 'bias of the two-qubit channel after CX-type gates (default: eta, a bias-preserving CX; 0.5 depolarizing)',
        optional: true,
        min: 0,
        max: Infinity,
      },
    ],
    build: (x) => ({
      name: 'biased',
      params: x,
      gate1: biased1(x.p, x.eta),
      gate2: biased2(x.p, x['eta-cx'] ?? x.eta),
      dataRound: biased1(x.p, x.eta),
      measureFlip: x.p,
      resetFlip: x.p,
    }),
  },
  {
    name: 'cat',
    description:
      'Cat qubits stabilised by two-photon dissipation (the hardware layer of repetition-cat and AWS-style concatenated cat-code architectures). With n̄ = |α|², loss ratio κ1/κ2 and CX time κ2T: bias-preserving CX (Guillaud & Mirrahimi 2019, PRX 9, 041053) with phase flips p_Z(control) = n̄(κ1/κ2)(κ2T) + π²/(64 n̄ κ2T) (single-photon loss as in idling, plus the non-adiabatic term of the AWS line of work, Chamberland et al. 2022, PRX Quantum 3, 010329), p_Z(target) = p_ZZ = ½n̄(κ1/κ2)(κ2T); idling phase flips n̄(κ1/κ2)(κ2T) per CX step; preparation and measurement phase flips n̄(κ1/κ2)(κ2T_prep) and n̄(κ1/κ2)(κ2T_meas) with their own durations (default the CX time); bit flips p_X = A·exp(−2n̄) per qubit per operation (exponential suppression, prefactor A). Not modelled: thermal photons, pure dephasing, gate-induced leakage out of the cat manifold and the growth of bit flips with gate speed, so it is optimistic at short κ2T.',
    params: [
      { name: 'nbar', help: 'mean photon number n̄ = |α|² of the cat', min: 0, max: 100 },
      {
        name: 'k1k2',
        help: 'hardware ratio κ1/κ2 (single-photon loss over two-photon dissipation)',
        default: 1e-3,
        min: 0,
        max: 1,
      },
      { name: 'kt', help: 'CX gate time in units of 1/κ2', default: 1, min: 1e-6, max: 1e6 },
      {
        name: 'kt-prep',
        help: 'preparation (reset) time in units of 1/κ2 (default: the CX time kt)',
        optional: true,
        min: 0,
        max: 1e6,
      },
      {
        name: 'kt-meas',
        help: 'measurement time in units of 1/κ2 (default: the CX time kt)',
        optional: true,
        min: 0,
        max: 1e6,
      },
      { name: 'bitflip', help: 'prefactor A of the bit-flip rate A·exp(−2n̄)', default: 0.5, min: 0, max: 1 },
    ],
    build: (x) => {
      const r = catRates(x.nbar, x.k1k2, x.kt, x.bitflip, { ktPrep: x['kt-prep'], ktMeas: x['kt-meas'] });
      const gate2 = new Array<number>(15).fill(0);
      // PAULI_CHANNEL_2 order: IX IY IZ XI XX XY XZ YI YX YY YZ ZI ZX ZY ZZ; qubit 1 is the control.
      gate2[11] = r.zControl; // ZI
      gate2[2] = r.zTarget; // IZ
      gate2[14] = r.zz; // ZZ
      gate2[3] = r.x; // XI
      gate2[0] = r.x; // IX
      return {
        name: 'cat',
        params: x,
        gate1: [r.x, 0, r.zIdle],
        gate2,
        dataRound: [r.x, 0, r.zIdle],
        idle: [r.x, 0, r.zIdle],
        measureFlip: r.zMeasure,
        resetFlip: r.zPrepare,
      };
    },
  },
];

/** Per-operation error probabilities of the cat-qubit model; see the `cat` family's description. */
export interface CatRates {
  /** Z on the control of a CX: loss over the gate plus the non-adiabatic term. */
  readonly zControl: number;
  /** Z on the target of a CX (loss on the target, half the gate on average). */
  readonly zTarget: number;
  /** Correlated ZZ on control and target of a CX. */
  readonly zz: number;
  /** Z per idle step of one CX duration. */
  readonly zIdle: number;
  /** Z (a flipped outcome) of a preparation in |±⟩. */
  readonly zPrepare: number;
  /** Z (a flipped outcome) of an X-basis measurement. */
  readonly zMeasure: number;
  /** X (bit flip) per qubit per operation. */
  readonly x: number;
}

/**
 * Error rates of the cat-qubit model (formulas in the `cat` family's description). Exported for
 * reports (footprint tables quote them) and tests. Times are in units of 1/κ2; preparation and
 * measurement take the CX time `kt` unless given. Each rate is capped at ¼ (beyond that the
 * formulas leave their small-rate regime).
 */
export function catRates(
  nbar: number,
  k1k2: number,
  kt: number,
  bitflipPrefactor: number,
  times: { readonly ktPrep?: number; readonly ktMeas?: number } = {},
): CatRates {
  const lossRate = nbar * k1k2; // phase flips per unit of 1/κ2
  const nonAdiabatic = (Math.PI * Math.PI) / (64 * Math.max(nbar, 1e-12) * kt);
  const cap = (v: number): number => Math.min(v, 0.25);
  return {
    zControl: cap(lossRate * kt + nonAdiabatic),
    zTarget: cap(0.5 * lossRate * kt),
    zz: cap(0.5 * lossRate * kt),
    zIdle: cap(lossRate * kt),
    zPrepare: cap(lossRate * (times.ktPrep ?? kt)),
    zMeasure: cap(lossRate * (times.ktMeas ?? kt)),
    x: cap(bitflipPrefactor * Math.exp(-2 * nbar)),
  };
}

/** Looks up a family; ValidationError listing the valid names otherwise. */
export function noiseFamily(name: string): NoiseFamily {
  const f = NOISE_FAMILIES.find((x) => x.name === name);
  if (f === undefined)
    throw new ValidationError(
      `unknown noise model '${name}'; valid: ${NOISE_FAMILIES.map((x) => x.name).join(', ')}`,
      { field: 'noise', value: name },
    );
  return f;
}

/**
 * Builds a noise model from a family name and parameters (missing ones take their defaults; a
 * missing parameter without default, an unknown parameter or a value out of range is a
 * ValidationError naming it). The common parameters layer idle, measurement/reset overrides,
 * correlated noise and bursts on top of the family's rules.
 */
export function buildNoiseModel(name: string, given: Readonly<Record<string, number>> = {}): NoiseModel {
  const fam = noiseFamily(name);
  const specs = [...fam.params, ...COMMON_NOISE_PARAMS];
  for (const k of Object.keys(given))
    if (!specs.some((s) => s.name === k))
      throw new ValidationError(
        `noise model '${name}' has no parameter '${k}'; valid: ${specs.map((s) => s.name).join(', ')}`,
        { field: k },
      );
  const vals: Record<string, number> = {};
  for (const s of specs) {
    const v = given[s.name] ?? s.default;
    if (v === undefined) {
      if (fam.params.includes(s) && s.optional !== true)
        throw new ValidationError(`noise model '${name}' needs parameter '${s.name}' (${s.help})`, {
          field: s.name,
        });
      continue;
    }
    if (!(v >= s.min && v <= s.max))
      throw new ValidationError(`noise parameter '${s.name}' = ${v} is outside [${s.min}, ${s.max}]`, {
        field: s.name,
        value: v,
      });
    vals[s.name] = v;
  }
  const ownParams: Record<string, number> = {};
  for (const s of fam.params) if (vals[s.name] !== undefined) ownParams[s.name] = vals[s.name];
  let m: NoiseModel = fam.build(ownParams);
  const extra: Record<string, number> = {};
  for (const k of Object.keys(given)) if (!fam.params.some((s) => s.name === k)) extra[k] = given[k];
  m = { ...m, params: { ...m.params, ...extra } };
  if (vals.idle !== undefined) m = { ...m, idle: depolarizing1(vals.idle) };
  if (vals.pm !== undefined) m = { ...m, measureFlip: vals.pm };
  if (vals.pr !== undefined) m = { ...m, resetFlip: vals.pr };
  if (vals.corr !== undefined && vals.corr > 0) {
    const correlated: CorrelatedNoise = {
      strength: vals.corr,
      exponent: vals['corr-exp'],
      pauli: 'Z',
      cutoff: vals['corr-cutoff'],
    };
    m = { ...m, correlated };
  }
  if (vals['burst-p'] !== undefined && vals['burst-p'] > 0) {
    const burst: BurstNoise = {
      center: [vals['burst-x'], vals['burst-y']],
      radius: vals['burst-radius'],
      startRound: vals['burst-start'],
      numRounds: vals['burst-rounds'],
      rates: depolarizing1(vals['burst-p']),
    };
    m = { ...m, burst };
  }
  if (vals.leak !== undefined && vals.leak > 0) m = { ...m, leak: vals.leak };
  if (vals.seep !== undefined && vals.seep > 0) m = { ...m, seep: vals.seep };
  if (vals.erase !== undefined && vals.erase > 0) m = { ...m, erase: vals.erase };
  if (vals.lru !== undefined && vals.lru !== 0) {
    if (vals.lru !== 1)
      throw new ValidationError(`noise parameter 'lru' = ${vals.lru} must be 0 or 1`, { field: 'lru' });
    m = { ...m, lru: true };
  }
  return m;
}
