import { ValidationError } from '../base/errors.js';
import type { Rng } from '../base/prng.js';
import type { Gate } from '../gates/gate.js';
import { cliffordAction, pauliX, pauliZ } from '../gates/clifford-action.js';
import { transposeBitMatrix } from '../mem/transpose.js';
import { PauliString, mulPauliWordsInto } from './pauli-string.js';
import { TableauRows } from './tableau-rows.js';
import type { PrependRecipe } from './tableau-rows.js';

export type { PrependRecipe } from './tableau-rows.js';

/**
 * A Clifford operation C stored as its action on the Pauli generators (Aaronson & Gottesman,
 * "Improved simulation of stabilizer circuits", PRA 70, 052328 (2004); layout as in Stim): for
 * every qubit k the signed images C X_k C† and C Z_k C†.
 *
 * The storage (bit-packed quadrants, memory layout) and the in-place kernels (row prepends,
 * transposed column appends) are those of {@link TableauRows}; this class adds construction (from
 * images, gates, at random), images, conjugation, composition, inversion and generic append.
 */
export class Tableau extends TableauRows {
  /** The identity tableau (same as the constructor). */
  static identity(numQubits: number): Tableau {
    return new Tableau(numQubits);
  }

  /**
   * Builds a tableau from signed images in Stim's order X0, Z0, X1, Z1, … (each a dense Pauli
   * string like `+XX` of length numQubits, see {@link PauliString.parse}).
   * @throws ValidationError on a wrong count or length, or images that are not a valid Clifford
   *   (not Hermitian, or commutation relations broken).
   */
  static fromImages(images: readonly string[]): Tableau {
    if (images.length % 2 !== 0)
      throw new ValidationError(
        `Tableau.fromImages: need 2 images per qubit (X_k, Z_k), got ${images.length}`,
      );
    const n = images.length / 2;
    const t = new Tableau(n);
    for (let k = 0; k < n; k++) {
      const px = PauliString.parse(images[2 * k]);
      const pz = PauliString.parse(images[2 * k + 1]);
      if (px.numQubits !== n || pz.numQubits !== n)
        throw new ValidationError(
          `Tableau.fromImages: image of qubit ${k} has the wrong length (want ${n})`,
          {
            images,
          },
        );
      t.setXImage(k, px);
      t.setZImage(k, pz);
    }
    if (!t.isValid())
      throw new ValidationError(`Tableau.fromImages: images do not form a Clifford tableau`, { images });
    return t;
  }

  /**
   * The tableau of a Clifford gate of the gate table, from its shared {@link cliffordAction} (the
   * gate's `tableau` images, Stim order). A new tableau on the gate's 1 or 2 qubits.
   * @throws ValidationError when the gate has no tableau (non-Clifford, noise, measurement...).
   */
  static fromGate(gate: Gate): Tableau {
    const act = cliffordAction(gate);
    if (act === undefined)
      throw new ValidationError(
        `Tableau.fromGate: gate ${gate.name} has no stabilizer tableau (not a Clifford unitary)`,
      );
    const n = act.arity;
    const t = new Tableau(n); // n ≤ 2: one word per row
    const s = t.stride;
    for (let k = 0; k < n; k++) {
      const [ix, iz] = [act.images[2 * k], act.images[2 * k + 1]];
      t.xx[k * s] = 0;
      t.zz[k * s] = 0;
      for (let q = 0; q < n; q++) {
        t.xx[k * s] |= pauliX(ix, q) << q;
        t.xz[k * s] |= pauliZ(ix, q) << q;
        t.zx[k * s] |= pauliX(iz, q) << q;
        t.zz[k * s] |= pauliZ(iz, q) << q;
      }
      t.xSigns[0] |= ((act.signs >>> (2 * k)) & 1) << k;
      t.zSigns[0] |= ((act.signs >>> (2 * k + 1)) & 1) << k;
    }
    return t;
  }

  /**
   * A random Clifford tableau: a random sequence of H, S and CX prepends (length ~ 12·n·(log2 n + 2))
   * then random signs. Not exactly uniform over the Clifford group but mixes well; for tests.
   */
  static random(numQubits: number, rng: Rng): Tableau {
    const t = new Tableau(numQubits);
    const steps = Math.ceil(12 * numQubits * (Math.log2(numQubits + 1) + 2));
    for (let s = 0; s < steps && numQubits > 0; s++) {
      const r = rng.nextInt(3);
      const a = rng.nextInt(numQubits);
      if (r === 0) t.prependH(a);
      else if (r === 1) t.prependS(a);
      else if (numQubits > 1) {
        let b = rng.nextInt(numQubits - 1);
        if (b >= a) b++;
        t.prependCX(a, b);
      }
    }
    for (let w = 0; w < t.stride; w++) {
      const full = numQubits >>> 5;
      const mask = w < full ? 0xffffffff : w === full ? (1 << (numQubits & 31)) - 1 : 0;
      t.xSigns[w] = rng.nextU32() & mask;
      t.zSigns[w] = rng.nextU32() & mask;
    }
    return t;
  }

