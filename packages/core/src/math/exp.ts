// e^x by Tang's table-driven method (P. T. P. Tang, "Table-driven implementation of the
// exponential function in IEEE floating-point arithmetic", ACM TOMS 15(2), 1989), with 32 table
// entries: x = (32k + j)·ln2/32 + r with |r| ≤ ln2/64, so e^x = 2^k · 2^(j/32) · e^r, where
// 2^(j/32) comes from a table as hi + lo and e^r − 1 from its Taylor polynomial of degree 6.
// ln2/32 is split Cody–Waite style (W. J. Cody and W. Waite, "Software Manual for the Elementary
// Functions", 1980) so that x − n·ln2/32 loses nothing.
import { INV_LN2, LN2_HI, LN2_LO } from './constants.js';
import { EXP2_TABLE } from './tables.js';
import { POW2, pow2, productError, sumError } from './double.js';

const INV_L = INV_LN2 * 32;
// ln2/32 = L1 + L2, L1 with 36 bits: n·L1 is exact for |n| < 2^17, and x − n·L1 too (Sterbenz)
const L1 = LN2_HI / 32;
const L2 = LN2_LO / 32;
// adding then subtracting 1.5·2^52 rounds a number below 2^51 to an integer (ties to even)
const ROUND = 6755399441055744;
// Taylor coefficients of e^r − 1 − r, for |r| ≤ ln2/64: to r^6 the next term is below 2^-58,
// negligible next to e^r; expm1, whose result can be as small as r, goes on to r^8 (2^-70·r)
const C2 = 1 / 2;
const C3 = 1 / 6;
const C4 = 1 / 24;
const C5 = 1 / 120;
const C6 = 1 / 720;
const C7 = 1 / 5040;
const C8 = 1 / 40320;

/**
 * @internal e^x within 0.54 ulp of the exact value, the same bits on every engine.
 * Special values as Math.exp: NaN → NaN, −∞ → 0, +∞ → +∞.
 */
export function exp(x: number): number {
  if (Math.abs(x) < 708) {
    // the result is normal: no special case below
    const n = x * INV_L + ROUND - ROUND;
    const r = x - n * L1 - n * L2;
    const i = n | 0;
    const r2 = r * r;
    const p = r + r2 * (C2 + r * C3 + r2 * (C4 + r * C5 + r2 * C6));
    const t = EXP2_TABLE[2 * (i & 31)];
    return (t + (EXP2_TABLE[2 * (i & 31) + 1] + t * p)) * POW2[(i >> 5) + 1022];
  }
  return expDD(x, 0);
}

/**
 * (t + u)·2^k for t from the table and a small u, rounded once: also when the result is subnormal,
 * where rounding t + u first and scaling then would round twice (up to 1 ulp off).
 */
function scale(t: number, u: number, k: number): number {
  if (k >= -1021) return k <= 1023 ? (t + u) * POW2[k + 1022] : (t + u) * 2 * POW2[2045];
  // the result is (a + b)·2^-1022; below 2^-1022 its ulp is 2^-1074, that is 2^-52 for a + b,
  // which is where 1 + (a + b) rounds: add 1 (keeping the error of 1 + a), round, subtract 1
  const f = POW2[k + 2044]; // 2^(k + 1022)
  const a = t * f;
  const b = u * f;
  if (a + b >= 1) return (a + b) * POW2[0];
  const h = 1 + a;
  return (h + (1 - h + a + b) - 1) * POW2[0];
}

/**
 * @internal e^(zh + zl) for a double-double zh + zl (|zl| ≤ ulp(zh)), within 0.54 ulp: the tail
 * of the argument is carried through the reduction, for pow.
 */
export function expDD(zh: number, zl: number): number {
  if (!(zh <= 710)) return zh === zh ? Infinity : NaN;
  if (zh < -746) return 0;
  const n = zh * INV_L + ROUND - ROUND;
  const rh = zh - n * L1; // exact
  const rl = zl - n * L2;
  const r = rh + rl;
  const rt = sumError(rh, rl, r);
  const i = n | 0;
  const r2 = r * r;
  const p = r + (rt + r2 * (C2 + r * C3 + r2 * (C4 + r * C5 + r2 * C6)));
  const t = EXP2_TABLE[2 * (i & 31)];
  return scale(t, EXP2_TABLE[2 * (i & 31) + 1] + t * p, i >> 5);
}

/**
 * @internal e^y − 1 as a double-double, for 0 ≤ y ≤ 40: returns the high part and writes the low
 * part to out[0]. The sum is within 2^-62 of the exact value, relatively, so that tanh, a
 * quotient of two such sums, rounds within 0.51 ulp.
 */
export function expm1DD(y: number, out: Float64Array): number {
  const n = y * INV_L + ROUND - ROUND;
  const rh = y - n * L1;
  const rl = -n * L2;
  const r = rh + rl;
  const rt = sumError(rh, rl, r);
  const r2 = r * r;
  // e^(r + rt) − 1 = r + q + rt·(1 + r) + …, q the Taylor tail; P = ph + pl
  const q = r2 * (C2 + r * C3 + r2 * (C4 + r * C5 + r2 * (C6 + r * C7 + r2 * C8)));
  const ph = r + q;
  const pl = q - (ph - r) + rt * (1 + r);
  if (n === 0) {
    out[0] = pl;
    return ph;
  }
  // e^y − 1 = 2^k·(T·(1 + P) − 2^-k), T = th + tl from the table, summed exactly where it matters
  const i = n | 0;
  const k = i >> 5;
  const th = EXP2_TABLE[2 * (i & 31)];
  const tl = EXP2_TABLE[2 * (i & 31) + 1];
  // th·ph = a + ae, th − 2^-k = d + de, d + a = s + se, all exactly
  const a = th * ph;
  const ae = productError(th, ph, a);
  const m = -pow2(-k);
  const d = th + m;
  const de = sumError(th, m, d);
  const s = d + a;
  const se = sumError(d, a, s);
  const lo = se + de + ae + th * pl + tl * (1 + ph);
  const hi = s + lo;
  const scaleK = pow2(k);
  out[0] = (lo - (hi - s)) * scaleK;
  return hi * scaleK;
}
