// Assembles src/wasm/frame-kernels.wat into src/wasm/frame-kernels-bytes.ts (base64 of the module),
// and src/wasm/bp-kernels.wat into src/wasm/bp-kernels-bytes.ts,
// with wabt's wat2wasm (an npm package: pure JavaScript/WebAssembly, no network). The .wat is
// hand-written; its `;; @expand` lines stand for repetitive code written out here: the loop
// around each Clifford kernel's body and the fully unrolled 32×32 block transpose.
// Usage: node scripts/build-wasm.mjs [--check]   (--check: exit 1 when the committed bytes are stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import initWabt from 'wabt';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const WAT = join(root, 'src/wasm/frame-kernels.wat');
const OUT = join(root, 'src/wasm/frame-kernels-bytes.ts');
const BP_WAT = join(root, 'src/wasm/bp-kernels.wat');
const BP_OUT = join(root, 'src/wasm/bp-kernels-bytes.ts');

const get = (v) => `(local.get $${v})`;
const add = (a, b) => `(i32.add ${a} ${b})`;

/** A kernel looping over target qubits (`pair` = 2 per step) and over the bytes of their rows. */
function perTarget(name, pair, body) {
  const rows = pair ? ['ax', 'az', 'bx', 'bz'] : ['ax', 'az'];
  const step = pair ? 8 : 4;
  return `  (func (export "${name}") (param $tp i32) (param $nt i32) (param $xb i32) (param $zb i32) (param $rowB i32) (param $n i32)
    (local $end i32) (local $stop i32) (local $a v128) ${rows.map((r) => `(local $${r} i32)`).join(' ')}
    (local.set $end ${add(get('tp'), `(i32.shl ${get('nt')} (i32.const 2))`)})
    (block $done
      (loop $next
        (br_if $done (i32.ge_u ${get('tp')} ${get('end')}))
        (local.set $ax ${add(get('xb'), `(i32.mul (i32.load ${get('tp')}) ${get('rowB')})`)})
        (local.set $az ${add(get('zb'), `(i32.mul (i32.load ${get('tp')}) ${get('rowB')})`)})
${
  pair
    ? `        (local.set $bx ${add(get('xb'), `(i32.mul (i32.load offset=4 ${get('tp')}) ${get('rowB')})`)})
        (local.set $bz ${add(get('zb'), `(i32.mul (i32.load offset=4 ${get('tp')}) ${get('rowB')})`)})
`
    : ''
}        (local.set $stop ${add(get('ax'), get('n'))})
        (block $rowDone
          (loop $row
            (br_if $rowDone (i32.ge_u ${get('ax')} ${get('stop')}))
            ${body}
${rows.map((r) => `            (local.set $${r} ${add(get(r), '(i32.const 16)')})`).join('\n')}
            (br $row)))
        (local.set $tp ${add(get('tp'), `(i32.const ${step})`)})
        (br $next))))`;
}

/**
 * transpose(src, srcRowB, rowBlocks, groups, dst, dstRowB, xorp): for every row block rb (32
 * source rows) and every group g of four 32-bit source columns words (four 32×32 blocks side by
 * side, one per SIMD lane), transposes the blocks (Hacker's Delight §7-3, five rounds of masked
 * swaps, lane-wise) and writes word j of lane k's block XOR the word at xorp + 4·rb to destination
 * row 128·g + 32·k + j, word rb. Groups are walked in tiles of four (512 destination rows) so the
 * destination rows stay in cache across row blocks.
 */
