import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { ValidationError } from '../base/errors.js';
import { decoderNames, registerDecoder, type CustomDecoder } from '../decode/registry.js';
import { UsageError, type OptionSpec } from './command.js';

/** `--custom-decoder MODULE.js ...`: JS modules whose decoders are registered before decoding. */
export const CUSTOM_DECODER_OPTION: OptionSpec = {
  name: 'custom-decoder',
  kind: 'list',
  value: 'MODULE.js',
  paths: true,
  aliases: ['custom-decoders'],
  help: "JavaScript modules exporting `decoders`: an array of {name, compile(dem, options) → {decodeBatch(detectionEvents, predictions)}} objects (or a name → decoder record), registered as decoders under their names, as sinter's custom_decoders",
};

/**
 * Imports each module and registers the decoders it exports as `decoders` (or as its default
 * export): an array of decoder objects or a record from name to decoder. Returns the names.
 * @throws ValidationError naming the module when it cannot be loaded or exports no decoders.
 */
export async function loadCustomDecoders(paths: readonly string[] | undefined): Promise<string[]> {
  const names: string[] = [];
  for (const path of paths ?? []) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
    } catch (e) {
      throw new ValidationError(`--custom-decoder ${path}: cannot load the module: ${(e as Error).message}`);
    }
    const exported = mod.decoders ?? mod.default;
    const list: unknown[] = Array.isArray(exported)
      ? exported
      : typeof exported === 'object' && exported !== null
        ? Object.entries(exported).map(([name, d]) => ({
            ...(d as object),
            name,
            compile: (d as CustomDecoder).compile?.bind(d),
          }))
        : [];
    if (list.length === 0)
      throw new ValidationError(
        `--custom-decoder ${path}: the module exports no \`decoders\` (an array of decoders or a name → decoder record)`,
      );
    for (const d of list) {
      try {
        names.push(registerDecoder(d as CustomDecoder, { replace: true }).name);
      } catch (e) {
        throw new ValidationError(`--custom-decoder ${path}: ${(e as Error).message}`);
      }
    }
  }
  return names;
}

/** Checks decoder names given on the command line (after custom decoders were registered). */
export function checkDecoderNames(flag: string, given: readonly string[]): void {
  const known = decoderNames();
  for (const name of given)
    if (!known.includes(name)) throw new UsageError(`--${flag}: '${name}' is not one of ${known.join(', ')}`);
}
