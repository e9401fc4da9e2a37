;; The matrix-multiply kernels behind gemm(), in WebAssembly with 128-bit SIMD (f64x2).
;; Compiled by scripts/build-wasm.mjs into gemm-wasm-bytes.ts; gemm-wasm.ts drives it.
;;
;; The JS side copies each operand into linear memory, `pack` lays it out as panels of 4 rows,
;; `gemm` multiplies panel by panel with a 4×4 block of C in eight f64x2 registers, and the JS
;; side reads C back. Every element of C is summed over k in order, c += a·b with a separate
;; multiply and add (WebAssembly never fuses them), so the results are bit for bit those of the
;; 4×4 JavaScript kernel in gemm.ts. No relaxed SIMD (f64x2.relaxed_madd): Node 20 lacks it.
;;
;; For float32 operands and result, `pack32` and `gemm32` do the same in f32x4, a 4×8 block of C
;; in eight registers: twice the numbers per instruction, summed in float32 (the JS kernel sums
;; in float64 and rounds once), so those results agree with JS within float32 rounding.
(module
  (memory (export "memory") 1)

  ;; pack(src, rows, depth, rs, ds, dst): copies X[rows, depth], element (r, d) read at
  ;; src + 8·(r·rs + d·ds), into panels of 4 rows: panel p holds depth groups of 4 values,
  ;; X(4p + i, d) at dst + 32·(depth·p + d) + 8·i. Missing rows of the last panel are zeros.
  ;; A [M, K] is packed as X = A, B [K, N] as X = Bᵀ; strides in elements, addresses in bytes.
  (func (export "pack")
    (param $src i32) (param $rows i32) (param $depth i32) (param $rs i32) (param $ds i32) (param $dst i32)
    (local $panel i32) (local $r i32) (local $s i32) (local $o i32) (local $end i32)
    (local.set $panel (i32.shl (local.get $depth) (i32.const 5)))
    (if (i32.and (local.get $rows) (i32.const 3))
      (then
        (memory.fill
          (i32.add (local.get $dst) (i32.mul (i32.shr_u (local.get $rows) (i32.const 2)) (local.get $panel)))
          (i32.const 0)
          (local.get $panel))))
    (local.set $rs (i32.shl (local.get $rs) (i32.const 3)))
    (local.set $ds (i32.shl (local.get $ds) (i32.const 3)))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $rs))))
        (local.set $o
          (i32.add
            (i32.add (local.get $dst) (i32.mul (i32.shr_u (local.get $r) (i32.const 2)) (local.get $panel)))
            (i32.shl (i32.and (local.get $r) (i32.const 3)) (i32.const 3))))
        (local.set $end (i32.add (local.get $o) (local.get $panel)))
        (block $row_done
          (loop $col
            (br_if $row_done (i32.ge_u (local.get $o) (local.get $end)))
            (f64.store (local.get $o) (f64.load (local.get $s)))
            (local.set $s (i32.add (local.get $s) (local.get $ds)))
            (local.set $o (i32.add (local.get $o) (i32.const 32)))
            (br $col)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; gemm(mp, np, K, a, b, c): C = A·B for A packed into mp panels (4 rows each) at a and Bᵀ
  ;; packed into np panels at b (both by `pack`, depth K). C is written row-major with
  ;; 4·np columns, 4·mp rows, at c. The product runs in slices of 256 along k, so the slice of a
  ;; B panel in use (8 kB) stays in L1 while the A panels stream past it, whatever K; each slice
  ;; after the first continues from the sums the one before stored in C (the same running sums
  ;; as the JS kernel's, so still bit for bit).
  (func (export "gemm")
    (param $mp i32) (param $np i32) (param $K i32) (param $a0 i32) (param $b0 i32) (param $c0 i32)
    (local $ldc i32) (local $apanel i32) (local $bpanel i32) (local $k0 i32) (local $kn i32)
    (local $jp i32) (local $ip i32) (local $a i32) (local $b i32) (local $c i32) (local $end i32)
    (local $x v128) (local $y0 v128) (local $y1 v128)
    ;; $cij: row i of the block, columns 2j and 2j + 1
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $ldc (i32.shl (local.get $np) (i32.const 5)))
    (local.set $apanel (i32.shl (local.get $K) (i32.const 5)))
    (local.set $bpanel (i32.shl (local.get $K) (i32.const 5)))
    (loop $k_slices
      (local.set $kn (i32.sub (local.get $K) (local.get $k0)))
      (if (i32.gt_u (local.get $kn) (i32.const 256)) (then (local.set $kn (i32.const 256))))
      (local.set $jp (i32.const 0))
      (block $j_done
        (loop $j_panels
          (br_if $j_done (i32.ge_u (local.get $jp) (local.get $np)))
          (local.set $ip (i32.const 0))
          (block $i_done
            (loop $i_panels
              (br_if $i_done (i32.ge_u (local.get $ip) (local.get $mp)))
              (local.set $a (i32.add (local.get $a0)
                (i32.add (i32.mul (local.get $ip) (local.get $apanel)) (i32.shl (local.get $k0) (i32.const 5)))))
              (local.set $b (i32.add (local.get $b0)
                (i32.add (i32.mul (local.get $jp) (local.get $bpanel)) (i32.shl (local.get $k0) (i32.const 5)))))
              (local.set $end (i32.add (local.get $a) (i32.shl (local.get $kn) (i32.const 5))))
              (local.set $c
                (i32.add (local.get $c0)
                  (i32.add
                    (i32.mul (i32.shl (local.get $ip) (i32.const 2)) (local.get $ldc))
                    (i32.shl (local.get $jp) (i32.const 5)))))
              (if (local.get $k0)
                (then
                  (local.set $c00 (v128.load offset=0 (local.get $c)))
                  (local.set $c01 (v128.load offset=16 (local.get $c)))
                  (local.set $c (i32.add (local.get $c) (local.get $ldc)))
                  (local.set $c10 (v128.load offset=0 (local.get $c)))
                  (local.set $c11 (v128.load offset=16 (local.get $c)))
                  (local.set $c (i32.add (local.get $c) (local.get $ldc)))
                  (local.set $c20 (v128.load offset=0 (local.get $c)))
                  (local.set $c21 (v128.load offset=16 (local.get $c)))
                  (local.set $c (i32.add (local.get $c) (local.get $ldc)))
                  (local.set $c30 (v128.load offset=0 (local.get $c)))
                  (local.set $c31 (v128.load offset=16 (local.get $c))))
                (else
                  (local.set $c00 (v128.const i64x2 0 0)) (local.set $c01 (v128.const i64x2 0 0))
                  (local.set $c10 (v128.const i64x2 0 0)) (local.set $c11 (v128.const i64x2 0 0))
                  (local.set $c20 (v128.const i64x2 0 0)) (local.set $c21 (v128.const i64x2 0 0))
                  (local.set $c30 (v128.const i64x2 0 0)) (local.set $c31 (v128.const i64x2 0 0))))
              (block $k_done
                (loop $k
                  (br_if $k_done (i32.ge_u (local.get $a) (local.get $end)))
                  (local.set $y0 (v128.load offset=0 (local.get $b)))
                  (local.set $y1 (v128.load offset=16 (local.get $b)))
                  (local.set $x (v128.load64_splat offset=0 (local.get $a)))
                  (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $y0))))
                  (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (local.get $y1))))
                  (local.set $x (v128.load64_splat offset=8 (local.get $a)))
                  (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $y0))))
                  (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x) (local.get $y1))))
                  (local.set $x (v128.load64_splat offset=16 (local.get $a)))
                  (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $y0))))
                  (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x) (local.get $y1))))
                  (local.set $x (v128.load64_splat offset=24 (local.get $a)))
                  (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $y0))))
                  (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x) (local.get $y1))))
                  (local.set $a (i32.add (local.get $a) (i32.const 32)))
                  (local.set $b (i32.add (local.get $b) (i32.const 32)))
                  (br $k)))
              (local.set $c
                (i32.add (local.get $c0)
                  (i32.add
                    (i32.mul (i32.shl (local.get $ip) (i32.const 2)) (local.get $ldc))
                    (i32.shl (local.get $jp) (i32.const 5)))))
              (v128.store offset=0 (local.get $c) (local.get $c00))
              (v128.store offset=16 (local.get $c) (local.get $c01))
              (local.set $c (i32.add (local.get $c) (local.get $ldc)))
              (v128.store offset=0 (local.get $c) (local.get $c10))
              (v128.store offset=16 (local.get $c) (local.get $c11))
              (local.set $c (i32.add (local.get $c) (local.get $ldc)))
              (v128.store offset=0 (local.get $c) (local.get $c20))
              (v128.store offset=16 (local.get $c) (local.get $c21))
              (local.set $c (i32.add (local.get $c) (local.get $ldc)))
              (v128.store offset=0 (local.get $c) (local.get $c30))
              (v128.store offset=16 (local.get $c) (local.get $c31))
              (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
              (br $i_panels)))
          (local.set $jp (i32.add (local.get $jp) (i32.const 1)))
          (br $j_panels)))
      (local.set $k0 (i32.add (local.get $k0) (i32.const 256)))
      (br_if $k_slices (i32.lt_u (local.get $k0) (local.get $K)))))

  ;; pack32(src, rows, depth, rs, ds, dst, w): as `pack`, for float32 values (4 bytes each) and
  ;; panels of w rows (w = 4 for A, 8 for B): X(w·p + i, d) at dst + 4·(w·(depth·p + d) + i).
  (func (export "pack32")
    (param $src i32) (param $rows i32) (param $depth i32) (param $rs i32) (param $ds i32) (param $dst i32) (param $w i32)
    (local $panel i32) (local $step i32) (local $r i32) (local $s i32) (local $o i32) (local $end i32)
    (local.set $step (i32.shl (local.get $w) (i32.const 2)))
    (local.set $panel (i32.mul (local.get $depth) (local.get $step)))
    (if (i32.rem_u (local.get $rows) (local.get $w))
      (then
        (memory.fill
          (i32.add (local.get $dst) (i32.mul (i32.div_u (local.get $rows) (local.get $w)) (local.get $panel)))
          (i32.const 0)
          (local.get $panel))))
    (local.set $rs (i32.shl (local.get $rs) (i32.const 2)))
    (local.set $ds (i32.shl (local.get $ds) (i32.const 2)))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $rs))))
        (local.set $o
          (i32.add
            (i32.add (local.get $dst) (i32.mul (i32.div_u (local.get $r) (local.get $w)) (local.get $panel)))
            (i32.shl (i32.rem_u (local.get $r) (local.get $w)) (i32.const 2))))
        (local.set $end (i32.add (local.get $o) (local.get $panel)))
        (block $row_done
          (loop $col
            (br_if $row_done (i32.ge_u (local.get $o) (local.get $end)))
            (f32.store (local.get $o) (f32.load (local.get $s)))
            (local.set $s (i32.add (local.get $s) (local.get $ds)))
            (local.set $o (i32.add (local.get $o) (local.get $step)))
            (br $col)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; gemm32(mp, np, K, a, b, c): as `gemm` in float32, for A packed by pack32 into mp panels of
  ;; 4 rows and Bᵀ into np panels of 8 rows; C is written row-major with 8·np columns.
  (func (export "gemm32")
    (param $mp i32) (param $np i32) (param $K i32) (param $a0 i32) (param $b0 i32) (param $c0 i32)
    (local $ldc i32) (local $apanel i32) (local $bpanel i32) (local $k0 i32) (local $kn i32)
    (local $jp i32) (local $ip i32) (local $a i32) (local $b i32) (local $c i32) (local $end i32)
    (local $x v128) (local $y0 v128) (local $y1 v128)
    ;; $cij: row i of the block, columns 4j to 4j + 3
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $ldc (i32.shl (local.get $np) (i32.const 5)))
    (local.set $apanel (i32.shl (local.get $K) (i32.const 4)))
    (local.set $bpanel (i32.shl (local.get $K) (i32.const 5)))
    (loop $k_slices
      (local.set $kn (i32.sub (local.get $K) (local.get $k0)))
      (if (i32.gt_u (local.get $kn) (i32.const 256)) (then (local.set $kn (i32.const 256))))
      (local.set $jp (i32.const 0))
      (block $j_done
        (loop $j_panels
          (br_if $j_done (i32.ge_u (local.get $jp) (local.get $np)))
          (local.set $ip (i32.const 0))
          (block $i_done
            (loop $i_panels
              (br_if $i_done (i32.ge_u (local.get $ip) (local.get $mp)))
              (local.set $a (i32.add (local.get $a0)
                (i32.add (i32.mul (local.get $ip) (local.get $apanel)) (i32.shl (local.get $k0) (i32.const 4)))))
              (local.set $b (i32.add (local.get $b0)
                (i32.add (i32.mul (local.get $jp) (local.get $bpanel)) (i32.shl (local.get $k0) (i32.const 5)))))
              (local.set $end (i32.add (local.get $a) (i32.shl (local.get $kn) (i32.const 4))))
              (local.set $c
                (i32.add (local.get $c0)
                  (i32.add
                    (i32.mul (i32.shl (local.get $ip) (i32.const 2)) (local.get $ldc))
                    (i32.shl (local.get $jp) (i32.const 5)))))
              (if (local.get $k0)
                (then
                  (local.set $c00 (v128.load offset=0 (local.get $c)))
                  (local.set $c01 (v128.load offset=16 (local.get $c)))
                  (local.set $c (i32.add (local.get $c) (local.get $ldc)))
                  (local.set $c10 (v128.load offset=0 (local.get $c)))
                  (local.set $c11 (v128.load offset=16 (local.get $c)))
                  (local.set $c (i32.add (local.get $c) (local.get $ldc)))
                  (local.set $c20 (v128.load offset=0 (local.get $c)))
                  (local.set $c21 (v128.load offset=16 (local.get $c)))
                  (local.set $c (i32.add (local.get $c) (local.get $ldc)))
                  (local.set $c30 (v128.load offset=0 (local.get $c)))
                  (local.set $c31 (v128.load offset=16 (local.get $c))))
                (else
                  (local.set $c00 (v128.const i64x2 0 0)) (local.set $c01 (v128.const i64x2 0 0))
                  (local.set $c10 (v128.const i64x2 0 0)) (local.set $c11 (v128.const i64x2 0 0))
                  (local.set $c20 (v128.const i64x2 0 0)) (local.set $c21 (v128.const i64x2 0 0))
                  (local.set $c30 (v128.const i64x2 0 0)) (local.set $c31 (v128.const i64x2 0 0))))
              (block $k_done
                (loop $k
                  (br_if $k_done (i32.ge_u (local.get $a) (local.get $end)))
                  (local.set $y0 (v128.load offset=0 (local.get $b)))
                  (local.set $y1 (v128.load offset=16 (local.get $b)))
                  (local.set $x (v128.load32_splat offset=0 (local.get $a)))
                  (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $y0))))
                  (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $y1))))
                  (local.set $x (v128.load32_splat offset=4 (local.get $a)))
                  (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $y0))))
                  (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $y1))))
                  (local.set $x (v128.load32_splat offset=8 (local.get $a)))
                  (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $y0))))
                  (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $y1))))
                  (local.set $x (v128.load32_splat offset=12 (local.get $a)))
                  (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $y0))))
                  (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $y1))))
                  (local.set $a (i32.add (local.get $a) (i32.const 16)))
                  (local.set $b (i32.add (local.get $b) (i32.const 32)))
                  (br $k)))
              (local.set $c
                (i32.add (local.get $c0)
                  (i32.add
                    (i32.mul (i32.shl (local.get $ip) (i32.const 2)) (local.get $ldc))
                    (i32.shl (local.get $jp) (i32.const 5)))))
              (v128.store offset=0 (local.get $c) (local.get $c00))
              (v128.store offset=16 (local.get $c) (local.get $c01))
              (local.set $c (i32.add (local.get $c) (local.get $ldc)))
              (v128.store offset=0 (local.get $c) (local.get $c10))
              (v128.store offset=16 (local.get $c) (local.get $c11))
              (local.set $c (i32.add (local.get $c) (local.get $ldc)))
              (v128.store offset=0 (local.get $c) (local.get $c20))
              (v128.store offset=16 (local.get $c) (local.get $c21))
              (local.set $c (i32.add (local.get $c) (local.get $ldc)))
              (v128.store offset=0 (local.get $c) (local.get $c30))
              (v128.store offset=16 (local.get $c) (local.get $c31))
              (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
              (br $i_panels)))
          (local.set $jp (i32.add (local.get $jp) (i32.const 1)))
          (br $j_panels)))
      (local.set $k0 (i32.add (local.get $k0) (i32.const 256)))
      (br_if $k_slices (i32.lt_u (local.get $k0) (local.get $K)))))
)
