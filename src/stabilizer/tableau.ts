import { ValidationError } from '../base/errors.js';
import type { Rng } from '../base/prng.js';
import type { Gate } from '../gates/gate.js';
import { checkAllocation } from '../base/limits.js';
import { cliffordAction, pauliX, pauliZ } from '../gates/clifford-action.js';
import { paddedWords } from '../mem/bit-table.js';
import { transposeBitMatrix } from '../mem/transpose.js';
import { PauliString, mulPauliWordsInto } from './pauli-string.js';

/**
 * A Clifford operation C stored as its action on the Pauli generators (Aaronson & Gottesman,
 * "Improved simulation of stabilizer circuits", PRA 70, 052328 (2004); layout as in Stim): for
 * every qubit k the signed images C X_k C† and C Z_k C†.
 *
 * Memory layout (bit-packed, `stride = paddedWords(numQubits)` words per row, n = numQubits rows):
 *
 *   xx[k*stride + w]  x bits of image(X_k), qubits 32w..32w+31
 *   xz[k*stride + w]  z bits of image(X_k)
 *   zx[k*stride + w]  x bits of image(Z_k)
 *   zz[k*stride + w]  z bits of image(Z_k)
 *   xSigns bit k      1 when image(X_k) has sign −
 *   zSigns bit k      1 when image(Z_k) has sign −
 *
 * "Prepending" a gate G (new(P) = this(G P G†)) touches only the rows of G's qubits: row products
 * of O(n/32) word operations. "Appending" (new(P) = G this(P) G†) acts on columns; the
 * `t*` methods do it word-parallel while the quadrants are transposed
 * ({@link Tableau.transposeQuadrants}), as Stim's TableauTransposedRaii does.
 */
export class Tableau {
  /** Number of qubits n. */
  readonly numQubits: number;
  /** Words per row (a multiple of 4). */
  readonly stride: number;
  /** x bits of image(X_k), row k (n rows × stride words). Swapped for another buffer by transposes. */
  xx: Uint32Array;
  /** z bits of image(X_k), row k. */
  xz: Uint32Array;
  /** x bits of image(Z_k), row k. */
  zx: Uint32Array;
  /** z bits of image(Z_k), row k. */
  zz: Uint32Array;
  /** Bit k set when image(X_k) has sign −. */
  readonly xSigns: Uint32Array;
  /** Bit k set when image(Z_k) has sign −. */
  readonly zSigns: Uint32Array;
  /** True while the four quadrants are stored transposed (row = qubit, bits over generators). */
  transposed = false;
  /**
   * Optional symbolic sign parts (see {@link Tableau.enableSignVariables}): row k of `xVars`
   * (`varStride` words at k·varStride) is a GF(2) vector over sign variables added to the sign of
   * image(X_k); likewise `zVars`. Undefined unless enabled.
   */
  xVars: Uint32Array | undefined;
  /** Symbolic sign vectors of the images of Z_k (see {@link Tableau.xVars}). */
  zVars: Uint32Array | undefined;
  /** Words per symbolic sign vector (0 when disabled). */
  varStride = 0;
  // Scratch rows of the generic prepend (permanent buffers, reused).
  private scratchX: Uint32Array | undefined;
  private scratchZ: Uint32Array | undefined;
  private scratchPhase: Uint8Array | undefined;
  private spare: Uint32Array | undefined;

  /**
   * The identity tableau on `numQubits` qubits. O(n²/32) memory.
   * @throws LimitError when it would need more than 2 GiB (MAX_ALLOCATION_BYTES) (about 58,000 qubits).
   */
  constructor(numQubits: number) {
    if (!Number.isInteger(numQubits) || numQubits < 0)
      throw new ValidationError(`Tableau: numQubits must be a non-negative integer, got ${numQubits}`);
    this.numQubits = numQubits;
    this.stride = paddedWords(numQubits);
    const size = numQubits * this.stride;
    // Four n × n bit blocks: a million qubits would need 466 GiB, so refuse before allocating.
    checkAllocation(`a stabilizer tableau of ${numQubits} qubits`, 16 * size);
    this.xx = new Uint32Array(size);
    this.xz = new Uint32Array(size);
    this.zx = new Uint32Array(size);
    this.zz = new Uint32Array(size);
    this.xSigns = new Uint32Array(this.stride);
    this.zSigns = new Uint32Array(this.stride);
    for (let k = 0; k < numQubits; k++) {
      const i = k * this.stride + (k >>> 5);
      const m = 1 << (k & 31);
      this.xx[i] = m;
      this.zz[i] = m;
    }
  }

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

