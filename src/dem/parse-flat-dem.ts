/**
 * `.dem` text straight to a flat model in typed arrays ({@link PackedFlatDem}), for start-up of
 * decoders on large models: `parseFlatDem(text)` equals `flattenDem(parseDem(text))` (same
 * errors, sizes, coordinates, and the same exceptions), without building an object per
 * instruction or per error.
 *
 * Two passes. The tokenizer reads the text once (char codes, no regex, no substring except each
 * distinct number argument) into a *program* of growable typed arrays: five int32 fields and one
 * number per instruction, targets in one shared int32 list (detector d as d, observable o as -2 - o, separator `^` as -1), and the
 * repeat blocks as instruction ranges. The flattener then sizes the output from per-block counts
 * (repetitions multiply them), checks the limits, and writes absolute ids into exactly-sized typed
 * arrays while walking the program (repeat bodies walked once per repetition; a body that only
 * shifts detectors is skipped in one step, as {@link flattenDem} does).
 *
 * The tokenizer accepts the well-formed text Stim and QEC Lab write: the grammar of
 * `dem-parser.ts`, with ids of at most 9 digits and repeat counts of at most
 * 15. On anything else (a syntax or validation error, a huge id) and when the
 * model is beyond the flattener's limits, it hands the whole text to `parseDem` and
 * {@link flattenDem}, which give the result or throw their usual error (file:line:col and a caret).
 */
import { C_HASH, C_LBRACKET, C_LPAREN, C_NL, C_RBRACE, isBlank, isDigit } from '../base/line-lexer.js';
import { parseDem } from './dem-parser.js';
import type { FlatDem } from './dem.js';
import {
  addScaled,
  DEFAULT_MAX_FLAT_DETECTORS,
  DEFAULT_MAX_FLAT_ERRORS,
  flattenDem,
  REPEAT_LAST_ONLY,
  REPEAT_SHIFT_ONLY,
  repeatCost,
  repeatMode,
} from './flatten.js';
import type { FlattenOptions } from './flatten.js';
import { PackedFlatDem } from './packed-dem.js';

// Instruction kinds of a program.
const K_ERROR = 0;
const K_DETECTOR = 1;
const K_OBSERVABLE = 2;
const K_SHIFT = 3;
const K_REPEAT = 4;

/** The separator `^` in {@link Program.targets}; observable o is stored as -2 - o. */
const SEP = -1;

/** Most digits of a detector or observable id on the fast path (so ids stay below 2^31 - 1). */
const MAX_ID_DIGITS = 9;
/** Most digits of a repetition count or detector shift on the fast path (exact doubles). */
const MAX_COUNT_DIGITS = 15;
/** Slots of the number-token cache of {@link Tokenizer} (a power of two). */
const SEEN_SLOTS = 64;
/** Largest size of an output array on the fast path (typed-array indices stay int32). */
const MAX_PACKED = 0x7fffffff;

/** Int32 fields per instruction in {@link Program.ins}: kind, a, b, c, d. */
const INS = 5;

/**
 * A tokenized model with relative ids, in growable typed arrays. Instruction i has kind
 * `ins[5i]`, fields a, b, c, d = `ins[5i + 1 .. 5i + 4]` and a number `val[i]`:
 * - error: targets[a .. b) and probability val;
 * - detector: targets[a .. b) and coordinates nums[c .. d);
 * - logical_observable: targets[a .. b);
 * - shift_detectors: shift val and coordinates nums[c .. d);
 * - repeat: repetitions val and body instructions i + 1 .. b - 1.
 */
class Program {
  ins = new Int32Array(INS * 1024);
  val = new Float64Array(1024);
  numIns = 0;
  targets: Int32Array;
  numTargets = 0;
  readonly nums: number[] = [];

  constructor(textLength: number) {
    // (a target takes at least two characters of text: this rarely needs to grow)
    this.targets = new Int32Array(Math.max(1024, textLength >>> 2));
  }

  /** Appends an instruction; returns its index. */
  push(kind: number, a: number, b: number, c: number, d: number, val: number): number {
    const i = this.numIns++;
    if (i === this.val.length) {
      const ins = new Int32Array(this.ins.length * 2);
      ins.set(this.ins);
      this.ins = ins;
      const v = new Float64Array(this.val.length * 2);
      v.set(this.val);
      this.val = v;
    }
    const o = INS * i;
    this.ins[o] = kind;
    this.ins[o + 1] = a;
    this.ins[o + 2] = b;
    this.ins[o + 3] = c;
    this.ins[o + 4] = d;
    this.val[i] = val;
    return i;
  }

