import { ParseError, ValidationError } from '../base/errors.js';
import { BitTable } from '../mem/bit-table.js';

/**
 * Stim's result formats (Stim's doc/result_formats.md), read and written exactly. A table of
 * samples has one row per shot and one column per bit (measurement, detector or observable).
 *
 * - `01`: one line per shot, a '0' or '1' per bit, then '\n'.
 * - `b8`: ceil(n/8) bytes per shot; bit k is bit (k mod 8) of byte ⌊k/8⌋ (little-endian).
 * - `r8`: per shot, run lengths of zeros before each 1, one byte each (255 = 255 zeros and no 1);
 *   the shot ends with an implied 1 just past its last bit, so its final byte counts trailing zeros.
 * - `hits`: one line per shot, the indices of the 1 bits separated by commas (empty line for none).
 * - `dets`: one line per shot, `shot` followed by ` M<k>`, ` D<k>`, ` L<k>` for each 1 bit, where the
 *   bits are split into measurements, detectors and observables in that order (see {@link SampleFormatOptions}).
 * - `ptb64`: shots in groups of 64; per group and bit, 8 bytes holding that bit of the 64 shots
 *   (little-endian; shot i of the group is bit i). The number of shots must be a multiple of 64.
 */
export type SampleFormat = '01' | 'b8' | 'r8' | 'hits' | 'dets' | 'ptb64';

/** The formats with a one-line description (CLI help). */
export const SAMPLE_FORMATS: readonly { readonly name: SampleFormat; readonly description: string }[] = [
  { name: '01', description: "one line per shot of '0'/'1' characters" },
  { name: 'b8', description: 'bit-packed bytes per shot, little-endian' },
  { name: 'r8', description: 'run-length encoded gaps between ones, one byte each' },
  { name: 'hits', description: 'comma-separated indices of the ones, one line per shot' },
  { name: 'dets', description: "'shot' then M/D/L-prefixed indices of the ones, one line per shot" },
  { name: 'ptb64', description: 'partially transposed: 64 shots per 8-byte word per bit' },
];

/** Options of {@link readSamples} and {@link writeSamples}. */
export interface SampleFormatOptions {
  /** Name of the input for error messages (a file path). */
  readonly source?: string;
  /**
   * How the bits of a shot split into measurements (M), detectors (D) and observables (L), in that
   * order, for `dets`. Default: all bits are detectors.
   */
  readonly numMeasurements?: number;
  readonly numDetectors?: number;
  readonly numObservables?: number;
}

const NL = 10;
const COMMA = 44;
const ZERO = 48;
const ONE = 49;

/** Bytes per shot of b8. */
const b8Bytes = (numBits: number): number => (numBits + 7) >>> 3;

function lineAndColumn(data: Uint8Array, offset: number): { line: number; column: number; text: string } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < data.length; i++)
    if (data[i] === NL) {
      line++;
      start = i + 1;
    }
  let end = start;
  while (end < data.length && data[end] !== NL && end - start < 200) end++;
  return { line, column: offset - start + 1, text: new TextDecoder().decode(data.subarray(start, end)) };
}

function parseErr(data: Uint8Array, offset: number, source: string, reason: string): ParseError {
  const p = lineAndColumn(data, offset);
  return new ParseError(reason, { source, line: p.line, column: p.column }, p.text);
}

/** The D/L/M split of `dets`, validated against the width. */
function detsSplit(numBits: number, o: SampleFormatOptions): { m: number; d: number; l: number } {
  const m = o.numMeasurements ?? 0;
  const l = o.numObservables ?? 0;
  const d = o.numDetectors ?? numBits - m - l;
  if (m + d + l !== numBits)
    throw new ValidationError(
      `dets: measurements ${m} + detectors ${d} + observables ${l} ≠ ${numBits} bits per shot`,
    );
  return { m, d, l };
}

