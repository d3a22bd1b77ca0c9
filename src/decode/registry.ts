/**
 * The decoder registry: one table naming every decoder family with its description, whether it
 * needs a graphlike (decomposed) DEM, and its options. The CLI (`--decoder` choices and help),
 * task specs and the experiment runner derive from it.
 */
import { ValidationError } from '../base/errors.js';
import type { FlatDem } from '../dem/dem.js';
import { BPOSD_DECODER, BPOSD_OPTIONS } from './bposd/bposd-decoder.js';
import { CONCAT_MATCHING_DECODER } from './concat-matching/concat-matching-decoder.js';
import type { CompiledDecoder, Decoder } from './decoder.js';
import { resolveDecoderOptions, type DecoderOptionSpec } from './decoder-support.js';
import { CORRELATED_MATCHING_DECODER } from './correlated/correlated-matching.js';
import { LOOKUP_DECODER, LOOKUP_OPTIONS } from './lookup/lookup-decoder.js';
import { MATCHING_DECODER } from './matching/matching-decoder.js';
import { SPARSE_BLOSSOM_DECODER } from './matching/sparse-blossom-decoder.js';
import { UNION_FIND_DECODER, UNION_FIND_OPTIONS } from './union-find/union-find-decoder.js';

export type { DecoderOptionSpec } from './decoder-support.js';

/** One row of {@link DECODERS}. */
export interface DecoderInfo {
  /** The name used by the CLI and task specs (equal to `decoder.name`). */
  readonly name: string;
  /** One line: the algorithm, what it is exact or approximate for, and its cost. */
  readonly description: string;
  /**
   * True when the decoder needs every error component to flip at most two detectors: give it
   * a decomposed DEM (`analyzeErrors(circuit, { decomposeErrors: true })`); hyperedges make its
   * `compile` throw UnsupportedError.
   */
  readonly graphlikeOnly: boolean;
  /** Accepted options (name, kind, default, range, description); others are rejected. */
  readonly options: readonly DecoderOptionSpec[];
  readonly decoder: Decoder;
}

/** Every decoder family, in the order the CLI lists them (the default, `mwpm`, first). */
export const DECODERS: readonly DecoderInfo[] = Object.freeze([
  {
    name: SPARSE_BLOSSOM_DECODER.name,
    description:
      'exact minimum-weight perfect matching (integer weights log((1-p)/p)) by sparse blossom (Higgott & Gidney 2023): regions flood the detector graph on a timeline of events, blossoms and alternating trees without a dense graph; graphlike DEMs',
    graphlikeOnly: true,
    options: [],
    decoder: SPARSE_BLOSSOM_DECODER,
  },
  {
    name: MATCHING_DECODER.name,
    description:
      'exact minimum-weight perfect matching by certified local matching (bounded Dijkstra balls, exact cluster matching, LP-dual certificate); an independent cross-check of mwpm, slower at high defect density; graphlike DEMs',
    graphlikeOnly: true,
    options: [],
    decoder: MATCHING_DECODER,
  },
  {
    name: CORRELATED_MATCHING_DECODER.name,
    description:
      "two-pass correlated matching (Fowler 2013, arXiv:1310.0863; the rule of PyMatching 2.x enable_correlations): exact MWPM, then the edges that fire with the used ones in a decomposed fault (a Y error's X and Z parts) get their conditional weights and MWPM runs again; decomposed DEMs",
    graphlikeOnly: true,
    options: [],
    decoder: CORRELATED_MATCHING_DECODER,
  },
  {
    name: UNION_FIND_DECODER.name,
    description:
      'weighted union-find (Delfosse & Nickerson 2021) with peeling; almost-linear time, approximates matching; graphlike DEMs',
    graphlikeOnly: true,
    options: UNION_FIND_OPTIONS,
    decoder: UNION_FIND_DECODER,
  },
  {
    name: BPOSD_DECODER.name,
    description:
      'min-sum belief propagation with ordered-statistics post-processing (OSD-0 / OSD-CS) on the full check matrix; any DEM, hyperedges included',
    graphlikeOnly: false,
    options: BPOSD_OPTIONS,
    decoder: BPOSD_DECODER,
  },
  {
    name: CONCAT_MATCHING_DECODER.name,
    description:
      "colour codes: concatenated MWPM (Lee, Li & Bartlett 2024, arXiv:2404.07482): per colour, sparse blossom on the two other colours, then on that colour plus the first matching's edges; the lightest of the three solutions, an error set that explains the syndrome; detectors annotated with basis and colour (4th coordinate, as Chromobius)",
    graphlikeOnly: false,
    options: [],
    decoder: CONCAT_MATCHING_DECODER,
  },
  {
    name: LOOKUP_DECODER.name,
    description:
      'exact maximum-likelihood decoding by a dynamic program over all error combinations; small DEMs only (detectors + observables <= 22)',
    graphlikeOnly: false,
    options: LOOKUP_OPTIONS,
    decoder: LOOKUP_DECODER,
  },
]);

