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
