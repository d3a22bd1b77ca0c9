import { ValidationError } from '../base/errors.js';
import { popcount32 } from '../mem/bit-table.js';

/**
 * Multi-qubit Pauli operators with an exact phase, bit-packed.
 *
 * Representation: `coefficient × P_0 ⊗ P_1 ⊗ … ⊗ P_{n-1}` where each `P_k` is one of the Hermitian
 * Paulis I, X, Y, Z encoded by two bits (x_k, z_k): I = (0,0), X = (1,0), Y = (1,1), Z = (0,1), and
 * the coefficient is `i^phase` with `phase ∈ {0,1,2,3}` (so +1, +i, -1, -i). Bits are packed 32 per
 * word, little-endian: qubit k is bit `k & 31` of word `k >>> 5`.
 *
 * Products use the per-qubit rule P·Q = i^e R with e ∈ {0, +1, -1} (e = +1 for the cyclic pairs
 * XY, YZ, ZX, −1 for the reversed ones) counted 32 qubits at a time with popcounts (the bit-parallel
 * form of the `g` function of Aaronson & Gottesman, "Improved simulation of stabilizer circuits",
 * PRA 70, 052328 (2004)).
 */

/** Number of 32-bit words holding `numQubits` Pauli bits (no padding). */
export function pauliWords(numQubits: number): number {
  return (numQubits + 31) >>> 5;
}

/**
 * `dst := left · dst` or `dst := dst · right` on raw bit-packed Pauli words, returning the power of
 * i (mod 4) produced by the product of the Hermitian per-qubit factors. Signs/phases of the operands
 * are not seen here; callers add them.
 *
 * `srcIsLeft` selects the order: true computes src·dst, false computes dst·src. Works over
 * `numWords` words starting at the given offsets. O(numWords). Mutates dst only.
 */
export function mulPauliWordsInto(
  dstX: Uint32Array,
  dstZ: Uint32Array,
  dstOff: number,
  srcX: Uint32Array,
  srcZ: Uint32Array,
  srcOff: number,
  numWords: number,
  srcIsLeft: boolean,
): number {
  // Per bit lane a 2-bit counter (c1 low, c2 high) of the ±1 contributions, mod 4, bit-sliced
  // across the 32 lanes of a word: adding +1 is c2 ^= c1, c1 ^= 1; adding −1 (= +3) is
  // c2 ^= ~c1, c1 ^= 1. So on anticommuting lanes (mask a) with "minus" mask m:
  // c2 ^= (c1 ^ m) & a; c1 ^= a. Two popcounts at the end instead of two per word.
  let c1 = 0;
  let c2 = 0;
  // Two copies of the loop (operand order fixed in each) keep the hot loop branch-free.
  if (srcIsLeft) {
    for (let w = 0; w < numWords; w++) {
      const x1 = srcX[srcOff + w];
      const z1 = srcZ[srcOff + w];
      const x2 = dstX[dstOff + w];
      const z2 = dstZ[dstOff + w];
      const x3 = x1 ^ x2;
      const z3 = z1 ^ z2;
      const x1z2 = x1 & z2;
      const a = x1z2 ^ (z1 & x2);
      c2 ^= (c1 ^ x1z2 ^ x3 ^ z3) & a;
      c1 ^= a;
      dstX[dstOff + w] = x3;
      dstZ[dstOff + w] = z3;
    }
  } else {
    for (let w = 0; w < numWords; w++) {
      const x1 = dstX[dstOff + w];
      const z1 = dstZ[dstOff + w];
      const x2 = srcX[srcOff + w];
      const z2 = srcZ[srcOff + w];
      const x3 = x1 ^ x2;
      const z3 = z1 ^ z2;
      const x1z2 = x1 & z2;
      // Lanes where the factors anticommute contribute ±i: −i exactly when x1z2 ^ x3 ^ z3 is set
      // (checked against all cases and dense matrices in pauli-string.test.ts).
      const a = x1z2 ^ (z1 & x2);
      c2 ^= (c1 ^ x1z2 ^ x3 ^ z3) & a;
      c1 ^= a;
      dstX[dstOff + w] = x3;
      dstZ[dstOff + w] = z3;
    }
  }
  return (popcount32(c1) + 2 * popcount32(c2)) & 3;
}

/** True when the two raw Pauli words ranges commute (even number of anticommuting positions). */
export function commuteWords(
  ax: Uint32Array,
  az: Uint32Array,
  aOff: number,
  bx: Uint32Array,
  bz: Uint32Array,
  bOff: number,
  numWords: number,
): boolean {
  let acc = 0;
  for (let w = 0; w < numWords; w++) acc ^= (ax[aOff + w] & bz[bOff + w]) ^ (az[aOff + w] & bx[bOff + w]);
  return (popcount32(acc) & 1) === 0;
}

