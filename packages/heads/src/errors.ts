// @internal The error helpers of this package: AttnError from @attn/core, messages `op: problem, got …`.
import { AttnError, type AttnErrorCode } from '@attn/core';

/** @internal Throws an AttnError when `cond` is false; the message is built only then. */
export function check(cond: unknown, code: AttnErrorCode, message: () => string): asserts cond {
  if (!cond) throw new AttnError(code, message());
}

/** @internal Describes any value for an error message: `"abc"`, `NaN`, `[2,3]`, `object`. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return v.length <= 8 ? `[${v.map(describe).join(',')}]` : `array of length ${v.length}`;
  return typeof v;
}