  /** An independent copy. */
  clone(): Tableau {
    this.checkNotTransposed('clone');
    const t = new Tableau(this.numQubits);
    t.xx.set(this.xx);
    t.xz.set(this.xz);
    t.zx.set(this.zx);
    t.zz.set(this.zz);
    t.xSigns.set(this.xSigns);
    t.zSigns.set(this.zSigns);
    return t;
  }

  /** A copy on `numQubits` ≥ this.numQubits qubits acting as the identity on the new ones. */
  resized(numQubits: number): Tableau {
    this.checkNotTransposed('resized');
    if (numQubits < this.numQubits)
      throw new ValidationError(
        `Tableau.resized: cannot shrink from ${this.numQubits} to ${numQubits} qubits`,
      );
    const t = new Tableau(numQubits);
    const s0 = this.stride;
    const s1 = t.stride;
    for (let k = 0; k < this.numQubits; k++) {
      for (let w = 0; w < s0; w++) {
        t.xx[k * s1 + w] = this.xx[k * s0 + w];
        t.xz[k * s1 + w] = this.xz[k * s0 + w];
        t.zx[k * s1 + w] = this.zx[k * s0 + w];
        t.zz[k * s1 + w] = this.zz[k * s0 + w];
      }
    }
    t.xSigns.set(this.xSigns);
    t.zSigns.set(this.zSigns);
    if (this.xVars !== undefined && this.zVars !== undefined) {
      t.enableSignVariables(this.varStride);
      t.xVars?.set(this.xVars);
      t.zVars?.set(this.zVars);
    }
    return t;
  }

  /** Image of X_k as a new PauliString (sign included). */
  xImage(k: number): PauliString {
    this.checkNotTransposed('xImage');
    return this.rowToPauli(this.xx, this.xz, this.xSigns, k);
  }

  /** Image of Z_k as a new PauliString (sign included). */
  zImage(k: number): PauliString {
    this.checkNotTransposed('zImage');
    return this.rowToPauli(this.zx, this.zz, this.zSigns, k);
  }

  /** Image of Y_k = i X_k Z_k as a new PauliString. */
  yImage(k: number): PauliString {
    const p = this.xImage(k).mulRight(this.zImage(k));
    p.phase = (p.phase + 1) & 3;
    return p;
  }

  /** Overwrites the image of X_k (must be Hermitian, length numQubits). Mutates. */
  setXImage(k: number, p: PauliString): void {
    this.setRow(this.xx, this.xz, this.xSigns, k, p);
  }

  /** Overwrites the image of Z_k. Mutates. */
  setZImage(k: number, p: PauliString): void {
    this.setRow(this.zx, this.zz, this.zSigns, k, p);
  }

  /**
   * The conjugation C P C† of a Pauli string (same size; phase kept exactly). Does not mutate.
   * O(weight(P) · n/32).
   */
  call(p: PauliString): PauliString {
    this.checkNotTransposed('call');
    if (p.numQubits !== this.numQubits)
      throw new ValidationError(
        `Tableau.call: Pauli string has ${p.numQubits} qubits, tableau has ${this.numQubits}`,
      );
    const out = new PauliString(this.numQubits);
    const ox = new Uint32Array(this.stride);
    const oz = new Uint32Array(this.stride);
    let phase = p.phase;
    for (let k = 0; k < this.numQubits; k++) {
      const x = p.xBit(k);
      const z = p.zBit(k);
      if (x === 0 && z === 0) continue;
      // Y = i·X·Z: the factor i and the ordered product X then Z.
      if (x !== 0 && z !== 0) phase += 1;
      if (x !== 0) {
        phase += 2 * this.signBit(this.xSigns, k);
        phase += mulPauliWordsInto(ox, oz, 0, this.xx, this.xz, k * this.stride, this.stride, false);
      }
      if (z !== 0) {
        phase += 2 * this.signBit(this.zSigns, k);
        phase += mulPauliWordsInto(ox, oz, 0, this.zx, this.zz, k * this.stride, this.stride, false);
      }
    }
    out.xs.set(ox.subarray(0, out.xs.length));
    out.zs.set(oz.subarray(0, out.zs.length));
    out.phase = phase & 3;
    return out;
  }

