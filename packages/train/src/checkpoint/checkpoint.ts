import { AttnError, decodeSafetensors, encodeSafetensors, Tensor, type RngState, type StateDict } from '@attn/core';
import type { OptimizerState } from '../optim/optimizer.js';
import type { TrainConfig } from '../trainer/config.js';

/** The whole state of a training run after some step: enough to continue it exactly. */
export interface Checkpoint {
  task: string;
  seed: number;
  /** Steps completed. */
  step: number;
  config: TrainConfig;
  /** State of the generator that draws training batches. */
  rng: RngState;
  model: StateDict;
  optimizer: OptimizerState;
}

const KEY = 'attn.checkpoint';

/** CRC-32 (IEEE), to detect corrupted bytes that still parse. */
function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (let i = 0; i < bytes.length; i++) {
    c ^= bytes[i];
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** The raw tensor bytes at the end of a safetensors file (all F64 here). */
function dataSection(file: Uint8Array, tensors: StateDict): Uint8Array {
  let n = 0;
  for (const t of Object.values(tensors)) n += t.size * 8;
  return file.subarray(file.length - n);
}

function fail(why: string): never {
  throw new AttnError('FORMAT', `decodeCheckpoint: ${why}`);
}

/**
 * Serializes a checkpoint as one safetensors file: the model's tensors as `model.<name>`, the
 * optimizer's buffers as `optimizer.<buffer>.<i>`, everything else (step, seed, RNG state,
 * task, config, a checksum of the tensors) as JSON in the metadata.
 *
 * @example
 * ```ts
 * const bytes = encodeCheckpoint(ctx.checkpoint());
 * ```
 */
export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  const tensors: StateDict = {};
  for (const [name, t] of Object.entries(c.model)) tensors[`model.${name}`] = t;
  const buffers: Record<string, (number | null)[]> = {};
  for (const [name, list] of Object.entries(c.optimizer.buffers)) {
    buffers[name] = list.map((b, i) => {
      if (b === null) return null;
      tensors[`optimizer.${name}.${i}`] = new Tensor(b, [b.length]);
      return b.length;
    });
  }
  // The data section is the same with or without metadata: checksum it once, store it in the header.
  const body = encodeSafetensors(tensors, { dtype: 'F64' });
  const meta = {
    format: 'attn.checkpoint', version: 1, task: c.task, seed: c.seed, step: c.step, config: c.config, rng: c.rng,
    optimizer: { kind: c.optimizer.kind, step: c.optimizer.step, hyper: c.optimizer.hyper, buffers },
    checksum: crc32(dataSection(body, tensors)),
  };
  return encodeSafetensors(tensors, { dtype: 'F64', metadata: { [KEY]: JSON.stringify(meta) } });
}

/**
 * Reads a checkpoint written by {@link encodeCheckpoint}. A truncated or corrupted file (the
 * checksum covers every tensor byte) or one that is not a checkpoint is refused with an error
 * saying so.
 *
 * @example
 * ```ts
 * const c = decodeCheckpoint(bytes);
 * c.step; // steps completed when it was saved
 * ```
 */
export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  let file;
  try {
    file = decodeSafetensors(bytes);
  } catch (e) {
    fail(`not a readable checkpoint (${(e as Error).message})`);
  }
  const raw = file.metadata[KEY];
  if (raw === undefined) fail(`the file has no '${KEY}' metadata: it is a weights file, not a training checkpoint`);
  let meta;
  try {
    meta = JSON.parse(raw);
  } catch (e) {
    fail(`its metadata is not valid JSON (${(e as Error).message})`);
  }
  if (meta?.format !== 'attn.checkpoint' || meta.version !== 1) fail(`unsupported format ${JSON.stringify(meta?.format)} version ${JSON.stringify(meta?.version)}`);
  if (crc32(dataSection(bytes, file.tensors)) !== meta.checksum) fail('checksum mismatch: the file is corrupted');
  const model: StateDict = {};
  for (const [name, t] of Object.entries(file.tensors)) if (name.startsWith('model.')) model[name.slice(6)] = t;
  const buffers: Record<string, (Float64Array | null)[]> = {};
  for (const [name, list] of Object.entries(meta.optimizer.buffers as Record<string, (number | null)[]>)) {
    buffers[name] = list.map((n, i) => {
      if (n === null) return null;
      const t = file.tensors[`optimizer.${name}.${i}`];
      if (!t || t.size !== n) fail(`optimizer buffer '${name}.${i}' is missing or has the wrong size`);
      return Float64Array.from(t.data);
    });
  }
  return {
    task: meta.task, seed: meta.seed, step: meta.step, config: meta.config, rng: meta.rng, model,
    optimizer: { kind: meta.optimizer.kind, step: meta.optimizer.step, hyper: meta.optimizer.hyper, buffers },
  };
}