const PAULI_CHARS = ['_', 'X', 'Z', 'Y'];

/**
 * A Pauli string on `numQubits` qubits with a phase i^phase. Mutable (in-place methods say so);
 * `xs`/`zs` are owned by the instance and may be read directly by kernels.
 */
export class PauliString {
  readonly numQubits: number;
  /** X bits, `pauliWords(numQubits)` words; bits beyond numQubits stay 0. */
  readonly xs: Uint32Array;
  /** Z bits, same layout as {@link PauliString.xs}. */
  readonly zs: Uint32Array;
  /** Power of i of the coefficient, in {0,1,2,3}: 0 → +, 1 → +i, 2 → −, 3 → −i. */
  phase: number;

  /** The identity (all I, phase +1) on `numQubits` qubits. */
  constructor(numQubits: number, xs?: Uint32Array, zs?: Uint32Array, phase = 0) {
    if (!Number.isInteger(numQubits) || numQubits < 0)
      throw new ValidationError(`PauliString: numQubits must be a non-negative integer, got ${numQubits}`);
    this.numQubits = numQubits;
    const w = pauliWords(numQubits);
    this.xs = xs ?? new Uint32Array(w);
    this.zs = zs ?? new Uint32Array(w);
    this.phase = phase & 3;
  }

  /**
   * Parses Stim's text form: an optional sign `+`, `-`, `i`, `+i`, `-i`, then one character per
   * qubit from `IXYZ_` (`_` and `I` are identity), e.g. `+X_ZY`, `-iZZ`. Also accepts the sparse
   * form `X0*Z3` / `-Y2` (Pauli letter followed by a qubit index, joined by `*`).
   * @throws ValidationError on any other character.
   */
  static parse(text: string): PauliString {
    const s = text.trim();
    let i = 0;
    let phase = 0;
    if (s[i] === '+') i++;
    else if (s[i] === '-') {
      phase = 2;
      i++;
    }
    if (s[i] === 'i') {
      phase = (phase + 1) & 3;
      i++;
    }
    const body = s.slice(i);
    if (/\d/.test(body)) return parseSparse(body, phase, text);
    const p = new PauliString(body.length);
    p.phase = phase;
    for (let k = 0; k < body.length; k++) {
      const c = body[k].toUpperCase();
      if (c === 'X') p.setPauli(k, 1, 0);
      else if (c === 'Z') p.setPauli(k, 0, 1);
      else if (c === 'Y') p.setPauli(k, 1, 1);
      else if (c !== '_' && c !== 'I')
        throw new ValidationError(
          `PauliString.parse: unexpected character '${body[k]}' at position ${i + k} in '${text}'; ` +
            `use I, _, X, Y, Z after an optional sign (+, -, i, -i)`,
          { text, position: i + k },
        );
    }
    return p;
  }

  /** A copy (independent buffers). */
  clone(): PauliString {
    return new PauliString(this.numQubits, this.xs.slice(), this.zs.slice(), this.phase);
  }

  /** A copy resized to `numQubits` qubits (extra qubits are I; dropped ones must be I). */
  resized(numQubits: number): PauliString {
    const out = new PauliString(numQubits);
    out.phase = this.phase;
    const n = Math.min(numQubits, this.numQubits);
    for (let k = 0; k < n; k++) out.setPauli(k, this.xBit(k), this.zBit(k));
    for (let k = n; k < this.numQubits; k++)
      if (this.xBit(k) !== 0 || this.zBit(k) !== 0)
        throw new ValidationError(`PauliString.resized: qubit ${k} is not identity and would be dropped`);
    return out;
  }

  /** X bit (0/1) of qubit k. */
  xBit(k: number): number {
    return (this.xs[k >>> 5] >>> (k & 31)) & 1;
  }
  /** Z bit (0/1) of qubit k. */
  zBit(k: number): number {
    return (this.zs[k >>> 5] >>> (k & 31)) & 1;
  }

  /** Sets qubit k to the Pauli with bits (x, z). Mutates. */
  setPauli(k: number, x: number, z: number): void {
    const w = k >>> 5;
    const m = 1 << (k & 31);
    if (x !== 0) this.xs[w] |= m;
    else this.xs[w] &= ~m;
    if (z !== 0) this.zs[w] |= m;
    else this.zs[w] &= ~m;
  }

