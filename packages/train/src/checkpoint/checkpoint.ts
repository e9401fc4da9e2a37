import { AttnError, buildModel, crc32, decodeSafetensors, encodeSafetensors, Tensor, type ModelConfig, type Module, type RngState, type StateDict } from '@attn/core';
import { need } from '../check.js';
import type { OptimizerState } from '../optim/optimizer.js';
import { tokenizerFromJSON, type TokenizerJSON } from '../text/tokenizer.js';
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
  /**
   * The model's class and options (`model.modelConfig()`), so that the checkpoint alone
   * rebuilds it; `null` for a custom module that does not record one (resume it with `model`).
   */
  modelConfig: ModelConfig | null;
  /** The model's parameters, in the order of the optimizer's (the model's `namedParameters()`). */
  model: StateDict;
  /** The optimizer's state; its buffers are indexed like the entries of `model`. */
  optimizer: OptimizerState;
  /** The task's tokenizer (`Task.tokenizer`), for a task on text: read it with `tokenizerFromJSON`. */
  tokenizer?: TokenizerJSON;
}

const KEY = 'attn.checkpoint';
const CHECKSUM_KEY = 'attn.checksum';
/** Version 2 added the model's configuration and named the optimizer's buffers after their parameters. */
const VERSION = 2;

/**
 * CRC-32 of everything a checkpoint holds: the metadata text exactly as stored, then each
 * tensor's name, shape and float64 values (little-endian, in name order). It covers the header
 * as well as the data, so a corrupted step, seed, RNG state or tensor name is caught too.
 * @internal exported for the tests, not from the package
 */
