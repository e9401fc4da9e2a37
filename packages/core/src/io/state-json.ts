import { AttnError, check, describe, fmt, need } from '../errors.js';
import type { StateDict } from '../nn/module.js';
import { sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** A state dict as JSON-ready data. */
export interface StateJSON {
  format: 'attn.state';
  version: 1;
  tensors: Record<string, { shape: number[]; data: number[] }>;
}

/**
 * Turns tensors into plain JSON-ready data (`JSON.stringify` keeps float64 values exactly).
 *
 * @example
 * ```ts
 * const json = stateToJSON(new Linear(2, 1).stateDict());
 * Object.keys(json.tensors); // ['bias', 'weight']
 * json.tensors.weight.shape; // [1, 2]
 * const text = JSON.stringify(json); // what stateFromJSON(JSON.parse(text)) reads back
 * ```
 */
export function stateToJSON(tensors: StateDict): StateJSON {
  need(tensors !== null && typeof tensors === 'object', 'stateToJSON', 'expected an object of tensors', tensors);
  const out: StateJSON = { format: 'attn.state', version: 1, tensors: {} };
  for (const name of Object.keys(tensors).sort()) {
    const t = tensors[name];
    need(t instanceof Tensor, 'stateToJSON', `'${name}' is not a Tensor`, t);
    for (const v of t.data) check(Number.isFinite(v), 'ARGUMENT', () => `stateToJSON: '${name}' holds ${v}, which JSON cannot represent`);
    out.tensors[name] = { shape: t.shape.slice(), data: Array.from(t.data) };
  }
  return out;
}

/**
 * Reads tensors back from {@link stateToJSON}'s data (or its parsed JSON text); malformed
 * data is refused with an error naming the tensor and the problem.
 *
 * @example
 * ```ts
 * const saved = new Linear(2, 1, { seed: 1 });
 * const text = JSON.stringify(stateToJSON(saved.stateDict()));
 * const model = new Linear(2, 1, { seed: 2 });
 * model.loadStateDict(stateFromJSON(JSON.parse(text)));
 * model.weight.sub(saved.weight).abs().max().item(); // 0
 * ```
 */
export function stateFromJSON(json: unknown): StateDict {
  const fail = (why: string): never => {
    throw new AttnError('FORMAT', `stateFromJSON: ${why}`);
  };
  const j = json as Partial<StateJSON>;
  if (j === null || typeof j !== 'object' || j.format !== 'attn.state') fail(`expected an object with format 'attn.state', got ${describe(j?.format ?? j)}`);
  if (j.version !== 1) fail(`unsupported version ${describe(j.version)}, this reader knows version 1`);
  if (j.tensors === null || typeof j.tensors !== 'object') fail(`'tensors' must be an object, got ${describe(j.tensors)}`);
  const out: StateDict = {};
  for (const [name, t] of Object.entries(j.tensors as Record<string, unknown>)) {
    const e = t as { shape?: unknown; data?: unknown };
    if (e === null || typeof e !== 'object' || !Array.isArray(e.shape) || !Array.isArray(e.data)) fail(`'${name}' must be { shape, data }, got ${describe(t)}`);
    const shape = e.shape as unknown[];
    const data = e.data as unknown[];
    if (!shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) fail(`'${name}' has a malformed shape ${describe(shape)}`);
    if (data.length !== sizeOf(shape as number[])) fail(`'${name}' has ${data.length} values for shape ${fmt(shape as number[])}`);
    const i = data.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (i >= 0) fail(`'${name}' has a non-number ${describe(data[i])} at index ${i}`);
    out[name] = new Tensor(Float64Array.from(data as number[]), (shape as number[]).slice());
  }
  return out;
}