/**
 * Parses samples of `numBitsPerShot` bits each. Returns a table with one row per shot.
 * Throws ParseError naming the line and column (text formats) or ValidationError naming the byte
 * offset or shot (binary formats) for malformed input: wrong line lengths, characters other than
 * 0/1, indices out of range, truncated data, r8 runs past the end of a shot, ptb64 sizes.
 */
export function readSamples(
  data: Uint8Array,
  format: SampleFormat,
  numBitsPerShot: number,
  opts: SampleFormatOptions = {},
): BitTable {
  const n = numBitsPerShot;
  const source = opts.source ?? '<samples>';
  if (!Number.isSafeInteger(n) || n < 0)
    throw new ValidationError(`bits per shot must be a non-negative integer, got ${n}`);
  switch (format) {
    case '01':
      return read01(data, n, source);
    case 'b8':
      return readB8(data, n, source);
    case 'r8':
      return readR8(data, n, source);
    case 'hits':
      return readLines(data, n, source, undefined);
    case 'dets':
      return readLines(data, n, source, detsSplit(n, opts));
    case 'ptb64':
      return readPtb64(data, n, source);
  }
}

/** `01`: validated line by line so errors name the line. */
function read01(data: Uint8Array, n: number, source: string): BitTable {
  const stride = n + 1;
  if (n === 0) {
    let shots = 0;
    for (let i = 0; i < data.length; i++) {
      if (data[i] !== NL) throw parseErr(data, i, source, `expected an empty line (0 bits per shot)`);
      shots++;
    }
    return new BitTable(shots, 0);
  }
  // Validate line by line so errors name the line.
  let shots = 0;
  for (let i = 0; i < data.length;) {
    let j = i;
    while (j < data.length && data[j] !== NL) j++;
    if (j - i !== n)
      throw parseErr(data, i, source, `expected ${n} characters of 0/1 per shot, got ${j - i}`);
    if (j === data.length) throw parseErr(data, j, source, 'missing newline at the end of the last shot');
    shots++;
    i = j + 1;
  }
  const t = new BitTable(shots, n);
  const w = t.data;
  for (let s = 0; s < shots; s++) {
    const base = s * stride;
    const row = s * t.stride;
    for (let k = 0; k < n; k++) {
      const c = data[base + k];
      if (c === ONE) w[row + (k >>> 5)] |= 1 << (k & 31);
      else if (c !== ZERO)
        throw parseErr(data, base + k, source, `expected '0' or '1', got '${String.fromCharCode(c)}'`);
    }
  }
  return t;
}

/** `b8`: whole shots of ⌈n/8⌉ bytes, copied row by row (padding bits cleared). */
function readB8(data: Uint8Array, n: number, source: string): BitTable {
  const nb = b8Bytes(n);
  if (nb === 0) {
    if (data.length !== 0)
      throw new ValidationError(
        `${source}: b8 data for 0 bits per shot must be empty, got ${data.length} bytes`,
      );
    return new BitTable(0, 0);
  }
  if (data.length % nb !== 0)
    throw new ValidationError(
      `${source}: b8 data of ${data.length} bytes is not a whole number of shots of ${nb} bytes (${n} bits): truncated after shot ${Math.floor(data.length / nb)}?`,
      { source, bytes: data.length },
    );
  const shots = data.length / nb;
  const t = new BitTable(shots, n);
  const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const rowBytes = t.stride * 4;
  const tail = n & 7;
  for (let s = 0; s < shots; s++) {
    bytes.set(data.subarray(s * nb, s * nb + nb), s * rowBytes);
    if (tail !== 0) bytes[s * rowBytes + nb - 1] &= (1 << tail) - 1;
  }
  if (!LITTLE_ENDIAN) swapWords(t.data);
  return t;
}