  /** Doubles the capacity of {@link Program.targets}. */
  growTargets(): void {
    const t = new Int32Array(this.targets.length * 2);
    t.set(this.targets);
    this.targets = t;
  }
}

/**
 * Parses and flattens a detector error model: the same result as
 * `flattenDem(parseDem(text, source), options)` (see the file comment for how), as a
 * {@link PackedFlatDem}, or as that function's result when the text leaves the fast path.
 * O(length of the text + size of the flat model). Pure.
 * @throws ParseError, ValidationError, LimitError exactly as `parseDem` and {@link flattenDem}.
 */
export function parseFlatDem(text: string, source = '<string>', options: FlattenOptions = {}): FlatDem {
  const program = new Tokenizer(text).run();
  const flat = program === undefined ? undefined : flattenProgram(program, options);
  return flat ?? flattenDem(parseDem(text, source), options);
}

/** Lower-case ASCII of char code c. */
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/** Whether `text[start..end)` is `word` (lower case) ignoring ASCII case. */
function isWord(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++)
    if (lower(text.charCodeAt(start + i)) !== word.charCodeAt(i)) return false;
  return true;
}

/** The instruction kind named by `text[start..end)`, or -1. */
function kindOf(text: string, start: number, end: number): number {
  if (isWord(text, start, end, 'error')) return K_ERROR;
  if (isWord(text, start, end, 'detector')) return K_DETECTOR;
  if (isWord(text, start, end, 'shift_detectors')) return K_SHIFT;
  if (isWord(text, start, end, 'logical_observable')) return K_OBSERVABLE;
  if (isWord(text, start, end, 'repeat')) return K_REPEAT;
  return -1;
}

/**
 * Whether `text[s..e)` is a decimal number as the DEM parser accepts arguments:
 * `[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`.
 */
function isNumberToken(text: string, s: number, e: number): boolean {
  let i = s;
  let c = text.charCodeAt(i);
  if (c === 43 || c === 45) c = text.charCodeAt(++i);
  const intStart = i;
  while (i < e && isDigit(c)) c = text.charCodeAt(++i);
  const intDigits = i - intStart;
  let fracDigits = 0;
  if (i < e && c === 46) {
    c = text.charCodeAt(++i);
    const fracStart = i;
    while (i < e && isDigit(c)) c = text.charCodeAt(++i);
    fracDigits = i - fracStart;
  }
  if (intDigits === 0 && fracDigits === 0) return false;
  if (i < e && (c === 101 || c === 69)) {
    c = text.charCodeAt(++i);
    if (c === 43 || c === 45) c = text.charCodeAt(++i);
    const expStart = i;
    while (i < e && isDigit(c)) c = text.charCodeAt(++i);
    if (i === expStart) return false;
  }
  return i === e;
}

/**
 * The fast-path tokenizer: text → {@link Program}, or undefined at the first thing outside the
 * fast grammar (the slow parser then says what is wrong, or handles it). One instance per parse.
 */
class Tokenizer {
  private readonly text: string;
  private readonly n: number;
  private pos = 0;
  /** Number tokens met, by hash, and their values: see {@link Tokenizer.number}. */
  private readonly seenTokens = new Array<string | undefined>(SEEN_SLOTS).fill(undefined);
  private readonly seenValues = new Float64Array(SEEN_SLOTS);
  private readonly p: Program;

  constructor(text: string) {
    this.text = text;
    this.n = text.length;
    this.p = new Program(text.length);
  }

  run(): Program | undefined {
    const text = this.text;
    const open: number[] = []; // open repeat instructions, innermost last
    for (;;) {
      this.skipBlanks();
      if (this.pos >= this.n) break;
      const c = text.charCodeAt(this.pos);
      if (c === C_NL) this.pos++;
      else if (c === C_HASH) this.skipComment();
      else if (c === C_RBRACE) {
        const i = open.pop();
        if (i === undefined) return undefined;
        this.p.ins[INS * i + 2] = this.p.numIns;
        this.pos++;
        if (!this.endOfLine()) return undefined;
      } else if (!this.instruction(open)) return undefined;
    }
    return open.length === 0 ? this.p : undefined;
  }

