import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DECODERS } from '../decode/registry.js';
import { protocolJsonSchemas } from './json-schema.js';
import { objectSections, specReferenceMarkdown, typeText } from './schema-docs.js';

type Node = { properties?: Record<string, Node>; items?: Node; description?: string };

/** Every (path, field, description) of an object schema, through nested objects and arrays of objects. */
function fields(path: string, n: Node): [string, string, string | undefined][] {
  const out: [string, string, string | undefined][] = [];
  for (const [k, v] of Object.entries(n.properties ?? {})) {
    out.push([path, k, v.description]);
    const inner = v.properties !== undefined ? v : v.items?.properties !== undefined ? v.items : undefined;
    if (inner !== undefined) out.push(...fields(`${path}.${k}${v.items !== undefined ? '[]' : ''}`, inner));
  }
  return out;
}

describe('docs generated from the protocol schemas', () => {
  const page = specReferenceMarkdown();
  const schemas = protocolJsonSchemas();

  it('docs/study-and-task-spec.md is the generated page (run `npm run docs` after changing a schema)', () => {
    const onDisk = readFileSync(new URL('../../docs/study-and-task-spec.md', import.meta.url), 'utf8');
    assert.ok(onDisk.endsWith(page), 'docs/study-and-task-spec.md is stale: run npm run docs');
  });

  it('every field of the study file and the task spec has a row with its description, under its JSON path', () => {
    const all = [...fields('study', schemas.StudySpec), ...fields('task', schemas.TaskSpec)];
    assert.ok(all.length >= 30, `${all.length} fields`);
    for (const [path, k, desc] of all) {
      assert.ok(desc !== undefined && desc.length > 10, `${path}.${k} has no description in its schema`);
      const section = page.split(`# \`${path}\`\n`)[1]?.split('\n#')[0] ?? '';
      assert.ok(section.includes(`| \`${k}\` |`), `no row for ${path}.${k}`);
      assert.ok(section.includes(desc.replace(/\|/g, '\\|')), `row of ${path}.${k} lacks its description`);
    }
  });

  it('every option of every built-in decoder is listed with its default', () => {
    for (const d of DECODERS)
      for (const o of d.options)
        assert.ok(
          page.includes(`| \`${o.name}\` | ${o.kind} | \`${JSON.stringify(o.default)}\``),
          `${d.name}.${o.name}`,
        );
  });

  it('types read as the schema says (bounds, enums, unions, arrays), and a changed schema changes the page', () => {
    const s = z.toJSONSchema(
      z.strictObject({
        n: z.int().min(2).max(9).describe('a count'),
        kind: z.enum(['a', 'b']).optional().describe('which'),
        xs: z.array(z.number()).min(1).describe('values'),
        r: z.union([z.int().min(1), z.string().regex(/^d$/)]).describe('rounds'),
      }),
    ) as Parameters<typeof typeText>[0];
    const rows = objectSections('x', s).join('\n');
    assert.match(rows, /\| `n` \| integer ≥ 2, ≤ 9 \| yes \| a count \|/);
    assert.match(rows, /\| `kind` \| `"a"`, `"b"` \| no \| which \|/);
    assert.match(rows, /\| `xs` \| array \(≥ 1 items\) of number \| yes \| values \|/);
    assert.match(rows, /\| `r` \| integer ≥ 1 or string matching `\^d\$` \| yes \| rounds \|/);
    const changed = z.toJSONSchema(
      z.strictObject({ n: z.int().min(3).max(9).describe('a count') }),
    ) as Parameters<typeof typeText>[0];
    assert.match(objectSections('x', changed).join('\n'), /integer ≥ 3, ≤ 9/);
  });
});