  /** The inverse Clifford C⁻¹ (new tableau). O(n³/32) for the signs. */
  inverse(): Tableau {
    this.checkNotTransposed('inverse');
    const n = this.numQubits;
    const inv = new Tableau(n);
    // For a symplectic matrix the inverse is a transpose with X and Z swapped: the x bit at k of
    // C⁻¹(X_j) is whether C⁻¹(X_j) anticommutes with Z_k, i.e. whether X_j anticommutes with C(Z_k).
    const s = this.stride;
    const tr = (src: Uint32Array, dst: Uint32Array): void => transposeBitMatrix(src, 0, s, n, n, dst, 0, s);
    tr(this.zz, inv.xx);
    tr(this.xz, inv.xz);
    tr(this.zx, inv.zx);
    tr(this.xx, inv.zz);
    // Signs: C(C⁻¹(g)) must be +g.
    for (let k = 0; k < n; k++) {
      if (this.call(inv.xImage(k)).phase === 2) inv.xSigns[k >>> 5] |= 1 << (k & 31);
      if (this.call(inv.zImage(k)).phase === 2) inv.zSigns[k >>> 5] |= 1 << (k & 31);
    }
    return inv;
  }

  /**
   * C⁻¹(X_k) without building the whole inverse: bit j of its x part is whether C⁻¹(X_k)
   * anticommutes with Z_j, i.e. the z bit at k of C(Z_j) (the symplectic-inverse rule of
   * {@link Tableau.inverse}); the sign makes C of it equal +X_k. O(n²/32).
   */
  inverseXImage(k: number): PauliString {
    return this.inverseImage(k, this.zz, this.xz);
  }

  /** C⁻¹(Z_k) (see {@link Tableau.inverseXImage}). O(n²/32). */
  inverseZImage(k: number): PauliString {
    return this.inverseImage(k, this.zx, this.xx);
  }

  private inverseImage(k: number, forX: Uint32Array, forZ: Uint32Array): PauliString {
    this.checkNotTransposed('inverseImage');
    const n = this.numQubits;
    const p = new PauliString(n);
    const w = k >>> 5;
    const b = k & 31;
    for (let j = 0; j < n; j++)
      p.setPauli(j, (forX[j * this.stride + w] >>> b) & 1, (forZ[j * this.stride + w] >>> b) & 1);
    if (this.call(p).phase === 2) p.phase = 2;
    return p;
  }

  /** The Clifford "this, then second": result(P) = second(this(P)). New tableau. O(n³/32). */
  then(second: Tableau): Tableau {
    this.checkNotTransposed('then');
    if (second.numQubits !== this.numQubits)
      throw new ValidationError(`Tableau.then: sizes differ (${this.numQubits} vs ${second.numQubits})`);
    const out = new Tableau(this.numQubits);
    for (let k = 0; k < this.numQubits; k++) {
      out.setXImage(k, second.call(this.xImage(k)));
      out.setZImage(k, second.call(this.zImage(k)));
    }
    return out;
  }

  /** Exact equality of images and signs. */
  equals(other: Tableau): boolean {
    if (other.numQubits !== this.numQubits || other.transposed !== this.transposed) return false;
    const eq = (a: Uint32Array, b: Uint32Array): boolean => {
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
      return true;
    };
    return (
      eq(this.xx, other.xx) &&
      eq(this.xz, other.xz) &&
      eq(this.zx, other.zx) &&
      eq(this.zz, other.zz) &&
      eq(this.xSigns, other.xSigns) &&
      eq(this.zSigns, other.zSigns)
    );
  }

  /** True when this is the identity (all images X_k, Z_k with + sign). */
  isIdentity(): boolean {
    return this.equals(new Tableau(this.numQubits));
  }

  /**
   * Checks the Clifford conditions: images of X_j and Z_k anticommute iff j = k, all other pairs
   * commute. O(n³/32).
   */
  isValid(): boolean {
    const n = this.numQubits;
    const rows: PauliString[] = [];
    for (let k = 0; k < n; k++) rows.push(this.xImage(k), this.zImage(k));
    for (let a = 0; a < 2 * n; a++)
      for (let b = a + 1; b < 2 * n; b++) {
        const shouldAnti = a >>> 1 === b >>> 1;
        if (rows[a].commutes(rows[b]) === shouldAnti) return false;
      }
    return true;
  }

  /** Stim-like text: one line per generator, `X0 -> +XZ`. */
  override toString(): string {
    const lines: string[] = [];
    for (let k = 0; k < this.numQubits; k++) {
      lines.push(`X${k} -> ${this.xImage(k).toString()}`);
      lines.push(`Z${k} -> ${this.zImage(k).toString()}`);
    }
    return lines.join('\n');
  }

