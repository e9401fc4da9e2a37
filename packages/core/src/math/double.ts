// The bits of a double, and exact powers of two. Everything in src/math works on these and on
// IEEE-754 +, −, ×, ÷ and Math.sqrt, which every engine rounds the same way (to nearest, ties to
// even): that is what makes the functions built on them return the same bits everywhere.

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
// the word holding sign, exponent and top of the fraction: index 1 on little-endian machines
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** @internal The high 32 bits of x: sign, 11 exponent bits, the top 20 bits of the fraction. */
export function highWord(x: number): number {
  F64[0] = x;
  return U32[HI];
}

/** @internal The low 32 bits of x (the rest of the fraction), read after {@link highWord}. */
export function lowWord(): number {
  return U32[LO];
}

/**
 * @internal 2^k for the normal exponents k = −1022 … 1023, at index k + 1022: one load instead of
 * assembling the bits (which made exp almost twice as slow). Filled by doubling and halving, exact.
 */
export const POW2: Float64Array = /* @__PURE__ */ (() => {
  const t = new Float64Array(2046);
  t[1022] = 1;
  for (let k = 1; k <= 1023; k++) t[1022 + k] = t[1021 + k] * 2;
  for (let k = 1; k <= 1022; k++) t[1022 - k] = t[1023 - k] * 0.5;
  return t;
})();

/** @internal 2^k, exactly, for an integer k: 0 below 2^-1074, Infinity above 2^1023. */
export function pow2(k: number): number {
  if (k >= -1022) return k > 1023 ? Infinity : POW2[k + 1022];
  if (k < -1074) return 0;
  return POW2[k + 54 + 1022] * 5.551115123125783e-17; // 2^(k+54)·2^-54, exact
}

/** @internal The rounding error of s = a + b: a + b = s + sumError(a, b, s) exactly (Knuth's TwoSum). */
export function sumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}

/**
 * @internal The rounding error of p = a·b: a·b = p + productError(a, b, p) exactly, for |a|, |b|
 * below 2^995 (Dekker's product, each factor split into halves of 26 bits by Veltkamp's 2^27 + 1).
 */
export function productError(a: number, b: number, p: number): number {
  let t = 134217729 * a;
  const aH = t - (t - a);
  const aL = a - aH;
  t = 134217729 * b;
  const bH = t - (t - b);
  const bL = b - bH;
  return aH * bH - p + aH * bL + aL * bH + aL * bL;
}
