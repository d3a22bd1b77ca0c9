import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCircuit } from '../circuit/parser.js';
import {
  BASIS_OTHER,
  BASIS_X,
  BASIS_Y,
  BASIS_Z,
  detectorBases,
  restrictDemDetectors,
} from './detector-basis.js';
import { analyzeErrors } from './error-analyzer.js';
import { flattenDem } from './flatten.js';

/** Qubit 0 read in Z, qubit 1 in Z (the observable), qubit 2 in X; one error on each. */
const HAND = `
R 0 1
RX 2
X_ERROR(0.1) 0
X_ERROR(0.2) 1
Z_ERROR(0.3) 2
M 0 1
MX 2
DETECTOR rec[-3]
DETECTOR rec[-1]
DETECTOR rec[-2] rec[-1]
OBSERVABLE_INCLUDE(0) rec[-2]
`;

const summary = (dem: ReturnType<typeof restrictDemDetectors>): string[] =>
  dem.errors.map((e) => `${e.probability} D[${e.detectors.join(',')}] L[${e.observables.join(',')}]`).sort();

describe('detectorBases', () => {
  it('ORs the basis of every measurement a detector names, through REPEAT blocks', () => {
    const c = parseCircuit(
      'RX 0\nREPEAT 3 {\n  MRX 0\n  DETECTOR rec[-1]\n  M 1\n  DETECTOR rec[-1] rec[-2]\n}\n' +
        'MY 2\nDETECTOR rec[-1]\nMPP X0*Z1\nDETECTOR rec[-1]\nDETECTOR\nMZ 3\nDETECTOR rec[-1]',
    );
    const zx = BASIS_Z | BASIS_X;
    assert.deepEqual(
      [...detectorBases(c)],
      [BASIS_X, zx, BASIS_X, zx, BASIS_X, zx, BASIS_Y, BASIS_OTHER, 0, BASIS_Z],
    );
  });

  it('hand case: bases Z, X and mixed', () => {
    assert.deepEqual([...detectorBases(parseCircuit(HAND))], [BASIS_Z, BASIS_X, BASIS_Z | BASIS_X]);
  });
});

describe('restrictDemDetectors', () => {
  it('hand case: keeps each mechanism with the kept detectors renumbered, drops invisible harmless ones', () => {
    const dem = flattenDem(analyzeErrors(parseCircuit(HAND)));
    assert.deepEqual(summary(dem), ['0.1 D[0] L[]', '0.2 D[2] L[0]', '0.3 D[1,2] L[]']);
    const z = restrictDemDetectors(dem, Uint8Array.of(1, 0, 0));
    assert.equal(z.numDetectors, 1);
    assert.equal(z.numObservables, 1);
    // X on qubit 1 is still a logical error (seen by no kept detector); Z on qubit 2 vanishes.
    assert.deepEqual(summary(z), ['0.1 D[0] L[]', '0.2 D[] L[0]']);
    const x = restrictDemDetectors(dem, Uint8Array.of(0, 1, 0));
    assert.deepEqual(summary(x), ['0.2 D[] L[0]', '0.3 D[0] L[]']);
    const mixed = restrictDemDetectors(dem, Uint8Array.of(0, 1, 1));
    assert.deepEqual(summary(mixed), ['0.2 D[1] L[0]', '0.3 D[0,1] L[]']);
  });

  it('filters each ^ component and drops the ones left empty', () => {
    const dem = {
      numDetectors: 4,
      numObservables: 1,
      detectorCoords: [[0], [1], [2], [3]],
      errors: [
        {
          probability: 0.01,
          detectors: [0, 1, 2, 3],
          observables: [0],
          components: [
            { detectors: [0, 1], observables: [0] },
            { detectors: [2, 3], observables: [] },
          ],
        },
      ],
    };
    const r = restrictDemDetectors(dem, Uint8Array.of(0, 1, 0, 0));
    assert.deepEqual(r.errors[0].components, [{ detectors: [0], observables: [0] }]);
    assert.deepEqual(r.detectorCoords, [[1]]);
    assert.deepEqual(dem.errors[0].detectors, [0, 1, 2, 3], 'input untouched');
  });
});
