import { ValidationError } from '../base/errors.js';
import { checkAllocation } from '../base/limits.js';
import { paddedWords } from '../mem/bit-table.js';
import { transposeBitMatrix } from '../mem/transpose.js';
import { mulPauliWordsInto } from './pauli-string.js';
import { colCX, colCZ, colH, colS } from './tableau-columns.js';

/**
 * The storage of a Clifford tableau and its in-place kernels: the four bit-packed quadrants of the
 * signed generator images, optional symbolic sign vectors, the row operations that prepend a
 * gate, and the word-parallel column operations that append one while the quadrants are
 * transposed. {@link Tableau} (tableau.ts) adds construction, images, composition and inversion.
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
 * ({@link TableauRows.transposeQuadrants}), as Stim's TableauTransposedRaii does.
 */
export class TableauRows {
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
   * Optional symbolic sign parts (see {@link TableauRows.enableSignVariables}): row k of `xVars`
   * (`varStride` words at k·varStride) is a GF(2) vector over sign variables added to the sign of
   * image(X_k); likewise `zVars`. Undefined unless enabled.
   */
  xVars: Uint32Array | undefined;
  /** Symbolic sign vectors of the images of Z_k (see {@link TableauRows.xVars}). */
  zVars: Uint32Array | undefined;
  /** Words per symbolic sign vector (0 when disabled). */
  varStride = 0;
  // Scratch rows of the generic prepend (permanent buffers, reused).
  private scratchX = new Uint32Array(0);
  private scratchZ = new Uint32Array(0);
  private scratchPhase = new Uint8Array(0);
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
  prepend(g: TableauRows, qubits: readonly number[]): void {
    this.checkNotTransposed('prepend');
    const k = g.numQubits;
    const s = this.stride;
    const need = 2 * k * s;
    this.ensureScratch(2 * k);
    const bx = this.scratchX;
    const bz = this.scratchZ;
    const bp = this.scratchPhase;
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
   * Prepends a compiled Clifford (see {@link Tableau.compilePrepend}) on `qubits` (distinct):
   * same result as {@link TableauRows.prepend}, with the old rows copied once and each new row built
   * by copying its first factor and multiplying the others. Mutates.
   */
  prependCompiled(recipe: PrependRecipe, qubits: readonly number[]): void {
    const k = recipe.numQubits;
    const s = this.stride;
    this.ensureScratch(2 * k);
    const bx = this.scratchX;
    const bz = this.scratchZ;
    const signs = this.scratchPhase;
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
   * Prepends a single-qubit Clifford `g` (a 1-qubit tableau) on qubit q: new X_q row = this(g(X)),
   * new Z_q row = this(g(Z)), where this(Y) = i·X'·Z'. At most one row product per row; same
   * result as {@link TableauRows.prepend} (tested), faster. Mutates.
   */
  prependSingleQubit(g: TableauRows, q: number): void {
    const s = this.stride;
    this.ensureScratch(2);
    const bx = this.scratchX;
    const bz = this.scratchZ;
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

  // ---------------------------------------------------------------------------------------------
  // Transposed mode: row j of each quadrant = output qubit j, bits over generators. Column
  // (append) operations become word-parallel over all generators.

  /** Transposes the four quadrants in place (toggles {@link TableauRows.transposed}). O(n²/32). */
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
  protected mulRowsInto(
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
  protected xorVarRow(dstIsX: boolean, dk: number, srcIsX: boolean, sk: number): void {
    const d = (dstIsX ? this.xVars : this.zVars) as Uint32Array;
    const src = (srcIsX ? this.xVars : this.zVars) as Uint32Array;
    const vs = this.varStride;
    for (let w = 0; w < vs; w++) d[dk * vs + w] ^= src[sk * vs + w];
  }

  /** Row X_q := ±i · X'_q · Z'_q (the image of ±Y_q... used for S and S†). */
  protected setXRowToY(q: number, negate: boolean): void {
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

  protected swapRows(
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

  /** Grows the scratch rows to at least `numRows` rows of `stride` words (and phases) when short. */
  private ensureScratch(numRows: number): void {
    const need = numRows * this.stride;
    if (this.scratchX.length < need) {
      this.scratchX = new Uint32Array(need);
      this.scratchZ = new Uint32Array(need);
    }
    if (this.scratchPhase.length < numRows) this.scratchPhase = new Uint8Array(numRows);
  }

  protected checkNotTransposed(what: string): void {
    if (this.transposed) throw new ValidationError(`Tableau.${what}: not available while transposed`);
  }
}

/**
 * A Clifford compiled for {@link TableauRows.prependCompiled}: new row j (X_0, Z_0, X_1, Z_1, …) is
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
