import * as scalar from '../math/index.js';

// erf and erfc by the rational approximations of fdlibm's s_erf.c (Sun Microsystems, 1993): a
// fixed number of operations per value, within about 1 ulp. erf(x) = x + x·P(x²)/Q(x²) for
// |x| < 0.84375; around 1, erf(x) = c + P(x − 1)/Q(x − 1); beyond, erfc(x) = e^(−x² − 0.5625 +
// R(1/x²)/S(1/x²)) / x with one pair of polynomials up to 1/0.35 and another past it.
//
// The coefficients are fdlibm's, under its notice: "Copyright (C) 1993 by Sun Microsystems, Inc.
// All rights reserved. Developed at SunSoft, a Sun Microsystems, Inc. business. Permission to
// use, copy, modify, and distribute this software is freely granted, provided that this notice
// is preserved."

/** erf(x) for |x| < 0.84375. */
function erfNear0(x: number): number {
  const z = x * x;
  const r = 0.12837916709551256 + z * (-0.3250421072470015 + z * (-0.02848174957559851 + z * (-0.005770270296489442 + z * -0.000023763016656650163)));
  const s = 1 + z * (0.39791722395915535 + z * (0.0650222499887673 + z * (0.005081306281875766 + z * (0.00013249473800432164 + z * -0.000003960228278775368))));
  return x + x * (r / s);
}

/** erfc(a) for a ≥ 0.84375 (0 from 28 on, where it underflows). */
function erfcFar(a: number): number {
  if (a < 1.25) {
    const s = a - 1;
    const p = -0.0023621185607526594 + s * (0.41485611868374833 + s * (-0.3722078760357013 + s * (0.31834661990116175 + s * (-0.11089469428239668 + s * (0.035478304325618236 + s * -0.002166375594868791)))));
    const q = 1 + s * (0.10642088040084423 + s * (0.540397917702171 + s * (0.07182865441419627 + s * (0.12617121980876164 + s * (0.01363708391202905 + s * 0.011984499846799107)))));
    return 0.15493708848953247 - p / q; // 1 − erf(1) to float precision, as fdlibm's erx
  }
  if (a >= 28) return 0;
  const s = 1 / (a * a);
  let r: number;
  let q: number;
  if (a < 1 / 0.35) {
    r = -0.009864944034847148 + s * (-0.6938585727071818 + s * (-10.558626225323291 + s * (-62.375332450326006 + s * (-162.39666946257347 + s * (-184.60509290671104 + s * (-81.2874355063066 + s * -9.814329344169145))))));
    q = 1 + s * (19.651271667439257 + s * (137.65775414351904 + s * (434.56587747522923 + s * (645.3872717332679 + s * (429.00814002756783 + s * (108.63500554177944 + s * (6.570249770319282 + s * -0.0604244152148581)))))));
  } else {
    r = -0.0098649429247001 + s * (-0.799283237680523 + s * (-17.757954917754752 + s * (-160.63638485582192 + s * (-637.5664433683896 + s * (-1025.0951316110772 + s * -483.5191916086514)))));
    q = 1 + s * (30.33806074348246 + s * (325.7925129965739 + s * (1536.729586084437 + s * (3199.8582195085955 + s * (2553.0504064331644 + s * (474.52854120695537 + s * -22.44095244658582))))));
  }
  // −a² = −z² + (z − a)(z + a) with z = a to 24 bits: z² and z − a are exact, so e^(−a²) loses
  // nothing to the rounding of a² (fdlibm clears the low 32 bits for the same end)
  const z = Math.fround(a);
  return (scalar.exp(-z * z - 0.5625) * scalar.exp((z - a) * (z + a) + r / q)) / a;
}

/** @internal erf(x) within about 1 ulp, at a fixed cost. */
export function erfValue(x: number): number {
  const a = Math.abs(x);
  if (!(a >= 0.84375)) return erfNear0(x); // NaN too
  if (a >= 6) return x > 0 ? 1 : -1; // erfc(6) ≈ 2e-17
  return x > 0 ? 1 - erfcFar(a) : erfcFar(a) - 1;
}

/**
 * @internal Φ(x), the standard normal distribution function, to about 1 ulp: (1 + erf(x/√2))/2
 * near 0, and erfc(|x|/√2)/2 in the tails, so that Φ of a very negative x keeps its digits.
 */
export function normalCdf(x: number): number {
  const t = x * Math.SQRT1_2;
  const a = Math.abs(t);
  if (!(a >= 0.84375)) return 0.5 + 0.5 * erfNear0(t);
  const c = 0.5 * erfcFar(a);
  return t > 0 ? 1 - c : c;
}