function transpose() {
  const a = (i) => `$a${i}`;
  const locals = Array.from({ length: 32 }, (_, i) => `(local ${a(i)} v128)`).join(' ');
  const loads = [];
  for (let i = 0; i < 32; i++) {
    loads.push(`(local.set ${a(i)} (v128.load ${get('s')}))`);
    if (i < 31) loads.push(`(local.set $s ${add(get('s'), get('srcRowB'))})`);
  }
  const rounds = [];
  let m = 0x0000ffff;
  for (let j = 16; j !== 0;) {
    for (let k = 0; k < 32; k = (k + j + 1) & ~j) {
      rounds.push(
        `(local.set $t (v128.and (v128.xor (i32x4.shr_u (local.get ${a(k)}) (i32.const ${j})) (local.get ${a(k + j)})) (v128.const i32x4 ${m} ${m} ${m} ${m})))`,
        `(local.set ${a(k + j)} (v128.xor (local.get ${a(k + j)}) (local.get $t)))`,
        `(local.set ${a(k)} (v128.xor (local.get ${a(k)}) (i32x4.shl (local.get $t) (i32.const ${j}))))`,
      );
    }
    j >>>= 1;
    m = (m ^ (m << j)) >>> 0;
  }
  const stores = [];
  for (let j = 0; j < 32; j++) {
    stores.push(`(local.set $t (v128.xor (local.get ${a(j)}) ${get('xv')}))`);
    for (let k = 0; k < 4; k++) {
      stores.push(`(v128.store32_lane ${k} ${get(`d${k}`)} ${get('t')})`);
      if (j < 31) stores.push(`(local.set $d${k} ${add(get(`d${k}`), get('dstRowB'))})`);
    }
  }
  const ind = '            ';
  return `  (func (export "transpose") (param $src i32) (param $srcRowB i32) (param $rowBlocks i32) (param $groups i32)
    (param $dst i32) (param $dstRowB i32) (param $xorp i32)
    (local $g0 i32) (local $gEnd i32) (local $g i32) (local $rb i32) (local $s i32)
    (local $d0 i32) (local $d1 i32) (local $d2 i32) (local $d3 i32) (local $xv v128) (local $t v128)
    ${locals}
    (block $tilesDone
      (loop $tile
        (br_if $tilesDone (i32.ge_u ${get('g0')} ${get('groups')}))
        (local.set $gEnd (select ${add(get('g0'), '(i32.const 4)')} ${get('groups')} (i32.lt_u ${add(get('g0'), '(i32.const 4)')} ${get('groups')})))
        (local.set $rb (i32.const 0))
        (block $blocksDone
          (loop $block
            (br_if $blocksDone (i32.ge_u ${get('rb')} ${get('rowBlocks')}))
            (local.set $xv (i32x4.splat (i32.load ${add(get('xorp'), `(i32.shl ${get('rb')} (i32.const 2))`)})))
            (local.set $g ${get('g0')})
            (block $groupsDone
              (loop $group
                (br_if $groupsDone (i32.ge_u ${get('g')} ${get('gEnd')}))
${ind}(local.set $s ${add(get('src'), add(`(i32.mul (i32.shl ${get('rb')} (i32.const 5)) ${get('srcRowB')})`, `(i32.shl ${get('g')} (i32.const 4))`))})
${ind}${loads.join(`\n${ind}`)}
${ind}${rounds.join(`\n${ind}`)}
${ind}(local.set $d0 ${add(get('dst'), add(`(i32.mul (i32.shl ${get('g')} (i32.const 7)) ${get('dstRowB')})`, `(i32.shl ${get('rb')} (i32.const 2))`))})
${ind}(local.set $d1 ${add(get('d0'), `(i32.shl ${get('dstRowB')} (i32.const 5))`)})
${ind}(local.set $d2 ${add(get('d1'), `(i32.shl ${get('dstRowB')} (i32.const 5))`)})
${ind}(local.set $d3 ${add(get('d2'), `(i32.shl ${get('dstRowB')} (i32.const 5))`)})
${ind}${stores.join(`\n${ind}`)}
                (local.set $g ${add(get('g'), '(i32.const 1)')})
                (br $group)))
            (local.set $rb ${add(get('rb'), '(i32.const 1)')})
            (br $block)))
        (local.set $g0 ${add(get('g0'), '(i32.const 4)')})
        (br $tile))))`;
}

/** One xoshiro128** output into local `$${dst}`, advancing the state in locals $s0..$s3 (as WordRng.nextWord). */
function rngWord(dst) {
  return [
    `(local.set $${dst} (i32.mul (i32.rotl (i32.mul ${get('s1')} (i32.const 5)) (i32.const 7)) (i32.const 9)))`,
    `(local.set $t (i32.shl ${get('s1')} (i32.const 9)))`,
    `(local.set $s2 (i32.xor ${get('s2')} ${get('s0')}))`,
    `(local.set $s3 (i32.xor ${get('s3')} ${get('s1')}))`,
    `(local.set $s1 (i32.xor ${get('s1')} ${get('s2')}))`,
    `(local.set $s0 (i32.xor ${get('s0')} ${get('s3')}))`,
    `(local.set $s2 (i32.xor ${get('s2')} ${get('t')}))`,
    `(local.set $s3 (i32.rotl ${get('s3')} (i32.const 11)))`,
  ].join(' ');
}

