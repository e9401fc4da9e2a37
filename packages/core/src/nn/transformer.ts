import { AttnError, check, describe, fmt, need } from '../errors.js';
import { add } from '../ops/elementwise.js';
import { linear } from '../ops/linear.js';
import { arange } from '../tensor/create.js';
import type { DType, Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import type { ForwardOptions } from '../trace/trace.js';
import { activation, type Activation } from './activation.js';
import { Embedding } from './embedding.js';
import { init, positiveInt, rngOf, type RandomInit } from './init.js';
import { Linear } from './linear.js';
import { Module, type ModelConfig } from './module.js';
import { KVCache, MultiHeadAttention, type AttendOptions } from './multi-head-attention.js';
import { LayerNorm } from './norm.js';
import { sinusoidalEncoding } from './positional.js';

/** Options of {@link TransformerEncoderLayer}. */
export interface TransformerEncoderLayerOptions extends RandomInit {
  /** Width of the feed-forward network; 4·dModel by default. 0: no feed-forward sublayer (an attention-only block: no `linear1`, `linear2`, `norm2`). */
  ff?: number;
  /** Pre-norm (`x + f(norm(x))`, as in GPT) instead of post-norm (`norm(x + f(x))`, the original and PyTorch's default). Default false. */
  normFirst?: boolean;
  /** Feed-forward activation; `'relu'` by default like PyTorch. */
  activation?: Activation;
  /** Layer norm epsilon; 1e-5 by default. */
  eps?: number;
  /** Always apply a causal mask (as in a decoder-only model). Default false. */
  causal?: boolean;
  /** Rotary position embeddings in the attention. Default false. */
  rotary?: boolean;
}

/**
 * A transformer block like `torch.nn.TransformerEncoderLayer(dModel, heads, ff, dropout=0,
 * batch_first=True)`: self-attention and a feed-forward network, each with a residual
 * connection and layer norm, post-norm or pre-norm. Parameter names match PyTorch's
 * (`self_attn.*`, `linear1`, `linear2`, `norm1`, `norm2`). With `ff: 0` the block is attention
 * only: `x + self_attn(norm1(x))` pre-norm, `norm1(x + self_attn(x))` post-norm.
 * Shapes: `[batch, T, dModel]` → `[batch, T, dModel]`.
 *
 * @example
 * ```ts
 * const block = new TransformerEncoderLayer(8, 2, { ff: 16, normFirst: true, seed: 0 });
 * block.forward(randn([2, 4, 8])).shape; // [2, 4, 8]
 * ```
 */
export class TransformerEncoderLayer extends Module {
  readonly selfAttn: MultiHeadAttention;
  /** Null in an attention-only block (`ff: 0`), as are `linear2` and `norm2`. */
  readonly linear1: Linear | null;
  readonly linear2: Linear | null;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm | null;
  readonly normFirst: boolean;
  readonly causal: boolean;
  readonly ff: number;
  readonly activation: Activation;
  private readonly act: (x: Tensor) => Tensor;

  constructor(readonly dModel: number, readonly heads: number, options: TransformerEncoderLayerOptions = {}) {
    super();
    positiveInt('TransformerEncoderLayer', 'dModel', dModel);
    const rng = rngOf('TransformerEncoderLayer', options);
    const ff = options.ff ?? 4 * dModel;
    check(Number.isInteger(ff) && ff >= 0, 'ARGUMENT', () => `TransformerEncoderLayer: ff must be a positive integer, or 0 for no feed-forward sublayer, got ${describe(ff)}`);
    this.ff = ff;
    this.normFirst = options.normFirst ?? false;
    this.causal = options.causal ?? false;
    this.activation = options.activation ?? 'relu';
    this.act = activation(this.activation);
    this.selfAttn = this.module('self_attn', new MultiHeadAttention(dModel, heads, { rng, rotary: options.rotary }));
    this.linear1 = ff ? this.module('linear1', new Linear(dModel, ff, { rng })) : null;
    this.linear2 = ff ? this.module('linear2', new Linear(ff, dModel, { rng })) : null;
    this.norm1 = this.module('norm1', new LayerNorm(dModel, { eps: options.eps }));
    this.norm2 = ff ? this.module('norm2', new LayerNorm(dModel, { eps: options.eps })) : null;
  }

  override modelConfig(): ModelConfig {
    const { dModel, heads, ff, normFirst, activation, causal } = this;
    return {
      class: 'TransformerEncoderLayer',
      options: { dModel, heads, ff, normFirst, activation, eps: this.norm1.eps, causal, rotary: this.selfAttn.rotary !== null },
    };
  }

  /**
   * The block's output. With `{ trace }`, records every intermediate in the order it is computed,
   * named after the submodule that made it (`norm1`, `self_attn`, `linear1`, `activation`,
   * `linear2`, `norm2`) or `residual1`/`residual2` for the sums `x + …`, prefixed with the
   * block's path (`blocks.0.norm1`). An attention-only block records `norm1`, `self_attn` and
   * `residual1`. A `cache` (see {@link KVCache}) goes to the self-attention: `x` then holds only
   * the new positions.
   */
  forward(x: Tensor, options: AttendOptions = {}): Tensor {
    const opts = { ...options, causal: this.causal || options.causal };
    const prefix = this.path ? `${this.path}.` : '';
    const r = (name: string, t: Tensor) => (options.trace?.recordValue(prefix + name, t), t);
    const attn = (h: Tensor) => r('self_attn', this.selfAttn.forward(h, opts));
    const ffn = (h: Tensor) => r('linear2', this.linear2!.forward(r('activation', this.act(r('linear1', this.linear1!.forward(h))))));
    if (this.normFirst) {
      const h = r('residual1', add(x, attn(r('norm1', this.norm1.forward(x)))));
      return this.norm2 ? r('residual2', add(h, ffn(r('norm2', this.norm2.forward(h))))) : h;
    }
    const h = r('norm1', this.norm1.forward(r('residual1', add(x, attn(x)))));
    return this.norm2 ? r('norm2', this.norm2.forward(r('residual2', add(h, ffn(h))))) : h;
  }
}

/** How a {@link DecoderOnly} model knows positions. */
export type PositionalKind = 'learned' | 'sinusoidal' | 'rotary';

/** Options of {@link DecoderOnly}. */
export interface DecoderOnlyOptions extends RandomInit {
  /** Number of distinct tokens. */
  vocabSize: number;
  /** Longest sequence the model accepts. */
  maxLen: number;
  /** Width of the residual stream; 32 by default. */
  dModel?: number;
  /** Attention heads per block; 4 by default. */
  heads?: number;
  /** Number of blocks; 2 by default. */
  layers?: number;
  /** Feed-forward width; 4·dModel by default. 0: attention-only blocks, with no feed-forward sublayer (as in the induction-head studies). */
  ff?: number;
  /** Position information; `'learned'` by default. */
  positional?: PositionalKind;
  /** Feed-forward activation; `'gelu'` by default. */
  activation?: Activation;
  /**
   * Tie the output head to the token embedding, as GPT-2 does: logits are `h·tok_embᵀ` with no
   * bias and no `head.*` parameters; the one matrix gets the gradients of both uses. Default false.
   */
  tieWeights?: boolean;
  /**
   * The storage of every parameter, and so of the activations and gradients: `'float64'` (the
   * default) or `'float32'`, which halves the memory and runs the float32 matmul kernel, about
   * twice as fast. The initial weights are the float64 ones rounded, so one seed makes the same
   * model in both. Layer norm computes in float64 inside either way.
   */
  dtype?: DType;
}

/** Options of {@link DecoderOnly.forward}. */
export interface DecoderOnlyForwardOptions extends ForwardOptions {
  /** 1 for real tokens, 0 for padding, `[batch, T]` (with a cache: `[batch, cache.length + T]`). */
  keyPadding?: Tensor;
  /**
   * Keys and values of the earlier positions, from {@link DecoderOnly.createCache}: `tokens` are
   * then only the new positions, and the call appends them to the cache (see {@link DecoderCache}).
   */
  cache?: DecoderCache;
}

/**
 * The keys and values a {@link DecoderOnly} has seen, one {@link KVCache} per block, for
 * incremental decoding (what PyTorch/Hugging Face users know as `past_key_values`): feed a prompt,
 * then one token at a time, and each call computes only the new positions. Made by
 * {@link DecoderOnly.createCache}; it works with that model only and holds up to `maxLen` positions.
 *
 * @example
 * ```ts
 * const gpt = new DecoderOnly({ vocabSize: 10, maxLen: 8, dModel: 16, heads: 2, layers: 2, seed: 0 });
 * const cache = gpt.createCache();
 * gpt.forward(tensor([[1, 2, 3]]), { cache });
 * cache.length; // 3
 * cache.layers[1].keys!.shape; // [1, 2, 3, 8]
 * ```
 */
export class DecoderCache {
  /** One per block, in order. */
  readonly layers: KVCache[];
  constructor(readonly model: DecoderOnly) {
    this.layers = model.blocks.map(() => new KVCache());
  }
  /** Positions held. */
  get length(): number {
    return this.layers[0].length;
  }
}

/**
 * A small GPT-style decoder-only transformer: token embedding + positions, pre-norm causal
 * blocks, a final layer norm and a linear head (or, with `tieWeights`, the token embedding) to
 * next-token logits. Shapes: integer tokens `[batch, T]` (T ≤ maxLen) → logits `[batch, T, vocabSize]`.
 *
 * @example
 * ```ts
 * const gpt = new DecoderOnly({ vocabSize: 10, maxLen: 8, dModel: 16, heads: 2, layers: 1, seed: 0 });
 * gpt.forward(tensor([[1, 2, 3]])).shape; // [1, 3, 10]
 * // incremental decoding: the prompt once, then one token at a time
 * const cache = gpt.createCache();
 * gpt.forward(tensor([[1, 2]]), { cache }).shape; // [1, 2, 10]
 * // the logits after 1 2 3: the last row of the full forward pass above
 * gpt.forward(tensor([[3]]), { cache }).shape; // [1, 1, 10]
 * ```
 */
export class DecoderOnly extends Module {
  readonly tokEmb: Embedding;
  readonly posEmb: Embedding | null;
  readonly blocks: TransformerEncoderLayer[];
  readonly norm: LayerNorm;
  /** Null with `tieWeights`: the token embedding is the head. */
  readonly head: Linear | null;
  readonly config: Required<Omit<DecoderOnlyOptions, 'rng' | 'seed'>>;
  private readonly sinusoid: Tensor | null;

  constructor(options: DecoderOnlyOptions) {
    super();
    need(options !== null && typeof options === 'object', 'DecoderOnly', 'options must be an object', options);
    const dModel = options.dModel ?? 32;
    const config = {
      vocabSize: positiveInt('DecoderOnly', 'vocabSize', options.vocabSize),
      maxLen: positiveInt('DecoderOnly', 'maxLen', options.maxLen),
      dModel,
      heads: options.heads ?? 4,
      layers: positiveInt('DecoderOnly', 'layers', options.layers ?? 2),
      ff: options.ff ?? 4 * dModel,
      positional: options.positional ?? 'learned',
      activation: options.activation ?? 'gelu',
      tieWeights: options.tieWeights ?? false,
      dtype: options.dtype ?? 'float64',
    };
    need(['learned', 'sinusoidal', 'rotary'].includes(config.positional), 'DecoderOnly', "positional must be 'learned', 'sinusoidal' or 'rotary'", config.positional);
    need(typeof config.tieWeights === 'boolean', 'DecoderOnly', 'tieWeights must be a boolean', config.tieWeights);
    need(config.dtype === 'float64' || config.dtype === 'float32', 'DecoderOnly', "dtype must be 'float64' or 'float32'", config.dtype);
    this.config = config;
    const rng = rngOf('DecoderOnly', options);
    const small = init.normal(0.02);
    this.tokEmb = this.module('tok_emb', new Embedding(config.vocabSize, dModel, { rng, init: small }));
    this.posEmb = config.positional === 'learned' ? this.module('pos_emb', new Embedding(config.maxLen, dModel, { rng, init: small })) : null;
    const table = config.positional === 'sinusoidal' ? sinusoidalEncoding(config.maxLen, dModel) : null;
    this.sinusoid = table && config.dtype === 'float32' ? new Tensor(Float32Array.from(table.data), table.shape) : table;
    this.blocks = [];
    for (let i = 0; i < config.layers; i++) {
      this.blocks.push(this.module(`blocks.${i}`, new TransformerEncoderLayer(dModel, config.heads, {
        rng, ff: config.ff, normFirst: true, causal: true, activation: config.activation, rotary: config.positional === 'rotary',
      })));
    }
    this.norm = this.module('norm', new LayerNorm(dModel));
    this.head = config.tieWeights ? null : this.module('head', new Linear(dModel, config.vocabSize, { rng }));
    if (config.dtype === 'float32') {
      // the layers drew their weights in float64; rounding them in place, before any graph
      // exists, keeps the parameter objects every layer holds
      for (const p of this.parameters()) (p as { data: Storage }).data = Float32Array.from(p.data);
    }
  }

  override modelConfig(): ModelConfig {
    return { class: 'DecoderOnly', options: { ...this.config } };
  }

  /** An empty {@link DecoderCache} for `forward(tokens, { cache })`. */
  createCache(): DecoderCache {
    return new DecoderCache(this);
  }

  /**
   * Next-token logits of every position of `tokens`. With a `cache`, `tokens` continue the
   * sequence the cache holds: positions `cache.length …`, attending over the cached keys too, and
   * the cache grows by T; the logits equal those rows of a forward pass over the whole sequence.
   */
  forward(tokens: Tensor, options: DecoderOnlyForwardOptions = {}): Tensor {
    check(tokens?.rank === 2, 'SHAPE', () => `DecoderOnly: tokens must be [batch, T], got ${tokens?.shape ? fmt(tokens.shape) : describe(tokens)}`);
    const [B, T] = tokens.shape;
    const { cache, ...rest } = options;
    const past = cache?.length ?? 0;
    if (cache) {
      check(cache instanceof DecoderCache && cache.model === this, 'ARGUMENT', () => `DecoderOnly: cache must come from this model's createCache(), got ${cache instanceof DecoderCache ? "another model's cache" : describe(cache)}`);
      const held = cache.layers[0].keys?.shape[0] ?? B;
      check(held === B, 'SHAPE', () => `DecoderOnly: the cache holds a batch of ${held}, got tokens ${fmt(tokens.shape)}`);
    }
    if (past + T > this.config.maxLen) {
      throw new AttnError('SHAPE', `DecoderOnly: sequence length ${past ? `${past} cached + ${T}` : T} exceeds maxLen ${this.config.maxLen}`);
    }
    let h = this.tokEmb.forward(tokens);
    if (this.posEmb) h = add(h, this.posEmb.forward(arange(past, past + T)));
    if (this.sinusoid) h = add(h, this.sinusoid.slice(0, past, past + T));
    this.blocks.forEach((block, i) => (h = block.forward(h, cache ? { ...rest, cache: cache.layers[i] } : rest)));
    h = this.norm.forward(h);
    return this.head ? this.head.forward(h) : linear(h, this.tokEmb.weight);
  }
}