/** `r8`: run lengths of zeros before each 1; each shot ends with an implied 1 just past its last bit. */
function readR8(data: Uint8Array, n: number, source: string): BitTable {
  const rows: number[][] = [];
  let cur: number[] = [];
  let pos = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    pos += b;
    if (b === 255) {
      if (pos > n)
        throw new ValidationError(
          `${source}: r8 run at byte ${i} passes the end of shot ${rows.length} (${n} bits)`,
        );
      continue;
    }
    if (pos === n) {
      rows.push(cur);
      cur = [];
      pos = 0;
      continue;
    }
    if (pos > n)
      throw new ValidationError(
        `${source}: r8 run at byte ${i} passes the end of shot ${rows.length} (${n} bits)`,
      );
    cur.push(pos);
    pos++;
  }
  if (pos !== 0 || cur.length !== 0)
    throw new ValidationError(`${source}: r8 data ends in the middle of shot ${rows.length}`);
  const t = new BitTable(rows.length, n);
  rows.forEach((r, s) => {
    for (const k of r) t.set(s, k, true);
  });
  return t;
}

/** Where a line of text samples starts, for error positions. */
interface LinePlace {
  readonly data: Uint8Array;
  /** Offset of the line's first byte in `data`. */
  readonly start: number;
  readonly source: string;
}

/** `hits` (split undefined) or `dets` (its M/D/L split): one line per shot. */
function readLines(
  data: Uint8Array,
  n: number,
  source: string,
  split: { m: number; d: number; l: number } | undefined,
): BitTable {
  const rows: number[][] = [];
  let i = 0;
  while (i < data.length) {
    let j = i;
    while (j < data.length && data[j] !== NL) j++;
    if (j === data.length) throw parseErr(data, j, source, 'missing newline at the end of the last shot');
    const line = new TextDecoder().decode(data.subarray(i, j)).replace(/\r$/, '');
    const at: LinePlace = { data, start: i, source };
    rows.push(split === undefined ? parseHitsLine(line, n, at) : parseDetsLine(line, split, at));
    i = j + 1;
  }
  const t = new BitTable(rows.length, n);
  rows.forEach((r, s) => {
    for (const k of r) t.toggle(s, k);
  });
  return t;
}

/** The bit indices of one `hits` line (comma-separated indices below n; empty for none). */
function parseHitsLine(line: string, n: number, at: LinePlace): number[] {
  const hits: number[] = [];
  if (line !== '')
    for (const [idx, tok] of line.split(',').entries()) {
      const v = /^\d+$/.test(tok) ? Number(tok) : NaN;
      if (!(v < n))
        throw parseErr(
          at.data,
          at.start + line.split(',').slice(0, idx).join(',').length + (idx > 0 ? 1 : 0),
          at.source,
          `expected a bit index below ${n}, got '${tok}'`,
        );
      hits.push(v);
    }
  return hits;
}

/** The bit indices of one `dets` line (`shot` then M<k>, D<k>, L<k> within the split). */
function parseDetsLine(line: string, s: { m: number; d: number; l: number }, at: LinePlace): number[] {
  const hits: number[] = [];
  const toks = line.split(' ');
  if (toks[0] !== 'shot')
    throw parseErr(at.data, at.start, at.source, "expected a line starting with 'shot'");
  let col = 5;
  for (const tok of toks.slice(1)) {
    const m = /^([MDL])(\d+)$/.exec(tok);
    const limit = m === null ? 0 : m[1] === 'M' ? s.m : m[1] === 'D' ? s.d : s.l;
    if (m === null || Number(m[2]) >= limit)
      throw parseErr(
        at.data,
        at.start + col,
        at.source,
        `expected M<k>, D<k> or L<k> within the ${s.m} measurements, ${s.d} detectors and ${s.l} observables, got '${tok}'`,
      );
    const k = Number(m[2]);
    hits.push(m[1] === 'M' ? k : m[1] === 'D' ? s.m + k : s.m + s.d + k);
    col += tok.length + 1;
  }
  return hits;
}

