/**
 * Error codes used by {@link AttnError}, so callers can branch on the kind of failure.
 */
export type AttnErrorCode =
  | 'SHAPE' // shapes do not fit the op
  | 'ARGUMENT' // an option or argument has a bad value or type
  | 'RANGE' // an axis or index is out of range
  | 'GRAD' // autograd misuse (backward on a non-scalar without upstream, …)
  | 'STATE' // a state dict or weights file does not fit the model
  | 'FORMAT' // a file or serialized value is malformed
  | 'NUMERIC' // a NaN or infinite value where a finite one is needed (e.g. a diverging training run)
  | 'RESOURCE'; // more memory, disk or time than can be had (a file too large, an allocation too big)

/**
 * The one error class of attn: `op: problem, got …`, with a machine-readable `code`.
 *
 * @example
 * ```ts
 * try { matmul(zeros([2, 3]), zeros([4, 2])); } catch (e) {
 *   e instanceof AttnError; // true
 *   (e as AttnError).code; // 'SHAPE'
 *   (e as AttnError).message; // 'matmul: inner dimensions must match, got a [2,3] and b [4,2]'
 * }
 * ```
 */
export class AttnError extends Error {
  /** What kind of problem this is. */
  readonly code: AttnErrorCode;
  constructor(code: AttnErrorCode, message: string) {
    super(message);
    this.name = 'AttnError';
    this.code = code;
  }
}

/** @internal Throws an {@link AttnError} when `cond` is false; the message is built only then. */
export function check(cond: unknown, code: AttnErrorCode, message: () => string): asserts cond {
  if (!cond) throw new AttnError(code, message());
}

/** @internal Throws `op: <what>, got <v>` (or `got <v1> and <v2>`) (ARGUMENT) unless `ok`, e.g. `need(ok, 'pow', 'exponent must be a number', p)`: the one-line check of a public argument. */
export function need(ok: unknown, op: string, what: string, ...got: unknown[]): asserts ok {
  if (!ok) throw new AttnError('ARGUMENT', `${op}: ${what}, got ${got.map(describe).join(' and ')}`);
}

/** @internal An options argument: `undefined` reads as `{}`, anything but an object is refused naming the op. */
export function opts<T extends object>(op: string, o: T | undefined): T {
  need(o === undefined || (typeof o === 'object' && o !== null), op, 'expected an options object', o);
  return o ?? ({} as T);
}

/** @internal Formats a shape as `[2,3]`. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** @internal Describes any value for an error message: `"abc"`, `NaN`, `[2,3]`, `object`. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return v.length <= 8 ? `[${v.map(describe).join(',')}]` : `array of length ${v.length}`;
  return typeof v;
}
