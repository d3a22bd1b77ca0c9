import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../base/prng.js';
import { PauliString } from './pauli-string.js';
import { Tableau } from './tableau.js';

// Conjugation images in Stim order X0, Z0 (, X1, Z1), written out by hand from U P U†.
const IMAGES: Record<string, string[]> = {
  H: ['+Z', '+X'],
  S: ['+Y', '+Z'],
  S_DAG: ['-Y', '+Z'],
  X: ['+X', '-Z'],
  Y: ['-X', '-Z'],
  Z: ['-X', '+Z'],
  H_YZ: ['-X', '+Y'],
  CX: ['+XX', '+ZI', '+IX', '+ZZ'],
  CZ: ['+XZ', '+ZI', '+ZX', '+IZ'],
  SWAP: ['+IX', '+IZ', '+XI', '+ZI'],
};

function randomPauli(n: number, rng: Rng): PauliString {
  const p = new PauliString(n);
  for (let k = 0; k < n; k++) p.setPauli(k, rng.nextInt(2), rng.nextInt(2));
  p.phase = 2 * rng.nextInt(2);
  return p;
}

/** g (on k qubits) extended to n qubits acting on `qubits` (identity elsewhere), via append. */
function embed(g: Tableau, n: number, qubits: number[]): Tableau {
  const t = new Tableau(n);
  t.append(g, qubits);
  return t;
}

describe('Tableau', () => {
  it('H maps X→Z, Y→−Y, Z→X', () => {
    const h = Tableau.fromImages(IMAGES.H);
    assert.equal(h.call(PauliString.parse('X')).toString(), '+Z');
    assert.equal(h.call(PauliString.parse('Y')).toString(), '-Y');
    assert.equal(h.call(PauliString.parse('-Z')).toString(), '-X');
    assert.equal(h.yImage(0).toString(), '-Y');
  });

  it('CX images and inverse', () => {
    const cx = Tableau.fromImages(IMAGES.CX);
    assert.equal(cx.call(PauliString.parse('XI')).toString(), '+XX');
    assert.equal(cx.call(PauliString.parse('IZ')).toString(), '+ZZ');
    assert.equal(cx.call(PauliString.parse('YI')).toString(), '+YX');
    assert.equal(cx.call(PauliString.parse('YY')).toString(), '-XZ');
    assert.ok(cx.inverse().equals(cx));
    assert.ok(cx.then(cx).isIdentity());
  });

  it('S and S_DAG are inverses; S·S = Z', () => {
    const s = Tableau.fromImages(IMAGES.S);
    const sd = Tableau.fromImages(IMAGES.S_DAG);
    assert.ok(s.inverse().equals(sd));
    assert.ok(s.then(s).equals(Tableau.fromImages(IMAGES.Z)));
  });

  it('rejects images that are not a Clifford', () => {
    assert.throws(() => Tableau.fromImages(['+X', '+X']), /do not form a Clifford/);
    assert.throws(() => Tableau.fromImages(['+iX', '+Z']), /Hermitian/);
    assert.throws(() => Tableau.fromImages(['+XX', '+Z']), /wrong length/);
  });

  it('random tableaux: valid, inverse on both sides, then is associative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 1e9 }), (n, seed) => {
        const rng = new Rng(seed);
        const a = Tableau.random(n, rng);
        const b = Tableau.random(n, rng);
        const c = Tableau.random(n, rng);
        assert.ok(a.isValid());
        assert.ok(a.then(a.inverse()).isIdentity());
        assert.ok(a.inverse().then(a).isIdentity());
        assert.ok(
          a
            .then(b)
            .then(c)
            .equals(a.then(b.then(c))),
        );
        // (a then b)⁻¹ = b⁻¹ then a⁻¹.
        assert.ok(a.then(b).inverse().equals(b.inverse().then(a.inverse())));
      }),
      { seed: 21, numRuns: 40 },
    );
  });

  it('call is a homomorphism with exact phases and agrees with then', () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + rng.nextInt(40);
      const a = Tableau.random(n, rng);
      const b = Tableau.random(n, rng);
      const p = randomPauli(n, rng);
      const q = randomPauli(n, rng);
      assert.ok(a.call(p.multiply(q)).equals(a.call(p).multiply(a.call(q))));
      assert.ok(
        a
          .then(b)
          .call(p)
          .equals(b.call(a.call(p))),
      );
      assert.ok(a.inverse().call(a.call(p)).equals(p));
    }
  });

  it('specialised prepends equal the generic prepend of the hand-written images', () => {
    const rng = new Rng(7);
    const n = 45; // crosses a word boundary
    const single: [string, (t: Tableau, q: number) => void][] = [
      ['H', (t, q) => t.prependH(q)],
      ['S', (t, q) => t.prependS(q)],
      ['S_DAG', (t, q) => t.prependSDag(q)],
      ['X', (t, q) => t.prependX(q)],
      ['Y', (t, q) => t.prependY(q)],
      ['Z', (t, q) => t.prependZ(q)],
      ['H_YZ', (t, q) => t.prependHYZ(q)],
    ];
    const pair: [string, (t: Tableau, a: number, b: number) => void][] = [
      ['CX', (t, a, b) => t.prependCX(a, b)],
      ['CZ', (t, a, b) => t.prependCZ(a, b)],
      ['SWAP', (t, a, b) => t.prependSwap(a, b)],
    ];
    for (let trial = 0; trial < 5; trial++) {
      const base = Tableau.random(n, rng);
      for (const [name, f] of single) {
        const q = rng.nextInt(n);
        const fast = base.clone();
        f(fast, q);
        const generic = base.clone();
        generic.prepend(Tableau.fromImages(IMAGES[name]), [q]);
        assert.ok(fast.equals(generic), name);
        // Prepending g means applying g first: new = embed(g).then(base).
        assert.ok(fast.equals(embed(Tableau.fromImages(IMAGES[name]), n, [q]).then(base)), `${name} vs then`);
      }
      for (const [name, f] of pair) {
        const a = rng.nextInt(n);
        let b = rng.nextInt(n - 1);
        if (b >= a) b++;
        const fast = base.clone();
        f(fast, a, b);
        const generic = base.clone();
        generic.prepend(Tableau.fromImages(IMAGES[name]), [a, b]);
        assert.ok(fast.equals(generic), name);
        assert.ok(
          fast.equals(embed(Tableau.fromImages(IMAGES[name]), n, [a, b]).then(base)),
          `${name} vs then`,
        );
      }
    }
  });

  it('transposed column operations equal append', () => {
    const rng = new Rng(8);
    const n = 37;
    const ops: [string, (t: Tableau, a: number, b: number) => void, number][] = [
      ['CX', (t, a, b) => t.tAppendCX(a, b), 2],
      ['CZ', (t, a, b) => t.tAppendCZ(a, b), 2],
      ['S', (t, a) => t.tAppendS(a), 1],
      ['H', (t, a) => t.tAppendH(a), 1],
      ['X', (t, a) => t.tAppendX(a), 1],
    ];
    for (let trial = 0; trial < 4; trial++) {
      const base = Tableau.random(n, rng);
      for (const [name, f, arity] of ops) {
        const a = rng.nextInt(n);
        let b = rng.nextInt(n - 1);
        if (b >= a) b++;
        const fast = base.clone();
        fast.transposeQuadrants();
        f(fast, a, b);
        fast.transposeQuadrants();
        const slow = base.clone();
        slow.append(Tableau.fromImages(IMAGES[name]), arity === 2 ? [a, b] : [a]);
        assert.ok(fast.equals(slow), name);
        assert.ok(
          slow.equals(base.then(embed(Tableau.fromImages(IMAGES[name]), n, arity === 2 ? [a, b] : [a]))),
        );
      }
    }
  });

  it('resized keeps images and acts as identity on new qubits', () => {
    const rng = new Rng(9);
    const t = Tableau.random(30, rng);
    const r = t.resized(70);
    for (let k = 0; k < 30; k++)
      assert.equal(r.xImage(k).toString(), t.xImage(k).toString() + '_'.repeat(40));
    assert.equal(r.zImage(50).pauliAt(50), 'Z');
    assert.ok(r.isValid());
  });

  it('200-qubit random Clifford composes with its inverse to the identity', () => {
    const t = Tableau.random(200, new Rng(10));
    assert.ok(t.then(t.inverse()).isIdentity());
  });
});

