// Checks of public arguments (tasks, optimizers), shared so that each reads as one line.
import { AttnError, checkAllocation, Tensor } from '@attn/core';

/** A value for an error message: `"abc"`, `NaN`, `null`, `object`. */
export function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' || v == null || typeof v === 'boolean' ? String(v) : Array.isArray(v) ? `[${v.map(show).join(', ')}]` : typeof v;
}

/** @internal Throws `op: <name> must be <what>, got <v>` (ARGUMENT) unless `ok`. */
export function need(ok: unknown, op: string, name: string, what: string, v: unknown): void {
  if (!ok) throw new AttnError('ARGUMENT', `${op}: ${name} must be ${what}, got ${show(v)}`);
}

/** @internal An options object: `undefined` reads as `{}`, anything else but an object is refused. */
export function optionsOf<T extends object>(op: string, o: T | undefined): T {
  need(o === undefined || (typeof o === 'object' && o !== null && !Array.isArray(o)), op, 'options', 'an object', o);
  return o ?? ({} as T);
}

/** @internal A list of tensors (parameters), as given to optimizers and gradient clipping. */
export function tensorList(op: string, name: string, v: unknown): readonly Tensor[] {
  need(Array.isArray(v) && v.every((t) => t instanceof Tensor), op, name, 'an array of Tensors', v);
  return v as readonly Tensor[];
}

/** @internal A function argument. */
export function fn(op: string, name: string, v: unknown): void {
  need(typeof v === 'function', op, name, 'a function', v);
}

/** @internal A message endpoint (a Worker, a MessagePort, a worker's `self`): `postMessage` and `addEventListener`. */
export function endpoint(op: string, v: unknown): void {
  const e = v as { postMessage?: unknown; addEventListener?: unknown } | null;
  need(typeof e?.postMessage === 'function' && typeof e.addEventListener === 'function', op, 'the endpoint', 'a Worker or MessagePort', v);
}

/** @internal A positive integer option. */
export function positiveInt(op: string, name: string, v: unknown, max = Number.MAX_SAFE_INTEGER): number {
  need(Number.isInteger(v) && (v as number) > 0 && (v as number) <= max, op, name, `an integer in [1, ${max}]`, v);
  return v as number;
}

/** @internal A finite number > 0. */
export function positiveNumber(op: string, name: string, v: unknown): number {
  need(typeof v === 'number' && v > 0 && Number.isFinite(v), op, name, 'a finite number > 0', v);
  return v as number;
}

/**
 * @internal The batch size of `sample`: a positive integer whose batch `[batchSize, width]` fits
 * core's allocation limit (RESOURCE otherwise), checked before anything is drawn.
 */
export function batchSize(op: string, n: unknown, width: number): number {
  positiveInt(op, 'batch size', n);
  checkAllocation(op, [n as number, width]);
  return n as number;
}
