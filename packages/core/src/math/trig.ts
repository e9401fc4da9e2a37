// sin and cos: the argument is reduced to y = x − n·π/2, |y| ≤ π/4, kept as a double-double
// y0 + y1, then sin or cos of y by its Taylor polynomial, chosen and signed by n mod 4.
// Reduction: below 1.5·2^20, Cody–Waite with π/2 in four parts (33 + 33 + 33 + 53 bits, so the
// products n·part are exact and the result keeps its precision even when x is within 2^-60 of a
// multiple of π/2); beyond, Payne–Hanek (M. Payne and R. Hanek, "Radian reduction for
// trigonometric functions", SIGNUM Newsletter 18(1), 1983): x·2/π computed exactly as an integer
// product with the bits of 2/π, in BigInt (exact integer arithmetic, the same in every engine).
import {
  PIO2_1, PIO2_2, PIO2_3, PIO2_4, PIO2_HI, PIO2_LO,
  TWO_OVER_PI, TWO_OVER_PI_FRACTION_BITS, TWO_OVER_PI_HEX,
} from './constants.js';
import { highWord, lowWord, pow2, productError, sumError } from './double.js';

const PIO4 = 0.7853981633974483; // π/4 rounded down
const ROUND = 6755399441055744; // + and − 1.5·2^52 round to an integer
const MEDIUM = 1572864; // 1.5·2^20: below it n = round(x·2/π) < 2^20, so n·PIO2_1..3 are exact

// Taylor coefficients (sin's y³/6 and cos's y⁴/24 are handled apart). sin to y^17 (the next term
// is below 2^-60·sin y for |y| ≤ π/4); cos to y^18 (below 2^-65 of cos y)
const S5 = 1 / 120;
const S7 = -1 / 5040;
const S9 = 1 / 362880;
const S11 = -1 / 39916800;
const S13 = 1 / 6227020800;
const S15 = -1 / 1307674368000;
const S17 = 1 / 355687428096000;
const C6 = -1 / 720;
const C8 = 1 / 40320;
const C10 = -1 / 3628800;
const C12 = 1 / 479001600;
const C14 = -1 / 87178291200;
const C16 = 1 / 20922789888000;
const C18 = -1 / 6402373705728000;

/**
 * sin(y0 + y1) for |y0| ≤ π/4 and |y1| ≤ ulp(y0). The first two terms, y0 − y0³/6, are summed
 * as a double-double (y0³ by Dekker's products, /6 with its exact remainder): rounding them in
 * double would cost up to 0.15 ulp on top of the final rounding.
 */
function sinKernel(y0: number, y1: number): number {
  const z = y0 * y0;
  const ze = productError(y0, y0, z); // y0² = z + ze
  const v = y0 * z;
  const ve = productError(y0, z, v) + y0 * ze; // y0³ = v + ve
  // −y0³/6 = c + ce: c rounded, ce from the remainder −v − 6c, exact (c split 50 + 3 bits)
  const c = -v / 6;
  const t = 9 * c;
  const cH = t - (t - c);
  const cL = c - cH;
  const ce = (-v - 6 * cH - 6 * cL - ve) / 6;
  const s = y0 + c;
  const poly = S5 + z * (S7 + z * (S9 + z * (S11 + z * (S13 + z * (S15 + z * S17)))));
  // sin(y0 + y1) ≈ sin y0 + y1·cos y0, cos y0 ≈ 1 − z/2 + z²/24
  return s + (y0 - s + c + ce + v * z * poly + y1 * (1 - 0.5 * z * (1 - z / 12)));
}

/**
 * cos(y0 + y1) for |y0| ≤ π/4 and |y1| ≤ ulp(y0). Like sin, the leading terms 1 − y0²/2 + y0⁴/24
 * are summed as a double-double (y0² and y0⁴ by Dekker's products, /24 with its exact remainder).
 */
function cosKernel(y0: number, y1: number): number {
  const z = y0 * y0;
  const ze = productError(y0, y0, z); // y0² = z + ze
  const q = z * z;
  const qe = productError(z, z, q) + 2 * z * ze; // y0⁴ = q + qe
  // y0⁴/24 = c + ce: c rounded, ce from the remainder q − 24c, exact (c split 51 + 2 bits)
  const c = q / 24;
  const t = 5 * c;
  const cH = t - (t - c);
  const cL = c - cH;
  const ce = (q - 24 * cH - 24 * cL + qe) / 24;
  const hz = 0.5 * z;
  const w = 1 - hz; // 1 − z/2 = w + (1 − w − hz), exactly
  const s = w + c;
  const poly = C6 + z * (C8 + z * (C10 + z * (C12 + z * (C14 + z * (C16 + z * C18)))));
  // cos(y0 + y1) ≈ cos y0 − y1·sin y0, sin y0 ≈ y0·(1 − z/6): y1 can be half an ulp of y0,
  // and y1·y0 alone would be off by 0.03 ulp
  return s + (w - s + c + (1 - w - hz) - 0.5 * ze + ce + q * z * poly - y0 * y1 * (1 - z / 6));
}