/** `ptb64`: groups of 64 shots, 8 bytes per bit and group. */
function readPtb64(data: Uint8Array, n: number, source: string): BitTable {
  const groupBytes = 8 * n;
  if (groupBytes === 0) {
    if (data.length !== 0)
      throw new ValidationError(`${source}: ptb64 data for 0 bits per shot must be empty`);
    return new BitTable(0, 0);
  }
  if (data.length % groupBytes !== 0)
    throw new ValidationError(
      `${source}: ptb64 data of ${data.length} bytes is not a whole number of 64-shot groups of ${groupBytes} bytes`,
    );
  const groups = data.length / groupBytes;
  const t = new BitTable(groups * 64, n);
  for (let g = 0; g < groups; g++)
    for (let k = 0; k < n; k++) {
      const o = g * groupBytes + 8 * k;
      for (let b = 0; b < 8; b++) {
        let byte = data[o + b];
        while (byte !== 0) {
          const bit = 31 - Math.clz32(byte & -byte);
          byte &= byte - 1;
          t.set(g * 64 + b * 8 + bit, k, true);
        }
      }
    }
  return t;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function swapWords(w: Uint32Array): void {
  for (let i = 0; i < w.length; i++) {
    const x = w[i];
    w[i] = ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
  }
}

/**
 * A growable byte buffer the writers fill. Pass one to {@link writeSamples} to reuse its memory
 * from call to call (streaming output in chunks without a fresh allocation per chunk); the bytes
 * returned then view this buffer and stay valid until its next use. Mutable; not thread-safe.
 */
export class SampleBuffer {
  /** The storage (grows by doubling). */
  buf: Uint8Array;
  /** Bytes written since the last {@link reset}. */
  len = 0;
  constructor(initial = 0) {
    this.buf = new Uint8Array(Math.max(16, initial));
  }
  /** Forgets the contents (keeps the memory). */
  reset(): void {
    this.len = 0;
  }
  /** Makes room for `extra` more bytes. */
  ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + extra) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  /** Appends `size` bytes (zeroed when `zero`) and returns the buffer to write them at [start, start + size). */
  claim(size: number, zero: boolean): Uint8Array {
    this.ensure(size);
    if (zero) this.buf.fill(0, this.len, this.len + size);
    this.len += size;
    return this.buf;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }
  ascii(s: string): void {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i);
  }
  /** The bytes written, as a view of the buffer. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

/**
 * `b8` rows of a little-endian table, written word by word: the rows' bytes are one stream in
 * which row s starts at byte s·nb (nb = ⌈n/8⌉), so each source word is funnel-shifted into the
 * output words by the stream's current byte misalignment (`ab` bytes pending in `acc`). Bits past
 * column n are masked off. The output's bytes [start, start + shots·nb) must begin 4-byte aligned.
 * About one shift-or per 4 bytes instead of a copy per byte.
 */
function packB8Rows(
  w: Uint32Array,
  stride: number,
  shots: number,
  n: number,
  out: Uint8Array,
  start: number,
): void {
  const nb = b8Bytes(n);
  const size = shots * nb;
  // Int32 views: words stay small integers for V8 (Uint32Array reads above 2^31 become doubles).
  const src = new Int32Array(w.buffer, w.byteOffset, w.length);
  const dst = new Int32Array(out.buffer, out.byteOffset + start, size >>> 2);
  // Per row: wc words, the last one holding lastBytes bytes (1..4) and lastBits valid bits.
  const wc = (nb + 3) >>> 2;
  const lastBytes = nb - 4 * (wc - 1);
  const lastBits = n - 32 * (wc - 1);
  const lastMask = lastBits >= 32 ? -1 : (1 << lastBits) - 1;
  let acc = 0;
  let ab = 0;
  let di = 0;
  for (let s = 0; s < shots; s++) {
    const r = s * stride;
    for (let j = 0; j < wc - 1; j++) {
      const x = src[r + j];
      if (ab === 0) dst[di++] = x;
      else {
        dst[di++] = acc | (x << (8 * ab));
        acc = x >>> (32 - 8 * ab);
      }
    }
    const x = src[r + wc - 1] & lastMask;
    if (ab === 0) {
      if (lastBytes === 4) dst[di++] = x;
      else {
        acc = x;
        ab = lastBytes;
      }
    } else {
      const total = ab + lastBytes;
      if (total >= 4) {
        dst[di++] = acc | (x << (8 * ab));
        acc = x >>> (32 - 8 * ab);
        ab = total - 4;
      } else {
        acc |= x << (8 * ab);
        ab = total;
      }
    }
  }
  for (let b = 0, o = start + 4 * di; b < ab; b++) out[o + b] = (acc >>> (8 * b)) & 0xff;
}