/** A decoder family to register, with the registry facts a built-in row has (all optional). */
export interface CustomDecoder extends Decoder {
  /** One line for help and listings. Default: "custom decoder". */
  readonly description?: string;
  /** True when it needs a decomposed (graphlike) DEM. Default false: it gets the undecomposed DEM. */
  readonly graphlikeOnly?: boolean;
  /** Accepted options; default none (any option is then rejected). */
  readonly options?: readonly DecoderOptionSpec[];
}

/** Decoders added by {@link registerDecoder}, by name (this JavaScript realm only). */
const CUSTOM = new Map<string, DecoderInfo>();

/**
 * Registers a decoder family under its `name`, as sinter's `custom_decoders`: afterwards
 * {@link compileDecoder}, task specs, studies and the CLI accept the name like a built-in one. The
 * registry is per JavaScript realm: each worker thread registers its own (the CLI's
 * `--custom-decoder MODULE.js` does this for `qec decode` and `qec collect`). Keeps `decoder`.
 * @throws ValidationError for a name that is not [A-Za-z0-9_.-]+, a built-in name, a name already
 *   registered (unless `replace`), or a missing `compile` function.
 */
export function registerDecoder(decoder: CustomDecoder, opts: { replace?: boolean } = {}): DecoderInfo {
  const name = (decoder as { name?: unknown }).name;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name))
    throw new ValidationError(
      `a custom decoder needs a name of letters, digits, '_', '.' or '-', got ${JSON.stringify(name)}`,
    );
  if (typeof (decoder as { compile?: unknown }).compile !== 'function')
    throw new ValidationError(`custom decoder '${name}' has no compile(dem, options) function`);
  if (DECODERS.some((d) => d.name === name))
    throw new ValidationError(`'${name}' is a built-in decoder; give the custom decoder another name`);
  if (CUSTOM.has(name) && opts.replace !== true)
    throw new ValidationError(`a decoder named '${name}' is already registered`);
  const info: DecoderInfo = {
    name,
    description: decoder.description ?? 'custom decoder',
    graphlikeOnly: decoder.graphlikeOnly === true,
    options: decoder.options ?? [],
    decoder,
  };
  CUSTOM.set(name, info);
  return info;
}

/** Removes a custom decoder; true when it was registered. Built-in decoders cannot be removed. */
export function unregisterDecoder(name: string): boolean {
  return CUSTOM.delete(name);
}

/** Names of every decoder: the built-in ones in table order, then the registered ones. */
export function decoderNames(): string[] {
  return [...DECODERS.map((d) => d.name), ...CUSTOM.keys()];
}

/** The registry row of decoder `name` (built-in or registered). @throws ValidationError listing the valid names. */
export function getDecoderInfo(name: string): DecoderInfo {
  const info = DECODERS.find((d) => d.name === name) ?? CUSTOM.get(name);
  if (info === undefined)
    throw new ValidationError(`unknown decoder '${name}'; valid decoders: ${decoderNames().join(', ')}`, {
      decoder: name,
      valid: decoderNames(),
    });
  return info;
}

/** The decoder family named `name`. @throws ValidationError listing the valid names. */
export function getDecoder(name: string): Decoder {
  return getDecoderInfo(name).decoder;
}

/**
 * Compiles decoder `name` for a flat DEM. Options are validated against the decoder's table
 * first (unknown names, types and ranges), then passed to its `compile`.
 * @throws ValidationError (unknown decoder or option, invalid DEM); UnsupportedError (e.g. a
 * hyperedge for a graphlike-only decoder); LimitError (a DEM too large for `lookup`).
 */
export function compileDecoder(
  dem: FlatDem,
  name: string,
  options?: Readonly<Record<string, unknown>>,
): CompiledDecoder {
  const info = getDecoderInfo(name);
  resolveDecoderOptions(info.name, info.options, options);
  return info.decoder.compile(dem, options === undefined ? undefined : { ...options });
}