/**
 * A uniform double with 53 random bits into local $u, from two words a, b: (a >>> 5) · 2^26 +
 * (b >>> 6), plus 1 when `nonZero` (then u ∈ (0, 1], else [0, 1)), times 2^-53 — the operations of
 * WordRng.nextUnitNonZero / nextUnit in their order.
 */
function unitDraw(nonZero) {
  let sum = `(f64.add (f64.mul (f64.convert_i32_u (i32.shr_u ${get('ra')} (i32.const 5))) (f64.const 67108864)) (f64.convert_i32_u (i32.shr_u ${get('rb')} (i32.const 6))))`;
  if (nonZero) sum = `(f64.add ${sum} (f64.const 1))`;
  return `${rngWord('ra')} ${rngWord('rb')} (local.set $u (f64.mul ${sum} (f64.const 0x1p-53)))`;
}

const RNG_SLOTS = ['s0', 's1', 's2', 's3'];

/**
 * Sets local $y to ln($u) for $u in (0, 1] (see $ln in the .wat: table entry from the top 7
 * fraction bits, series of ln(1 + r) to r^5). Uses locals $bits (i64), $la (i32), $r (f64).
 */
function lnCode() {
  const r = get('r');
  const series = `(f64.add ${r} (f64.mul (f64.mul ${r} ${r}) (f64.add (f64.const -0.5) (f64.mul ${r} (f64.add (f64.const 0x1.5555555555555p-2) (f64.mul ${r} (f64.add (f64.const -0.25) (f64.mul ${r} (f64.const 0x1.999999999999ap-3)))))))))`;
  const exponent = `(f64.convert_i32_s (i32.sub (i32.wrap_i64 (i64.shr_u ${get('bits')} (i64.const 52))) (i32.const 1023)))`;
  const mantissa = `(f64.reinterpret_i64 (i64.or (i64.and ${get('bits')} (i64.const 0x000fffffffffffff)) (i64.const 0x3ff0000000000000)))`;
  return [
    `(local.set $bits (i64.reinterpret_f64 ${get('u')}))`,
    `(local.set $la (i32.shl (i32.and (i32.wrap_i64 (i64.shr_u ${get('bits')} (i64.const 45))) (i32.const ${LOG_TABLE_SIZE - 1})) (i32.const 4)))`,
    `(local.set $r (f64.sub (f64.mul ${mantissa} (f64.load ${get('la')})) (f64.const 1)))`,
    `(local.set $y (f64.add (f64.add (f64.mul ${exponent} (f64.const 0x1.62e42fefa39efp-1)) (f64.load offset=8 ${get('la')})) ${series}))`,
  ].join(' ');
}

/**
 * Sets local $gp to floor(ln($u) * $inv), equal to floor(Math.log($u) * $inv) (see $gap in the
 * .wat: the fast logarithm decides unless the product is within the margin of an integer, then
 * the imported Math.log does). Uses the locals of lnCode and $f (f64).
 */
function gapCode() {
  const y = get('y');
  const f = get('f');
  const margin = `(f64.add (f64.add (f64.mul (f64.abs ${get('inv')}) (f64.const 1e-12)) (f64.mul (f64.abs ${y}) (f64.const 0x1p-50))) (f64.const 0x1p-50))`;
  return [
    lnCode(),
    `(local.set $y (f64.mul ${y} ${get('inv')}))`,
    `(local.set $f (f64.floor ${y}))`,
    `(local.set $gp (if (result f64) (i32.and (f64.gt (f64.sub ${y} ${f}) ${margin}) (f64.gt (f64.sub (f64.add ${f} (f64.const 1)) ${y}) ${margin}))` +
      ` (then ${f}) (else (f64.floor (f64.mul (call $log ${get('u')}) ${get('inv')})))))`,
  ].join(' ');
}

/** Entries of the logarithm table (one per value of the top 7 fraction bits). */
const LOG_TABLE_SIZE = 128;