/**
 * The eight '0'/'1' characters of each byte value b (bit 0 first), as two little-endian words:
 * entries 2b and 2b + 1 of {@link ascii01Words}.
 */
let ascii01Words: Int32Array | undefined;

/**
 * `01` rows of a table into `out` from byte `start`: n characters and a newline per shot. Eight
 * columns at a time (a table lookup, two 4-byte stores through a DataView, any alignment), the
 * rest one by one. About 4 operations per 8 bits instead of 4 per bit.
 */
function write01Rows(
  w: Uint32Array,
  stride: number,
  shots: number,
  n: number,
  out: Uint8Array,
  start: number,
): void {
  if (ascii01Words === undefined) {
    ascii01Words = new Int32Array(512);
    for (let b = 0; b < 256; b++)
      for (let k = 0; k < 8; k++) {
        const c = (b >>> k) & 1 ? ONE : ZERO;
        ascii01Words[2 * b + (k >>> 2)] |= c << (8 * (k & 3));
      }
  }
  const table = ascii01Words;
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const whole = n & ~7;
  let o = start;
  for (let s = 0; s < shots; s++) {
    const row = s * stride;
    for (let k = 0; k < whole; k += 8) {
      const b = (w[row + (k >>> 5)] >>> (k & 31)) & 0xff;
      view.setInt32(o, table[2 * b], true);
      view.setInt32(o + 4, table[2 * b + 1], true);
      o += 8;
    }
    for (let k = whole; k < n; k++) out[o++] = ((w[row + (k >>> 5)] >>> (k & 31)) & 1) === 0 ? ZERO : ONE;
    out[o++] = NL;
  }
}

/**
 * Serialises a table (rows = shots) in `format`. For `dets` the options say how the columns split
 * into M/D/L; for `ptb64` the number of shots must be a multiple of 64 (ValidationError otherwise).
 * Returns a new byte array, or, when `buffer` is given, a view of `buffer` valid until its next use.
 */
export function writeSamples(
  table: BitTable,
  format: SampleFormat,
  opts: SampleFormatOptions = {},
  buffer?: SampleBuffer,
): Uint8Array {
  const sink = buffer ?? new SampleBuffer(0);
  sink.reset();
  writeInto(table, format, opts, sink);
  // Without a caller's buffer the bytes are returned as their own array (no spare capacity kept).
  return buffer !== undefined || sink.len === sink.buf.length ? sink.view() : sink.buf.slice(0, sink.len);
}

