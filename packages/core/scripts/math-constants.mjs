#!/usr/bin/env node
// Derives the constants of @attn/core's elementary functions (src/math/) with exact integer
// arithmetic (BigInt fixed point, 64 guard bits) and writes them into src/math/constants.ts (all
// but the tables of exp and log, which src/math/tables.ts computes at load time the same way):
// π by Machin's formula, ln 2 and log(1 + j/32) by the series of atanh, 2^(j/32) by the series
// of exp. Nothing here depends on the engine's Math.* functions, so the constants are the same
// wherever the script runs.
//
//   node scripts/math-constants.mjs           regenerate src/math/constants.ts
//   node scripts/math-constants.mjs --check   exit 1 if the committed file is not what this gives
//   node scripts/math-constants.mjs --tables  print the tables of exp and log (2^(j/32) and
//                                             log(1 + j/32)) as JSON: src/math/tables.ts computes
//                                             them when it loads, and its test compares
//
// The exported helpers (fixed-point π, ln 2, exp, atanh, and rounding to double) are also the
// exact reference the tests measure the functions' errors against.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const outFile = fileURLToPath(new URL('../src/math/constants.ts', import.meta.url));
const GUARD = 64n;

/** atan(1/n)·2^p, for an integer n ≥ 2 (alternating series). */
function atanInv(n, p) {
  const bits = BigInt(p) + GUARD;
  const N = BigInt(n);
  let power = (1n << bits) / N; // 1/n^(2k+1)
  let sum = power;
  for (let k = 1n; power !== 0n; k++) {
    power /= N * N;
    const term = power / (2n * k + 1n);
    sum += k % 2n ? -term : term;
  }
  return sum >> GUARD;
}

/** π·2^p (Machin: π = 16·atan(1/5) − 4·atan(1/239)), to within a few units in the last place. */
export function piFixed(p) {
  return (16n * atanInv(5, p + 8) - 4n * atanInv(239, p + 8)) >> 8n;
}

/** atanh(a/b)·2^p for integers 0 ≤ a < b (series of odd powers). */
export function atanhFixed(a, b, p) {
  const bits = BigInt(p) + GUARD;
  const A = BigInt(a);
  const B = BigInt(b);
  let power = (A << bits) / B; // (a/b)^(2k+1)
  let sum = power;
  for (let k = 1n; power !== 0n; k++) {
    power = (power * A * A) / (B * B);
    sum += power / (2n * k + 1n);
  }
  return sum >> GUARD;
}

/** ln 2 · 2^p (ln 2 = 2·atanh(1/3)). */
export function ln2Fixed(p) {
  return atanhFixed(1, 3, p + 1);
}

/** e^(v·2^-p) · 2^p for a fixed-point v with |v| ≤ 1 (Taylor series). */
export function expFixed(v, p) {
  const bits = BigInt(p) + GUARD;
  const x = BigInt(v) << GUARD;
  const one = 1n << bits;
  let term = one;
  let sum = one;
  for (let k = 1n; term !== 0n; k++) {
    term = (term * x) / (one * k);
    sum += term;
  }
  return sum >> GUARD;
}

const bitLength = (v) => (v === 0n ? 0 : v.toString(2).length);

/** A positive fixed-point value v·2^-p rounded to `bits` significant bits (nearest, ties to even), same scale. */
export function roundBits(v, bits) {
  const drop = bitLength(v) - bits;
  if (drop <= 0) return v;
  const D = BigInt(drop);
  const q = v >> D;
  const rest = v - (q << D);
  const half = 1n << (D - 1n);
  const up = rest > half || (rest === half && (q & 1n) === 1n);
  return (up ? q + 1n : q) << D;
}

/** The double nearest to the fixed-point value v·2^-p (v of either sign, result normal). */
export function toDouble(v, p) {
  if (v < 0n) return -toDouble(-v, p);
  if (v === 0n) return 0;
  // keep 64 bits and a sticky bit, so Number() (round to nearest even) rounds once and right
  let shift = bitLength(v) - 64;
  let w = v;
  if (shift > 0) {
    const S = BigInt(shift);
    w = v >> S;
    w = (w << 1n) | ((w << S) === v ? 0n : 1n);
    shift -= 1;
  } else shift = 0;
  let x = Number(w);
  let e = shift - p; // x·2^e, scaled in exact steps of 2^±512
  while (e > 512) { x *= 2 ** 512; e -= 512; }
  while (e < -512) { x *= 2 ** -512; e += 512; }
  return x * 2 ** e;
}

/** The fixed-point value (scale 2^-p) of a double x, exactly. */
export function fromDouble(x, p) {
  if (x === 0) return 0n;
  const neg = x < 0;
  let m = Math.abs(x);
  let e = 0;
  while (m !== Math.floor(m)) { m *= 2; e -= 1; }
  while (m >= 2 ** 53) { m /= 2; e += 1; }
  const shift = BigInt(p + e);
  const v = shift >= 0n ? BigInt(m) << shift : BigInt(m) >> -shift;
  return neg ? -v : v;
}

const P = 256; // bits for the table constants and splits

