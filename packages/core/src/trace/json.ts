// A Trace as JSON text and back: the file format of exported traces (`*.trace.json`).
import { AttnError, describe, fmt } from '../errors.js';
import { sizeOf } from '../tensor/shape.js';
import type { Trace } from './trace.js';

/** The tensors every attention entry holds, and the ones it may hold. */
const ATTENTION_TENSORS = ['q', 'k', 'v', 'scores', 'scaled', 'weights', 'attended'] as const;
const OPTIONAL_TENSORS = ['input', 'mask'] as const;

/**
 * Writes a Trace as JSON text (two-space indented), after checking it is one: every tensor's
 * data fits its shape and holds finite numbers only (`JSON.stringify` would turn NaN into `null`
 * silently). Float64 values are written exactly, so {@link parseTrace} gives the same numbers back.
 *
 * @example
 * ```ts
 * const { trace } = traceForward(new TutorialAttention({ seed: 0 }), tensor([[3, 5]]));
 * const text = stringifyTrace(trace); // what a `*.trace.json` file holds
 * parseTrace(text).attention[0].weights.data.length; // 4
 * ```
 */
export function stringifyTrace(trace: Trace): string {
  checkTrace('stringifyTrace', trace);
  return `${JSON.stringify(trace, null, 2)}\n`;
}

/**
 * Reads a Trace from JSON text (what {@link stringifyTrace} writes, or any JSON of a Trace).
 * Malformed text or data is refused with an `AttnError` `FORMAT` naming the field and what it held.
 *
 * @example
 * ```ts
 * const { trace } = traceForward(new TutorialAttention({ seed: 0 }), tensor([[3, 5]]));
 * const read = parseTrace(stringifyTrace(trace)); // or the text of a `*.trace.json` file
 * headWeights(read).map((row) => row.length); // [2, 2]
 * ```
 */
export function parseTrace(text: string): Trace {
  if (typeof text !== 'string') throw new AttnError('FORMAT', `parseTrace: expected JSON text, got ${describe(text)}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new AttnError('FORMAT', `parseTrace: not JSON: ${(e as Error).message}`);
  }
  checkTrace('parseTrace', value);
  return value;
}

/** Throws an AttnError FORMAT unless `value` is a well-formed Trace. */
function checkTrace(op: string, value: unknown): asserts value is Trace {
  const fail = (why: string): never => {
    throw new AttnError('FORMAT', `${op}: ${why}`);
  };
  const t = value as Partial<Trace> | null;
  if (t === null || typeof t !== 'object' || t.format !== 'attn.trace') fail(`expected an object with format 'attn.trace', got ${describe(t?.format ?? t)}`);
  const trace = t as Trace;
  if (trace.version !== 1) fail(`unsupported version ${describe(trace.version)}, this reader knows version 1`);
  if (typeof trace.model !== 'string') fail(`'model' must be a string, got ${describe(trace.model)}`);
  checkTensor(fail, 'input', trace.input);
  checkTensor(fail, 'output', trace.output);
  if (trace.values === null || typeof trace.values !== 'object' || Array.isArray(trace.values)) fail(`'values' must be an object of tensors, got ${describe(trace.values)}`);
  for (const [name, v] of Object.entries(trace.values)) checkTensor(fail, `values.${name}`, v);
  if (!Array.isArray(trace.attention)) fail(`'attention' must be an array, got ${describe(trace.attention)}`);
  trace.attention.forEach((a, i) => {
    const at = `attention[${i}]`;
    if (a === null || typeof a !== 'object') fail(`'${at}' must be an object, got ${describe(a)}`);
    for (const key of ['layer', 'head'] as const) {
      if (!Number.isInteger(a[key]) || a[key] < 0) fail(`'${at}.${key}' must be an integer ≥ 0, got ${describe(a[key])}`);
    }
    if (typeof a.module !== 'string') fail(`'${at}.module' must be a string, got ${describe(a.module)}`);
    if (typeof a.scale !== 'number' || !Number.isFinite(a.scale)) fail(`'${at}.scale' must be a finite number, got ${describe(a.scale)}`);
    if (typeof a.causal !== 'boolean') fail(`'${at}.causal' must be a boolean, got ${describe(a.causal)}`);
    for (const key of ATTENTION_TENSORS) checkTensor(fail, `${at}.${key}`, a[key]);
    for (const key of OPTIONAL_TENSORS) if (a[key] !== undefined) checkTensor(fail, `${at}.${key}`, a[key]);
  });
}

function checkTensor(fail: (why: string) => never, name: string, t: unknown): void {
  const e = t as { shape?: unknown; data?: unknown } | null;
  if (e === null || typeof e !== 'object' || !Array.isArray(e.shape) || !Array.isArray(e.data)) fail(`'${name}' must be { shape, data }, got ${describe(t)}`);
  const shape = (e as { shape: unknown[] }).shape;
  const data = (e as { data: unknown[] }).data;
  if (!shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) fail(`'${name}' has a malformed shape ${describe(shape)}`);
  if (data.length !== sizeOf(shape as number[])) fail(`'${name}' has ${data.length} values for shape ${fmt(shape as number[])}`);
  const i = data.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (i >= 0) fail(`'${name}' has a non-finite or non-number ${describe(data[i])} at index ${i}`);
}
