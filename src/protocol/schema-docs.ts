/**
 * Reference pages generated from the protocol's JSON Schemas (zod → JSON Schema, see
 * `json-schema.ts`) and the decoder registry's option tables, so the study-file and task-spec
 * documentation cannot drift from what the validators accept (`npm run docs` writes them; a test
 * fails when the committed pages differ).
 */
import { DECODERS } from '../decode/registry.js';
import { protocolJsonSchemas } from './json-schema.js';

/** A JSON Schema node as zod emits it (the parts the pages read). */
interface Node {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly Node[];
  readonly items?: Node;
  readonly properties?: Readonly<Record<string, Node>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: Node | boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minItems?: number;
  readonly minLength?: number;
  readonly pattern?: string;
  readonly $ref?: string;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n+/g, ' ');

/** Bounds worth printing: the safe-integer limits zod adds to every `int()` say nothing. */
function bounds(n: Node): string {
  const parts: string[] = [];
  if (n.minimum !== undefined && n.minimum > Number.MIN_SAFE_INTEGER) parts.push(`≥ ${n.minimum}`);
  if (n.exclusiveMinimum !== undefined) parts.push(`> ${n.exclusiveMinimum}`);
  if (n.maximum !== undefined && n.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${n.maximum}`);
  return parts.length > 0 ? ` ${parts.join(', ')}` : '';
}

/** A one-line type of a schema node: `integer ≥ 1`, `"a" \| "b"`, `array of …`, `object of number`. */
export function typeText(n: Node): string {
  if (n.$ref !== undefined) return 'any JSON value';
  if (n.enum !== undefined) return n.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ');
  if (n.anyOf !== undefined) return n.anyOf.map(typeText).join(' or ');
  const t = Array.isArray(n.type) ? n.type.join(' or ') : (n.type as string | undefined);
  switch (t) {
    case 'array':
      return `array${n.minItems !== undefined && n.minItems > 0 ? ` (≥ ${n.minItems} items)` : ''} of ${n.items === undefined ? 'values' : n.items.properties !== undefined ? 'objects (below)' : typeText(n.items)}`;
    case 'object':
      if (n.properties !== undefined) return 'object (below)';
      return typeof n.additionalProperties === 'object'
        ? `object of ${typeText(n.additionalProperties)}`
        : 'object';
    case 'string':
      return `string${n.pattern !== undefined ? ` matching \`${n.pattern}\`` : ''}${n.minLength !== undefined && n.minLength > 0 ? ' (non-empty)' : ''}`;
    case undefined:
      return 'any JSON value';
    default:
      return `${t}${bounds(n)}`;
  }
}

/** The object schema inside a node (itself, an array's items, or the object branch of anyOf). */
function objectOf(n: Node): Node | undefined {
  if (n.properties !== undefined) return n;
  if (n.items?.properties !== undefined) return n.items;
  return undefined;
}

/**
 * Markdown sections of an object schema: a table of its fields (name, type, required,
 * description), then one section per field that holds objects, titled by its JSON path.
 */
export function objectSections(path: string, n: Node, level = 3): string[] {
  const req = new Set(n.required ?? []);
  const props = Object.entries(n.properties ?? {});
  const out = [
    `${'#'.repeat(level)} \`${path}\``,
    '',
    ...(n.description !== undefined ? [n.description, ''] : []),
    n.additionalProperties === false ? 'Other keys are refused (with their JSON path).' : '',
    '',
    '| field | type | required | description |',
    '| --- | --- | --- | --- |',
    ...props.map(
      ([k, v]) =>
        `| \`${k}\` | ${cell(typeText(v))} | ${req.has(k) ? 'yes' : 'no'} | ${cell(v.description ?? '')} |`,
    ),
    '',
  ];
  for (const [k, v] of props) {
    const inner = objectOf(v);
    if (inner !== undefined)
      out.push(...objectSections(`${path}.${k}${v.items !== undefined ? '[]' : ''}`, inner, level + 1));
  }
  return out;
}

/** The decoder options of every built-in decoder, from the registry's option tables. */
export function decoderOptionsSections(): string[] {
  const out: string[] = ['## Decoder options', ''];
  out.push(
    'Given as `decoderOptions` in a task or study entry (or `qec collect/decode --decoder-options JSON`); unknown names, wrong types and values out of range are refused.',
    '',
  );
  for (const d of DECODERS) {
    out.push(`### \`${d.name}\``, '');
    if (d.options.length === 0) {
      out.push('No options.', '');
      continue;
    }
    out.push('| option | kind | default | range | description |', '| --- | --- | --- | --- | --- |');
    for (const o of d.options) {
      const range =
        o.choices !== undefined
          ? o.choices.map((c) => `\`${c}\``).join(', ')
          : [
              o.min !== undefined ? `${o.minExclusive === true ? '>' : '≥'} ${o.min}` : '',
              o.max !== undefined ? `≤ ${o.max}` : '',
            ]
              .filter((s) => s !== '')
              .join(', ');
      out.push(
        `| \`${o.name}\` | ${o.kind} | \`${JSON.stringify(o.default)}\` | ${cell(range)} | ${cell(o.description)} |`,
      );
    }
    out.push('');
  }
  return out;
}

/** The Markdown page `docs/study-and-task-spec.md`: study file, task spec, decoder options. */
export function specReferenceMarkdown(): string {
  const s = protocolJsonSchemas();
  return [
    '# Study files and task specs',
    '',
    'Generated from the zod schemas in `src/protocol/` (through their JSON Schemas, also served at',
    '`/api/v1/openapi.json`) and the decoder registry. A study file is what `qec collect --tasks`,',
    '`qec submit` and `POST /api/v1/studies` take; a task spec is the unit of work it expands into.',
    '',
    '## Study file',
    '',
    ...objectSections('study', s.StudySpec),
    '## Task spec',
    '',
    ...objectSections('task', s.TaskSpec),
    ...decoderOptionsSections(),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