describe('Tableau.inverseXImage / inverseZImage', () => {
  it('equal the images of the full inverse', () => {
    const rng = new Rng(12);
    for (const n of [1, 5, 33, 70]) {
      const t = Tableau.random(n, rng);
      const inv = t.inverse();
      for (let k = 0; k < n; k += 3) {
        assert.ok(t.inverseXImage(k).equals(inv.xImage(k)));
        assert.ok(t.inverseZImage(k).equals(inv.zImage(k)));
      }
    }
  });
});

describe('Tableau.prependSingleQubit', () => {
  it('equals the generic prepend for all 24 single-qubit Cliffords (with symbolic signs too)', () => {
    const rng = new Rng(13);
    // Enumerate the 24 single-qubit Cliffords as products of H and S.
    const all: Tableau[] = [];
    const seen = new Set<string>();
    const queue = [new Tableau(1)];
    while (queue.length > 0) {
      const t = queue.pop() as Tableau;
      const key = t.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      all.push(t);
      for (const g of ['H', 'S', 'X', 'Z']) queue.push(t.then(Tableau.fromImages(IMAGES[g])));
    }
    assert.equal(all.length, 24); // the single-qubit Clifford group modulo phase (Paulis included)
    for (const g of all) {
      const base = Tableau.random(40, rng);
      base.enableSignVariables(2);
      for (let k = 0; k < 40; k++) {
        (base.xVars as Uint32Array)[k * 2] = rng.nextU32();
        (base.zVars as Uint32Array)[k * 2 + 1] = rng.nextU32();
      }
      const q = rng.nextInt(40);
      const a = base.clone();
      a.prependSingleQubit(g, q);
      const b = base.clone();
      b.prepend(g, [q]);
      assert.ok(a.equals(b), g.toString());
      assert.deepEqual(a.xVars, b.xVars);
      assert.deepEqual(a.zVars, b.zVars);
    }
  });
});

describe('Tableau.prependCompiled', () => {
  it('equals the generic prepend on random 2- and 3-qubit Cliffords, symbolic signs included', () => {
    const rng = new Rng(14);
    for (let trial = 0; trial < 20; trial++) {
      const k = 2 + rng.nextInt(2);
      const g = Tableau.random(k, rng);
      const base = Tableau.random(40, rng);
      base.enableSignVariables(1);
      for (let r = 0; r < 40; r++) {
        (base.xVars as Uint32Array)[r] = rng.nextU32();
        (base.zVars as Uint32Array)[r] = rng.nextU32();
      }
      const qs: number[] = [];
      while (qs.length < k) {
        const q = rng.nextInt(40);
        if (!qs.includes(q)) qs.push(q);
      }
      const a = base.clone();
      a.prependCompiled(Tableau.compilePrepend(g), qs);
      const b = base.clone();
      b.prepend(g, qs);
      assert.ok(a.equals(b));
      assert.deepEqual(a.xVars, b.xVars);
      assert.deepEqual(a.zVars, b.zVars);
    }
  });
});
