import { ValidationError } from '../base/errors.js';
import { parseCircuit } from '../circuit/parser.js';
import { ROUND_MARKER_TAG } from '../noise/apply-noise.js';
import { colorCodeLattice, colorCodeSpec, colourLabel } from './color-code.js';
import type { Check, CodeLayout, CodeMetadata } from './code-spec.js';
import type { GeneratedCode, MemoryTask } from './memory-circuit.js';

/**
 * Directions (indices into `COLOR_DIRS`: 0° right, 60°, 120°, 180° left, 240°, 300°) that the X
 * ancilla and the Z ancilla of a face touch, in time order. The X ancilla owns the left half of the
 * hexagon (120°, 180°, 240°), the Z ancilla the right half (60°, 0°, 300°); both start at the top
 * edge and walk down. Each data qubit is touched once per layer: a data qubit sits at 120°, 0° and
 * 240° of its three faces or at 180°, 60° and 300°, and the layers pair 120°/60°, 180°/0°, 240°/300°.
 */
const X_HALF = [2, 3, 4] as const;
const Z_HALF = [1, 0, 5] as const;

/** The face's data qubits on the X ancilla's half (L) and on the Z ancilla's half (R). */
interface FaceHalves {
  readonly L: readonly number[];
  readonly R: readonly number[];
  readonly all: readonly number[];
}

/**
 * The faces G whose Z stabilizer multiplies into Z_S after one superdense round: those with an odd
 * number of S's qubits on both halves. Derivation (stabilizer flows, backwards through the round):
 * the second-half CX ancilla→data maps Z_S to Z_S · Π_G Z_aG^|S∩L(G)| Z_bG^|S∩R(G)|; the first
 * half turns Z_aG into Z_aG · Z_L(G) and Z_bG into Z_bG · Z_R(G); the Bell-pair CX turns Z_a Z_b
 * into Z_b (+1 after reset) but leaves a lone Z_a random. So Z_S is carried deterministically iff
 * |S∩L(G)| ≡ |S∩R(G)| (mod 2) for every G, and then Z_S(end) = Z_S(start) · Π_{G odd} Z_G(start),
 * where Z_G(start) is exactly what G's Z ancilla measures in that round. (X_S is carried unchanged
 * under the same parity condition, and the X ancilla measures X_G(start).)
 */
function zCarry(S: readonly number[], halves: readonly FaceHalves[], what: string): number[] {
  const inS = new Set(S);
  const out: number[] = [];
  halves.forEach((h, g) => {
    const l = h.L.filter((q) => inS.has(q)).length % 2;
    const r = h.R.filter((q) => inS.has(q)).length % 2;
    if (l !== r)
      throw new Error(`internal: ${what} is not carried deterministically by the superdense round`);
    if (l === 1) out.push(g);
  });
  return out;
}

/**
 * The triangular 6.6.6 color code with the "superdense" syndrome-extraction circuit of Gidney &
 * Jones 2023 ("New circuits and an open source decoder for the color code", arXiv:2312.08813):
 * per face an X ancilla a (reset |+⟩) and a Z ancilla b (reset |0⟩) are entangled by CX a→b; then
 * three layers CX data→ancilla (a collects the left half of the hexagon, b the right half), three
 * layers CX ancilla→data on the same qubits in the same order, CX a→b, and MX a, M b. The X ancilla
 * reports the face's X stabilizer and the Z ancilla its Z stabilizer, each at the start of the
 * round; the round maps Z stabilizers to products of neighbouring ones (see `zCarry`), which the
 * detectors and the Z observable follow. 8 CX layers per round, 2 ancillas per face (the same
 * qubit count as the bare-ancilla `color` family), and the circuit keeps the full distance d
 * (proved at d = 3 and 5 by the tests with the exhaustive distance search, at d = 7 by
 * `scripts/colour-distance.ts`: 6.4 × 10⁸ search nodes, 41 s CPU per basis).
 *
 * Coordinates as `colorCodeSpec`: data at (i + j/2, j), Z ancilla at its face, X ancilla 0.25
 * above. Detectors are at their ancilla, (x, y, t, basis-and-colour): the 4th coordinate is
 * Chromobius's annotation (0/1/2 X-basis red/green/blue, 3/4/5 Z-basis), which the colour-code
 * decoder `concat-matching` reads. Throws ValidationError for an even or < 3 distance, or rounds < 1.
 */
