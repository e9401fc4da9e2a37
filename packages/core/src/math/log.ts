// log(x) by Tang's table-driven method (P. T. P. Tang, "Table-driven implementation of the
// logarithm function in IEEE floating-point arithmetic", ACM TOMS 16(4), 1990), with 32 entries:
// x = 2^k·m, m = F·(1 + u) with F = 1 + j/32 the nearest grid point, so
// log x = k·ln2 + log F + log(1 + u), |u| ≤ 1/64. log F comes from a table as hi + lo, and
// log(1 + u) from its Taylor series; u = (m − F)/F is formed with its exact remainder. The sum is
// kept as a double-double, which pow needs (its error is multiplied by y).
import { LN2_HI, LN2_LO } from './constants.js';
import { LOG_TABLE } from './tables.js';
import { highWord, POW2, productError, sumError } from './double.js';

// 1/F = 32/(32 + j), rounded (division is correctly rounded: the same everywhere)
const INV_F: Float64Array = /* @__PURE__ */ (() => {
  const t = new Float64Array(32);
  for (let j = 0; j < 32; j++) t[j] = 32 / (32 + j);
  return t;
})();

// Taylor coefficients of log(1 + u) − u + u²/2, to u^12: the next term is below 2^-72·u
const C3 = 1 / 3;
const C4 = -1 / 4;
const C5 = 1 / 5;
const C6 = -1 / 6;
const C7 = 1 / 7;
const C8 = -1 / 8;
const C9 = 1 / 9;
const C10 = -1 / 10;
const C11 = 1 / 11;
const C12 = -1 / 12;

/**
 * @internal log(x) as a double-double for a positive finite x: returns the high part and writes
 * the low part to out[0]; the sum is within 2^-64 of log x, relatively.
 */
export function logDD(x: number, out: Float64Array): number {
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: subnormals become normal
    k = -54;
  }
  const e = (highWord(x) >>> 20) - 1023;
  k += e;
  // m = x·2^-e ∈ [1, 2), exact (2^-1023 is subnormal, outside POW2)
  let m = e < 1023 ? x * POW2[1022 - e] : x * 1.1125369292536007e-308;
  let j = Math.floor((m - 1) * 32 + 0.5);
  if (j === 32) {
    // m close to 2: use m/2 close to 1 instead, so that log x near 1 (x just below) has no cancellation
    m *= 0.5;
    k += 1;
    j = 0;
  }
  const F = 1 + j / 32;
  const f = m - F; // exact
  let uh = f;
  let ul = 0;
  if (j !== 0) {
    // u = f/F with a reciprocal instead of a division: uh is then within 2 ulp of f/F, which
    // is enough for the remainder f − uh·F to be a double, computed exactly by splitting uh into
    // 47 + 6 bits (both parts times F, 6 bits, are exact; f − a·F by Sterbenz)
    const inv = INV_F[j];
    uh = f * inv;
    const v = 65 * uh;
    const a = v - (v - uh);
    const b = uh - a;
    ul = (f - a * F - b * F) * inv;
  }
  // log(1 + u) = u − u²/2 + u³·c(u), u² exactly (Dekker): sq + sqe, since its rounding error
  // alone would be 2^-60·u
  const sq = uh * uh;
  const sqe = productError(uh, uh, sq);
  const h = uh - 0.5 * sq;
  const c = C3 + uh * (C4 + uh * (C5 + uh * (C6 + uh * (C7 + uh * (C8 + uh * (C9 + uh * (C10 + uh * (C11 + uh * C12))))))));
  const l = uh - h - 0.5 * sq + (ul - 0.5 * sqe - uh * ul + sq * uh * c);
  // k·ln2 + log F + h + l, with the large parts added exactly (TwoSum)
  const kh = k * LN2_HI; // exact
  const fh = LOG_TABLE[2 * j];
  const s1 = kh + fh;
  const e1 = sumError(kh, fh, s1);
  const s2 = s1 + h;
  const e2 = sumError(s1, h, s2);
  const lo = e1 + e2 + (k * LN2_LO + LOG_TABLE[2 * j + 1] + l);
  const hi = s2 + lo;
  out[0] = lo - (hi - s2);
  return hi;
}

const TAIL = new Float64Array(1);

/**
 * @internal The natural logarithm within 0.51 ulp of the exact value, the same bits on every
 * engine. Special values as Math.log: log(±0) = −∞, log(x < 0) = NaN, log(+∞) = +∞.
 */
export function log(x: number): number {
  if (x > 0 && x < Infinity) return logDD(x, TAIL);
  if (x === 0) return -Infinity;
  return x === Infinity ? Infinity : NaN;
}
