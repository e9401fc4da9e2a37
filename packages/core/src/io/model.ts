import { AttnError, describe, need } from '../errors.js';
import { Embedding } from '../nn/embedding.js';
import { Linear } from '../nn/linear.js';
import { MLP } from '../nn/mlp.js';
import type { ModelConfig, Module } from '../nn/module.js';
import { MultiHeadAttention } from '../nn/multi-head-attention.js';
import { LayerNorm, RMSNorm } from '../nn/norm.js';
import { DecoderOnly, TransformerEncoderLayer } from '../nn/transformer.js';
import { TutorialAttention } from '../nn/tutorial-attention.js';
import { decodeSafetensors, encodeSafetensors, type SafetensorsOptions } from './safetensors.js';

/** The safetensors `__metadata__` key under which {@link saveModel} stores the {@link ModelConfig} as JSON. */
export const MODEL_METADATA_KEY = 'attn.model';

// The options come from JSON: each constructor validates them.
const BUILDERS: Record<string, (o: any) => Module> = {
  Linear: (o) => new Linear(o.inFeatures, o.outFeatures, o),
  Embedding: (o) => new Embedding(o.num, o.dim),
  MLP: (o) => new MLP(o.sizes, o),
  LayerNorm: (o) => new LayerNorm(o.dim, o),
  RMSNorm: (o) => new RMSNorm(o.dim, o),
  MultiHeadAttention: (o) => new MultiHeadAttention(o.dModel, o.heads, o),
  TransformerEncoderLayer: (o) => new TransformerEncoderLayer(o.dModel, o.heads, o),
  DecoderOnly: (o) => new DecoderOnly(o),
  TutorialAttention: (o) => new TutorialAttention(o),
};

/**
 * Builds a fresh model (random weights) from a {@link ModelConfig}; an unknown class or options
 * that do not validate are refused with a FORMAT error.
 *
 * @example
 * ```ts
 * const model = buildModel({ class: 'Linear', options: { inFeatures: 2, outFeatures: 3, bias: false } });
 * model.stateDict().weight.shape; // [3, 2]
 * ```
 */
export function buildModel(config: ModelConfig): Module {
  const fail = (why: string): never => {
    throw new AttnError('FORMAT', `buildModel: ${why}`);
  };
  if (config === null || typeof config !== 'object' || config.options === null || typeof config.options !== 'object') {
    fail(`expected { class, options }, got ${describe(config)}`);
  }
  const build = Object.hasOwn(BUILDERS, config.class) ? BUILDERS[config.class] : fail(`unknown model class ${describe(config.class)}, expected one of ${Object.keys(BUILDERS).join(', ')}`);
  try {
    return build({ ...config.options, seed: 0 });
  } catch (e) {
    return fail(`the options of ${config.class} do not validate (${(e as Error).message})`);
  }
}

/**
 * A safetensors file of the model's weights whose metadata records its {@link ModelConfig}
 * (key {@link MODEL_METADATA_KEY}), so {@link loadModel} can rebuild it from the file alone.
 * PyTorch's `safetensors.torch.load_file` reads the same file and ignores the metadata.
 *
 * @example
 * ```ts
 * const model = new TransformerEncoderLayer(8, 2, { ff: 16, normFirst: true, seed: 1 });
 * const back = loadModel(saveModel(model));
 * back.modelConfig().options.ff; // 16
 * ```
 */
export function saveModel(model: Module, options: SafetensorsOptions = {}): Uint8Array {
  need(typeof model?.stateDict === 'function', 'saveModel', 'expected a Module', model);
  const metadata = { ...options.metadata, [MODEL_METADATA_KEY]: JSON.stringify(model.modelConfig()) };
  return encodeSafetensors(model.stateDict(), { ...options, metadata });
}

/**
 * Rebuilds the model a {@link saveModel} file holds: its class and options from the metadata,
 * then its weights, strictly (every name and shape must match). A file without the metadata,
 * an unknown class or options that do not validate are refused with a FORMAT error.
 *
 * @example
 * ```ts
 * const gpt = new DecoderOnly({ vocabSize: 5, maxLen: 4, dModel: 8, heads: 2, layers: 1, seed: 3 });
 * const back = loadModel(saveModel(gpt));
 * back instanceof DecoderOnly && back.config.heads; // 2
 * ```
 */
export function loadModel(bytes: Uint8Array | ArrayBuffer): Module {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const json = metadata[MODEL_METADATA_KEY];
  if (json === undefined) {
    throw new AttnError('FORMAT', `loadModel: the file does not record its model (no '${MODEL_METADATA_KEY}' metadata), got metadata keys [${Object.keys(metadata).join(', ')}]; build the model yourself and use loadStateDict`);
  }
  let config: ModelConfig;
  try {
    config = JSON.parse(json) as ModelConfig;
  } catch (e) {
    throw new AttnError('FORMAT', `loadModel: '${MODEL_METADATA_KEY}' is not valid JSON (${(e as Error).message})`);
  }
  const model = buildModel(config);
  try {
    model.loadStateDict(tensors);
  } catch (e) {
    throw new AttnError('FORMAT', `loadModel: the weights do not fit the recorded ${config.class} (${(e as Error).message})`);
  }
  return model;
}
