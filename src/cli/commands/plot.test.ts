import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Resvg } from '@resvg/resvg-js';
import { MemoryIO } from '../io.js';
import { main } from '../main.js';

const HEADER = 'shots,errors,discards,seconds,decoder,strong_id,json_metadata,custom_counts';
/** Two decoders × d = 3, 5 × p = 0.002, 0.01; errors differ per row, discards = d per 1000 shots. */
const CSV = [
  HEADER,
  ...['mwpm', 'uf'].flatMap((dec, j) =>
    [3, 5].flatMap((d) =>
      [0.002, 0.01].map(
        (p) =>
          `10000,${Math.round(p * 1000 * d * 10) + j},${d * 10},1.0,${dec},${dec}${d}${p},"{""code"":""surface"",""noise"":""si1000"",""d"":${d},""p"":${p}}",`,
      ),
    ),
  ),
].join('\n');

async function plot(args: string[]): Promise<{ io: MemoryIO; svg: (name: string) => string }> {
  const io = new MemoryIO({ 'r.csv': CSV + '\n' });
  const code = await main(['plot', '--in', 'r.csv', ...args], io);
  assert.equal(code, 0, io.err);
  return { io, svg: (name) => io.text(name) };
}

/** The values of `attr` on the elements inside `<g class="... CLASS ...">` groups, in document order. */
function attrsIn(svg: string, cls: string, attr: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<g class="[^"]*\\b${cls}\\b[^"]*"[^>]*>([\\s\\S]*?)</g>`, 'g');
  for (const m of svg.matchAll(re))
    for (const a of m[1].matchAll(new RegExp(`\\s${attr}="([^"]*)"`, 'g'))) out.push(a[1]);
  return out;
}
/** The text of every `<text>` inside `<g class="... CLASS ...">` groups, in document order. */
function texts(svg: string, cls: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<g class="[^"]*\\b${cls}\\b[^"]*"[^>]*>([\\s\\S]*?)</g>`, 'g');
  for (const m of svg.matchAll(re))
    for (const t of m[1].matchAll(/<text[^>]*>([^<]*)<\/text>/g)) out.push(t[1]);
  return out;
}

describe('qec plot (SVG)', () => {
  it('--group decoder,d: one legend swatch per series, in the colour of its line (not the band)', async () => {
    const { svg } = await plot(['--group', 'decoder,d', '--out', 'g.svg']);
    const s = svg('g.svg');
    assert.doesNotThrow(() => new Resvg(s), 'the SVG parses');
    assert.deepEqual(texts(s, 'role-legend-label'), ['mwpm d=3', 'mwpm d=5', 'uf d=3', 'uf d=5']);
    const swatches = attrsIn(s, 'role-legend-symbol', 'fill');
    const lines = attrsIn(s, 'mark-line', 'stroke');
    assert.equal(swatches.length, 4);
    assert.equal(new Set(swatches).size, 4, 'four distinct colours');
    assert.deepEqual(swatches, lines, 'each swatch has its line colour');
    assert.ok(/opacity="0\.15"/.test(s), 'bands are drawn, pale');
  });

  it('default (group d): one file per decoder, -1/-2 suffixes, legends d=3, d=5', async () => {
    const { io, svg } = await plot(['--out', 'p.svg']);
    assert.deepEqual([...io.files.keys()].filter((k) => k.endsWith('.svg')).sort(), ['p-1.svg', 'p-2.svg']);
    assert.deepEqual(texts(svg('p-1.svg'), 'role-legend-label'), ['d=3', 'd=5']);
    assert.match(io.err, /wrote p-1\.svg \(code=surface decoder=mwpm noise=si1000\)/);
  });

  it('--title, --ymin/--ymax (ticks stay inside), --x d, --type discard change the drawing', async () => {
    const { svg } = await plot([
      '--group',
      'decoder',
      'd',
      '--title',
      'My title',
      '--ymin',
      '1e-5',
      '--ymax',
      '0.5',
      '--out',
      't.svg',
    ]);
    const s = svg('t.svg');
    assert.ok(texts(s, 'role-title-text').includes('My title'));
    const ticks = texts(s, 'role-axis-label').map(Number);
    assert.ok(
      ticks.some((v) => Math.abs(v - 1e-5) < 1e-12),
      `a tick at 1e-5 (the data reach 4e-4): ${ticks.join(' ')}`,
    );
    assert.ok(
      ticks.some((v) => v >= 0.1) && ticks.every((v) => v <= 0.5),
      `ticks up to 0.5 (the data reach 0.05): ${ticks.join(' ')}`,
    );
    const { svg: svgX } = await plot(['--x', 'd', '--group', 'p', '--out', 'x.svg']);
    assert.ok(texts(svgX('x-1.svg'), 'role-axis-title').includes('d'));
    assert.deepEqual(texts(svgX('x-1.svg'), 'role-legend-label'), ['p=0.002', 'p=0.01']);
    const { svg: svgD } = await plot(['--type', 'discard', '--group', 'decoder,d', '--out', 'd.svg']);
    assert.ok(texts(svgD('d.svg'), 'role-axis-title').includes('discard rate per shot'));
  });

  it('bad ranges and unknown keys: one line, usage or input exit code, nothing written', async () => {
    for (const [args, code, re] of [
      [['--ymin', '0'], 2, /--ymin must be above 0/],
      [['--ymin', '0.1', '--ymax', '0.01'], 2, /--ymin 0\.1 must be below --ymax 0\.01/],
      [['--x', 'eta'], 1, /no results with a numeric metadata value 'eta'/],
    ] as const) {
      const io = new MemoryIO({ 'r.csv': CSV + '\n' });
      assert.equal(await main(['plot', '--in', 'r.csv', ...args, '--out', 'e.svg'], io), code, io.err);
      assert.match(io.err, re);
      assert.equal(io.err.trim().split('\n').length, 1);
      assert.ok(!io.files.has('e.svg'));
    }
  });
});