  private skipBlanks(): void {
    const text = this.text;
    while (this.pos < this.n && isBlank(text.charCodeAt(this.pos))) this.pos++;
  }

  private skipComment(): void {
    const nl = this.text.indexOf('\n', this.pos);
    this.pos = nl < 0 ? this.n : nl;
  }

  /** After an instruction or brace: blanks, then the end of the line, of the text, or a comment. */
  private endOfLine(): boolean {
    this.skipBlanks();
    if (this.pos >= this.n) return true;
    const c = this.text.charCodeAt(this.pos);
    if (c === C_NL) this.pos++;
    else if (c === C_HASH) this.skipComment();
    else return false;
    return true;
  }

  /** An unsigned integer of 1..maxDigits digits at `pos`, or -1. */
  private uint(maxDigits: number): number {
    const text = this.text;
    const start = this.pos;
    let end = start;
    let v = 0;
    // (past the end, charCodeAt gives NaN and the loop stops)
    for (let x = text.charCodeAt(end) - 48; x >= 0 && x <= 9; x = text.charCodeAt(++end) - 48) v = v * 10 + x;
    this.pos = end;
    return end === start || end - start > maxDigits ? -1 : v;
  }

  /** Skips a tag `[...]` at `pos` (escapes `\\C`, `\\B`, `\\n`, `\\r` only); false for anything else. */
  private tag(): boolean {
    const text = this.text;
    for (let i = this.pos + 1; i < this.n; i++) {
      const c = text.charCodeAt(i);
      if (c === 93) {
        this.pos = i + 1;
        return true;
      }
      if (c === 92) {
        const e = text.charCodeAt(++i);
        if (e !== 67 && e !== 66 && e !== 110 && e !== 114) return false;
      } else if (c === C_NL || c === 13) return false;
    }
    return false;
  }

  /**
   * The value of the number token `text[start..end)` whose char codes hash to `hash`, or NaN
   * when it is not a number (or not finite). The few distinct tokens of a model (its
   * probabilities) are remembered by hash, so each is validated and converted once; a repeated
   * token costs a comparison of its chars.
   */
  private number(start: number, end: number, hash: number): number {
    const text = this.text;
    const slot = hash & (SEEN_SLOTS - 1);
    const seen = this.seenTokens[slot];
    if (seen !== undefined && seen.length === end - start) {
      let i = 0;
      while (i < seen.length && seen.charCodeAt(i) === text.charCodeAt(start + i)) i++;
      if (i === seen.length) return this.seenValues[slot];
    }
    if (end === start || !isNumberToken(text, start, end)) return NaN;
    const token = text.slice(start, end);
    const v = Number(token);
    if (!Number.isFinite(v)) return NaN;
    this.seenTokens[slot] = token;
    this.seenValues[slot] = v;
    return v;
  }

  /** Reads `(a, b, ...)` at `pos` into `nums`; the number of arguments, or -1. */
  private args(): number {
    const text = this.text;
    const n = this.n;
    const nums = this.p.nums;
    let count = 0;
    let pos = this.pos + 1;
    for (;;) {
      while (pos < n && isBlank(text.charCodeAt(pos))) pos++;
      const start = pos;
      let c = -1;
      let hash = 0;
      while (pos < n) {
        c = text.charCodeAt(pos);
        if (c === 44 || c === 41 || isBlank(c) || c === C_NL || c === C_HASH) break;
        hash = (Math.imul(hash, 31) + c) | 0;
        pos++;
      }
      const v = this.number(start, pos, hash ^ (hash >>> 11));
      if (Number.isNaN(v)) return -1;
      nums.push(v);
      count++;
      while (pos < n && isBlank((c = text.charCodeAt(pos)))) pos++;
      if (pos >= n) return -1;
      pos++;
      if (c === 41) {
        this.pos = pos;
        return count;
      }
      if (c !== 44) return -1;
    }
  }

  /** `repeat n {` after the name (and tag) at `pos`. */
  private repeatHeader(open: number[]): boolean {
    const text = this.text;
    if (this.pos >= this.n || !isBlank(text.charCodeAt(this.pos))) return false;
    this.skipBlanks();
    const reps = this.uint(MAX_COUNT_DIGITS);
    if (reps < 0) return false;
    this.skipBlanks();
    if (this.pos >= this.n || text.charCodeAt(this.pos) !== 123) return false;
    this.pos++;
    open.push(this.p.push(K_REPEAT, 0, -1, 0, 0, reps));
    return this.endOfLine();
  }