  /**
   * Makes every sign symbolic: sign(image) = constant bit ⊕ (vector · variables) over GF(2), with
   * room for `numWords`·32 variables (all vectors start at 0). Row operations then XOR the vectors
   * exactly as they XOR the constant signs, which is how {@link checkDeterministic}-style analyses
   * track which random outcomes a later result depends on. Grows with {@link growSignVariables}.
   */
  enableSignVariables(numWords: number): void {
    this.varStride = numWords;
    this.xVars = new Uint32Array(this.numQubits * numWords);
    this.zVars = new Uint32Array(this.numQubits * numWords);
  }

  /** Widens the symbolic sign vectors to `numWords` words each (keeps their contents). */
  growSignVariables(numWords: number): void {
    if (this.xVars === undefined || this.zVars === undefined) {
      this.enableSignVariables(numWords);
      return;
    }
    if (numWords <= this.varStride) return;
    const grow = (a: Uint32Array): Uint32Array => {
      const out = new Uint32Array(this.numQubits * numWords);
      for (let k = 0; k < this.numQubits; k++)
        out.set(a.subarray(k * this.varStride, (k + 1) * this.varStride), k * numWords);
      return out;
    };
    this.xVars = grow(this.xVars);
    this.zVars = grow(this.zVars);
    this.varStride = numWords;
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
  toString(): string {
    const lines: string[] = [];
    for (let k = 0; k < this.numQubits; k++) {
      lines.push(`X${k} -> ${this.xImage(k).toString()}`);
      lines.push(`Z${k} -> ${this.zImage(k).toString()}`);
    }
    return lines.join('\n');
  }

  // ---------------------------------------------------------------------------------------------
  // Prepends: new(P) = this(G P G†). Row operations, O(n/32) each.

  /** Prepends H on q (swaps the X_q and Z_q rows). */
  prependH(q: number): void {
    this.swapRows(this.xx, this.xz, this.xSigns, q, this.zx, this.zz, this.zSigns, q);
  }

  /** Prepends S on q: S X S† = Y, so row X_q := i·X'_q·Z'_q. */
  prependS(q: number): void {
    this.setXRowToY(q, false);
  }

  /** Prepends S† on q: S† X S = −Y. */
  prependSDag(q: number): void {
    this.setXRowToY(q, true);
  }

  /**
   * Prepends H_YZ on q (self-inverse; X → −X, Y ↔ Z): row Z_q := i·X'_q·Z'_q, row X_q negated.
   */
  prependHYZ(q: number): void {
    const s = this.stride;
    const e = mulPauliWordsInto(this.zx, this.zz, q * s, this.xx, this.xz, q * s, s, true);
    const phase = 1 + e + 2 * (this.signBit(this.xSigns, q) + this.signBit(this.zSigns, q));
    const m = 1 << (q & 31);
    if ((phase & 3) === 2) this.zSigns[q >>> 5] |= m;
    else this.zSigns[q >>> 5] &= ~m;
    this.xSigns[q >>> 5] ^= m;
    if (this.xVars !== undefined) this.xorVarRow(false, q, true, q);
  }

  /** Prepends X on q: X Z X = −Z (flips the sign of row Z_q). */
  prependX(q: number): void {
    this.zSigns[q >>> 5] ^= 1 << (q & 31);
  }

  /** Prepends Y on q: flips the signs of rows X_q and Z_q. */
  prependY(q: number): void {
    this.xSigns[q >>> 5] ^= 1 << (q & 31);
    this.zSigns[q >>> 5] ^= 1 << (q & 31);
  }

  /** Prepends Z on q: flips the sign of row X_q. */
  prependZ(q: number): void {
    this.xSigns[q >>> 5] ^= 1 << (q & 31);
  }

  /** Prepends CX (control c, target t): X_c → X_c X_t, Z_t → Z_c Z_t. */
  prependCX(c: number, t: number): void {
    this.mulRowsInto(this.xx, this.xz, this.xSigns, c, this.xx, this.xz, this.xSigns, t);
    this.mulRowsInto(this.zx, this.zz, this.zSigns, t, this.zx, this.zz, this.zSigns, c);
  }

  /** Prepends CZ on (a, b): X_a → X_a Z_b, X_b → Z_a X_b. */
  prependCZ(a: number, b: number): void {
    this.mulRowsInto(this.xx, this.xz, this.xSigns, a, this.zx, this.zz, this.zSigns, b);
    this.mulRowsInto(this.xx, this.xz, this.xSigns, b, this.zx, this.zz, this.zSigns, a);
  }

  /** Prepends SWAP on (a, b): swaps both rows of a and b. */
  prependSwap(a: number, b: number): void {
    this.swapRows(this.xx, this.xz, this.xSigns, a, this.xx, this.xz, this.xSigns, b);
    this.swapRows(this.zx, this.zz, this.zSigns, a, this.zx, this.zz, this.zSigns, b);
  }

  /**
   * Prepends a Clifford `g` given by its tableau on `qubits` (g.numQubits distinct qubits of this
   * tableau): new(P) = this(g(P)). O(g.numQubits² · n/32). Mutates.
   */
  prepend(g: Tableau, qubits: readonly number[]): void {
    this.checkNotTransposed('prepend');
    const k = g.numQubits;
    const s = this.stride;
    const need = 2 * k * s;
    if (this.scratchX === undefined || this.scratchX.length < need) {
      this.scratchX = new Uint32Array(need);
      this.scratchZ = new Uint32Array(need);
      this.scratchPhase = new Uint8Array(2 * k);
    }
    const bx = this.scratchX;
    const bz = this.scratchZ as Uint32Array;
    const bp = this.scratchPhase as Uint8Array;
    bx.fill(0, 0, need);
    bz.fill(0, 0, need);
    const vs = this.varStride;
    const varBuf = this.xVars !== undefined ? new Uint32Array(2 * k * vs) : undefined;
    // New row j (X_local or Z_local of g's qubit j>>1) = this(g(generator)) = signed ordered product
    // of this's rows, with Y = i·X·Z expanded.
    for (let j = 0; j < 2 * k; j++) {
      const isZ = (j & 1) === 1;
      const local = j >>> 1;
      const gx = isZ ? g.zx : g.xx;
      const gz = isZ ? g.zz : g.xz;
      const gs = isZ ? g.zSigns : g.xSigns;
      const off = local * g.stride;
      const rowOff = j * s;
      let phase = 2 * ((gs[local >>> 5] >>> (local & 31)) & 1);
      for (let i = 0; i < k; i++) {
        const x = (gx[off + (i >>> 5)] >>> (i & 31)) & 1;
        const z = (gz[off + (i >>> 5)] >>> (i & 31)) & 1;
        const q = qubits[i];
        if (x !== 0 && z !== 0) phase += 1;
        if (x !== 0) {
          phase += 2 * this.signBit(this.xSigns, q);
          phase += mulPauliWordsInto(bx, bz, rowOff, this.xx, this.xz, q * s, s, false);
          if (varBuf !== undefined) xorInto(varBuf, j * vs, this.xVars as Uint32Array, q * vs, vs);
        }
        if (z !== 0) {
          phase += 2 * this.signBit(this.zSigns, q);
          phase += mulPauliWordsInto(bx, bz, rowOff, this.zx, this.zz, q * s, s, false);
          if (varBuf !== undefined) xorInto(varBuf, j * vs, this.zVars as Uint32Array, q * vs, vs);
        }
      }
      bp[j] = phase & 3;
    }
    for (let j = 0; j < 2 * k; j++) {
      const isZ = (j & 1) === 1;
      const q = qubits[j >>> 1];
      const rowOff = j * s;
      const tx = isZ ? this.zx : this.xx;
      const tz = isZ ? this.zz : this.xz;
      const ts = isZ ? this.zSigns : this.xSigns;
      for (let w = 0; w < s; w++) {
        tx[q * s + w] = bx[rowOff + w];
        tz[q * s + w] = bz[rowOff + w];
      }
      const m = 1 << (q & 31);
      if (bp[j] === 2) ts[q >>> 5] |= m;
      else ts[q >>> 5] &= ~m;
      if (varBuf !== undefined) {
        const tv = (isZ ? this.zVars : this.xVars) as Uint32Array;
        tv.set(varBuf.subarray(j * vs, (j + 1) * vs), q * vs);
      }
    }
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
   * Prepends a compiled Clifford (see {@link Tableau.compilePrepend}) on `qubits` (distinct):
   * same result as {@link Tableau.prepend}, with the old rows copied once and each new row built
   * by copying its first factor and multiplying the others. Mutates.
   */
  prependCompiled(recipe: PrependRecipe, qubits: readonly number[]): void {
    const k = recipe.numQubits;
    const s = this.stride;
    const need = 2 * k * s;
    if (this.scratchX === undefined || this.scratchX.length < need) {
      this.scratchX = new Uint32Array(need);
      this.scratchZ = new Uint32Array(need);
      this.scratchPhase = new Uint8Array(2 * k);
    }
    const bx = this.scratchX;
    const bz = this.scratchZ as Uint32Array;
    if ((this.scratchPhase as Uint8Array).length < 2 * k) this.scratchPhase = new Uint8Array(2 * k);
    const signs = this.scratchPhase as Uint8Array;
    // Old rows: scratch row 2i = X'_{q_i}, 2i+1 = Z'_{q_i}.
    for (let i = 0; i < k; i++) {
      const o = qubits[i] * s;
      const xo = 2 * i * s;
      const zo = xo + s;
      for (let w = 0; w < s; w++) {
        bx[xo + w] = this.xx[o + w];
        bz[xo + w] = this.xz[o + w];
        bx[zo + w] = this.zx[o + w];
        bz[zo + w] = this.zz[o + w];
      }
      signs[2 * i] = this.signBit(this.xSigns, qubits[i]);
      signs[2 * i + 1] = this.signBit(this.zSigns, qubits[i]);
    }
    const vs = this.varStride;
    let oldVars: Uint32Array | undefined;
    if (this.xVars !== undefined && this.zVars !== undefined) {
      oldVars = new Uint32Array(2 * k * vs);
      for (let i = 0; i < k; i++) {
        oldVars.set(this.xVars.subarray(qubits[i] * vs, (qubits[i] + 1) * vs), 2 * i * vs);
        oldVars.set(this.zVars.subarray(qubits[i] * vs, (qubits[i] + 1) * vs), (2 * i + 1) * vs);
      }
    }
    for (let j = 0; j < 2 * k; j++) {
      const isZ = (j & 1) === 1;
      const q = qubits[j >>> 1];
      const o = q * s;
      const tx = isZ ? this.zx : this.xx;
      const tz = isZ ? this.zz : this.xz;
      const ts = isZ ? this.zSigns : this.xSigns;
      const f = recipe.factors[j];
      const first = f[0] * s;
      for (let w = 0; w < s; w++) {
        tx[o + w] = bx[first + w];
        tz[o + w] = bz[first + w];
      }
      let phase = recipe.phases[j] + 2 * signs[f[0]];
      for (let t = 1; t < f.length; t++) {
        phase += 2 * signs[f[t]];
        phase += mulPauliWordsInto(tx, tz, o, bx, bz, f[t] * s, s, false);
      }
      const m = 1 << (q & 31);
      if ((phase & 3) === 2) ts[q >>> 5] |= m;
      else ts[q >>> 5] &= ~m;
      if (oldVars !== undefined) {
        const tv = (isZ ? this.zVars : this.xVars) as Uint32Array;
        for (let w = 0; w < vs; w++) {
          let v = 0;
          for (let t = 0; t < f.length; t++) v ^= oldVars[f[t] * vs + w];
          tv[q * vs + w] = v;
        }
      }
    }
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
   * Prepends a single-qubit Clifford `g` (a 1-qubit tableau) on qubit q: new X_q row = this(g(X)),
   * new Z_q row = this(g(Z)), where this(Y) = i·X'·Z'. At most one row product per row; same
   * result as {@link Tableau.prepend} (tested), faster. Mutates.
   */
  prependSingleQubit(g: Tableau, q: number): void {
    const s = this.stride;
    const need = 2 * s;
    if (this.scratchX === undefined || this.scratchX.length < need) {
      this.scratchX = new Uint32Array(Math.max(need, 4 * s));
      this.scratchZ = new Uint32Array(Math.max(need, 4 * s));
      this.scratchPhase = new Uint8Array(4);
    }
    const bx = this.scratchX;
    const bz = this.scratchZ as Uint32Array;
    const o = q * s;
    // Old rows: X' at scratch row 0, Z' at scratch row 1.
    for (let w = 0; w < s; w++) {
      bx[w] = this.xx[o + w];
      bz[w] = this.xz[o + w];
      bx[s + w] = this.zx[o + w];
      bz[s + w] = this.zz[o + w];
    }
    const sX = this.signBit(this.xSigns, q);
    const sZ = this.signBit(this.zSigns, q);
    const vs = this.varStride;
    let oldVars: Uint32Array | undefined;
    if (this.xVars !== undefined && this.zVars !== undefined) {
      oldVars = new Uint32Array(2 * vs);
      oldVars.set(this.xVars.subarray(q * vs, (q + 1) * vs), 0);
      oldVars.set(this.zVars.subarray(q * vs, (q + 1) * vs), vs);
    }
    for (let r = 0; r < 2; r++) {
      const isZ = r === 1;
      const px = (isZ ? g.zx[0] : g.xx[0]) & 1;
      const pz = (isZ ? g.zz[0] : g.xz[0]) & 1;
      const ps = (isZ ? g.zSigns[0] : g.xSigns[0]) & 1;
      const tx = isZ ? this.zx : this.xx;
      const tz = isZ ? this.zz : this.xz;
      const ts = isZ ? this.zSigns : this.xSigns;
      const src = px !== 0 && pz === 0 ? 0 : 1; // X → old X', Z or Y start from old Z'
      for (let w = 0; w < s; w++) {
        tx[o + w] = bx[src * s + w];
        tz[o + w] = bz[src * s + w];
      }
      let phase = 2 * (ps + (src === 0 ? sX : sZ));
      if (px !== 0 && pz !== 0) {
        // Y: i·X'·Z' — left-multiply the copied Z' by X'.
        phase += 1 + 2 * sX + mulPauliWordsInto(tx, tz, o, bx, bz, 0, s, true);
      }
      const m = 1 << (q & 31);
      if ((phase & 3) === 2) ts[q >>> 5] |= m;
      else ts[q >>> 5] &= ~m;
      if (oldVars !== undefined) {
        const tv = (isZ ? this.zVars : this.xVars) as Uint32Array;
        for (let w = 0; w < vs; w++) {
          let v = src === 0 ? oldVars[w] : oldVars[vs + w];
          if (px !== 0 && pz !== 0) v ^= oldVars[w];
          tv[q * vs + w] = v;
        }
      }
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

  // ---------------------------------------------------------------------------------------------
  // Transposed mode: row j of each quadrant = output qubit j, bits over generators. Column
  // (append) operations become word-parallel over all generators.

  /** Transposes the four quadrants in place (toggles {@link Tableau.transposed}). O(n²/32). */
  transposeQuadrants(): void {
    const size = this.numQubits * this.stride;
    if (this.spare === undefined || this.spare.length !== size) this.spare = new Uint32Array(size);
    // Out of place into the spare buffer; the old buffer becomes the next spare.
    let t = this.xx;
    transposeBitMatrix(t, 0, this.stride, this.numQubits, this.numQubits, this.spare, 0, this.stride);
    this.xx = this.spare;
    this.spare = t;
    t = this.xz;
    transposeBitMatrix(t, 0, this.stride, this.numQubits, this.numQubits, this.spare, 0, this.stride);
    this.xz = this.spare;
    this.spare = t;
    t = this.zx;
    transposeBitMatrix(t, 0, this.stride, this.numQubits, this.numQubits, this.spare, 0, this.stride);
    this.zx = this.spare;
    this.spare = t;
    t = this.zz;
    transposeBitMatrix(t, 0, this.stride, this.numQubits, this.numQubits, this.spare, 0, this.stride);
    this.zz = this.spare;
    this.spare = t;
    this.transposed = !this.transposed;
  }

  /** (Transposed mode) appends CX(c → t) to every image. */
  tAppendCX(c: number, t: number): void {
    colCX(this.xx, this.xz, this.xSigns, c, t, this.stride);
    colCX(this.zx, this.zz, this.zSigns, c, t, this.stride);
  }

  /** (Transposed mode) appends CZ(a, b) to every image. */
  tAppendCZ(a: number, b: number): void {
    colCZ(this.xx, this.xz, this.xSigns, a, b, this.stride);
    colCZ(this.zx, this.zz, this.zSigns, a, b, this.stride);
  }

  /** (Transposed mode) appends S on q to every image: X → Y, Y → −X. */
  tAppendS(q: number): void {
    colS(this.xx, this.xz, this.xSigns, q, this.stride);
    colS(this.zx, this.zz, this.zSigns, q, this.stride);
  }

  /** (Transposed mode) appends H on q to every image. */
  tAppendH(q: number): void {
    colH(this.xx, this.xz, this.xSigns, q, this.stride);
    colH(this.zx, this.zz, this.zSigns, q, this.stride);
  }

  /** (Transposed mode) appends X on q: flips the sign of every image with a Z or Y at q. */
  tAppendX(q: number): void {
    const s = this.stride;
    const o = q * s;
    for (let w = 0; w < s; w++) {
      this.xSigns[w] ^= this.xz[o + w];
      this.zSigns[w] ^= this.zz[o + w];
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Row helpers (normal mode).

  /** Sign bit (0/1) of bit k of a sign vector. */
  signBit(signs: Uint32Array, k: number): number {
    return (signs[k >>> 5] >>> (k & 31)) & 1;
  }

  /** True when the x bits of image(Z_q) are all zero (a Z-type image). O(n/32). */
  zImageIsZType(q: number): boolean {
    const o = q * this.stride;
    for (let w = 0; w < this.stride; w++) if (this.zx[o + w] !== 0) return false;
    return true;
  }

  /** True when the x bits of image(X_q) are all zero. O(n/32). */
  xImageIsZType(q: number): boolean {
    const o = q * this.stride;
    for (let w = 0; w < this.stride; w++) if (this.xx[o + w] !== 0) return false;
    return true;
  }

  /** dst row := dst row · src row (both Hermitian, commuting), sign updated exactly. */
  private mulRowsInto(
    dx: Uint32Array,
    dz: Uint32Array,
    ds: Uint32Array,
    dk: number,
    sx: Uint32Array,
    sz: Uint32Array,
    ss: Uint32Array,
    sk: number,
  ): void {
    const s = this.stride;
    const e = mulPauliWordsInto(dx, dz, dk * s, sx, sz, sk * s, s, false);
    // e is 0 or 2 for commuting Hermitian rows; bit 1 of e flips the sign, plus the source sign.
    const flip = ((e >>> 1) ^ ((ss[sk >>> 5] >>> (sk & 31)) & 1)) & 1;
    ds[dk >>> 5] ^= flip << (dk & 31);
    if (this.xVars !== undefined) this.xorVarRow(ds === this.xSigns, dk, ss === this.xSigns, sk);
  }

  /** Symbolic signs: vars(dst row) ^= vars(src row). */
  private xorVarRow(dstIsX: boolean, dk: number, srcIsX: boolean, sk: number): void {
    const d = (dstIsX ? this.xVars : this.zVars) as Uint32Array;
    const src = (srcIsX ? this.xVars : this.zVars) as Uint32Array;
    const vs = this.varStride;
    for (let w = 0; w < vs; w++) d[dk * vs + w] ^= src[sk * vs + w];
  }

  /** Row X_q := ±i · X'_q · Z'_q (the image of ±Y_q... used for S and S†). */
  private setXRowToY(q: number, negate: boolean): void {
    const s = this.stride;
    const e = mulPauliWordsInto(this.xx, this.xz, q * s, this.zx, this.zz, q * s, s, false);
    // i · i^e · (−1)^{sx + sz} (−1)^{negate}; X' and Z' anticommute so e is odd and 1 + e even.
    let phase = 1 + e + 2 * (this.signBit(this.xSigns, q) + this.signBit(this.zSigns, q));
    if (negate) phase += 2;
    const m = 1 << (q & 31);
    if ((phase & 3) === 2) this.xSigns[q >>> 5] |= m;
    else this.xSigns[q >>> 5] &= ~m;
    if (this.xVars !== undefined) this.xorVarRow(true, q, false, q);
  }

  private swapRows(
    ax: Uint32Array,
    az: Uint32Array,
    as: Uint32Array,
    ak: number,
    bx: Uint32Array,
    bz: Uint32Array,
    bs: Uint32Array,
    bk: number,
  ): void {
    const s = this.stride;
    const ao = ak * s;
    const bo = bk * s;
    for (let w = 0; w < s; w++) {
      let t = ax[ao + w];
      ax[ao + w] = bx[bo + w];
      bx[bo + w] = t;
      t = az[ao + w];
      az[ao + w] = bz[bo + w];
      bz[bo + w] = t;
    }
    const sa = (as[ak >>> 5] >>> (ak & 31)) & 1;
    const sb = (bs[bk >>> 5] >>> (bk & 31)) & 1;
    if (sa !== sb) {
      as[ak >>> 5] ^= 1 << (ak & 31);
      bs[bk >>> 5] ^= 1 << (bk & 31);
    }
    if (this.xVars !== undefined) {
      const av = (as === this.xSigns ? this.xVars : this.zVars) as Uint32Array;
      const bv = (bs === this.xSigns ? this.xVars : this.zVars) as Uint32Array;
      const vs = this.varStride;
      for (let w = 0; w < vs; w++) {
        const t = av[ak * vs + w];
        av[ak * vs + w] = bv[bk * vs + w];
        bv[bk * vs + w] = t;
      }
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

  private checkNotTransposed(what: string): void {
    if (this.transposed) throw new ValidationError(`Tableau.${what}: not available while transposed`);
  }
}

/**
 * A Clifford compiled for {@link Tableau.prependCompiled}: new row j (X_0, Z_0, X_1, Z_1, …) is
 * i^phases[j] times the ordered product of the old rows `factors[j]` (index 2i = X'_i, 2i+1 = Z'_i).
 */
export interface PrependRecipe {
  readonly numQubits: number;
  readonly factors: readonly (readonly number[])[];
  readonly phases: readonly number[];
}

/** dst[dOff..dOff+n) ^= src[sOff..sOff+n). */
function xorInto(dst: Uint32Array, dOff: number, src: Uint32Array, sOff: number, n: number): void {
  for (let w = 0; w < n; w++) dst[dOff + w] ^= src[sOff + w];
}

function colCX(X: Uint32Array, Z: Uint32Array, signs: Uint32Array, c: number, t: number, s: number): void {
  const co = c * s;
  const to = t * s;
  for (let w = 0; w < s; w++) {
    const xc = X[co + w];
    const zc = Z[co + w];
    const xt = X[to + w];
    const zt = Z[to + w];
    // Aaronson–Gottesman CNOT rule: r ^= x_c z_t (x_t ⊕ z_c ⊕ 1).
    signs[w] ^= xc & zt & ~(xt ^ zc);
    X[to + w] = xt ^ xc;
    Z[co + w] = zc ^ zt;
  }
}

function colCZ(X: Uint32Array, Z: Uint32Array, signs: Uint32Array, a: number, b: number, s: number): void {
  const ao = a * s;
  const bo = b * s;
  for (let w = 0; w < s; w++) {
    const xa = X[ao + w];
    const xb = X[bo + w];
    const za = Z[ao + w];
    const zb = Z[bo + w];
    signs[w] ^= xa & xb & (za ^ zb);
    Z[ao + w] = za ^ xb;
    Z[bo + w] = zb ^ xa;
  }
}

function colS(X: Uint32Array, Z: Uint32Array, signs: Uint32Array, q: number, s: number): void {
  const o = q * s;
  for (let w = 0; w < s; w++) {
    const x = X[o + w];
    const z = Z[o + w];
    signs[w] ^= x & z;
    Z[o + w] = z ^ x;
  }
}

function colH(X: Uint32Array, Z: Uint32Array, signs: Uint32Array, q: number, s: number): void {
  const o = q * s;
  for (let w = 0; w < s; w++) {
    const x = X[o + w];
    const z = Z[o + w];
    signs[w] ^= x & z;
    X[o + w] = z;
    Z[o + w] = x;
  }
}
