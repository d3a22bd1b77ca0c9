;; Min-sum belief-propagation kernel of the BP-OSD decoder (src/decode/bposd/bposd-decoder.ts).
;; Hand-written; assembled by scripts/build-wasm.mjs into bp-kernels-bytes.ts. Scalar f64 code:
;; every operation is the TypeScript path's (IEEE-754 double subtraction, multiplication, addition,
;; negation, comparison, in the same order), so the messages and posteriors are bit-identical.
(module
  (memory (export "memory") 1)

  ;; min_sum_checks(m, cs, cv, r, post, next, synd, alpha, cap): one check-to-variable pass of min-sum
  ;; in check order. Byte addresses: cs = m + 1 i32 edge offsets (check c's edges are
  ;; cs[c] .. cs[c+1]-1), cv = i32 column of each edge, r = f64 check-to-variable message of each
  ;; edge (read: last iteration's, written: this one's), post = f64 posteriors of the last
  ;; iteration, next = f64 posteriors being accumulated (the caller fills it with the priors),
  ;; synd = u8 syndrome bit of each check. For each check: the inputs x = post[v] - r[a], their
  ;; sign parity with the syndrome bit, and the two smallest |x| (min1 <= min2, both start at the
  ;; magnitude cap); then the edge with |x| = min1 gets alpha*min2, every other edge alpha*min1 (a tie
  ;; makes min1 = min2, so which edge holds the minimum does not matter), with the sign of the
  ;; parity of the other inputs; each message is stored in r and added into next[v] at once.
  (func (export "min_sum_checks") (param $m i32) (param $cs i32) (param $cv i32) (param $r i32)
    (param $post i32) (param $next i32) (param $synd i32) (param $alpha f64) (param $cap f64)
    (local $c i32) (local $a i32) (local $a0 i32) (local $a1 i32) (local $par i32)
    (local $min1 f64) (local $min2 f64) (local $x f64) (local $ax f64) (local $vp i32)
    (local $rp i32) (local $mag1 f64) (local $mag2 f64) (local $mag f64) (local $msg f64)
    (block $checksDone
      (loop $check
        (br_if $checksDone (i32.ge_u (local.get $c) (local.get $m)))
        (local.set $a0 (i32.load (i32.add (local.get $cs) (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $a1 (i32.load offset=4 (i32.add (local.get $cs) (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $par (i32.load8_u (i32.add (local.get $synd) (local.get $c))))
        (local.set $min1 (local.get $cap))
        (local.set $min2 (local.get $cap))
        ;; pass 1: parity and the two smallest magnitudes
        (local.set $a (local.get $a0))
        (block $inDone
          (loop $in
            (br_if $inDone (i32.ge_u (local.get $a) (local.get $a1)))
            (local.set $x
              (f64.sub
                (f64.load (i32.add (local.get $post)
                  (i32.shl (i32.load (i32.add (local.get $cv) (i32.shl (local.get $a) (i32.const 2)))) (i32.const 3))))
                (f64.load (i32.add (local.get $r) (i32.shl (local.get $a) (i32.const 3))))))
            (local.set $ax (f64.abs (local.get $x)))
            (local.set $par (i32.xor (local.get $par) (f64.lt (local.get $x) (f64.const 0))))
            (if (f64.lt (local.get $ax) (local.get $min2))
              (then
                (if (f64.lt (local.get $ax) (local.get $min1))
                  (then (local.set $min2 (local.get $min1)) (local.set $min1 (local.get $ax)))
                  (else (local.set $min2 (local.get $ax))))))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $in)))
        (local.set $mag1 (f64.mul (local.get $alpha) (local.get $min1)))
        (local.set $mag2 (f64.mul (local.get $alpha) (local.get $min2)))
        ;; pass 2: the inputs again (same operands, same values), the new messages
        (local.set $a (local.get $a0))
        (block $outDone
          (loop $out
            (br_if $outDone (i32.ge_u (local.get $a) (local.get $a1)))
            (local.set $vp (i32.add (local.get $post)
              (i32.shl (i32.load (i32.add (local.get $cv) (i32.shl (local.get $a) (i32.const 2)))) (i32.const 3))))
            (local.set $rp (i32.add (local.get $r) (i32.shl (local.get $a) (i32.const 3))))
            (local.set $x (f64.sub (f64.load (local.get $vp)) (f64.load (local.get $rp))))
            (local.set $mag
              (select (local.get $mag2) (local.get $mag1) (f64.eq (f64.abs (local.get $x)) (local.get $min1))))
            (local.set $msg
              (select (f64.neg (local.get $mag)) (local.get $mag)
                (i32.xor (local.get $par) (f64.lt (local.get $x) (f64.const 0)))))
            (f64.store (local.get $rp) (local.get $msg))
            ;; next[v]: same column offset from the other posterior array
            (local.set $vp (i32.add (local.get $vp) (i32.sub (local.get $next) (local.get $post))))
            (f64.store (local.get $vp) (f64.add (f64.load (local.get $vp)) (local.get $msg)))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $out)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $check)))))