  /** One instruction line at `pos`; false when it leaves the fast grammar. */
  private instruction(open: number[]): boolean {
    const text = this.text;
    const p = this.p;
    const start = this.pos;
    while (this.pos < this.n) {
      const c = lower(text.charCodeAt(this.pos));
      if ((c >= 97 && c <= 122) || c === 95 || (isDigit(c) && this.pos > start)) this.pos++;
      else break;
    }
    const kind = kindOf(text, start, this.pos);
    if (kind < 0) return false;
    if (this.pos < this.n && text.charCodeAt(this.pos) === C_LBRACKET && !this.tag()) return false;
    const numStart = p.nums.length;
    let numArgs = 0;
    if (this.pos < this.n && text.charCodeAt(this.pos) === C_LPAREN) numArgs = this.args();
    if (numArgs < 0) return false;
    if (kind === K_REPEAT) return numArgs === 0 && this.repeatHeader(open);

    // Targets, each after at least one blank, up to the end of the line or a comment.
    const tStart = p.numTargets;
    let tg = p.targets;
    let nt = tStart;
    const n = this.n;
    let pos = this.pos;
    let nDet = 0;
    let nObs = 0;
    let nSep = 0;
    let shift = -1;
    for (;;) {
      if (pos >= n) break;
      let c = text.charCodeAt(pos);
      if (c === C_NL || c === C_HASH) break;
      if (!isBlank(c)) return false;
      do c = ++pos < n ? text.charCodeAt(pos) : C_NL;
      while (isBlank(c));
      if (c === C_NL || c === C_HASH) break;
      if (nt === tg.length) {
        p.growTargets();
        tg = p.targets;
      }
      if (c === 68 || c === 100 || c === 76 || c === 108) {
        // D# or L#: at most MAX_ID_DIGITS digits
        this.pos = pos + 1;
        const v = this.uint(MAX_ID_DIGITS);
        pos = this.pos;
        if (v < 0) return false;
        if (c === 68 || c === 100) {
          tg[nt++] = v;
          nDet++;
        } else {
          tg[nt++] = -2 - v;
          nObs++;
        }
      } else if (c === 94) {
        // '^': not first, not last, not doubled
        if (nt === tStart || tg[nt - 1] === SEP) return false;
        pos++;
        tg[nt++] = SEP;
        nSep++;
      } else if (isDigit(c) && kind === K_SHIFT && shift < 0) {
        this.pos = pos;
        shift = this.uint(MAX_COUNT_DIGITS);
        if (shift < 0) return false;
        pos = this.pos;
      } else return false;
    }
    this.pos = pos;
    p.numTargets = nt;
    if (nSep > 0 && tg[nt - 1] === SEP) return false;
    const prob = numArgs === 1 ? p.nums[numStart] : NaN;
    switch (kind) {
      case K_ERROR:
        if (numArgs !== 1 || !(prob >= 0 && prob <= 1)) return false;
        p.nums.pop(); // the probability is the instruction's `val`
        p.push(K_ERROR, tStart, nt, 0, 0, prob);
        break;
      case K_DETECTOR:
        if (nDet === 0 || nObs + nSep > 0) return false;
        p.push(K_DETECTOR, tStart, nt, numStart, p.nums.length, 0);
        break;
      case K_OBSERVABLE:
        if (numArgs > 0 || nObs === 0 || nDet + nSep > 0) return false;
        p.push(K_OBSERVABLE, tStart, nt, 0, 0, 0);
        break;
      default: // K_SHIFT
        if (shift < 0 || nDet + nObs + nSep > 0) return false;
        p.push(K_SHIFT, 0, 0, numStart, p.nums.length, shift);
    }
    return this.endOfLine();
  }
}

/** Counts of a block of instructions (one execution of it), relative to its start offset. */
interface Summary {
  /** Largest detector id mentioned, relative to the block's start offset, or -1. */
  maxDet: number;
  maxObs: number;
  errors: number;
  comps: number;
  dets: number;
  obs: number;
  shift: number;
  /** Some `shift_detectors` inside (nested blocks too) moves coordinates. */
  shiftsCoords: boolean;
  /** Total coordinate shift of the block, as in `flatten.ts` (repeat blocks times their count). */
  coordShift: number[];
  /** Instructions visited by one walk of the block (flatten.ts's `repeatMode`). */
  cost: number;
}

