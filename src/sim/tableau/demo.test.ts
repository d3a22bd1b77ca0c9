import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../base/prng.js';
import { parseCircuit } from '../../circuit/parser.js';
import { largeStabilizerDemo, randomCliffordCircuitText } from './demo.js';
import { TableauSimulator } from './tableau-simulator.js';

describe('largeStabilizerDemo', () => {
  it('reports equal GHZ outcomes, deterministic detectors and the inverse returning to |0⟩', () => {
    const lines = largeStabilizerDemo(new Rng(5));
    const text = lines.join('\n');
    assert.match(text, /outcomes: all 1000 are [01]/);
    assert.match(text, /999 neighbour-comparison detectors: all deterministic, all fired 0: yes/);
    assert.match(text, /every qubit back in \|0⟩: yes/);
    assert.match(text, /its expectation is 1/);
  });

  it('randomCliffordCircuitText with inverse is the identity', () => {
    const c = parseCircuit(randomCliffordCircuitText(6, 60, new Rng(3), true));
    const sim = new TableauSimulator(6, new Rng(1));
    sim.run(c);
    assert.ok(sim.stateTableau().isIdentity());
  });
});
