// tanh(x) = E / (E + 2) with E = e^(2|x|) − 1 (the expm1 form: no cancellation near 0), E as a
// double-double and the quotient corrected by its exact remainder, so one rounding dominates.
import { SPLITTER } from './double.js';
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
  const dl = eh - (dh - (dh - eh)) + (2 - (dh - eh)) + el;
  const q = eh / dh;
  // q·dh exactly (Dekker): p + pe
  const p = q * dh;
  let u = SPLITTER * q;
  const qH = u - (u - q);
  const qL = q - qH;
  u = SPLITTER * dh;
  const dH = u - (u - dh);
  const dL = dh - dH;
  const pe = qH * dH - p + qH * dL + qL * dH + qL * dL;
  // E − q·D, of which eh − p is exact (Sterbenz)
  const rem = eh - p - pe + el - q * dl;
  const t = q + rem / dh;
  return x > 0 ? t : -t;
}