function writeInto(
  table: BitTable,
  format: SampleFormat,
  opts: SampleFormatOptions,
  sink: SampleBuffer,
): void {
  const n = table.numCols;
  const shots = table.numRows;
  const w = table.data;
  const bit = (s: number, k: number): number => (w[s * table.stride + (k >>> 5)] >>> (k & 31)) & 1;
  switch (format) {
    case '01': {
      const start = sink.len;
      const out = sink.claim(shots * (n + 1), false);
      write01Rows(w, table.stride, shots, n, out, start);
      return;
    }
    case 'b8': {
      const nb = b8Bytes(n);
      const start = sink.len;
      const out = sink.claim(shots * nb, !LITTLE_ENDIAN);
      // Mid-size rows word by word; short rows go byte by byte and long ones by block copy below.
      if (LITTLE_ENDIAN && nb >= 8 && nb < 64 && (out.byteOffset + start) % 4 === 0) {
        packB8Rows(w, table.stride, shots, n, out, start);
        return;
      }
      const src = LITTLE_ENDIAN ? new Uint8Array(w.buffer, w.byteOffset, w.byteLength) : undefined;
      const tail = n & 7;
      const rowBytes = table.stride * 4;
      for (let s = 0; s < shots; s++) {
        const o = s * nb;
        if (src !== undefined) {
          const r = s * rowBytes;
          // Short rows byte by byte (cheaper than two views per shot), long ones by block copy.
          if (nb < 64) for (let i = 0; i < nb; i++) out[o + i] = src[r + i];
          else out.set(src.subarray(r, r + nb), o);
        } else for (let k = 0; k < n; k++) if (bit(s, k) !== 0) out[o + (k >>> 3)] |= 1 << (k & 7);
        if (tail !== 0) out[o + nb - 1] &= (1 << tail) - 1;
      }
      return;
    }
    case 'r8': {
      const hits = new Int32Array(n);
      for (let s = 0; s < shots; s++) {
        const count = rowHits(w, s * table.stride, n, hits);
        let prev = -1;
        // The zeros before each one, then before an implied one just past the end.
        for (let h = 0; h <= count; h++) {
          const k = h < count ? hits[h] : n;
          let run = k - prev - 1;
          while (run >= 255) {
            sink.byte(255);
            run -= 255;
          }
          sink.byte(run);
          prev = k;
        }
      }
      return;
    }
    case 'hits': {
      const hits = new Int32Array(n);
      for (let s = 0; s < shots; s++) {
        const count = rowHits(w, s * table.stride, n, hits);
        for (let h = 0; h < count; h++) {
          if (h > 0) sink.byte(COMMA);
          sink.ascii(String(hits[h]));
        }
        sink.byte(NL);
      }
      return;
    }
    case 'dets': {
      const { m, d } = detsSplit(n, opts);
      const hits = new Int32Array(n);
      for (let s = 0; s < shots; s++) {
        sink.ascii('shot');
        const count = rowHits(w, s * table.stride, n, hits);
        for (let h = 0; h < count; h++) {
          const k = hits[h];
          sink.ascii(k < m ? ` M${k}` : k < m + d ? ` D${k - m}` : ` L${k - m - d}`);
        }
        sink.byte(NL);
      }
      return;
    }
    case 'ptb64': {
      if (shots % 64 !== 0)
        throw new ValidationError(`ptb64 needs a multiple of 64 shots, got ${shots}`, { shots });
      const out = sink.claim((shots / 64) * n * 8, true);
      const hits = new Int32Array(n);
      for (let s = 0; s < shots; s++) {
        const base = (s >>> 6) * n * 8 + ((s & 63) >>> 3);
        const mask = 1 << (s & 7);
        const count = rowHits(w, s * table.stride, n, hits);
        for (let h = 0; h < count; h++) out[base + hits[h] * 8] |= mask;
      }
      return;
    }
  }
}

/**
 * Writes the columns (< n) of the ones in the row starting at word `row` into `hits`, in increasing
 * order, and returns how many there are: word by word, one step per one (the sparse formats'
 * cost follows the events, not the width). Bits in the padding past column n are ignored.
 */
function rowHits(w: Uint32Array, row: number, n: number, hits: Int32Array): number {
  let count = 0;
  const words = (n + 31) >>> 5;
  for (let i = 0; i < words; i++) {
    let x = w[row + i];
    if (i === words - 1 && (n & 31) !== 0) x &= (1 << (n & 31)) - 1;
    while (x !== 0) {
      const low = x & -x;
      hits[count++] = (i << 5) + 31 - Math.clz32(low);
      x ^= low;
    }
  }
  return count;
}
