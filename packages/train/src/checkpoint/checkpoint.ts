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
const CHECKSUM_KEY = 'attn.checksum';

/** Continues a CRC-32 (IEEE) over `bytes`; start with `crc32(bytes)`. */
function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) {
    c ^= bytes[i];
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/**
 * CRC-32 of everything a checkpoint holds: the metadata text exactly as stored, then each
 * tensor's name, shape and float64 values (little-endian, in name order). It covers the header
 * as well as the data, so a corrupted step, seed, RNG state or tensor name is caught too.
 */
function checksum(metadata: string, tensors: StateDict): number {
  const text = new TextEncoder();
  let crc = crc32(text.encode(metadata));
  for (const name of Object.keys(tensors).sort()) {
    const t = tensors[name];
    crc = crc32(text.encode(JSON.stringify([name, t.shape])), crc);
    const bytes = new Uint8Array(t.size * 8);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < t.size; i++) {
      const v = t.data[i];
      // one bit pattern for every NaN: payloads need not survive a write and a read
      if (Number.isNaN(v)) view.setUint32(i * 8 + 4, 0x7ff80000, true);
      else view.setFloat64(i * 8, v, true);
    }
    crc = crc32(bytes, crc);
  }
  return crc;
}

function fail(why: string): never {
  throw new AttnError('FORMAT', `decodeCheckpoint: ${why}`);
}

/**
 * Serializes a checkpoint as one safetensors file: the model's tensors as `model.<name>`, the
 * optimizer's buffers as `optimizer.<buffer>.<i>`, everything else (step, seed, RNG state,
 * task, config) as JSON in the metadata, with a checksum of all of it.
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
  const meta = JSON.stringify({
    format: 'attn.checkpoint', version: 1, task: c.task, seed: c.seed, step: c.step, config: c.config, rng: c.rng,
    optimizer: { kind: c.optimizer.kind, step: c.optimizer.step, hyper: c.optimizer.hyper, buffers },
  });
  return encodeSafetensors(tensors, { dtype: 'F64', metadata: { [KEY]: meta, [CHECKSUM_KEY]: String(checksum(meta, tensors)) } });
}

/**
 * Reads a checkpoint written by {@link encodeCheckpoint}. A truncated or corrupted file (the
 * checksum covers the metadata and every tensor) or one that is not a checkpoint is refused
 * with an error saying so.
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
  const stored = file.metadata[CHECKSUM_KEY];
  if (stored === undefined) fail(`the file has no '${CHECKSUM_KEY}' metadata: it is corrupted or was not written by encodeCheckpoint`);
  if (String(checksum(raw, file.tensors)) !== stored) fail('checksum mismatch: the file is corrupted');
  let meta;
  try {
    meta = JSON.parse(raw);
  } catch (e) {
    fail(`its metadata is not valid JSON (${(e as Error).message})`);
  }
  if (meta?.format !== 'attn.checkpoint' || meta.version !== 1) fail(`unsupported format ${JSON.stringify(meta?.format)} version ${JSON.stringify(meta?.version)}`);
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