  /** Pauli letter of qubit k: 'I', 'X', 'Y' or 'Z'. */
  pauliAt(k: number): 'I' | 'X' | 'Y' | 'Z' {
    const x = this.xBit(k);
    const z = this.zBit(k);
    return x ? (z ? 'Y' : 'X') : z ? 'Z' : 'I';
  }

  /** +1 or −1 for a Hermitian string; throws for an imaginary phase. */
  get sign(): number {
    if ((this.phase & 1) !== 0)
      throw new ValidationError(`PauliString ${this.toString()} has an imaginary phase`);
    return this.phase === 0 ? 1 : -1;
  }

  /** True when the coefficient is ±1. */
  get isHermitian(): boolean {
    return (this.phase & 1) === 0;
  }

  /** Number of non-identity factors. O(n/32). */
  get weight(): number {
    let c = 0;
    for (let w = 0; w < this.xs.length; w++) c += popcount32(this.xs[w] | this.zs[w]);
    return c;
  }

  /** True when every factor is I (the phase is ignored). */
  get isIdentity(): boolean {
    for (let w = 0; w < this.xs.length; w++) if ((this.xs[w] | this.zs[w]) !== 0) return false;
    return true;
  }

  /** Stim's dense text: sign (`+`, `-`, `+i`, `-i`) then `_XYZ` per qubit. */
  toString(): string {
    let s = this.phase === 0 ? '+' : this.phase === 1 ? '+i' : this.phase === 2 ? '-' : '-i';
    for (let k = 0; k < this.numQubits; k++) s += PAULI_CHARS[this.xBit(k) | (this.zBit(k) << 1)];
    return s;
  }

  /** Equality of factors and phase (sizes must match). */
  equals(other: PauliString): boolean {
    if (other.numQubits !== this.numQubits || other.phase !== this.phase) return false;
    for (let w = 0; w < this.xs.length; w++)
      if (this.xs[w] !== other.xs[w] || this.zs[w] !== other.zs[w]) return false;
    return true;
  }

  /** True when the two strings commute. Sizes must match. O(n/32). */
  commutes(other: PauliString): boolean {
    this.checkSize(other, 'commutes');
    return commuteWords(this.xs, this.zs, 0, other.xs, other.zs, 0, this.xs.length);
  }

  /** `this := this · other` with exact phase. Mutates this; returns this. O(n/32). */
  mulRight(other: PauliString): this {
    this.checkSize(other, 'mulRight');
    const e = mulPauliWordsInto(this.xs, this.zs, 0, other.xs, other.zs, 0, this.xs.length, false);
    this.phase = (this.phase + other.phase + e) & 3;
    return this;
  }

  /** `this := other · this` with exact phase. Mutates this; returns this. O(n/32). */
  mulLeft(other: PauliString): this {
    this.checkSize(other, 'mulLeft');
    const e = mulPauliWordsInto(this.xs, this.zs, 0, other.xs, other.zs, 0, this.xs.length, true);
    this.phase = (this.phase + other.phase + e) & 3;
    return this;
  }

  /** The product `this · other` as a new string (exact phase i^k). Does not mutate. */
  multiply(other: PauliString): PauliString {
    return this.clone().mulRight(other);
  }

  /** Negates (phase += 2). Mutates; returns this. */
  negate(): this {
    this.phase = (this.phase + 2) & 3;
    return this;
  }

  private checkSize(other: PauliString, what: string): void {
    if (other.numQubits !== this.numQubits)
      throw new ValidationError(
        `PauliString.${what}: sizes differ (${this.numQubits} vs ${other.numQubits} qubits); resize one first`,
      );
  }
}

function parseSparse(body: string, phase: number, text: string): PauliString {
  const parts = body.split('*').map((t) => t.trim());
  const terms: { q: number; x: number; z: number }[] = [];
  let n = 0;
  for (const part of parts) {
    const m = /^([IXYZ_])(\d+)$/i.exec(part);
    if (m === null)
      throw new ValidationError(
        `PauliString.parse: cannot read term '${part}' of '${text}'; expected e.g. X0*Z3`,
        {
          text,
        },
      );
    const c = m[1].toUpperCase();
    const q = Number(m[2]);
    terms.push({ q, x: c === 'X' || c === 'Y' ? 1 : 0, z: c === 'Z' || c === 'Y' ? 1 : 0 });
    n = Math.max(n, q + 1);
  }
  const out = new PauliString(n);
  out.phase = phase;
  const one = new PauliString(n);
  for (const t of terms) {
    one.xs.fill(0);
    one.zs.fill(0);
    one.setPauli(t.q, t.x, t.z);
    out.mulRight(one);
  }
  return out;
}
