// Elementary functions built only from IEEE-754 +, −, ×, ÷ and Math.sqrt (correctly rounded in
// every engine), exact bit manipulation and BigInt: they return the same bits in Node, Chrome,
// Firefox and Safari, which Math.exp, Math.log, Math.sin, Math.cos, Math.tanh and Math.pow do not
// (each engine has its own, and they differ in the last bit). Every op, layer and Rng of core
// calls these instead, so a seeded run gives the same numbers everywhere. `math` is the public
// face, for plugin authors who need the same guarantee.
import { exp } from './exp.js';
import { log } from './log.js';
import { pow } from './pow.js';
import { tanh } from './tanh.js';
import { cos, sin } from './trig.js';

export { exp, log, pow, tanh, sin, cos };
export { pow2 } from './double.js';

/**
 * Elementary functions that return the same bits in every JavaScript engine, unlike `Math.exp`,
 * `Math.log`, `Math.sin`, `Math.cos`, `Math.tanh` and `Math.pow`, which differ in the last bit
 * between engines (V8 in Node and in Chromium among them).
 *
 * @attn/core computes with these everywhere (softmax, losses, activations, positional
 * encodings, `Rng.normal`), so a seeded run ends with the same weights, bit for bit, in Node
 * and in browsers. Use them in plugins and tasks whose numbers must be reproducible too. Each is
 * within 0.54 ulp of the exact result over the whole range of doubles; special values (NaN, ±0,
 * ±Infinity, overflow, underflow) are those of `Math.*`.
 *
 * @example
 * ```ts
 * math.exp(1); // 2.718281828459045
 * math.log(math.exp(2)); // 2
 * math.pow(10, 3); // 1000
 * math.sin(0) === 0 && math.cos(0) === 1; // true
 * ```
 */
export const math: {
  /** e^x. @example `math.exp(0); // 1` */
  readonly exp: (x: number) => number;
  /** The natural logarithm of x; NaN for x < 0, −Infinity at ±0. @example `math.log(1); // 0` */
  readonly log: (x: number) => number;
  /** The sine of x (radians), accurate for every finite x. @example `math.sin(Math.PI / 2); // 1` */
  readonly sin: (x: number) => number;
  /** The cosine of x (radians), accurate for every finite x. @example `math.cos(Math.PI); // -1` */
  readonly cos: (x: number) => number;
  /** The hyperbolic tangent of x, accurate near 0 too. @example `math.tanh(0); // 0` */
  readonly tanh: (x: number) => number;
  /** x to the power y, with the special cases of `x ** y`. @example `math.pow(2, 0.5) === Math.SQRT2; // true` */
  readonly pow: (x: number, y: number) => number;
} = /* @__PURE__ */ Object.freeze({ exp, log, sin, cos, tanh, pow });
