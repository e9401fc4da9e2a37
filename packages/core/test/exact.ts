// Exact values of the elementary functions, for measuring src/math's errors in ulps: computed
// in BigInt fixed point with 320 bits after the point, by other series than
// scripts/math-constants.mjs uses (π by Gauss's arctangent formula, ln 2 by Σ 1/(k·2^k)), so a
// mistake in one is not repeated in the other.

const P = 320;
const P_ = BigInt(P);
const ONE = 1n << P_;

/** A real number m·2^e, m a signed integer: what an exact value is here. */
export interface Exact {
  m: bigint;
  e: number;
}

/** x = m·2^e exactly, for a finite double x (m signed, −0 gives m = 0). */
export function decompose(x: number): Exact {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = -1074;
  if (biased !== 0) {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  return { m: x < 0 ? -m : m, e };
}

const bitLength = (v: bigint) => (v === 0n ? 0 : (v < 0n ? -v : v).toString(2).length);

/** The fixed-point value x·2^p (truncated toward zero). */
function toFixed(x: Exact, p: number): bigint {
  const s = x.e + p;
  return s >= 0 ? x.m << BigInt(s) : x.m / (1n << BigInt(-s));
}

/** atan(1/n)·2^p. */
function atanInv(n: bigint, p: bigint): bigint {
  let power = (1n << p) / n;
  let sum = power;
  for (let k = 1n; power !== 0n; k++) {
    power /= n * n;
    sum += (k % 2n ? -power : power) / (2n * k + 1n);
  }
  return sum;
}

const piCache = new Map<number, bigint>();
/** π·2^p, Gauss: π = 48·atan(1/18) + 32·atan(1/57) − 20·atan(1/239). */
function pi(p: number): bigint {
  let v = piCache.get(p);
  if (v === undefined) {
    const q = BigInt(p) + 16n;
    v = (48n * atanInv(18n, q) + 32n * atanInv(57n, q) - 20n * atanInv(239n, q)) >> 16n;
    piCache.set(p, v);
  }
  return v;
}

/** ln 2 · 2^P = Σ 2^P/(k·2^k). */
const LN2 = (() => {
  const q = P_ + 16n;
  let sum = 0n;
  for (let k = 1n; k < q + 8n; k++) sum += (1n << (q - k)) / k;
  return sum >> 16n;
})();

/** Round-to-nearest integer division for a positive divisor. */
const divRound = (a: bigint, b: bigint) => (a >= 0n ? (2n * a + b) / (2n * b) : -((-2n * a + b) / (2n * b)));

/** e^v for a fixed-point v (scale 2^-P), |v| < 2^11. */
function expFixed(v: bigint): Exact {
  const K = divRound(v, LN2);
  const r = v - K * LN2; // |r| ≤ ln2/2
  let term = ONE;
  let sum = ONE;
  for (let k = 1n; term !== 0n; k++) {
    term = (term * r) / (ONE * k);
    sum += term;
  }
  return { m: sum, e: Number(K) - P };
}

/** log x for a positive finite double x, fixed point (scale 2^-P). */
function logFixed(x: number): bigint {
  const { m, e } = decompose(x);
  const L = bitLength(m);
  // x = (m/2^(L−1))·2^(e+L−1), log(m/2^(L−1)) = 2·atanh(a/b), a/b = (m − 2^(L−1))/(m + 2^(L−1)) ≤ 1/3
  const half = 1n << BigInt(L - 1);
  const a = m - half;
  const b = m + half;
  let power = (a << (P_ + 8n)) / b;
  let sum = power;
  for (let k = 1n; power !== 0n; k++) {
    power = (power * a * a) / (b * b);
    sum += power / (2n * k + 1n);
  }
  return BigInt(e + L - 1) * LN2 + (sum >> 7n);
}

/** sin and cos of a fixed-point r (scale 2^-P), |r| ≤ 1, by their Taylor series. */
function sinCosFixed(r: bigint): [bigint, bigint] {
  let term = r;
  let s = r;
  for (let k = 2n; term !== 0n; k += 2n) {
    term = -(term * r * r) / (ONE * ONE * k * (k + 1n));
    s += term;
  }
  term = ONE;
  let c = ONE;
  for (let k = 1n; term !== 0n; k += 2n) {
    term = -(term * r * r) / (ONE * ONE * k * (k + 1n));
    c += term;
  }
  return [s, c];
}

/** The exact e^x. */
export function expExact(x: number): Exact {
  return expFixed(toFixed(decompose(x), P));
}

/** The exact log x, x > 0. */
export function logExact(x: number): Exact {
  return { m: logFixed(x), e: -P };
}

/** The exact sin x and cos x, for 2^-40 ≤ |x| < 2^1024. */
export function sinCosExact(x: number): [Exact, Exact] {
  const d = decompose(Math.abs(x));
  // enough bits of π that n·π/2 is exact to 2^-(P+64) for n < 2^(e+54)
  const q = P + Math.max(0, d.e + 53) + 64;
  const X = toFixed(d, q);
  const halfPi = pi(q + 1) >> 2n;
  const n = divRound(X, halfPi);
  const r = (X - n * halfPi) >> BigInt(q - P);
  const [s, c] = sinCosFixed(r);
  const quadrant = Number(n % 4n);
  let sin = [s, c, -s, -c][quadrant];
  const cos = [c, -s, -c, s][quadrant];
  if (x < 0) sin = -sin;
  return [{ m: sin, e: -P }, { m: cos, e: -P }];
}

/** The exact tanh x, for 2^-40 ≤ |x| ≤ 40. */
export function tanhExact(x: number): Exact {
  const E = expFixed(2n * toFixed(decompose(Math.abs(x)), P)); // e^(2|x|) ≥ 1: E.e ≥ −P
  const e2 = E.m << BigInt(E.e + P);
  const t = ((e2 - ONE) << P_) / (e2 + ONE);
  return { m: x < 0 ? -t : t, e: -P };
}

/** The exact x^y for x > 0 and |y·log x| < 1000. */
export function powExact(x: number, y: number): Exact {
  const yd = decompose(y);
  const z = logFixed(x) * yd.m;
  return expFixed(yd.e >= 0 ? z << BigInt(yd.e) : z / (1n << BigInt(-yd.e)));
}

/**
 * |got − exact| in ulps of the exact value (the spacing of doubles at it; 2^-1074 for
 * subnormals). Infinity counts as 2^1024, so a result that overflows correctly measures < 0.5.
 */
export function ulpError(got: number, exact: Exact): number {
  if (Number.isNaN(got)) return Infinity;
  const g = Number.isFinite(got) ? decompose(got) : { m: got > 0 ? 1n : -1n, e: 1024 };
  if (exact.m === 0n) return g.m === 0n ? 0 : Infinity;
  const top = bitLength(exact.m) - 1 + exact.e; // 2^top ≤ |exact| < 2^(top+1)
  const ulp = Math.max(Math.min(top, 1023) - 52, -1074);
  const s = Math.min(g.e, exact.e, ulp);
  const diff = (g.m << BigInt(g.e - s)) - (exact.m << BigInt(exact.e - s));
  // diff / 2^(ulp − s), with 32 bits after the point
  const scaled = (diff << 32n) >> BigInt(ulp - s);
  return Math.abs(Number(scaled)) / 2 ** 32;
}

/** The distance between two doubles in units in the last place (0 for the same bits or NaN and NaN). */
export function ulpDistance(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  // map the bits to a monotonic integer line (negative numbers mirrored)
  const key = (at: number) => {
    const v = view.getBigInt64(at);
    return v < 0n ? -(v & 0x7fffffffffffffffn) : v;
  };
  const d = key(0) - key(8);
  return Number(d < 0n ? -d : d);
}

/** The largest ulpError of f over the points, and where. */
export function worstError<A extends number[]>(points: A[], f: (...args: A) => number, exact: (...args: A) => Exact): { ulps: number; at: A | undefined } {
  let ulps = 0;
  let at: A | undefined;
  for (const p of points) {
    const u = ulpError(f(...p), exact(...p));
    if (!(u <= ulps)) {
      ulps = u;
      at = p;
    }
  }
  return { ulps, at };
}

/** The largest ulpDistance between f and g over the points, and where. */
export function worstDistance<A extends number[]>(points: A[], f: (...args: A) => number, g: (...args: A) => number): { ulps: number; at: A | undefined } {
  let ulps = 0;
  let at: A | undefined;
  for (const p of points) {
    const u = ulpDistance(f(...p), g(...p));
    if (!(u <= ulps)) {
      ulps = u;
      at = p;
    }
  }
  return { ulps, at };
}

/** The next double above x (x finite). */
export function nextUp(x: number): number {
  if (x === 0) return 5e-324;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

/** `count` consecutive doubles from x upwards. */
export function doublesFrom(x: number, count: number): number[] {
  const out = [x];
  while (out.length < count) out.push(nextUp(out[out.length - 1]));
  return out;
}

/** π·2^p and ln 2·2^320, for checking this file against published digits. */
export const referenceConstants = { pi, ln2: () => LN2 };

/** log2 of |Σ parts − exact| / |exact|: how many bits a sum of doubles gets right (−Infinity if all). */
export function relativeErrorLog2(parts: number[], exact: Exact): number {
  const ds = parts.map(decompose);
  const s = Math.min(exact.e, ...ds.map((d) => d.e));
  let diff = -(exact.m << BigInt(exact.e - s));
  for (const d of ds) diff += d.m << BigInt(d.e - s);
  if (diff === 0n) return -Infinity;
  return bitLength(diff) - 1 + s - (bitLength(exact.m) - 1 + exact.e);
}

/** ⌊2/π · 2^p⌋, from this file's π. */
export function twoOverPiBits(p: number): bigint {
  return (1n << BigInt(2 * p + 13)) / pi(p + 12);
}
