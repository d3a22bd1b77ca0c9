/**
 * A study file as plain JSON data (validated by the study schema of `src/protocol/` where it is
 * read): decoders, tasks and sweeps.
 */
export interface StudyFile {
  readonly decoders?: readonly string[];
  readonly tasks?: readonly Readonly<Record<string, unknown>>[];
  readonly sweeps?: readonly Readonly<Record<string, unknown>>[];
}

/**
 * The headline study that `npm start` runs (a few minutes on two cores):
 * 1. the rotated surface code, d = 3, 5, 7 (rounds = d), under circuit-level uniform depolarizing
 *    noise (Stim's four knobs at p) over a sweep of p around the threshold — threshold, Λ, fit;
 * 2. the phase-flip repetition code under circuit-level biased noise (η = 100), d = 3…9;
 * 3. "protection in hardware versus in the code": the XZZX surface code under the same biased
 *    noise, and the repetition code on cat qubits (κ1/κ2 = 1e-3) over the mean photon number n̄.
 * `scale` multiplies the shot budgets (tests use a tiny one).
 */
export function headlineStudy(): StudyFile {
  return {
    decoders: ['mwpm'],
    sweeps: [
      {
        code: 'rotated-surface',
        task: 'memory-z',
        distance: [3, 5, 7],
        rounds: 'd',
        noise: 'uniform',
        params: { p: [0.001, 0.002, 0.003, 0.004, 0.006, 0.008, 0.01, 0.012, 0.015] },
      },
      {
        code: 'repetition',
        task: 'memory-x',
        distance: [3, 5, 7, 9],
        rounds: 'd',
        noise: 'biased',
        params: { p: [0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.13, 0.16], eta: 100 },
      },
      {
        code: 'xzzx',
        task: 'memory-z',
        distance: [3, 5, 7],
        rounds: 'd',
        noise: 'biased',
        params: { p: [0.004, 0.008, 0.012, 0.016, 0.02, 0.025, 0.03, 0.04], eta: 100 },
      },
      {
        code: 'repetition',
        task: 'memory-x',
        distance: [3, 5, 7, 9],
        rounds: 'd',
        noise: 'cat',
        params: { nbar: [4, 8, 12, 16, 20], k1k2: 1e-3 },
      },
    ],
  };
}
