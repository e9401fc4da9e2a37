// tanh(x) = E / (E + 2) with E = e^(2|x|) − 1 (the expm1 form: no cancellation near 0), E as a
// double-double and the quotient corrected by its exact remainder, so one rounding dominates.
import { productError, sumError } from './double.js';
import { expm1DD } from './exp.js';

const TAIL = new Float64Array(1);

/**
 * @internal tanh(x) within 0.51 ulp of the exact value, the same bits on every engine.
 * Odd; tanh(±0) = ±0, tanh(±∞) = ±1, NaN → NaN.
 */
export function tanh(x: number): number {
  const a = Math.abs(x);
  // tanh(a) = a·(1 − a²/3 + …) rounds to a below 2^-28
  if (!(a >= 3.725290298461914e-9)) return x;
  // 1 − tanh(a) < 2^-54 from a = 55·ln2/2 ≈ 19.06 on: the result rounds to 1
  if (a > 19.1) return x > 0 ? 1 : -1;
  const eh = expm1DD(2 * a, TAIL);
  const el = TAIL[0];
  // D = E + 2 = dh + dl
  const dh = eh + 2;
  const dl = sumError(eh, 2, dh) + el;
  const q = eh / dh;
  // E − q·D, with q·dh = p + pe exactly, and eh − p exact (Sterbenz)
  const p = q * dh;
  const rem = eh - p - productError(q, dh, p) + el - q * dl;
  const t = q + rem / dh;
  return x > 0 ? t : -t;
}
