;; Rearrangement kernels of the wasm training step, in WebAssembly SIMD (docs/performance.md).
;;
;; JS loops over the wasm heap run at 4-6 ns per value; these loops move 16 bytes per
;; instruction. The module owns no memory: it imports tfjs-backend-wasm's linear memory, and
;; every pointer argument is a byte offset into it (a tensor's byteOffset). Nothing here
;; allocates, so the heap cannot grow during a call.
;;
;; Edit this file, then `npm run build:simd` to regenerate kernels-wasm.ts (the bytes the
;; runtime loads); test/backend/simd-build.test.ts fails while the two differ.
(module
  (import "env" "memory" (memory 0))

  ;; count floats of zero at dst.
  (func $zero (param $dst i32) (param $count i32)
    (local $end i32) (local $end4 i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $dst) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done (i32.ge_u (local.get $dst) (local.get $end4)))
        (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $vectors)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.const 0))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $tail))))

  ;; count contiguous floats from src to dst (the regions do not overlap).
  (func $copy (param $dst i32) (param $src i32) (param $count i32)
    (local $end i32) (local $end4 i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $dst) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done (i32.ge_u (local.get $dst) (local.get $end4)))
        (v128.store (local.get $dst) (v128.load (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $vectors)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.load (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $tail))))

  ;; count floats read every stepBytes bytes from src, written contiguously to dst (strided
  ;; convolutions; scalar, as a strided read has no vector load).
  (func $gather (param $dst i32) (param $src i32) (param $count i32) (param $stepBytes i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $values
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.load (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (local.get $stepBytes)))
        (br $values))))

  ;; Transposed patches of a convolution's input for its filter gradient:
  ;;   cols[(kh, kw, ch), (b, oy, ox)] = planes[ch, b, oy*sh + kh - top, ox*sw + kw - left]
  ;; for images b in [b0, b1), 0 where the position falls in the padding. planes is the input
  ;; transposed to [c, n, h, w] and NOT padded: the padding is written here as zeros, which
  ;; saves building a padded copy. The layout is the one the matrix product after it expects.
  (func (export "patches")
    (param $planes i32) (param $cols i32) (param $n i32) (param $c i32) (param $h i32) (param $w i32)
    (param $oh i32) (param $ow i32) (param $fh i32) (param $fw i32) (param $sh i32) (param $sw i32)
    (param $top i32) (param $left i32) (param $b0 i32) (param $b1 i32)
    (local $kh i32) (local $kw i32) (local $ch i32) (local $b i32) (local $oy i32)
    (local $iy i32) (local $xlo i32) (local $xhi i32) (local $t i32)
    (local $plane i32) (local $rowBytes i32) (local $planeBytes i32) (local $outRowBytes i32)
    ;; The loops below run at least once: an empty geometry has nothing to write.
    (if (i32.or (i32.or (i32.or (i32.le_s (local.get $fh) (i32.const 0)) (i32.le_s (local.get $fw) (i32.const 0)))
                        (i32.or (i32.le_s (local.get $c) (i32.const 0)) (i32.le_s (local.get $oh) (i32.const 0))))
                (i32.or (i32.le_s (local.get $ow) (i32.const 0)) (i32.le_s (local.get $b1) (local.get $b0))))
      (then (return)))
    (local.set $rowBytes (i32.shl (local.get $w) (i32.const 2)))
    (local.set $planeBytes (i32.mul (local.get $h) (local.get $rowBytes)))
    (local.set $outRowBytes (i32.shl (local.get $ow) (i32.const 2)))
    (loop $kh_loop
      (local.set $kw (i32.const 0))
      (loop $kw_loop
        ;; Output columns [xlo, xhi) read inside the image; the others are padding. Computed
        ;; once per kernel column, so the row loop below has no bounds checks per value.
        (local.set $t (i32.sub (local.get $left) (local.get $kw)))
        (local.set $xlo (select
          (i32.div_u (i32.add (local.get $t) (i32.sub (local.get $sw) (i32.const 1))) (local.get $sw))
          (i32.const 0)
          (i32.gt_s (local.get $t) (i32.const 0))))
        (if (i32.gt_s (local.get $xlo) (local.get $ow)) (then (local.set $xlo (local.get $ow))))
        (local.set $t (i32.add (i32.sub (i32.sub (local.get $w) (i32.const 1)) (local.get $kw)) (local.get $left)))
        (local.set $xhi (select
          (i32.add (i32.div_u (local.get $t) (local.get $sw)) (i32.const 1))
          (i32.const 0)
          (i32.ge_s (local.get $t) (i32.const 0))))
        (if (i32.gt_s (local.get $xhi) (local.get $ow)) (then (local.set $xhi (local.get $ow))))
        (if (i32.lt_s (local.get $xhi) (local.get $xlo)) (then (local.set $xhi (local.get $xlo))))
        (local.set $ch (i32.const 0))
        (loop $ch_loop
          (local.set $b (local.get $b0))
          (loop $b_loop
            (local.set $plane (i32.add (local.get $planes)
              (i32.mul (i32.add (i32.mul (local.get $ch) (local.get $n)) (local.get $b)) (local.get $planeBytes))))
            (local.set $oy (i32.const 0))
            (loop $oy_loop
              (local.set $iy (i32.sub (i32.add (i32.mul (local.get $oy) (local.get $sh)) (local.get $kh)) (local.get $top)))
              ;; Unsigned: a row above the image (negative iy) is out of range too.
              (if (i32.lt_u (local.get $iy) (local.get $h))
                (then
                  (call $zero (local.get $cols) (local.get $xlo))
                  (local.set $t (i32.add (i32.add (local.get $plane) (i32.mul (local.get $iy) (local.get $rowBytes)))
                    (i32.shl (i32.sub (i32.add (i32.mul (local.get $xlo) (local.get $sw)) (local.get $kw)) (local.get $left)) (i32.const 2))))
                  (if (i32.eq (local.get $sw) (i32.const 1))
                    (then (call $copy
                      (i32.add (local.get $cols) (i32.shl (local.get $xlo) (i32.const 2)))
                      (local.get $t)
                      (i32.sub (local.get $xhi) (local.get $xlo))))
                    (else (call $gather
                      (i32.add (local.get $cols) (i32.shl (local.get $xlo) (i32.const 2)))
                      (local.get $t)
                      (i32.sub (local.get $xhi) (local.get $xlo))
                      (i32.shl (local.get $sw) (i32.const 2)))))
                  (call $zero (i32.add (local.get $cols) (i32.shl (local.get $xhi) (i32.const 2))) (i32.sub (local.get $ow) (local.get $xhi))))
                (else (call $zero (local.get $cols) (local.get $ow))))
              (local.set $cols (i32.add (local.get $cols) (local.get $outRowBytes)))
              (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
              (br_if $oy_loop (i32.lt_s (local.get $oy) (local.get $oh))))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br_if $b_loop (i32.lt_s (local.get $b) (local.get $b1))))
          (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
          (br_if $ch_loop (i32.lt_s (local.get $ch) (local.get $c))))
        (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
        (br_if $kw_loop (i32.lt_s (local.get $kw) (local.get $fw))))
      (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
      (br_if $kh_loop (i32.lt_s (local.get $kh) (local.get $fh)))))

;; The same patches for stride 1 when the output is as large as the input ('same' padding):
  ;; then, per (kh, kw, ch), the whole block cols[(kh, kw, ch), (b, oy, ox)] over a chunk of
  ;; images is the planes shifted by one constant, (kh - top) * w + (kw - left) floats. One
  ;; bulk copy per block instead of one per row (rows are 8-32 floats, and the per-row work
  ;; cost more than the copy), then the positions that fall in the padding are zeroed:
  ;; columns [0, xlo) and [xhi, w) of every row, rows [0, ylo) and [yhi, h) of every image.
  (func (export "patches_same_stride1")
    (param $planes i32) (param $cols i32) (param $n i32) (param $c i32) (param $h i32) (param $w i32)
    (param $fh i32) (param $fw i32) (param $top i32) (param $left i32) (param $b0 i32) (param $b1 i32)
    (local $kh i32) (local $kw i32) (local $ch i32) (local $shift i32) (local $count i32)
    (local $i0 i32) (local $i1 i32) (local $src i32) (local $t i32) (local $end i32)
    (local $xlo i32) (local $xhi i32) (local $ylo i32) (local $yhi i32)
    (local $imageBytes i32) (local $rowBytes i32) (local $blockBytes i32)
    (local $p i32) (local $stop i32) (local $xloBytes i32) (local $xhiBytes i32)
    (if (i32.or (i32.or (i32.or (i32.le_s (local.get $fh) (i32.const 0)) (i32.le_s (local.get $fw) (i32.const 0)))
                        (i32.or (i32.le_s (local.get $c) (i32.const 0)) (i32.le_s (local.get $h) (i32.const 0))))
                (i32.or (i32.le_s (local.get $w) (i32.const 0)) (i32.le_s (local.get $b1) (local.get $b0))))
      (then (return)))
    (local.set $rowBytes (i32.shl (local.get $w) (i32.const 2)))
    (local.set $imageBytes (i32.mul (local.get $h) (local.get $rowBytes)))
    (local.set $count (i32.mul (i32.sub (local.get $b1) (local.get $b0)) (i32.mul (local.get $h) (local.get $w))))
    (local.set $blockBytes (i32.shl (local.get $count) (i32.const 2)))
    (loop $kh_loop
      (local.set $kw (i32.const 0))
      (loop $kw_loop
        (local.set $shift (i32.add (i32.mul (i32.sub (local.get $kh) (local.get $top)) (local.get $w))
                                   (i32.sub (local.get $kw) (local.get $left))))
        ;; Block positions [i0, i1) read inside the chunk; the rest lie in the padding.
        (local.set $i0 (select (i32.sub (i32.const 0) (local.get $shift)) (i32.const 0) (i32.lt_s (local.get $shift) (i32.const 0))))
        (local.set $i1 (select (i32.sub (local.get $count) (local.get $shift)) (local.get $count) (i32.gt_s (local.get $shift) (i32.const 0))))
        (if (i32.gt_s (local.get $i0) (local.get $count)) (then (local.set $i0 (local.get $count))))
        (if (i32.lt_s (local.get $i1) (local.get $i0)) (then (local.set $i1 (local.get $i0))))
        ;; In-image columns [xlo, xhi) and rows [ylo, yhi) of the output.
        (local.set $xlo (call $clamp (i32.sub (local.get $left) (local.get $kw)) (local.get $w)))
        (local.set $xhi (call $clamp (i32.add (i32.sub (local.get $w) (local.get $kw)) (local.get $left)) (local.get $w)))
        (if (i32.lt_s (local.get $xhi) (local.get $xlo)) (then (local.set $xhi (local.get $xlo))))
        (local.set $xloBytes (i32.shl (local.get $xlo) (i32.const 2)))
        (local.set $xhiBytes (i32.shl (local.get $xhi) (i32.const 2)))
        (local.set $ylo (call $clamp (i32.sub (local.get $top) (local.get $kh)) (local.get $h)))
        (local.set $yhi (call $clamp (i32.add (i32.sub (local.get $h) (local.get $kh)) (local.get $top)) (local.get $h)))
        (if (i32.lt_s (local.get $yhi) (local.get $ylo)) (then (local.set $yhi (local.get $ylo))))
        (local.set $ch (i32.const 0))
        (loop $ch_loop
          (local.set $src (i32.add (local.get $planes)
            (i32.mul (i32.add (i32.mul (local.get $ch) (local.get $n)) (local.get $b0)) (local.get $imageBytes))))
          (call $zero (local.get $cols) (local.get $i0))
          ;; A v128 loop, not memory.copy: measured 2x faster here on these 8-128 KB blocks.
          (call $copy
            (i32.add (local.get $cols) (i32.shl (local.get $i0) (i32.const 2)))
            (i32.add (local.get $src) (i32.shl (i32.add (local.get $i0) (local.get $shift)) (i32.const 2)))
            (i32.sub (local.get $i1) (local.get $i0)))
          (call $zero (i32.add (local.get $cols) (i32.shl (local.get $i1) (i32.const 2))) (i32.sub (local.get $count) (local.get $i1)))
          ;; Padding columns: a few floats at the ends of every row.
          (if (i32.or (i32.gt_s (local.get $xlo) (i32.const 0)) (i32.lt_s (local.get $xhi) (local.get $w)))
            (then
              (local.set $t (local.get $cols))
              (local.set $end (i32.add (local.get $cols) (local.get $blockBytes)))
              ;; Scalar stores inline: a call per row cost more than the stores (a float or two).
              (loop $row_loop
                (local.set $p (local.get $t))
                (local.set $stop (i32.add (local.get $t) (local.get $xloBytes)))
                (block $left_done
                  (loop $left_pad
                    (br_if $left_done (i32.ge_u (local.get $p) (local.get $stop)))
                    (f32.store (local.get $p) (f32.const 0))
                    (local.set $p (i32.add (local.get $p) (i32.const 4)))
                    (br $left_pad)))
                (local.set $p (i32.add (local.get $t) (local.get $xhiBytes)))
                (local.set $t (i32.add (local.get $t) (local.get $rowBytes)))
                (block $right_done
                  (loop $right_pad
                    (br_if $right_done (i32.ge_u (local.get $p) (local.get $t)))
                    (f32.store (local.get $p) (f32.const 0))
                    (local.set $p (i32.add (local.get $p) (i32.const 4)))
                    (br $right_pad)))
                (br_if $row_loop (i32.lt_u (local.get $t) (local.get $end))))))
          ;; Padding rows: whole rows at the top and bottom of every image.
          (if (i32.or (i32.gt_s (local.get $ylo) (i32.const 0)) (i32.lt_s (local.get $yhi) (local.get $h)))
            (then
              (local.set $t (local.get $cols))
              (local.set $end (i32.add (local.get $cols) (local.get $blockBytes)))
              (loop $image_loop
                (call $zero (local.get $t) (i32.mul (local.get $ylo) (local.get $w)))
                (call $zero (i32.add (local.get $t) (i32.mul (local.get $yhi) (local.get $rowBytes)))
                  (i32.mul (i32.sub (local.get $h) (local.get $yhi)) (local.get $w)))
                (local.set $t (i32.add (local.get $t) (local.get $imageBytes)))
                (br_if $image_loop (i32.lt_u (local.get $t) (local.get $end))))))
          (local.set $cols (i32.add (local.get $cols) (local.get $blockBytes)))
          (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
          (br_if $ch_loop (i32.lt_s (local.get $ch) (local.get $c))))
        (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
        (br_if $kw_loop (i32.lt_s (local.get $kw) (local.get $fw))))
      (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
      (br_if $kh_loop (i32.lt_s (local.get $kh) (local.get $fh)))))

  ;; v clamped to [0, hi].
  (func $clamp (param $v i32) (param $hi i32) (result i32)
    (if (i32.lt_s (local.get $v) (i32.const 0)) (then (return (i32.const 0))))
    (if (i32.gt_s (local.get $v) (local.get $hi)) (then (return (local.get $hi))))
    (local.get $v))

;; Products that reduce over a long shared axis n, without packing either operand:
  ;;   out[k, j] += sum_n a[k, n] * b[n, j]   (out [K, co], b [N, co], both row-major)
  ;; where a[k, n] lies at a + k*aRowBytes + n*aStepBytes. The filter gradient of a convolution
  ;; with few patch values per position (a = the transposed patches [K, N], b = dy [N, co]), and,
  ;; with K = 1, aStepBytes = 0 and a pointing at a 1, the column sums of b (a sum over leading
  ;; axes). n runs in chunks of `rows`: each chunk's partial sums are formed in registers, then
  ;; added to out, so a sum of N values is ~N/rows sums of `rows` values (accuracy), and the
  ;; chunk of b is re-read from cache for every k. The work is done in blocks of 4 values of k
  ;; by 8 columns (8 accumulators: V8 has 15 vector registers and hoists the loads, so a 1 x 32
  ;; block spilled two accumulators and ran 25-30 % slower), then single k, 4 and 1 columns.
  (func (export "reduce_rows")
    (param $out i32) (param $a i32) (param $b i32) (param $K i32) (param $N i32) (param $co i32)
    (param $aRowBytes i32) (param $aStepBytes i32) (param $rows i32)
    (local $n0 i32) (local $count i32) (local $j i32) (local $k i32) (local $rowBytes i32)
    (if (i32.or (i32.or (i32.le_s (local.get $K) (i32.const 0)) (i32.le_s (local.get $N) (i32.const 0)))
                (i32.or (i32.le_s (local.get $co) (i32.const 0)) (i32.le_s (local.get $rows) (i32.const 0))))
      (then (return)))
    (local.set $rowBytes (i32.shl (local.get $co) (i32.const 2)))
    (loop $chunks
      (local.set $count (i32.sub (local.get $N) (local.get $n0)))
      (if (i32.gt_s (local.get $count) (local.get $rows)) (then (local.set $count (local.get $rows))))
      (local.set $j (i32.const 0))
      (block $blocks_done
        (loop $blocks
          (br_if $blocks_done (i32.gt_s (i32.add (local.get $j) (i32.const 8)) (local.get $co)))
          (local.set $k (i32.const 0))
          (block $quads_done
            (loop $quads
              (br_if $quads_done (i32.gt_s (i32.add (local.get $k) (i32.const 4)) (local.get $K)))
              (call $reduce_4x8
                (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $co)) (local.get $j)) (i32.const 2)))
                (i32.add (i32.add (local.get $a) (i32.mul (local.get $k) (local.get $aRowBytes))) (i32.mul (local.get $n0) (local.get $aStepBytes)))
                (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $n0) (local.get $co)) (local.get $j)) (i32.const 2)))
                (local.get $count) (local.get $aStepBytes) (local.get $rowBytes) (local.get $aRowBytes))
              (local.set $k (i32.add (local.get $k) (i32.const 4)))
              (br $quads)))
          ;; The last K mod 4 values of k, each 4 columns at a time.
          (call $strip (local.get $out) (local.get $a) (local.get $b) (local.get $k) (local.get $K) (local.get $co) (local.get $j) (i32.const 4)
            (local.get $n0) (local.get $count) (local.get $aRowBytes) (local.get $aStepBytes))
          (call $strip (local.get $out) (local.get $a) (local.get $b) (local.get $k) (local.get $K) (local.get $co) (i32.add (local.get $j) (i32.const 4)) (i32.const 4)
            (local.get $n0) (local.get $count) (local.get $aRowBytes) (local.get $aStepBytes))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br $blocks)))
      ;; The last co mod 8 columns: 4, then one at a time.
      (if (i32.le_s (i32.add (local.get $j) (i32.const 4)) (local.get $co))
        (then
          (call $strip (local.get $out) (local.get $a) (local.get $b) (i32.const 0) (local.get $K) (local.get $co) (local.get $j) (i32.const 4)
            (local.get $n0) (local.get $count) (local.get $aRowBytes) (local.get $aStepBytes))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))))
      (block $columns_done
        (loop $columns
          (br_if $columns_done (i32.ge_s (local.get $j) (local.get $co)))
          (call $strip (local.get $out) (local.get $a) (local.get $b) (i32.const 0) (local.get $K) (local.get $co) (local.get $j) (i32.const 1)
            (local.get $n0) (local.get $count) (local.get $aRowBytes) (local.get $aStepBytes))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $columns)))
      (local.set $n0 (i32.add (local.get $n0) (local.get $count)))
      (br_if $chunks (i32.lt_s (local.get $n0) (local.get $N)))))

  ;; reduce_rows over one chunk for k in [k0, K) and columns [j, j + width), width 4 or 1.
  (func $strip
    (param $out i32) (param $a i32) (param $b i32) (param $k i32) (param $K i32) (param $co i32) (param $j i32) (param $width i32)
    (param $n0 i32) (param $count i32) (param $aRowBytes i32) (param $aStepBytes i32)
    (local $po i32) (local $pa i32) (local $pb i32)
    (local.set $pb (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $n0) (local.get $co)) (local.get $j)) (i32.const 2))))
    (block $done
      (loop $k_loop
        (br_if $done (i32.ge_s (local.get $k) (local.get $K)))
        (local.set $po (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $co)) (local.get $j)) (i32.const 2))))
        (local.set $pa (i32.add (i32.add (local.get $a) (i32.mul (local.get $k) (local.get $aRowBytes))) (i32.mul (local.get $n0) (local.get $aStepBytes))))
        (if (i32.eq (local.get $width) (i32.const 4))
          (then (call $reduce_1x4 (local.get $po) (local.get $pa) (local.get $pb) (local.get $count) (local.get $aStepBytes) (i32.shl (local.get $co) (i32.const 2))))
          (else (call $reduce_1x1 (local.get $po) (local.get $pa) (local.get $pb) (local.get $count) (local.get $aStepBytes) (i32.shl (local.get $co) (i32.const 2)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $k_loop))))

  ;; out[r, 0..8) += sum over count rows of a[r] * b[0..8) for r in 0..4: four values of a
  ;; (aRowBytes apart) times two vectors of b, eight accumulators in registers. out's rows are as
  ;; long as b's (co floats).
  (func $reduce_4x8 (param $po i32) (param $pa i32) (param $pb i32) (param $count i32) (param $aStep i32) (param $rowBytes i32) (param $aRowBytes i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $d v128)
    (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128)
    (local $c0 v128) (local $c1 v128) (local $e0 v128) (local $e1 v128)
    (local $outRowBytes i32) (local $aRow3 i32)
    (local.set $aRow3 (i32.mul (local.get $aRowBytes) (i32.const 3)))
    (loop $rows
      (local.set $s0 (v128.load32_splat (local.get $pa)))
      (local.set $s1 (v128.load32_splat (i32.add (local.get $pa) (local.get $aRowBytes))))
      (local.set $s2 (v128.load32_splat (i32.add (local.get $pa) (i32.shl (local.get $aRowBytes) (i32.const 1)))))
      (local.set $s3 (v128.load32_splat (i32.add (local.get $pa) (local.get $aRow3))))
      (local.set $d (v128.load offset=0 (local.get $pb)))
      (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s0) (local.get $d))))
      (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $s1) (local.get $d))))
      (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s2) (local.get $d))))
      (local.set $e0 (f32x4.add (local.get $e0) (f32x4.mul (local.get $s3) (local.get $d))))
      (local.set $d (v128.load offset=16 (local.get $pb)))
      (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s0) (local.get $d))))
      (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $s1) (local.get $d))))
      (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s2) (local.get $d))))
      (local.set $e1 (f32x4.add (local.get $e1) (f32x4.mul (local.get $s3) (local.get $d))))
      (local.set $pa (i32.add (local.get $pa) (local.get $aStep)))
      (local.set $pb (i32.add (local.get $pb) (local.get $rowBytes)))
      (local.set $count (i32.sub (local.get $count) (i32.const 1)))
      (br_if $rows (i32.gt_s (local.get $count) (i32.const 0))))
    ;; out and b have the same row length (co).
    (local.set $outRowBytes (local.get $rowBytes))
    (v128.store offset=0 (local.get $po) (f32x4.add (v128.load offset=0 (local.get $po)) (local.get $a0)))
    (v128.store offset=16 (local.get $po) (f32x4.add (v128.load offset=16 (local.get $po)) (local.get $a1)))
    (local.set $po (i32.add (local.get $po) (local.get $outRowBytes)))
    (v128.store offset=0 (local.get $po) (f32x4.add (v128.load offset=0 (local.get $po)) (local.get $b0)))
    (v128.store offset=16 (local.get $po) (f32x4.add (v128.load offset=16 (local.get $po)) (local.get $b1)))
    (local.set $po (i32.add (local.get $po) (local.get $outRowBytes)))
    (v128.store offset=0 (local.get $po) (f32x4.add (v128.load offset=0 (local.get $po)) (local.get $c0)))
    (v128.store offset=16 (local.get $po) (f32x4.add (v128.load offset=16 (local.get $po)) (local.get $c1)))
    (local.set $po (i32.add (local.get $po) (local.get $outRowBytes)))
    (v128.store offset=0 (local.get $po) (f32x4.add (v128.load offset=0 (local.get $po)) (local.get $e0)))
    (v128.store offset=16 (local.get $po) (f32x4.add (v128.load offset=16 (local.get $po)) (local.get $e1))))

  ;; out[0..4) += sum over count rows of a * b[0..4) (two accumulators over alternate rows, so
  ;; the adds overlap).
  (func $reduce_1x4 (param $po i32) (param $pa i32) (param $pb i32) (param $count i32) (param $aStep i32) (param $rowBytes i32)
    (local $a0 v128) (local $a1 v128)
    (block $done
      (loop $pairs
        (br_if $done (i32.lt_s (local.get $count) (i32.const 2)))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat (local.get $pa)) (v128.load (local.get $pb)))))
        (local.set $pa (i32.add (local.get $pa) (local.get $aStep)))
        (local.set $pb (i32.add (local.get $pb) (local.get $rowBytes)))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load32_splat (local.get $pa)) (v128.load (local.get $pb)))))
        (local.set $pa (i32.add (local.get $pa) (local.get $aStep)))
        (local.set $pb (i32.add (local.get $pb) (local.get $rowBytes)))
        (local.set $count (i32.sub (local.get $count) (i32.const 2)))
        (br $pairs)))
    (if (local.get $count)
      (then (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat (local.get $pa)) (v128.load (local.get $pb)))))))
    (v128.store (local.get $po) (f32x4.add (v128.load (local.get $po)) (f32x4.add (local.get $a0) (local.get $a1)))))

  ;; out[0] += sum over count rows of a * b[0].
  (func $reduce_1x1 (param $po i32) (param $pa i32) (param $pb i32) (param $count i32) (param $aStep i32) (param $rowBytes i32)
    (local $acc f32)
    (loop $rows
      (local.set $acc (f32.add (local.get $acc) (f32.mul (f32.load (local.get $pa)) (f32.load (local.get $pb)))))
      (local.set $pa (i32.add (local.get $pa) (local.get $aStep)))
      (local.set $pb (i32.add (local.get $pb) (local.get $rowBytes)))
      (local.set $count (i32.sub (local.get $count) (i32.const 1)))
      (br_if $rows (i32.gt_s (local.get $count) (i32.const 0))))
    (f32.store (local.get $po) (f32.add (f32.load (local.get $po)) (local.get $acc))))

  ;; Gradient of a 2x2, stride-2 max pooling that tiles the NHWC input exactly (rows = n * oh
  ;; window rows of ow windows, c channels): in each window, the first element in row-major
  ;; order equal to the pooled maximum gets dy, the other three +0 (the cpu backend's tie rule,
  ;; bit for bit the JS version's output). Four channels at a time with masks, no branches on
  ;; the data; channels beyond a multiple of four one at a time.
  (func (export "max_pool_grad_2x2")
    (param $out i32) (param $xs i32) (param $ys i32) (param $g i32)
    (param $rows i32) (param $ow i32) (param $c i32)
    (local $p i32) (local $q i32) (local $cb i32) (local $rowBytes i32) (local $c4 i32)
    (local $r i32) (local $x i32) (local $ch i32) (local $t i32)
    (local $m v128) (local $dy v128) (local $taken v128) (local $hit v128)
    (local $ms f32) (local $dys f32) (local $took i32) (local $on i32)
    (if (i32.or (i32.or (i32.le_s (local.get $rows) (i32.const 0)) (i32.le_s (local.get $ow) (i32.const 0)))
                (i32.le_s (local.get $c) (i32.const 0)))
      (then (return)))
    ;; p: byte offset (in xs and out) of the current window's top-left element and channel;
    ;; q: byte offset in ys and dy. The window's other elements are one pixel (cb) and one
    ;; input row (rowBytes) further.
    (local.set $cb (i32.shl (local.get $c) (i32.const 2)))
    (local.set $rowBytes (i32.shl (i32.mul (local.get $ow) (local.get $cb)) (i32.const 1)))
    (local.set $c4 (i32.and (local.get $c) (i32.const -4)))
    (loop $row_loop
      (local.set $x (i32.const 0))
      (loop $window_loop
        (local.set $ch (i32.const 0))
        (block $vectors_done
          (loop $vectors
            (br_if $vectors_done (i32.ge_s (local.get $ch) (local.get $c4)))
            (local.set $m (v128.load (i32.add (local.get $ys) (local.get $q))))
            (local.set $dy (v128.load (i32.add (local.get $g) (local.get $q))))
            (local.set $taken (f32x4.eq (v128.load (i32.add (local.get $xs) (local.get $p))) (local.get $m)))
            (v128.store (i32.add (local.get $out) (local.get $p)) (v128.and (local.get $dy) (local.get $taken)))
            (local.set $t (i32.add (local.get $p) (local.get $cb)))
            (local.set $hit (v128.andnot (f32x4.eq (v128.load (i32.add (local.get $xs) (local.get $t))) (local.get $m)) (local.get $taken)))
            (v128.store (i32.add (local.get $out) (local.get $t)) (v128.and (local.get $dy) (local.get $hit)))
            (local.set $taken (v128.or (local.get $taken) (local.get $hit)))
            (local.set $t (i32.add (local.get $p) (local.get $rowBytes)))
            (local.set $hit (v128.andnot (f32x4.eq (v128.load (i32.add (local.get $xs) (local.get $t))) (local.get $m)) (local.get $taken)))
            (v128.store (i32.add (local.get $out) (local.get $t)) (v128.and (local.get $dy) (local.get $hit)))
            (local.set $taken (v128.or (local.get $taken) (local.get $hit)))
            (local.set $t (i32.add (local.get $t) (local.get $cb)))
            (local.set $hit (v128.andnot (f32x4.eq (v128.load (i32.add (local.get $xs) (local.get $t))) (local.get $m)) (local.get $taken)))
            (v128.store (i32.add (local.get $out) (local.get $t)) (v128.and (local.get $dy) (local.get $hit)))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (local.set $ch (i32.add (local.get $ch) (i32.const 4)))
            (br $vectors)))
        (block $tail_done
          (loop $tail
            (br_if $tail_done (i32.ge_s (local.get $ch) (local.get $c)))
            (local.set $ms (f32.load (i32.add (local.get $ys) (local.get $q))))
            (local.set $dys (f32.load (i32.add (local.get $g) (local.get $q))))
            (local.set $took (f32.eq (f32.load (i32.add (local.get $xs) (local.get $p))) (local.get $ms)))
            (f32.store (i32.add (local.get $out) (local.get $p)) (select (local.get $dys) (f32.const 0) (local.get $took)))
            (local.set $t (i32.add (local.get $p) (local.get $cb)))
            (local.set $on (i32.and (f32.eq (f32.load (i32.add (local.get $xs) (local.get $t))) (local.get $ms)) (i32.eqz (local.get $took))))
            (f32.store (i32.add (local.get $out) (local.get $t)) (select (local.get $dys) (f32.const 0) (local.get $on)))
            (local.set $took (i32.or (local.get $took) (local.get $on)))
            (local.set $t (i32.add (local.get $p) (local.get $rowBytes)))
            (local.set $on (i32.and (f32.eq (f32.load (i32.add (local.get $xs) (local.get $t))) (local.get $ms)) (i32.eqz (local.get $took))))
            (f32.store (i32.add (local.get $out) (local.get $t)) (select (local.get $dys) (f32.const 0) (local.get $on)))
            (local.set $took (i32.or (local.get $took) (local.get $on)))
            (local.set $t (i32.add (local.get $t) (local.get $cb)))
            (local.set $on (i32.and (f32.eq (f32.load (i32.add (local.get $xs) (local.get $t))) (local.get $ms)) (i32.eqz (local.get $took))))
            (f32.store (i32.add (local.get $out) (local.get $t)) (select (local.get $dys) (f32.const 0) (local.get $on)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
            (br $tail)))
        ;; p now points at the window's top-right pixel, already written: skip it.
        (local.set $p (i32.add (local.get $p) (local.get $cb)))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br_if $window_loop (i32.lt_s (local.get $x) (local.get $ow))))
      ;; p is at the start of the window row's second input row, already written: skip it.
      (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $row_loop (i32.lt_s (local.get $r) (local.get $rows)))))
)