/** A fresh {@link Summary} of an empty block. */
const emptySummary = (): Summary => ({
  maxDet: -1,
  maxObs: -1,
  errors: 0,
  comps: 0,
  dets: 0,
  obs: 0,
  shift: 0,
  shiftsCoords: false,
  coordShift: [],
  cost: 0,
});

/** Adds an error's targets [a, b) of the program to `s`. */
function countError(s: Summary, t: Int32Array, a: number, b: number): void {
  s.errors++;
  s.comps++;
  for (let k = a; k < b; k++) {
    const v = t[k];
    if (v >= 0) {
      s.dets++;
      if (s.shift + v > s.maxDet) s.maxDet = s.shift + v;
    } else if (v === SEP) s.comps++;
    else {
      s.obs++;
      if (-2 - v > s.maxObs) s.maxObs = -2 - v;
    }
  }
}

/** The summary of instructions [start, end) of a program; repeat bodies' are cached by index. */
function summarize(p: Program, start: number, end: number, cache: Map<number, Summary>): Summary {
  const s = emptySummary();
  const t = p.targets;
  const ins = p.ins;
  for (let i = start; i < end; i++) {
    const o = INS * i;
    const ta = ins[o + 1];
    const tb = ins[o + 2];
    s.cost++;
    switch (ins[o]) {
      case K_ERROR:
        countError(s, t, ta, tb);
        break;
      case K_DETECTOR:
        for (let k = ta; k < tb; k++) if (s.shift + t[k] > s.maxDet) s.maxDet = s.shift + t[k];
        break;
      case K_OBSERVABLE:
        for (let k = ta; k < tb; k++) if (-2 - t[k] > s.maxObs) s.maxObs = -2 - t[k];
        break;
      case K_SHIFT:
        s.shift += p.val[i];
        for (let k = ins[o + 3]; k < ins[o + 4]; k++) {
          const x = p.nums[k];
          if (x !== 0) s.shiftsCoords = true;
          const j = k - ins[o + 3];
          if (j < s.coordShift.length) s.coordShift[j] += x;
          else s.coordShift.push(x);
        }
        break;
      case K_REPEAT: {
        let b = cache.get(i);
        if (b === undefined) {
          b = summarize(p, i + 1, tb, cache);
          cache.set(i, b);
        }
        if (b.shiftsCoords) s.shiftsCoords = true;
        const reps = p.val[i];
        if (reps > 0) {
          s.cost += repeatCost(repeatMode(reps, b), reps, b.cost) - 1;
          addScaled(s.coordShift, b.coordShift, reps);
          // Shifts only grow, so the last repetition reaches the largest id.
          const last = s.shift + (reps - 1) * b.shift + b.maxDet;
          if (b.maxDet >= 0 && last > s.maxDet) s.maxDet = last;
          if (b.maxObs > s.maxObs) s.maxObs = b.maxObs;
          s.errors += reps * b.errors;
          s.comps += reps * b.comps;
          s.dets += reps * b.dets;
          s.obs += reps * b.obs;
          s.shift += reps * b.shift;
        }
        i = tb - 1; // the body
        break;
      }
    }
  }
  return s;
}

/**
 * The flat model of a program, or undefined when it is beyond the limits (of `options`, or of
 * the typed arrays), so that {@link flattenDem} reports or handles it.
 */
function flattenProgram(p: Program, options: FlattenOptions): PackedFlatDem | undefined {
  const cache = new Map<number, Summary>();
  const s = summarize(p, 0, p.numIns, cache);
  const numDetectors = s.maxDet + 1;
  if (
    s.errors > (options.maxErrors ?? DEFAULT_MAX_FLAT_ERRORS) ||
    numDetectors > (options.maxDetectors ?? DEFAULT_MAX_FLAT_DETECTORS) ||
    numDetectors > MAX_PACKED ||
    s.comps >= MAX_PACKED ||
    s.dets > MAX_PACKED ||
    s.obs > MAX_PACKED
  )
    return undefined;
  const w = new Writer(p, cache, s, numDetectors);
  w.walk(0, p.numIns);
  return new PackedFlatDem({
    numDetectors,
    numObservables: s.maxObs + 1,
    probability: w.probability,
    compStart: w.compStart,
    detStart: w.detStart,
    dets: w.dets,
    obsStart: w.obsStart,
    obs: w.obs,
    detectorCoords: w.coords,
  });
}

