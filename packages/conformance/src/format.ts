// The reference-vector file format (see vectors/README.md) and its validation.
import { Tensor } from '@attn/core';

export interface RefTensor {
  shape: number[];
  data: number[];
}

export interface RefCase {
  name: string;
  params?: Record<string, unknown>;
  inputs: Record<string, RefTensor>;
  outputs?: Record<string, RefTensor>;
  upstream?: Record<string, RefTensor>;
  grads?: Record<string, RefTensor>;
  steps?: { grad: RefTensor; param_after: RefTensor }[];
}

export interface RefFile {
  op: string;
  description?: string;
  tolerance?: { atol: number; rtol: number };
  cases: RefCase[];
}

/** Parses and checks one file's text; throws an Error naming the file and the problem. */
export function parseRefFile(file: string, text: string): RefFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const f = json as Partial<RefFile>;
  if (f === null || typeof f !== 'object' || typeof f.op !== 'string') throw new Error(`${file}: missing string field "op"`);
  if (!Array.isArray(f.cases)) throw new Error(`${file}: missing array field "cases"`);
  f.cases.forEach((c, i) => {
    if (c === null || typeof c !== 'object' || typeof c.name !== 'string') throw new Error(`${file}: case ${i} has no string "name"`);
    if (c.inputs === null || typeof c.inputs !== 'object') throw new Error(`${file}: case ${c.name} has no "inputs" object`);
  });
  return f as RefFile;
}

/** A reference tensor as a float64 tensor, checking that its data fills its shape. */
export function toTensor(name: string, t: RefTensor, requiresGrad = false): Tensor {
  if (t === null || typeof t !== 'object' || !Array.isArray(t.shape) || !Array.isArray(t.data)) {
    throw new Error(`tensor '${name}' must be { shape, data }`);
  }
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (n !== t.data.length) throw new Error(`tensor '${name}' has ${t.data.length} values for shape [${t.shape.join(',')}]`);
  return new Tensor(Float64Array.from(t.data), t.shape.slice(), requiresGrad);
}