  /**
   * Compiles a k-qubit Clifford g for repeated {@link Tableau.prependCompiled}: for each of the 2k
   * new rows (X_0, Z_0, X_1, …) the old rows whose ordered product it is, and the constant phase.
   */
  static compilePrepend(g: Tableau): PrependRecipe {
    const k = g.numQubits;
    const factors: number[][] = [];
    const phases: number[] = [];
    for (let j = 0; j < 2 * k; j++) {
      const isZ = (j & 1) === 1;
      const img = isZ ? g.zImage(j >>> 1) : g.xImage(j >>> 1);
      const f: number[] = [];
      let phase = img.phase;
      for (let i = 0; i < k; i++) {
        const x = img.xBit(i);
        const z = img.zBit(i);
        if (x !== 0 && z !== 0) phase += 1; // Y = i·X·Z
        if (x !== 0) f.push(2 * i);
        if (z !== 0) f.push(2 * i + 1);
      }
      factors.push(f);
      phases.push(phase & 3);
    }
    return { numQubits: k, factors, phases };
  }

  /**
   * Prepends a Clifford gate of the gate table on `qubits` (new = this∘gate: the gate acts first).
   * @throws ValidationError for gates without a tableau or a wrong number of qubits.
   */
  prependGate(gate: Gate, qubits: readonly number[]): void {
    const g = Tableau.fromGate(gate);
    this.checkQubits(g, qubits, 'prependGate');
    this.prepend(g, qubits);
  }

  /**
   * Appends a Clifford gate of the gate table on `qubits` (new = gate∘this: the gate acts last).
   * @throws ValidationError for gates without a tableau or a wrong number of qubits.
   */
  appendGate(gate: Gate, qubits: readonly number[]): void {
    const g = Tableau.fromGate(gate);
    this.checkQubits(g, qubits, 'appendGate');
    this.append(g, qubits);
  }

  private checkQubits(g: Tableau, qubits: readonly number[], what: string): void {
    if (qubits.length !== g.numQubits)
      throw new ValidationError(
        `Tableau.${what}: the gate acts on ${g.numQubits} qubit(s), got ${qubits.length}`,
      );
    for (let i = 0; i < qubits.length; i++) {
      const q = qubits[i];
      if (!Number.isInteger(q) || q < 0 || q >= this.numQubits || qubits.indexOf(q) !== i)
        throw new ValidationError(
          `Tableau.${what}: qubits must be distinct integers in [0, ${this.numQubits}), got [${qubits.join(', ')}]`,
        );
    }
  }

  /**
   * Appends a Clifford `g` on `qubits`: new(P) = g(this(P)). Applies g to every image row's
   * restriction to `qubits`. O(n · k²) bit operations; for tests and small tableaux.
   */
  append(g: Tableau, qubits: readonly number[]): void {
    this.checkNotTransposed('append');
    const k = g.numQubits;
    const local = new PauliString(k);
    for (let r = 0; r < 2 * this.numQubits; r++) {
      const isZ = r >= this.numQubits;
      const row = isZ ? r - this.numQubits : r;
      const tx = isZ ? this.zx : this.xx;
      const tz = isZ ? this.zz : this.xz;
      const ts = isZ ? this.zSigns : this.xSigns;
      const off = row * this.stride;
      local.xs.fill(0);
      local.zs.fill(0);
      local.phase = 0;
      for (let i = 0; i < k; i++) {
        const q = qubits[i];
        local.setPauli(i, (tx[off + (q >>> 5)] >>> (q & 31)) & 1, (tz[off + (q >>> 5)] >>> (q & 31)) & 1);
      }
      const img = g.call(local);
      for (let i = 0; i < k; i++) {
        const q = qubits[i];
        const m = 1 << (q & 31);
        const w = off + (q >>> 5);
        if (img.xBit(i) !== 0) tx[w] |= m;
        else tx[w] &= ~m;
        if (img.zBit(i) !== 0) tz[w] |= m;
        else tz[w] &= ~m;
      }
      if (img.phase === 2) ts[row >>> 5] ^= 1 << (row & 31);
    }
  }

  private rowToPauli(tx: Uint32Array, tz: Uint32Array, ts: Uint32Array, k: number): PauliString {
    const p = new PauliString(this.numQubits);
    const o = k * this.stride;
    for (let w = 0; w < p.xs.length; w++) {
      p.xs[w] = tx[o + w];
      p.zs[w] = tz[o + w];
    }
    p.phase = 2 * this.signBit(ts, k);
    return p;
  }

  private setRow(tx: Uint32Array, tz: Uint32Array, ts: Uint32Array, k: number, p: PauliString): void {
    this.checkNotTransposed('setRow');
    if (p.numQubits !== this.numQubits || !p.isHermitian)
      throw new ValidationError(
        `Tableau: image ${p.toString()} must be Hermitian on ${this.numQubits} qubits`,
      );
    const o = k * this.stride;
    for (let w = 0; w < this.stride; w++) {
      tx[o + w] = w < p.xs.length ? p.xs[w] : 0;
      tz[o + w] = w < p.zs.length ? p.zs[w] : 0;
    }
    const m = 1 << (k & 31);
    if (p.phase === 2) ts[k >>> 5] |= m;
    else ts[k >>> 5] &= ~m;
  }
}