/**
 * v as a double and the rest: hi = round(v), lo = round(v − hi), or with `digits`, v − hi to that
 * many significant decimal digits (short literals; 7 digits keep hi + lo within 2^-73 of v).
 */
function split(v, digits = 0) {
  const hi = toDouble(v, P);
  const lo = toDouble(v - fromDouble(hi, P), P);
  return [hi, digits ? Number(lo.toPrecision(digits)) : lo];
}

/** The constants, as [name, value, comment] rows and tables. */
export function deriveConstants() {
  const ln2 = ln2Fixed(P);
  const pi = piFixed(P);
  const pio2 = pi >> 1n;
  const one = 1n << BigInt(P);

  // ln 2 = LN2_HI + LN2_LO, LN2_HI with 36 significant bits: k·LN2_HI is exact for |k| < 2^17
  const ln2Hi = roundBits(ln2, 36);
  // π/2 = PIO2_1 + PIO2_2 + PIO2_3 + PIO2_4, the first three with 33 bits: n·PIO2_i exact for |n| < 2^20
  const p1 = roundBits(pio2, 33);
  const p2 = roundBits(pio2 - p1, 33);
  const p3 = roundBits(pio2 - p1 - p2, 33);
  // roundBits takes positive values; each split so far happens to round down
  if (!(ln2 > ln2Hi && pio2 > p1 + p2 + p3 && pio2 - p1 > p2)) throw new Error('math-constants: a split rounded up');

  const exp2 = [];
  for (let j = 0; j < 32; j++) exp2.push(...split(expFixed((ln2 * BigInt(j)) / 32n, P), 7));
  const logF = [];
  for (let j = 0; j < 32; j++) logF.push(...(j === 0 ? [0, 0] : split(2n * atanhFixed(j, 64 + j, P), 7)));

  // 2/π with 1216 bits after the point, for reducing huge arguments (|x| up to 2^1024 needs
  // 1024 + 53 + 128 bits, enough to keep 128 bits of the reduced argument)
  const B = 1216;
  const twoOverPiBits = ((1n << BigInt(2 * B + 12)) / piFixed(B + 8)) >> 3n;

  return {
    scalars: [
      ['INV_LN2', toDouble((one << BigInt(P)) / ln2, P), '1/ln 2'],
      ['LN2_HI', toDouble(ln2Hi, P), 'ln 2 to 36 significant bits: k·LN2_HI is exact for |k| < 2^17'],
      ['LN2_LO', toDouble(ln2 - ln2Hi, P), 'ln 2 − LN2_HI'],
      ['TWO_OVER_PI', toDouble((one << BigInt(P + 1)) / pi, P), '2/π'],
      ['PIO2_1', toDouble(p1, P), 'π/2 to 33 significant bits: n·PIO2_1 is exact for |n| < 2^20'],
      ['PIO2_2', toDouble(p2, P), 'the next 33 bits of π/2'],
      ['PIO2_3', toDouble(p3, P), 'the next 33 bits of π/2'],
      ['PIO2_4', toDouble(pio2 - p1 - p2 - p3, P), 'the rest of π/2, rounded'],
      ['PIO2_HI', split(pio2)[0], 'π/2 rounded'],
      ['PIO2_LO', split(pio2)[1], 'π/2 − PIO2_HI'],
    ],
    exp2,
    logF,
    twoOverPiBits: twoOverPiBits.toString(16),
    twoOverPiFraction: B,
  };
}

/** The text of constants.ts. */
export function generate() {
  const c = deriveConstants();
  const num = (x) => (Object.is(x, -0) ? '-0' : String(x));
  const hex = c.twoOverPiBits.match(/.{1,96}/g) ?? [];
  return [
    '// Generated by scripts/math-constants.mjs (exact BigInt arithmetic): do not edit.',
    '// Regenerate with `pnpm --filter @attn/core build:math` (constants.test.ts checks it is current).',
    '',
    ...c.scalars.map(([name, value, comment]) => `/** @internal ${comment}. */\nexport const ${name} = ${num(value)};`),
    '',
    `/** @internal ⌊2/π · 2^${c.twoOverPiFraction}⌋ in hexadecimal, for reducing huge arguments of sin and cos. */`,
    `export const TWO_OVER_PI_FRACTION_BITS = ${c.twoOverPiFraction};`,
    '/** @internal See TWO_OVER_PI_FRACTION_BITS. */',
    'export const TWO_OVER_PI_HEX =',
    hex.map((l) => `  '${l}'`).join(' +\n') + ';',
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = generate();
  if (process.argv.includes('--tables')) {
    // the tables src/math/tables.ts computes at load time, for constants.test.ts to compare
    const { exp2, logF } = deriveConstants();
    console.log(JSON.stringify({ exp2, logF }));
  } else if (process.argv.includes('--check')) {
    const current = readFileSync(outFile, 'utf8');
    if (current !== text) {
      console.error('math-constants: src/math/constants.ts is out of date; run `pnpm --filter @attn/core build:math`');
      process.exit(1);
    }
    console.log('math-constants: src/math/constants.ts is current');
  } else {
    writeFileSync(outFile, text);
    console.log('math-constants: wrote src/math/constants.ts');
  }
}