/** Writes the absolute model while walking a program (cursors into exactly-sized arrays). */
class Writer {
  readonly probability: Float64Array;
  readonly compStart: Int32Array;
  readonly detStart: Int32Array;
  readonly dets: Int32Array;
  readonly obsStart: Int32Array;
  readonly obs: Int32Array;
  readonly coords: (readonly number[] | undefined)[];
  private numErrors = 0;
  private numComps = 0;
  private numDets = 0;
  private numObs = 0;
  private offset = 0;
  private readonly coordShift: number[] = [];

  private readonly p: Program;
  private readonly cache: Map<number, Summary>;

  constructor(p: Program, cache: Map<number, Summary>, s: Summary, numDetectors: number) {
    this.p = p;
    this.cache = cache;
    this.probability = new Float64Array(s.errors);
    this.compStart = new Int32Array(s.errors + 1);
    this.detStart = new Int32Array(s.comps + 1);
    this.dets = new Int32Array(s.dets);
    this.obsStart = new Int32Array(s.comps + 1);
    this.obs = new Int32Array(s.obs);
    this.coords = new Array<readonly number[] | undefined>(numDetectors).fill(undefined);
  }

  walk(start: number, end: number): void {
    const p = this.p;
    const ins = p.ins;
    for (let i = start; i < end; i++) {
      const o = INS * i;
      switch (ins[o]) {
        case K_ERROR:
          this.error(ins[o + 1], ins[o + 2], p.val[i]);
          break;
        case K_DETECTOR: {
          const cs = this.coordShift;
          const c = ins[o + 3];
          const abs = new Array<number>(ins[o + 4] - c);
          for (let k = 0; k < abs.length; k++) {
            const x = p.nums[c + k];
            abs[k] = k < cs.length ? x + cs[k] : x;
          }
          for (let k = ins[o + 1]; k < ins[o + 2]; k++) this.coords[this.offset + p.targets[k]] = abs;
          break;
        }
        case K_OBSERVABLE:
          break;
        case K_SHIFT: {
          const cs = this.coordShift;
          for (let k = 0; k < ins[o + 4] - ins[o + 3]; k++) {
            const x = p.nums[ins[o + 3] + k];
            if (k < cs.length) cs[k] += x;
            else cs.push(x);
          }
          this.offset += p.val[i];
          break;
        }
        case K_REPEAT: {
          const bodyEnd = ins[o + 2];
          const b = this.cache.get(i) as Summary;
          const reps = p.val[i];
          // The same closed forms as flattenDem's (flatten.ts), with the same arithmetic.
          const mode = reps === 0 ? -1 : repeatMode(reps, b);
          if (mode === -1) {
            // nothing
          } else if (mode === REPEAT_SHIFT_ONLY) {
            this.offset += reps * b.shift;
            addScaled(this.coordShift, b.coordShift, reps);
          } else if (mode === REPEAT_LAST_ONLY) {
            addScaled(this.coordShift, b.coordShift, reps - 1);
            this.walk(i + 1, bodyEnd);
          } else for (let r = 0; r < reps; r++) this.walk(i + 1, bodyEnd);
          i = bodyEnd - 1;
          break;
        }
      }
    }
  }

  /** One error: targets[a..b) of the program with probability prob. */
  private error(a: number, b: number, prob: number): void {
    const t = this.p.targets;
    const offset = this.offset;
    const dets = this.dets;
    const obs = this.obs;
    this.probability[this.numErrors] = prob;
    this.compStart[this.numErrors] = this.numComps;
    this.numErrors++;
    let nd = this.numDets;
    let no = this.numObs;
    for (let k = a; k < b; k++) {
      const v = t[k];
      if (v >= 0) dets[nd++] = v + offset;
      else if (v !== SEP) obs[no++] = -2 - v;
      else {
        this.numComps++;
        this.detStart[this.numComps] = nd;
        this.obsStart[this.numComps] = no;
      }
    }
    this.numComps++;
    this.detStart[this.numComps] = nd;
    this.obsStart[this.numComps] = no;
    this.compStart[this.numErrors] = this.numComps;
    this.numDets = nd;
    this.numObs = no;
  }
}
