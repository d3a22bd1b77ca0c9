;; Frame-sampler kernels with 128-bit SIMD (hand-written; `scripts/build-wasm.mjs` expands the
;; `;; @expand NAME` lines below and assembles the module with wabt's wat2wasm).
;;
;; Conventions (the TypeScript fallback in src/sim/frame/frame-batch.ts does the same work word
;; by word and gives the same bits):
;; - Every pointer is a byte address in this module's memory; frame rows hold shots along the
;;   words (bit s of word w = shot 32·w + s) and are `rowB` bytes long, a multiple of 16.
;; - `n` is the number of bytes of each row to process, a multiple of 16: whole vectors covering
;;   the batch's active words. Words past the active ones hold don't-care bits of absent shots;
;;   every frame operation acts on each word independently, so they never reach real shots.
;; - Target lists are i32 arrays of qubit indices (pairs for two-qubit gates).
;; - The random stream is xoshiro128** (Blackman & Vigna 2021) with its four state words at `st`,
;;   the same generator and order as `WordRng.fill`.
;; - Noise kernels draw geometric gaps floor(ln(u) * inv) equal to the TypeScript path's
;;   floor(Math.log(u) * inv) in every engine: a table-driven logarithm of known error decides the
;;   floor unless the product lies too close to an integer, and then the host's `Math.log`
;;   (imported as `math.log`) decides it (see $gap).
;; - Bytes [0, heap_base) hold the logarithm table; callers lay out their data from `heap_base`.
(module
  (import "math" "log" (func $log (param f64) (result f64)))
  (memory (export "memory") 1)
  ;; @expand log_table

  ;; ---------------------------------------------------------------- single-qubit Cliffords
  ;; @expand single sq_swap          (local.set $a (v128.load (local.get $ax))) (v128.store (local.get $ax) (v128.load (local.get $az))) (v128.store (local.get $az) (local.get $a))
  ;; @expand single sq_z_xor_x       (v128.store (local.get $az) (v128.xor (v128.load (local.get $az)) (v128.load (local.get $ax))))
  ;; @expand single sq_x_xor_z       (v128.store (local.get $ax) (v128.xor (v128.load (local.get $ax)) (v128.load (local.get $az))))
  ;; @expand single sq_cycle_xyz     (local.set $a (v128.load (local.get $ax))) (v128.store (local.get $ax) (v128.xor (local.get $a) (v128.load (local.get $az)))) (v128.store (local.get $az) (local.get $a))
  ;; @expand single sq_cycle_zyx     (local.set $a (v128.load (local.get $az))) (v128.store (local.get $az) (v128.xor (v128.load (local.get $ax)) (local.get $a))) (v128.store (local.get $ax) (local.get $a))

  ;; ---------------------------------------------------------------- two-qubit Cliffords
  ;; CX: x_b ^= x_a, z_a ^= z_b.
  ;; @expand pair cx                 (v128.store (local.get $bx) (v128.xor (v128.load (local.get $bx)) (v128.load (local.get $ax)))) (v128.store (local.get $az) (v128.xor (v128.load (local.get $az)) (v128.load (local.get $bz))))
  ;; CZ: z_a ^= x_b, z_b ^= x_a.
  ;; @expand pair cz                 (v128.store (local.get $az) (v128.xor (v128.load (local.get $az)) (v128.load (local.get $bx)))) (v128.store (local.get $bz) (v128.xor (v128.load (local.get $bz)) (v128.load (local.get $ax))))
  ;; @expand pair swap               (local.set $a (v128.load (local.get $ax))) (v128.store (local.get $ax) (v128.load (local.get $bx))) (v128.store (local.get $bx) (local.get $a)) (local.set $a (v128.load (local.get $az))) (v128.store (local.get $az) (v128.load (local.get $bz))) (v128.store (local.get $bz) (local.get $a))

  ;; ---------------------------------------------------------------- random words
  ;; Overwrites `count` words at `p` with xoshiro128** outputs, advancing the state at `st`.
  (func $fill (export "fill") (param $st i32) (param $p i32) (param $count i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $t i32) (local $end i32)
    (local.set $s0 (i32.load (local.get $st)))
    (local.set $s1 (i32.load offset=4 (local.get $st)))
    (local.set $s2 (i32.load offset=8 (local.get $st)))
    (local.set $s3 (i32.load offset=12 (local.get $st)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (i32.store (local.get $p)
          (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
        (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
        (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
        (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
        (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
        (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next)))
    (i32.store (local.get $st) (local.get $s0))
    (i32.store offset=4 (local.get $st) (local.get $s1))
    (i32.store offset=8 (local.get $st) (local.get $s2))
    (i32.store offset=12 (local.get $st) (local.get $s3)))

  ;; Fills `count` words of each of `rows` rows (`rowB` bytes apart, from `p`), row after row.
  (func (export "fill_rows") (param $st i32) (param $p i32) (param $rowB i32) (param $rows i32) (param $count i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $rows)))
        (call $fill (local.get $st) (local.get $p) (local.get $count))
        (local.set $p (i32.add (local.get $p) (local.get $rowB)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $next))))

  ;; n bytes at d := n bytes at s (vectors; regions do not overlap).
  (func $copy (param $d i32) (param $s i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (v128.store (i32.add (local.get $d) (local.get $i)) (v128.load (i32.add (local.get $s) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next))))

  ;; n bytes at d ^= n bytes at s.
  (func $xor (param $d i32) (param $s i32) (param $n i32)
    (local $i i32) (local $p i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $p (i32.add (local.get $d) (local.get $i)))
        (v128.store (local.get $p) (v128.xor (v128.load (local.get $p)) (v128.load (i32.add (local.get $s) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next))))

  ;; ---------------------------------------------------------------- measurements and resets
  ;; Z-basis (basis 0) or X-basis (basis 1) measurement of each target, optionally followed by a
  ;; reset: the result flip (x for Z, z for X) goes to record row `head` (a ring of R rows at
  ;; `rec`), then the anticommuting part is cleared (reset) and the commuting part re-randomised
  ;; with `nw` fresh words. Returns the new head.
  (func (export "measure")
    (param $tp i32) (param $nt i32) (param $basis i32) (param $reset i32)
    (param $xb i32) (param $zb i32) (param $rec i32) (param $rowB i32) (param $n i32) (param $nw i32)
    (param $head i32) (param $R i32) (param $st i32) (result i32)
    (local $end i32) (local $o i32) (local $flip i32) (local $gauge i32)
    (if (local.get $basis)
      (then (local.set $flip (local.get $zb)) (local.set $gauge (local.get $xb)))
      (else (local.set $flip (local.get $xb)) (local.set $gauge (local.get $zb))))
    (local.set $end (i32.add (local.get $tp) (i32.shl (local.get $nt) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $tp) (local.get $end)))
        (local.set $o (i32.mul (i32.load (local.get $tp)) (local.get $rowB)))
        (call $copy
          (i32.add (local.get $rec) (i32.mul (local.get $head) (local.get $rowB)))
          (i32.add (local.get $flip) (local.get $o))
          (local.get $n))
        (if (local.get $reset)
          (then (memory.fill (i32.add (local.get $flip) (local.get $o)) (i32.const 0) (local.get $n))))
        (call $fill (local.get $st) (i32.add (local.get $gauge) (local.get $o)) (local.get $nw))
        (local.set $head (i32.add (local.get $head) (i32.const 1)))
        (if (i32.eq (local.get $head) (local.get $R)) (then (local.set $head (i32.const 0))))
        (local.set $tp (i32.add (local.get $tp) (i32.const 4)))
        (br $next)))
    (local.get $head))

  ;; Z-basis (0) or X-basis (1) reset of each target: clear the anticommuting part, randomise the other.
  (func (export "reset")
    (param $tp i32) (param $nt i32) (param $basis i32)
    (param $xb i32) (param $zb i32) (param $rowB i32) (param $n i32) (param $nw i32) (param $st i32)
    (local $end i32) (local $o i32) (local $clear i32) (local $gauge i32)
    (if (local.get $basis)
      (then (local.set $clear (local.get $zb)) (local.set $gauge (local.get $xb)))
      (else (local.set $clear (local.get $xb)) (local.set $gauge (local.get $zb))))
    (local.set $end (i32.add (local.get $tp) (i32.shl (local.get $nt) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $tp) (local.get $end)))
        (local.set $o (i32.mul (i32.load (local.get $tp)) (local.get $rowB)))
        (memory.fill (i32.add (local.get $clear) (local.get $o)) (i32.const 0) (local.get $n))
        (call $fill (local.get $st) (i32.add (local.get $gauge) (local.get $o)) (local.get $nw))
        (local.set $tp (i32.add (local.get $tp) (i32.const 4)))
        (br $next))))

  ;; ---------------------------------------------------------------- detectors
  ;; Writes to `out` (n bytes) the XOR of the record rows rec[-k] for the `nl` lookbacks k at `lp`
  ;; (row head − k of the ring of R rows at `rec`); zero when there are none.
  (func (export "detector")
    (param $lp i32) (param $nl i32) (param $rec i32) (param $rowB i32) (param $head i32) (param $R i32)
    (param $out i32) (param $n i32)
    (local $end i32) (local $s i32)
    (if (i32.eqz (local.get $nl))
      (then (memory.fill (local.get $out) (i32.const 0) (local.get $n)) (return)))
    (local.set $end (i32.add (local.get $lp) (i32.shl (local.get $nl) (i32.const 2))))
    (local.set $s (i32.sub (local.get $head) (i32.load (local.get $lp))))
    (if (i32.lt_s (local.get $s) (i32.const 0)) (then (local.set $s (i32.add (local.get $s) (local.get $R)))))
    (call $copy (local.get $out) (i32.add (local.get $rec) (i32.mul (local.get $s) (local.get $rowB))) (local.get $n))
    (local.set $lp (i32.add (local.get $lp) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $lp) (local.get $end)))
        (local.set $s (i32.sub (local.get $head) (i32.load (local.get $lp))))
        (if (i32.lt_s (local.get $s) (i32.const 0)) (then (local.set $s (i32.add (local.get $s) (local.get $R)))))
        (call $xor (local.get $out) (i32.add (local.get $rec) (i32.mul (local.get $s) (local.get $rowB))) (local.get $n))
        (local.set $lp (i32.add (local.get $lp) (i32.const 4)))
        (br $next))))

