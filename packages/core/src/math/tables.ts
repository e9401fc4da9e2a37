// The tables of exp and log, computed when the module loads (under a millisecond) instead of
// shipped as 64 literals each: exact BigInt fixed point with 160 bits (the series' truncation
// errors stay near 2^-150, far below the 2^-80 or so that rounding hi and lo depends on),
// rounded to doubles by Number(), which every engine rounds the same way (to nearest, ties to
// even), the low parts cut to 7 significant digits by toPrecision, which the standard defines
// digit for digit. So every engine gets the same bits, the ones scripts/math-constants.mjs
// derives with 320 bits (constants.test.ts compares them).

const Q = 160n;
const ONE = 1n << Q;

/** atanh(a/b)·2^Q for integers 0 < a < b. */
function atanh(a: bigint, b: bigint): bigint {
  let p = (a << Q) / b;
  let s = p;
  for (let k = 3n; p; k += 2n) {
    p = (p * a * a) / (b * b);
    s += p / k;
  }
  return s;
}

/** A fixed-point value v·2^-Q as [hi, lo]: hi = v rounded to a double, lo the rest to 7 digits. */
function pair(v: bigint): [number, number] {
  const hi = Number(v);
  return [hi * 2 ** -160, Number((Number(v - BigInt(hi)) * 2 ** -160).toPrecision(7))];
}

/**
 * @internal 2^(j/32) for j = 0 … 31 as pairs [hi, lo]: hi is 2^(j/32) rounded, lo the rest to
 * 7 significant digits (hi + lo is within 2^-73 of 2^(j/32)).
 */
export const EXP2_TABLE: readonly number[] = [];
/** @internal log(1 + j/32) for j = 0 … 31 as pairs [hi, lo], like EXP2_TABLE. */
export const LOG_TABLE: readonly number[] = [];

const ln2 = 2n * atanh(1n, 3n);
for (let j = 0n; j < 32n; j++) {
  // e^(j·ln2/32) by its Taylor series
  const x = (ln2 * j) / 32n;
  let t = ONE;
  let e = ONE;
  for (let k = 1n; t; k++) {
    t = (t * x) / (ONE * k);
    e += t;
  }
  (EXP2_TABLE as number[]).push(...pair(e));
  // log(1 + j/32) = 2·atanh(j/(64 + j))
  (LOG_TABLE as number[]).push(...(j ? pair(2n * atanh(j, 64n + j)) : [0, 0]));
}