// the reduced argument of the last reduce() call
let y0 = 0;
let y1 = 0;

/** Reduces x: returns n and sets y0 + y1 = x − n·π/2, |y0| ≤ π/4 (slightly more at the edges). */
function reduce(x: number): number {
  if (Math.abs(x) >= MEDIUM) return reduceHuge(x);
  const n = x * TWO_OVER_PI + ROUND - ROUND;
  const r = x - n * PIO2_1; // exact: n·PIO2_1 is, and x is within a factor 2 of it (Sterbenz)
  const w2 = n * PIO2_2; // exact
  const w3 = n * PIO2_3; // exact
  // r − w2 − w3 with the rounding errors kept (TwoSum twice)
  const a = r - w2;
  const ae = sumError(r, -w2, a);
  const b = a - w3;
  const be = sumError(a, -w3, b);
  const lo = ae + be - n * PIO2_4;
  y0 = b + lo;
  y1 = lo - (y0 - b);
  return n | 0;
}

let twoOverPi: bigint | undefined;

/** reduce() for |x| ≥ 1.5·2^20 (Payne–Hanek, exact in BigInt). */
function reduceHuge(x: number): number {
  const hw = highWord(x);
  const lw = lowWord();
  // |x| = M·2^e with a 53-bit integer M; here e ≥ −32
  const e = ((hw >>> 20) & 0x7ff) - 1075;
  const M = (BigInt((hw & 0xfffff) | 0x100000) << 32n) | BigInt(lw);
  twoOverPi ??= BigInt(`0x${TWO_OVER_PI_HEX}`);
  // |x|·2/π = p·2^-shift, exactly but for the bits of 2/π beyond the table (< 2^-190 here)
  const shift = BigInt(TWO_OVER_PI_FRACTION_BITS - e);
  const p = M * twoOverPi;
  let n = Number((p >> shift) & 3n);
  let frac = p & ((1n << shift) - 1n);
  if (frac >> (shift - 1n)) {
    // round to the nearest quadrant: the fraction becomes negative
    n += 1;
    frac -= 1n << shift;
  }
  // the top 128 bits of the fraction, as a double-double fh + fl times 2^-128
  const f = frac >> (shift - 128n);
  const fh = Number(f);
  const fl = Number(f - BigInt(fh));
  const s = pow2(-128);
  const sh = fh * s;
  const sl = fl * s;
  // y = (sh + sl)·π/2, sh·PIO2_HI exactly
  const ph = sh * PIO2_HI;
  const pe = productError(sh, PIO2_HI, ph) + (sh * PIO2_LO + sl * PIO2_HI);
  y0 = ph + pe;
  y1 = pe - (y0 - ph);
  if (x < 0) {
    y0 = -y0;
    y1 = -y1;
    n = -n;
  }
  return n;
}

/**
 * @internal sin(x) within 0.51 ulp of the exact value for every finite x, the same bits on every
 * engine. sin(±0) = ±0; ±∞ and NaN → NaN.
 */
export function sin(x: number): number {
  const a = Math.abs(x);
  if (a <= PIO4) return a < 1.4901161193847656e-8 ? x : sinKernel(x, 0); // sin x rounds to x below 2^-26
  if (!(a < Infinity)) return NaN;
  const n = reduce(x);
  switch (n & 3) {
    case 0: return sinKernel(y0, y1);
    case 1: return cosKernel(y0, y1);
    case 2: return -sinKernel(y0, y1);
    default: return -cosKernel(y0, y1);
  }
}

/**
 * @internal cos(x) within 0.51 ulp of the exact value for every finite x, the same bits on every
 * engine. cos(±0) = 1; ±∞ and NaN → NaN.
 */
export function cos(x: number): number {
  const a = Math.abs(x);
  if (a <= PIO4) return a < 7.450580596923828e-9 ? 1 : cosKernel(x, 0); // cos x rounds to 1 below 2^-27
  if (!(a < Infinity)) return NaN;
  const n = reduce(x);
  switch (n & 3) {
    case 0: return cosKernel(y0, y1);
    case 1: return -sinKernel(y0, y1);
    case 2: return -cosKernel(y0, y1);
    default: return sinKernel(y0, y1);
  }
}