;; ---------------------------------------------------------------- geometric gaps
  ;; ln(u) for u in (0, 1] (normal doubles) with absolute error below 4e-14: u = 2^e * m with m in
  ;; [1, 2); the top 7 bits i of m's fraction pick c_i = 1 / (1 + (i + 1/2) / 128) and
  ;; l_i = -ln(c_i) from the table at 0 (16 bytes per entry, computed at build time); then
  ;; ln(u) = e * ln 2 + l_i + ln(1 + r) with r = m * c_i - 1, |r| <= 2^-8, and ln(1 + r) by its
  ;; series to r^5 (truncation below |r|^6 / 6 < 6e-16). The rest is rounding: a few ulps of
  ;; |ln u| <= 37 (ulp 7.1e-15) from e * ln 2 and the sums.
  (func $ln (export "ln") (param $u f64) (result f64)
    (local $bits i64) (local $la i32) (local $r f64) (local $y f64)
    ;; @expand ln
    (local.get $y))

  ;; floor(ln(u) * inv) for u in (0, 1] and inv <= 0, equal to the host's floor(Math.log(u) * inv):
  ;; y = $ln(u) * inv differs from Math.log(u) * inv by at most |inv| * (4e-14 + Math.log's error,
  ;; under 6e-14 for any libm within 8 ulps) plus two roundings of y (2^-52 * y); when y is farther
  ;; than the margin |inv| * 1e-12 + y * 2^-50 + 2^-50 from both integers around it, both floors
  ;; agree. Otherwise (probability about twice the margin, and always for u = 1 or inv = 0) the
  ;; host's Math.log decides. The noise kernels inline this code (`@expand gap`, written out by
  ;; scripts/build-wasm.mjs) rather than calling it.
  (func $gap (export "gap") (param $u f64) (param $inv f64) (result f64)
    (local $bits i64) (local $la i32) (local $r f64) (local $y f64) (local $f f64) (local $gp f64)
    ;; @expand gap
    (local.get $gp))

  ;; ---------------------------------------------------------------- noise
  ;; The noise kernels mirror FrameBatchState.noise / flipResults / bernoulliRow draw for draw:
  ;; `@expand unit_nz` sets $u to a uniform double in (0, 1] and `@expand unit` to one in [0, 1)
  ;; (two generator words each, as WordRng.nextUnitNonZero / nextUnit); positions in the index
  ;; space are f64 values computed with the same operations in the same order as there.

  ;; A Pauli channel on the `G` groups of `arity` (1 or 2) qubits listed at `tp`: events at rate p
  ;; over the (group x shot) index space of S shots, found by geometric gaps floor(ln(u) * inv) (inv =
  ;; 1 / ln(1 - p)); each event XORs a Pauli mask (bit 0 x / bit 1 z of the first qubit, bits 2 / 3
  ;; of the second) onto the frame rows: with K = 1 the mask at `mp`, when `uniform` the floor(u * K)-th
  ;; of the K masks at `mp`, else the first j < K - 1 with u < cum[j] (f64 at `cp`) or the last.
  (func (export "noise")
    (param $tp i32) (param $G i32) (param $arity i32) (param $mp i32) (param $cp i32) (param $K i32)
    (param $uniform i32) (param $xb i32) (param $zb i32) (param $rowB i32) (param $S i32)
    (param $inv f64) (param $st i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $t i32) (local $ra i32) (local $rb i32)
    (local $bits i64) (local $la i32) (local $r f64) (local $y f64) (local $f f64) (local $gp f64)
    (local $u f64) (local $g f64) (local $shot f64) (local $d f64) (local $Sf f64) (local $Gf f64)
    (local $m i32) (local $j i32) (local $sh i32) (local $wo i32) (local $bit i32) (local $tq i32) (local $o i32) (local $a i32)
    ;; @expand rng_load
    (local.set $Sf (f64.convert_i32_u (local.get $S)))
    (local.set $Gf (f64.convert_i32_u (local.get $G)))
    ;; @expand unit_nz
    ;; @expand gap
    (local.set $shot (local.get $gp))
    (if (f64.ge (local.get $shot) (local.get $Sf))
      (then
        (local.set $d (f64.floor (f64.div (local.get $shot) (local.get $Sf))))
        (local.set $g (f64.add (local.get $g) (local.get $d)))
        (local.set $shot (f64.sub (local.get $shot) (f64.mul (local.get $d) (local.get $Sf))))))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (f64.lt (local.get $g) (local.get $Gf))))
        (local.set $m (i32.load (local.get $mp)))
        (if (local.get $uniform)
          (then
            ;; @expand unit
            (local.set $m (i32.load (i32.add (local.get $mp) (i32.shl
              (i32.trunc_f64_u (f64.floor (f64.mul (local.get $u) (f64.convert_i32_u (local.get $K)))))
              (i32.const 2))))))
          (else
            (if (i32.gt_u (local.get $K) (i32.const 1))
              (then
                ;; @expand unit
                (local.set $j (i32.const 0))
                (block $found
                  (loop $scan
                    (br_if $found (i32.ge_u (local.get $j) (i32.sub (local.get $K) (i32.const 1))))
                    (br_if $found (f64.lt (local.get $u)
                      (f64.load (i32.add (local.get $cp) (i32.shl (local.get $j) (i32.const 3))))))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $scan)))
                (local.set $m (i32.load (i32.add (local.get $mp) (i32.shl (local.get $j) (i32.const 2)))))))))
        (local.set $sh (i32.trunc_f64_u (local.get $shot)))
        (local.set $wo (i32.shl (i32.shr_u (local.get $sh) (i32.const 5)) (i32.const 2)))
        (local.set $bit (i32.shl (i32.const 1) (local.get $sh)))
        (local.set $tq (i32.add (local.get $tp)
          (i32.shl (i32.mul (i32.trunc_f64_u (local.get $g)) (local.get $arity)) (i32.const 2))))
        (local.set $o (i32.add (i32.mul (i32.load (local.get $tq)) (local.get $rowB)) (local.get $wo)))
        ;; Branch-free XORs (the mask bits are random per event): bit & -(mask bit).
        (local.set $a (i32.add (local.get $xb) (local.get $o)))
        (i32.store (local.get $a) (i32.xor (i32.load (local.get $a))
          (i32.and (local.get $bit) (i32.sub (i32.const 0) (i32.and (local.get $m) (i32.const 1))))))
        (local.set $a (i32.add (local.get $zb) (local.get $o)))
        (i32.store (local.get $a) (i32.xor (i32.load (local.get $a))
          (i32.and (local.get $bit) (i32.sub (i32.const 0) (i32.and (i32.shr_u (local.get $m) (i32.const 1)) (i32.const 1))))))
        (if (i32.eq (local.get $arity) (i32.const 2))
          (then
            (local.set $o (i32.add (i32.mul (i32.load offset=4 (local.get $tq)) (local.get $rowB)) (local.get $wo)))
            (local.set $a (i32.add (local.get $xb) (local.get $o)))
            (i32.store (local.get $a) (i32.xor (i32.load (local.get $a))
              (i32.and (local.get $bit) (i32.sub (i32.const 0) (i32.and (i32.shr_u (local.get $m) (i32.const 2)) (i32.const 1))))))
            (local.set $a (i32.add (local.get $zb) (local.get $o)))
            (i32.store (local.get $a) (i32.xor (i32.load (local.get $a))
              (i32.and (local.get $bit) (i32.sub (i32.const 0) (i32.and (i32.shr_u (local.get $m) (i32.const 3)) (i32.const 1))))))))
        ;; @expand unit_nz
        ;; @expand gap
        (local.set $shot (f64.add (local.get $shot) (f64.add (f64.const 1) (local.get $gp))))
        (if (f64.ge (local.get $shot) (local.get $Sf))
          (then
            (local.set $d (f64.floor (f64.div (local.get $shot) (local.get $Sf))))
            (local.set $g (f64.add (local.get $g) (local.get $d)))
            (local.set $shot (f64.sub (local.get $shot) (f64.mul (local.get $d) (local.get $Sf))))))
        (br $next)))
    ;; @expand rng_store
  )

  ;; Flips each of `count` measurement results, record rows first, first + 1, ... (mod R) of the
  ;; ring at `rec`, independently in each of the S shots with rate p: geometric gaps floor(ln(u) * inv)
  ;; over the (result x shot) index space.
  (func (export "flip")
    (param $first i32) (param $count i32) (param $rec i32) (param $rowB i32) (param $R i32) (param $S i32)
    (param $inv f64) (param $st i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $t i32) (local $ra i32) (local $rb i32)
    (local $bits i64) (local $la i32) (local $r f64) (local $y f64) (local $f f64) (local $gp f64)
    (local $u f64) (local $pos f64) (local $total f64) (local $Sf f64) (local $gf f64)
    (local $sh i32) (local $s i32) (local $a i32)
    ;; @expand rng_load
    (local.set $Sf (f64.convert_i32_u (local.get $S)))
    (local.set $total (f64.mul (f64.convert_i32_u (local.get $count)) (local.get $Sf)))
    ;; @expand unit_nz
    ;; @expand gap
    (local.set $pos (local.get $gp))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (f64.lt (local.get $pos) (local.get $total))))
        (local.set $gf (f64.floor (f64.div (local.get $pos) (local.get $Sf))))
        (local.set $sh (i32.trunc_f64_u (f64.sub (local.get $pos) (f64.mul (local.get $gf) (local.get $Sf)))))
        (local.set $s (i32.add (local.get $first) (i32.trunc_f64_u (local.get $gf))))
        (if (i32.ge_u (local.get $s) (local.get $R)) (then (local.set $s (i32.sub (local.get $s) (local.get $R)))))
        (local.set $a (i32.add (local.get $rec) (i32.add (i32.mul (local.get $s) (local.get $rowB))
          (i32.shl (i32.shr_u (local.get $sh) (i32.const 5)) (i32.const 2)))))
        (i32.store (local.get $a) (i32.xor (i32.load (local.get $a)) (i32.shl (i32.const 1) (local.get $sh))))
        ;; @expand unit_nz
        ;; @expand gap
        (local.set $pos (f64.add (local.get $pos) (f64.add (f64.const 1) (local.get $gp))))
        (br $next)))
    ;; @expand rng_store
  )

  ;; Writes to `acc` words whose bits are independently 1 with probability P / 2^32 (all ones when
  ;; `full`), as FrameBatchState.bernoulliRow: from P's lowest set bit b up, `nw` fresh words r at
  ;; `tmp`, then acc := bit_b(P) ? acc | r : acc & r. Words past nw (up to n bytes) are don't-care.
  (func $bernoulli (param $st i32) (param $acc i32) (param $tmp i32) (param $nw i32) (param $n i32)
    (param $P i32) (param $full i32)
    (local $b i32) (local $i i32) (local $p i32)
    (if (local.get $full)
      (then (memory.fill (local.get $acc) (i32.const 255) (local.get $n)) (return)))
    (memory.fill (local.get $acc) (i32.const 0) (local.get $n))
    (if (i32.eqz (local.get $P)) (then (return)))
    (local.set $b (i32.ctz (local.get $P)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $b) (i32.const 32)))
        (call $fill (local.get $st) (local.get $tmp) (local.get $nw))
        (local.set $i (i32.const 0))
        (if (i32.and (i32.shr_u (local.get $P) (local.get $b)) (i32.const 1))
          (then
            (block $orDone
              (loop $or
                (br_if $orDone (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $p (i32.add (local.get $acc) (local.get $i)))
                (v128.store (local.get $p) (v128.or (v128.load (local.get $p)) (v128.load (i32.add (local.get $tmp) (local.get $i)))))
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $or))))
          (else
            (block $andDone
              (loop $and
                (br_if $andDone (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $p (i32.add (local.get $acc) (local.get $i)))
                (v128.store (local.get $p) (v128.and (v128.load (local.get $p)) (v128.load (i32.add (local.get $tmp) (local.get $i)))))
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $and)))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $next))))

  ;; X/Y/Z_ERROR with large p: per target at `tp` one dense Bernoulli row (see $bernoulli) XORed
  ;; onto the X row (bits & 1) and the Z row (bits & 2).
  (func (export "noise_dense")
    (param $tp i32) (param $nt i32) (param $bits i32) (param $xb i32) (param $zb i32) (param $rowB i32)
    (param $nw i32) (param $n i32) (param $P i32) (param $full i32) (param $acc i32) (param $tmp i32) (param $st i32)
    (local $end i32) (local $o i32)
    (local.set $end (i32.add (local.get $tp) (i32.shl (local.get $nt) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $tp) (local.get $end)))
        (call $bernoulli (local.get $st) (local.get $acc) (local.get $tmp) (local.get $nw) (local.get $n)
          (local.get $P) (local.get $full))
        (local.set $o (i32.mul (i32.load (local.get $tp)) (local.get $rowB)))
        (if (i32.and (local.get $bits) (i32.const 1))
          (then (call $xor (i32.add (local.get $xb) (local.get $o)) (local.get $acc) (local.get $n))))
        (if (i32.and (local.get $bits) (i32.const 2))
          (then (call $xor (i32.add (local.get $zb) (local.get $o)) (local.get $acc) (local.get $n))))
        (local.set $tp (i32.add (local.get $tp) (i32.const 4)))
        (br $next))))

  ;; Measurement flips with large p: record rows first, first + 1, ... (mod R) each XORed with one
  ;; dense Bernoulli row (see $bernoulli).
  (func (export "flip_dense")
    (param $first i32) (param $count i32) (param $rec i32) (param $rowB i32) (param $R i32)
    (param $nw i32) (param $n i32) (param $P i32) (param $full i32) (param $acc i32) (param $tmp i32) (param $st i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $count)))
        (call $bernoulli (local.get $st) (local.get $acc) (local.get $tmp) (local.get $nw) (local.get $n)
          (local.get $P) (local.get $full))
        (call $xor (i32.add (local.get $rec) (i32.mul (local.get $first) (local.get $rowB))) (local.get $acc) (local.get $n))
        (local.set $first (i32.add (local.get $first) (i32.const 1)))
        (if (i32.eq (local.get $first) (local.get $R)) (then (local.set $first (i32.const 0))))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $next))))

  ;; ---------------------------------------------------------------- bit transpose
  ;; @expand transpose
)