export function superdenseColorCode(d: number, task: MemoryTask, rounds: number): GeneratedCode {
  if (!Number.isSafeInteger(d) || d < 3 || d % 2 === 0)
    throw new ValidationError(`distance must be an odd integer ≥ 3, got ${d}`, {
      field: 'distance',
      value: d,
    });
  if (!Number.isSafeInteger(rounds) || rounds < 1)
    throw new ValidationError(`rounds must be an integer ≥ 1, got ${rounds}`, {
      field: 'rounds',
      value: rounds,
    });
  const lat = colorCodeLattice(d);
  const spec0 = colorCodeSpec(d);
  const data = [...lat.dataCoords.keys()];
  const nD = data.length;
  const F = lat.faces.length;
  const xa = lat.faces.map((_, g) => nD + 2 * g);
  const zb = lat.faces.map((_, g) => nD + 2 * g + 1);
  const coords = new Map<number, readonly number[]>(lat.dataCoords);
  lat.faces.forEach((f, g) => {
    coords.set(zb[g], [f.i + f.j / 2, f.j]);
    coords.set(xa[g], [f.i + f.j / 2, f.j + 0.25]);
  });
  const present = (qs: readonly (number | undefined)[]): number[] => qs.filter((q) => q !== undefined);
  const halves: FaceHalves[] = lat.faces.map((f) => {
    const L = present(X_HALF.map((k) => f.byDir[k]));
    const R = present(Z_HALF.map((k) => f.byDir[k]));
    return { L, R, all: [...L, ...R] };
  });
  // Z_G(end of a round) = Z_G(start) · Π_{carry} Z_H(start), and Z_G(start) is G's own Z result
  // of that round: the faces whose results of round t give Z_G at the start of round t + 1.
  const carry = halves.map((h, g) => {
    const c = zCarry(h.all, halves, `face ${g}`);
    return c.includes(g) ? c.filter((x) => x !== g) : [...c, g].sort((a, b) => a - b);
  });
  // Chromobius's detector annotation (4th coordinate), as the bare-ancilla `color` family's.
  const colourBasis = (basis: 'X' | 'Z', g: number): number => colourLabel(basis, lat.faces[g].i);
  const logical = [...lat.bottom];
  const logicalCarry = zCarry(logical, halves, 'the bottom-row logical');

  const lines: string[] = [];
  const fmt = (xs: readonly number[]): string => xs.join(', ');
  for (const q of [...coords.keys()].sort((a, b) => a - b))
    lines.push(`QUBIT_COORDS(${fmt(coords.get(q) ?? [])}) ${q}`);
  lines.push(`${task === 'memory-z' ? 'R' : 'RX'} ${data.join(' ')}`);
  // Records of one round: MX of the X ancillas (face order), then M of the Z ancillas.
  const M = 2 * F;
  const recX = (g: number, back: number): string => `rec[-${M - g + back * M}]`;
  const recZ = (g: number, back: number): string => `rec[-${F - g + back * M}]`;
  const round = (first: boolean, ind: string): void => {
    const out = (s: string): void => {
      lines.push(ind + s);
    };
    const cx = (pairs: number[]): void => {
      if (pairs.length > 0) out(`CX ${pairs.join(' ')}`);
      out('TICK');
    };
    out(`I[${ROUND_MARKER_TAG}] ${data.join(' ')}`);
    out(`RX ${xa.join(' ')}`);
    out(`R ${zb.join(' ')}`);
    out('TICK');
    cx(lat.faces.flatMap((_, g) => [xa[g], zb[g]]));
    // Step s of a half: CX data→ancilla (first half) or ancilla→data (second half).
    const half = (s: number, toAncilla: boolean): number[] =>
      lat.faces.flatMap((f, g) => {
        const p: number[] = [];
        for (const [q, anc] of [
          [f.byDir[X_HALF[s]], xa[g]],
          [f.byDir[Z_HALF[s]], zb[g]],
        ] as const)
          if (q !== undefined) p.push(...(toAncilla ? [q, anc] : [anc, q]));
        return p;
      });
    for (let s = 0; s < 3; s++) cx(half(s, true));
    for (let s = 0; s < 3; s++) cx(half(s, false));
    cx(lat.faces.flatMap((_, g) => [xa[g], zb[g]]));
    out(`MX ${xa.join(' ')}`);
    out(`M ${zb.join(' ')}`);
    if (!first) out('SHIFT_COORDS(0, 0, 1)');
    lat.faces.forEach((_, g) => {
      const c = fmt([...(coords.get(xa[g]) ?? []), 0, colourBasis('X', g)]);
      if (!first) out(`DETECTOR(${c}) ${recX(g, 0)} ${recX(g, 1)}`);
      else if (task === 'memory-x') out(`DETECTOR(${c}) ${recX(g, 0)}`);
    });
    lat.faces.forEach((_, g) => {
      const c = fmt([...(coords.get(zb[g]) ?? []), 0, colourBasis('Z', g)]);
      if (!first) out(`DETECTOR(${c}) ${[recZ(g, 0), ...carry[g].map((h) => recZ(h, 1))].join(' ')}`);
      else if (task === 'memory-z') out(`DETECTOR(${c}) ${recZ(g, 0)}`);
    });
    // The Z logical picks up this round's Z-ancilla results of the faces it crosses oddly.
    if (task === 'memory-z' && logicalCarry.length > 0)
      out(`OBSERVABLE_INCLUDE(0) ${logicalCarry.map((h) => recZ(h, 0)).join(' ')}`);
    out('TICK');
  };
  round(true, '');
  if (rounds > 1) {
    lines.push(`REPEAT ${rounds - 1} {`);
    round(false, '    ');
    lines.push('}');
  }
  lines.push(`${task === 'memory-z' ? 'M' : 'MX'} ${data.join(' ')}`);
  const recData = (q: number): string => `rec[-${nD - data.indexOf(q)}]`;
  lat.faces.forEach((_, g) => {
    const recs = halves[g].all.map(recData);
    if (task === 'memory-z') recs.push(...carry[g].map((h) => `rec[-${nD + F - h}]`));
    else recs.push(`rec[-${nD + M - g}]`);
    const anc = task === 'memory-z' ? zb[g] : xa[g];
    const cb = colourBasis(task === 'memory-z' ? 'Z' : 'X', g);
    lines.push(`DETECTOR(${fmt([...(coords.get(anc) ?? []), 1, cb])}) ${recs.join(' ')}`);
  });
  lines.push(`OBSERVABLE_INCLUDE(0) ${logical.map(recData).join(' ')}`);

  const circuit = parseCircuit(lines.join('\n') + '\n', `<color-superdense ${task}>`);
  const layout: CodeLayout = {
    qubits: [...coords.keys()]
      .sort((a, b) => a - b)
      .map((q) =>
        q < nD
          ? { index: q, coords: coords.get(q) ?? [], role: 'data' as const }
          : {
              index: q,
              coords: coords.get(q) ?? [],
              role: 'ancilla' as const,
              checkType: (q - nD) % 2 === 0 ? ('X' as const) : ('Z' as const),
            },
      ),
  };
  const metadata: CodeMetadata = {
    code: 'color-superdense',
    task,
    n: nD,
    k: 1,
    d,
    rounds,
    numDataQubits: nD,
    numAncillaQubits: 2 * F,
    numQubits: nD + 2 * F,
  };
  // The spec lists which ancilla reports which stabilizer; its layers are the hexagon order, not
  // the circuit's schedule (which is the superdense one above).
  const checks: Check[] = lat.faces.flatMap((_, g) =>
    (['X', 'Z'] as const).map((pauli) => ({
      ancilla: pauli === 'X' ? xa[g] : zb[g],
      terms: halves[g].all.map((q, layer) => ({ data: q, pauli, layer })),
    })),
  );
  return {
    circuit,
    layout,
    metadata,
    spec: {
      ...spec0,
      family: 'color-superdense',
      checks,
      coords,
      numLayers: 6,
      detectorLabels: new Map(
        lat.faces.flatMap((f, g) => [
          [xa[g], colourLabel('X', f.i)],
          [zb[g], colourLabel('Z', f.i)],
        ]),
      ),
    },
  };
}
