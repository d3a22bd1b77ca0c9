import { Gf2Matrix, gf2Nullspace, gf2RowReduce } from '../math/gf2.js';

/** The data qubits of each logical operator of a CSS code, paired so that X_i anticommutes only with Z_i. */
export interface CssLogicals {
  readonly x: number[][];
  readonly z: number[][];
}

const dot = (a: Uint32Array, b: Uint32Array): number => {
  let p = 0;
  for (let k = 0; k < a.length; k++) {
    let w = a[k] & b[k];
    while (w !== 0) {
      w &= w - 1;
      p ^= 1;
    }
  }
  return p;
};

/** Rows of `candidates` that are independent modulo the row space of `base` (greedy, in order). */
function independentModulo(base: Gf2Matrix, candidates: Gf2Matrix): Uint32Array[] {
  const out: Uint32Array[] = [];
  let acc = base.clone();
  let rank = gf2RowReduce(acc).rank;
  for (let r = 0; r < candidates.numRows; r++) {
    const next = new Gf2Matrix(acc.numRows + 1, acc.numCols);
    next.data.set(acc.data);
    next.data.set(candidates.row(r), acc.numRows * acc.stride);
    const nr = gf2RowReduce(next).rank;
    if (nr > rank) {
      out.push(candidates.row(r).slice());
      acc = next;
      rank = nr;
    }
  }
  return out;
}

/**
 * Logical operators of the CSS code with X-check matrix `hx` and Z-check matrix `hz` (rows =
 * checks, cols = data qubits): Z logicals span ker(hx) / rowspace(hz), X logicals span
 * ker(hz) / rowspace(hx), then symplectic Gram–Schmidt pairs them (X_i · Z_j = δ_ij). The number
 * of pairs is k = n − rank(hx) − rank(hz).
 */
export function cssLogicals(hx: Gf2Matrix, hz: Gf2Matrix): CssLogicals {
  const zs = independentModulo(hz, gf2Nullspace(hx));
  const xs = independentModulo(hx, gf2Nullspace(hz));
  if (zs.length !== xs.length)
    throw new Error(`internal: ${xs.length} X logicals but ${zs.length} Z logicals`);
  const k = xs.length;
  for (let i = 0; i < k; i++) {
    let j = i;
    while (j < k && dot(xs[i], zs[j]) === 0) j++;
    if (j === k) throw new Error('internal: logical operators do not pair up');
    [zs[i], zs[j]] = [zs[j], zs[i]];
    for (let m = 0; m < k; m++) {
      if (m === i) continue;
      if (dot(xs[i], zs[m]) === 1) for (let w = 0; w < zs[m].length; w++) zs[m][w] ^= zs[i][w];
      if (dot(xs[m], zs[i]) === 1) for (let w = 0; w < xs[m].length; w++) xs[m][w] ^= xs[i][w];
    }
  }
  const bits = (v: Uint32Array): number[] => {
    const out: number[] = [];
    for (let c = 0; c < hx.numCols; c++) if (((v[c >>> 5] >>> (c & 31)) & 1) !== 0) out.push(c);
    return out;
  };
  return { x: xs.map(bits), z: zs.map(bits) };
}
