import { ValidationError } from '../base/errors.js';

/** A metadata value parsed from text: a number when it reads as one, else the string. */
function scalar(v: string): string | number {
  const t = v.trim();
  if (t !== '' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  return t;
}

/**
 * Metadata from a circuit file's name, as sinter's `comma_separated_key_values`: the base name
 * without its extension, split at commas into `key=value` pairs (`d=5,p=0.001,noise=si1000.stim`
 * gives `{ d: 5, p: 0.001, noise: 'si1000' }`). Numbers become numbers. Returns `{}` when the name
 * holds no `=`; a part without `=` in a name that has some is an error naming the file.
 */
export function metadataFromFileName(path: string): Record<string, string | number> {
  const base = path.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]+$/, '');
  if (!base.includes('=')) return {};
  const out: Record<string, string | number> = {};
  for (const part of base.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0)
      throw new ValidationError(
        `${path}: file name part '${part}' is not key=value (names like d=5,p=0.001.stim give metadata)`,
        { path },
      );
    out[part.slice(0, eq)] = scalar(part.slice(eq + 1));
  }
  return out;
}

/**
 * Metadata from a comment line of a Stim circuit holding a JSON object: `# {"d": 5, "p": 0.001}`,
 * optionally labelled `# json_metadata: {...}` or `# metadata: {...}`. The first such line wins;
 * a line that starts like one but is not a JSON object is an error naming the line.
 */
export function metadataFromCircuitComment(
  text: string,
  source: string,
): Record<string, unknown> | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*#\s*(?:(?:json_metadata|metadata)\s*[:=]\s*)?(\{.*\})\s*$/.exec(lines[i]);
    if (m === null) continue;
    let v: unknown;
    try {
      v = JSON.parse(m[1]);
    } catch (e) {
      throw new ValidationError(
        `${source}:${i + 1}: metadata comment is not valid JSON: ${(e as Error).message}`,
      );
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new ValidationError(`${source}:${i + 1}: metadata comment must be a JSON object`);
    return v as Record<string, unknown>;
  }
  return undefined;
}

/**
 * The metadata of a circuit file given to `collect --circuits`: its JSON comment when it has one,
 * else the key=value pairs of its file name, else `{ circuit: path }`.
 */
export function circuitFileMetadata(path: string, text: string): Record<string, unknown> {
  const fromComment = metadataFromCircuitComment(text, path);
  if (fromComment !== undefined) return fromComment;
  const fromName = metadataFromFileName(path);
  return Object.keys(fromName).length > 0 ? fromName : { circuit: path };
}