export function checksum(metadata: string, tensors: StateDict): number {
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

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

/**
 * Refuses metadata whose fields have the wrong types (a hand-edited or forged file that still
 * fits its checksum), naming the field; the values themselves are checked where they are used
 * (the run's config by `train`, the RNG state by `Rng.fromState`, the model by `buildModel`).
 */
function checkMetadata(meta: Record<string, unknown>): void {
  const field = (ok: boolean, name: string, want: string) => {
    if (!ok) fail(`metadata field '${name}' must be ${want}, got ${JSON.stringify(meta[name] ?? null).slice(0, 80)}`);
  };
  field(typeof meta.task === 'string', 'task', 'a task name');
  field(Number.isFinite(meta.seed), 'seed', 'a finite number');
  field(isCount(meta.step), 'step', 'a step count');
  field(isObject(meta.config), 'config', "the run's configuration (an object)");
  field(Array.isArray(meta.rng) && meta.rng.length === 4 && meta.rng.every(isCount), 'rng', 'four unsigned integers');
  field(meta.model === null || (isObject(meta.model) && typeof meta.model.class === 'string' && isObject(meta.model.options)), 'model', 'null or { class, options }');
  const params = meta.params;
  field(Array.isArray(params) && params.every((p) => typeof p === 'string') && new Set(params).size === params.length, 'params', 'a list of distinct parameter names');
  const o = meta.optimizer;
  const buffersOk = isObject(o) && isObject(o.buffers) && Object.values(o.buffers).every((names) => Array.isArray(names) && names.every((n) => typeof n === 'string'));
  const hyperOk = isObject(o) && isObject(o.hyper) && Object.values(o.hyper).every((v) => typeof v === 'number' || typeof v === 'boolean');
  field(isObject(o) && typeof o.kind === 'string' && isCount(o.step) && hyperOk && buffersOk, 'optimizer', '{ kind, step, hyper, buffers } with numbers and lists of parameter names');
  if (meta.tokenizer !== undefined) {
    field(isObject(meta.tokenizer), 'tokenizer', 'a tokenizer { kind, version, … }');
    try {
      tokenizerFromJSON(meta.tokenizer as TokenizerJSON);
    } catch (e) {
      fail(`metadata field 'tokenizer' is not a tokenizer: ${(e as Error).message.replace(/^tokenizerFromJSON: /, '')}`);
    }
  }
}

/**
 * Serializes a checkpoint as one safetensors file: the model's tensors as `model.<name>`, the
 * optimizer's buffers named after their parameters as `optimizer.<name>.<buffer>` (e.g.
 * `optimizer.blocks.0.attn.in_proj_weight.m`), everything else (step, seed, RNG state, task,
 * config, the model's class and options) as JSON in the metadata, with a checksum of all of it.
 *
 * @example
 * ```ts
 * const bytes = encodeCheckpoint(ctx.checkpoint());
 * ```
 */
export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  checkpointArg('encodeCheckpoint', c);
  need(typeof c.optimizer?.buffers === 'object' && c.optimizer.buffers !== null, 'encodeCheckpoint', 'checkpoint.optimizer', 'an optimizer state with buffers', c.optimizer);
  const params = Object.keys(c.model);
  const tensors: StateDict = {};
  for (const [name, t] of Object.entries(c.model)) tensors[`model.${name}`] = t;
  const buffers: Record<string, string[]> = {};
  for (const [buffer, list] of Object.entries(c.optimizer.buffers)) {
    if (list.length !== params.length) {
      throw new AttnError('STATE', `encodeCheckpoint: optimizer buffer '${buffer}' has ${list.length} entries for ${params.length} parameters`);
    }
    buffers[buffer] = [];
    list.forEach((b, i) => {
      if (b === null) return;
      buffers[buffer].push(params[i]);
      tensors[`optimizer.${params[i]}.${buffer}`] = new Tensor(b, [b.length]);
    });
  }
  const meta = JSON.stringify({
    format: 'attn.checkpoint', version: VERSION, task: c.task, seed: c.seed, step: c.step, config: c.config, rng: c.rng,
    model: c.modelConfig, params, optimizer: { kind: c.optimizer.kind, step: c.optimizer.step, hyper: c.optimizer.hyper, buffers },
    tokenizer: c.tokenizer,
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
export function decodeCheckpoint(bytes: Uint8Array | ArrayBuffer): Checkpoint {
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
  if (meta?.format !== 'attn.checkpoint') fail(`unsupported format ${JSON.stringify(meta?.format)}`);
  if (meta.version === 1) fail('the file is a version 1 checkpoint, written before checkpoints recorded their model; train it again to get one this version reads');
  if (meta.version !== VERSION) fail(`unsupported version ${JSON.stringify(meta.version)}, expected ${VERSION}`);
  if (!Object.hasOwn(meta, 'model')) fail("the metadata has no 'model' (the model's class and options)");
  checkMetadata(meta);
  const params: string[] = meta.params;
  const model: StateDict = {};
  for (const name of params) {
    const t = file.tensors[`model.${name}`];
    if (!t) fail(`parameter '${name}' is listed but its tensor 'model.${name}' is missing`);
    Object.defineProperty(model, name, { value: t, enumerable: true, writable: true, configurable: true }); // even if named '__proto__'
  }
  const index = new Map(params.map((n, i) => [n, i]));
  const listed = new Set<string>();
  const missing: string[] = [];
  const buffers: Record<string, (Float64Array | null)[]> = {};
  for (const [buffer, names] of Object.entries(meta.optimizer.buffers as Record<string, string[]>)) {
    const list: (Float64Array | null)[] = params.map(() => null);
    for (const name of names) {
      const key = `optimizer.${name}.${buffer}`;
      listed.add(key);
      const t = file.tensors[key];
      const i = index.get(name);
      if (i === undefined) fail(`optimizer buffer '${key}' belongs to no parameter of the model`);
      if (!t) missing.push(key);
      else if (t.size !== model[name].size) fail(`optimizer buffer '${key}' has ${t.size} values, but its parameter has ${model[name].size}`);
      else list[i] = Float64Array.from(t.data);
    }
    buffers[buffer] = list;
  }
  const unexpected = Object.keys(file.tensors).filter((k) => (k.startsWith('optimizer.') && !listed.has(k)) || (k.startsWith('model.') && !index.has(k.slice(6))));
  if (missing.length || unexpected.length) {
    fail([missing.length ? `missing ${missing.join(', ')}` : '', unexpected.length ? `unexpected ${unexpected.join(', ')}` : ''].filter(Boolean).join('; '));
  }
  const out: Checkpoint = {
    task: meta.task, seed: meta.seed, step: meta.step, config: meta.config, rng: meta.rng, modelConfig: meta.model, model,
    optimizer: { kind: meta.optimizer.kind, step: meta.optimizer.step, hyper: meta.optimizer.hyper, buffers },
  };
  if (meta.tokenizer !== undefined) out.tokenizer = meta.tokenizer;
  return out;
}

/**
 * The model a checkpoint (or a `ModelLink`) holds, rebuilt from its recorded class and
 * options and loaded with its weights. A checkpoint of a custom module records no configuration
 * and is refused (STATE): build that model yourself and `loadStateDict(checkpoint.model)`.
 *
 * @example
 * ```ts
 * const model = checkpointModel(decodeCheckpoint(bytes));
 * const linked = checkpointModel(decodeModelLink(location.href));
 * ```
 */
export function checkpointModel(c: Pick<Checkpoint, 'modelConfig' | 'model'>): Module {
  checkpointArg('checkpointModel', c);
  if (c.modelConfig === null) {
    throw new AttnError('STATE', 'checkpointModel: the checkpoint holds a custom module that records no configuration; build it yourself and loadStateDict(checkpoint.model)');
  }
  const model = buildModel(c.modelConfig);
  model.loadStateDict(c.model);
  return model;
}

const show = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? 'unset');

/** Refuses a checkpoint that is not an object with a `model` state dict, naming `op`. */
function checkpointArg(op: string, c: Pick<Checkpoint, 'model'>): void {
  need(c !== null && typeof c === 'object', op, 'the checkpoint', 'an object', c);
  need(c.model !== null && typeof c.model === 'object', op, 'checkpoint.model', 'an object of tensors', c.model);
}

/**
 * @internal The first way `other` is not the checkpoint's model (its class, then each option),
 * in words, or null when they are the same; `what` names `other` in the message.
 */
export function modelDifference(file: ModelConfig, other: ModelConfig | null, what: string): string | null {
  if (other === null) return `the checkpoint's model is a ${file.class}, but ${what} is a custom module that records no configuration`;
  if (other.class !== file.class) return `the checkpoint's model is a ${file.class}, but ${what} is a ${other.class}`;
  for (const key of new Set([...Object.keys(file.options), ...Object.keys(other.options)])) {
    const [a, b] = [file.options[key], other.options[key]];
    if (JSON.stringify(a) !== JSON.stringify(b)) return `the checkpoint's model has ${key} ${show(a)}, but ${what} has ${key} ${show(b)}`;
  }
  return null;
}
