// x^y = e^(y·log x) with log x as a double-double, y·log x formed exactly (Dekker's product) and
// its tail carried through the exponential: the error of log x, multiplied by y, stays below
// 0.2 ulp of the result even when it is near overflow. Integer exponents go the same way (no
// repeated multiplication, whose error grows with y); a result that is exactly representable,
// such as 10^k or 2^k, comes out exact.
import { productError } from './double.js';
import { expDD } from './exp.js';
import { logDD } from './log.js';

const TAIL = new Float64Array(1);

/**
 * @internal x^y within 0.54 ulp of the exact value (y = 0.5 correctly rounded, by Math.sqrt), the
 * same bits on every engine. Special values exactly as Math.pow / `**`, including
 * (±1)^±∞ = NaN.
 */
export function pow(x: number, y: number): number {
  if (y === 2) return x * x;
  if (y === 1) return x;
  if (y === -1) return 1 / x;
  if (y !== y) return NaN;
  if (y === 0) return 1;
  if (x !== x) return NaN;
  const ay = Math.abs(y);
  if (ay === Infinity) {
    const ax = Math.abs(x);
    if (ax === 1) return NaN;
    return ax > 1 === y > 0 ? Infinity : 0;
  }
  const integer = Math.trunc(y) === y;
  const odd = integer && ay < 9007199254740992 && y % 2 !== 0;
  if (x === 0 || x === -Infinity) {
    // ±0 and −∞: the sign survives only an odd exponent
    const negative = odd && (x === -Infinity || 1 / x < 0);
    const big = (x === 0) !== (y > 0);
    return negative ? (big ? -Infinity : -0) : big ? Infinity : 0;
  }
  if (x === Infinity) return y > 0 ? Infinity : 0;
  let sign = 1;
  if (x < 0) {
    if (!integer) return NaN;
    if (odd) sign = -1;
    x = -x;
  }
  if (y === 0.5) return Math.sqrt(x);
  const lh = logDD(x, TAIL);
  if (lh === 0) return sign; // x = 1
  const ll = TAIL[0];
  const zh = y * lh;
  // beyond these the result overflows or underflows whatever the tail (and splitting y is safe)
  if (zh > 710) return sign * Infinity;
  if (zh < -746) return sign * 0;
  // y·(lh + ll) = zh + ze, exactly but for the rounding of y·ll
  const ze = productError(y, lh, zh) + y * ll;
  const z = zh + ze;
  return sign * expDD(z, ze - (z - zh));
}