/**
 * The data segment of $ln's table at address 0, and the exported `heap_base` after it: entry i is
 * c_i = 1 / (1 + (i + 1/2) / 128) and l_i = -ln(c_i) (little-endian f64s, 16 bytes per entry).
 */
function logTable() {
  const buf = Buffer.alloc(16 * LOG_TABLE_SIZE);
  for (let i = 0; i < LOG_TABLE_SIZE; i++) {
    const c = 1 / (1 + (i + 0.5) / LOG_TABLE_SIZE);
    buf.writeDoubleLE(c, 16 * i);
    buf.writeDoubleLE(-Math.log(c), 16 * i + 8);
  }
  const bytes = [...buf].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
  return `  (data (i32.const 0) "${bytes}")\n  (global (export "heap_base") i32 (i32.const ${buf.length}))`;
}

/** The .wat text with every `;; @expand` line written out. */
export function expandWat(text) {
  return text.replace(/^\s*;; @expand (\w+)(?: (\w+))?(.*)$/gm, (_, kind, name, body) => {
    if (kind === 'single') return perTarget(name, false, body.trim());
    if (kind === 'pair') return perTarget(name, true, body.trim());
    if (kind === 'transpose') return transpose();
    if (kind === 'log_table') return logTable();
    if (kind === 'ln') return lnCode();
    if (kind === 'gap') return gapCode();
    if (kind === 'unit_nz') return unitDraw(true);
    if (kind === 'unit') return unitDraw(false);
    if (kind === 'rng_load')
      return RNG_SLOTS.map((v, i) => `(local.set $${v} (i32.load offset=${4 * i} ${get('st')}))`).join(' ');
    if (kind === 'rng_store')
      return RNG_SLOTS.map((v, i) => `(i32.store offset=${4 * i} ${get('st')} ${get(v)})`).join(' ');
    throw new Error(`build-wasm: unknown expansion '${kind}'`);
  });
}

/** The generated TypeScript module for the current .wat. */
export async function generate() {
  const wabt = await initWabt();
  const mod = wabt.parseWat('frame-kernels.wat', expandWat(readFileSync(WAT, 'utf8')), {
    simd: true,
    bulk_memory: true,
  });
  mod.validate();
  const { buffer } = mod.toBinary({});
  mod.destroy();
  const b64 = Buffer.from(buffer).toString('base64');
  const lines = b64.match(/.{1,96}/g) ?? [];
  return (
    '// Generated by scripts/build-wasm.mjs from frame-kernels.wat: do not edit.\n' +
    `/** The frame kernels' WebAssembly module (${buffer.length} bytes), base64. */\n` +
    'export const FRAME_KERNELS_BASE64 =\n' +
    lines.map((l, i) => `  '${l}'${i === lines.length - 1 ? ';' : ' +'}`).join('\n') +
    '\n'
  );
}

/** The generated `src/wasm/bp-kernels-bytes.ts` text for the current `bp-kernels.wat` (no expansions). */
export async function generateBp() {
  const wabt = await initWabt();
  const mod = wabt.parseWat('bp-kernels.wat', readFileSync(BP_WAT, 'utf8'));
  mod.validate();
  const { buffer } = mod.toBinary({});
  mod.destroy();
  const lines =
    Buffer.from(buffer)
      .toString('base64')
      .match(/.{1,96}/g) ?? [];
  return (
    '// Generated by scripts/build-wasm.mjs from bp-kernels.wat: do not edit.\n' +
    `/** The BP-OSD decoder's WebAssembly module (${buffer.length} bytes), base64. */\n` +
    'export const BP_KERNELS_BASE64 =\n' +
    lines.map((l, i) => `  '${l}'${i === lines.length - 1 ? ';' : ' +'}`).join('\n') +
    '\n'
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [out, text] of [
    [OUT, await generate()],
    [BP_OUT, await generateBp()],
  ]) {
    let current = '';
    try {
      current = readFileSync(out, 'utf8');
    } catch {
      // first build
    }
    if (process.argv.includes('--check')) {
      if (current !== text) {
        console.error(`${out} is stale: run node scripts/build-wasm.mjs`);
        process.exit(1);
      }
    } else if (current !== text) writeFileSync(out, text);
  }
}
