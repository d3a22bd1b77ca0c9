/**
 * Printer of Stim's detector error model language in Stim's canonical form (what
 * `stim analyze_errors` writes): one instruction per line as `name[tag](a, b) t1 t2`, `repeat n {`
 * blocks with bodies indented by 4 spaces per level and a closing `}`, every line ended by '\n'.
 *
 * Numbers are written as Stim writes them: C++ `ostream << double` with precision
 * `numeric_limits<long double>::digits10 + 1` = 19 significant digits in `%g` style (trailing zeros
 * dropped; exponent form `6.669779853440971351e-05` when the decimal exponent is below -4 or at
 * least 19). That is not the shortest round-trip form (0.1 prints as 0.1000000000000000056) but it
 * is what makes `printDem(parseDem(f)) === f` for files Stim wrote. `{ numbers: 'shortest' }`
 * prints the shortest text that round-trips instead.
 */
import { escapeTag, formatNumber } from '../circuit/printer.js';
import type { DemItem, DetectorErrorModel } from './dem.js';

/** Indentation of one repeat nesting level. */
const INDENT = '    ';
/** Stim prints DEM numbers with std::numeric_limits<long double>::digits10 + 1 significant digits. */
const STIM_DEM_PRECISION = 19;

/** Options of {@link printDem}. */
export interface PrintDemOptions {
  /**
   * `'stim'` (default): 19 significant digits exactly as Stim prints them. `'shortest'`: the
   * shortest decimal that parses back to the same double (`0.1`).
   */
  readonly numbers?: 'stim' | 'shortest';
}

/**
 * Formats a double like C's `printf("%.{precision}g")` with correct rounding of the exact binary
 * value (ties to even, as glibc does): `precision` significant digits, trailing zeros removed,
 * exponent form with at least two exponent digits when the decimal exponent is < -4 or ≥ precision.
 * `-0` prints `-0`; non-finite values print `nan`, `inf`, `-inf`. Pure; O(precision).
 */
export function formatDoubleG(x: number, precision = STIM_DEM_PRECISION): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  const p = Math.max(1, Math.min(precision, 99));
  // JavaScript rounds exact ties away from zero; C rounds them to even. A tie needs the exact value
  // to end with a 5 at digit p + 1, which toExponential(p) shows; confirm with 100 digits.
  let e = a.toExponential(p - 1);
  const longer = a.toExponential(p);
  const k = longer.indexOf('e');
  if (longer.charCodeAt(k - 1) === 53 /* '5' */) {
    const full = a.toExponential(99);
    const fk = full.indexOf('e');
    // Digits after the (p+1)-th significant digit (index p+2 counts "d." in front).
    if (/^0*$/.test(full.slice(p + 2, fk))) {
      const lastKept = longer.charCodeAt(p === 1 ? 0 : p) - 48;
      if (lastKept % 2 === 0) {
        // Round half to even: keep the truncated digits (which are even) instead of rounding up.
        e = longer.slice(0, k - 1) + longer.slice(k);
        if (p === 1) e = e.replace('.', '');
      }
    }
  }
  const ei = e.indexOf('e');
  const exp = Number(e.slice(ei + 1));
  let digits = e.slice(0, ei).replace('.', '');
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  if (exp < -4 || exp >= p) {
    const ax = Math.abs(exp);
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${ax < 10 ? '0' : ''}${ax}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

function argList(args: readonly number[], fmt: (x: number) => string): string {
  if (args.length === 0) return '';
  let s = '(';
  for (let i = 0; i < args.length; i++) s += (i > 0 ? ', ' : '') + fmt(args[i]);
  return s + ')';
}

const tagText = (tag: string): string => (tag === '' ? '' : `[${escapeTag(tag)}]`);

/** Stim's text of one non-repeat item (no indentation, no newline): `error[t](0.1) D0 L1 ^ D2`. */
export function printDemItem(
  item: Exclude<DemItem, { kind: 'repeat' }>,
  options: PrintDemOptions = {},
): string {
  const fmt = options.numbers === 'shortest' ? formatNumber : formatDoubleG;
  switch (item.kind) {
    case 'error': {
      let s = `error${tagText(item.tag)}(${fmt(item.probability)})`;
      const comps = item.components;
      for (let c = 0; c < comps.length; c++) {
        if (c > 0) s += ' ^';
        const d = comps[c].detectors;
        const o = comps[c].observables;
        for (let i = 0; i < d.length; i++) s += ` D${d[i]}`;
        for (let i = 0; i < o.length; i++) s += ` L${o[i]}`;
      }
      return s;
    }
    case 'detector': {
      let s = `detector${tagText(item.tag)}${argList(item.coords, fmt)}`;
      for (const d of item.detectors) s += ` D${d}`;
      return s;
    }
    case 'logical_observable': {
      let s = `logical_observable${tagText(item.tag)}`;
      for (const o of item.observables) s += ` L${o}`;
      return s;
    }
    case 'shift_detectors':
      return `shift_detectors${tagText(item.tag)}${argList(item.coords, fmt)} ${item.shift}`;
  }
}

function printInto(dem: DetectorErrorModel, indent: string, out: string[], options: PrintDemOptions): void {
  for (const item of dem.items) {
    if (item.kind === 'repeat') {
      out.push(`${indent}repeat${tagText(item.tag)} ${item.repetitions} {`);
      printInto(item.body, indent + INDENT, out, options);
      out.push(`${indent}}`);
    } else {
      out.push(indent + printDemItem(item, options));
    }
  }
}

/**
 * Prints a detector error model in Stim's canonical text (see the module comment): each line ends
 * with '\n'; an empty model prints as ''. Within an error, each component lists its detectors then
 * its observables (Stim's order); components are joined by ` ^`. Pure; O(output length).
 * `parseDem(printDem(m))` rebuilds `m` (up to that ordering) with exactly equal numbers.
 */
export function printDem(dem: DetectorErrorModel, options: PrintDemOptions = {}): string {
  const out: string[] = [];
  printInto(dem, '', out, options);
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
