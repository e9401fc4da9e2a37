import { attentionSteps, type AttentionScale } from '../attention/attention.js';
import { AttnError, check, fmt } from '../errors.js';
import { linear } from '../ops/linear.js';
import { concat, expand, permute, reshape, slice, splitHeads, squeeze, unsqueeze } from '../ops/shape.js';
import { zeros } from '../tensor/create.js';
import { checkAllocation } from '../tensor/storage.js';
import { describeArg, Tensor } from '../tensor/tensor.js';
import type { ForwardOptions } from '../trace/trace.js';
import { init, positiveInt, rngOf, type RandomInit } from './init.js';
import { Linear } from './linear.js';
import { Module, type ModelConfig } from './module.js';
import { RotaryEmbedding } from './positional.js';

/** Options of {@link MultiHeadAttention}. */
export interface MultiHeadAttentionOptions extends RandomInit {
  /** Biases on the projections (default true). */
  bias?: boolean;
  /** Score scaling, `'sqrt'` (1/√dHead) by default. */
  scale?: AttentionScale;
  /** Rotate queries and keys with RoPE (default false). */
  rotary?: boolean;
}

/** Options of one call of {@link MultiHeadAttention}. */
export interface AttendOptions extends ForwardOptions {
  /** Keys and values come from here (cross-attention), `[batch, Tk, dModel]`; from `x` when omitted. */
  context?: Tensor;
  /** Query i (of Tq) may attend key j iff j ≤ i + (Tk − Tq). */
  causal?: boolean;
  /** 1 = may attend; `[Tq, Tk]` or `[batch, Tq, Tk]`, shared by all heads. */
  mask?: Tensor;
  /** 1 for real keys, 0 for padding, `[batch, Tk]`. */
  keyPadding?: Tensor;
  /** Position of the first token, for rotary embeddings. Default 0. */
  offset?: number;
  /**
   * Keys and values of the positions before `x` (self-attention only): the call attends over
   * them and its own, then appends its own to the cache. `x` holds only the new positions; they
   * start at `offset + cache.length` (rotary embeddings, head overrides, the causal mask).
   */
  cache?: KVCache;
}

/**
 * The keys and values one {@link MultiHeadAttention} has seen, for incremental decoding: what one
 * layer of PyTorch's `past_key_values` holds. Passed as `cache`, each call attends over the cached
 * positions and its own, then appends its own; feeding a sequence in pieces gives the outputs of
 * feeding it whole. Shapes: `keys` (rotated, with rotary embeddings), `values`
 * `[batch, heads, length, headDim]`, null while empty.
 *
 * @example
 * ```ts
 * const mha = new MultiHeadAttention(8, 2, { seed: 0 });
 * const x = randn([1, 5, 8], { seed: 1 });
 * const cache = new KVCache();
 * mha.forward(slice(x, 1, 0, 4), { causal: true, cache }); // positions 0 to 3
 * const last = mha.forward(slice(x, 1, 4), { causal: true, cache }); // position 4, attending over all five
 * cache.length; // 5
 * last.sub(slice(mha.forward(x, { causal: true }), 1, 4)).abs().max().item() < 1e-12; // true
 * ```
 */
export class KVCache {
  /** Keys of the positions seen, `[batch, heads, length, headDim]`; null while empty. */
  keys: Tensor | null = null;
  /** Values of the positions seen, `[batch, heads, length, headDim]`; null while empty. */
  values: Tensor | null = null;
  /** Positions held. */
  get length(): number {
    return this.keys ? this.keys.shape[2] : 0;
  }
}

/**
 * What replaces one head's attended values in {@link MultiHeadAttention.headOverride}: `'zero'`
 * (zero-ablation), or a tensor broadcast over the batch — `[headDim]` (one vector for every
 * position, e.g. the mean over a batch and its positions), `[T, headDim]` (one per position, e.g.
 * the mean over a batch) or `[batch, T, headDim]` (patching: the head's values recorded on another
 * input). A tensor's T may exceed the call's Tq: the rows of the call's positions are used (the
 * first Tq, or the Tq after the positions a {@link KVCache} holds), so values recorded on a full
 * sequence serve every prefix of it (as in greedy decoding, with or without a cache).
 */
export type HeadOverride = 'zero' | Tensor;

/** Overrides by head index, e.g. `{ 1: 'zero' }` or `[mean0, undefined, 'zero']`. */
export type HeadOverrides = Readonly<Record<number, HeadOverride | undefined>>;

/**
 * Multi-head attention as `torch.nn.MultiheadAttention(dModel, heads, batch_first=True)`:
 * project to Q, K, V, split into heads, scaled dot-product attention per head, concatenate,
 * project out. Parameters `in_proj_weight [3·dModel, dModel]`, `in_proj_bias`, `out_proj.*`
 * carry PyTorch's names and layout. Self-attention by default, cross-attention with `context`.
 * Shapes: `x [batch, Tq, dModel]` (or `[Tq, dModel]`) → same; weights `[batch, heads, Tq, Tk]`.
 *
 * @example
 * ```ts
 * const mha = new MultiHeadAttention(8, 2, { seed: 0 });
 * const { output, weights } = mha.attend(randn([1, 5, 8]), { causal: true });
 * weights.shape; // [1, 2, 5, 5]
 * ```
 */
export class MultiHeadAttention extends Module {
  readonly inProjWeight: Tensor;
  readonly inProjBias: Tensor | null;
  readonly outProj: Linear;
  readonly headDim: number;
  readonly scale: AttentionScale;
  readonly rotary: RotaryEmbedding | null;
  /**
   * Heads whose attended values — softmax(q·kᵀ)·v of that head, `[batch, Tq, headDim]`, before the
   * heads are merged and projected out — are replaced on every call, for ablations and activation
   * patching (see {@link HeadOverride}); the trace records the replaced values as `attended`.
   * Overriding every head ablates the whole layer's attention: zeros leave only `out_proj.bias`.
   * `null` (the default) runs the normal path.
   *
   * @example
   * ```ts
   * const mha = new MultiHeadAttention(8, 2, { seed: 0 });
   * mha.headOverride = { 1: 'zero' };  // head 1 contributes nothing
   * mha.forward(randn([1, 5, 8])).shape; // [1, 5, 8]
   * mha.headOverride = null;            // back to normal
   * ```
   */
  headOverride: HeadOverrides | null = null;

  constructor(readonly dModel: number, readonly heads: number, options: MultiHeadAttentionOptions = {}) {
    super();
    positiveInt('MultiHeadAttention', 'dModel', dModel);
    positiveInt('MultiHeadAttention', 'heads', heads);
    checkAllocation('MultiHeadAttention', [3 * dModel, dModel]);
    check(dModel % heads === 0, 'ARGUMENT', () => `MultiHeadAttention: dModel must be divisible by heads, got dModel ${dModel} and heads ${heads}`);
    const rng = rngOf('MultiHeadAttention', options);
    const bias = options.bias !== false;
    this.headDim = dModel / heads;
    this.scale = options.scale ?? 'sqrt';
    this.inProjWeight = this.param('in_proj_weight', init.xavierUniform()([3 * dModel, dModel], rng));
    this.inProjBias = bias ? this.param('in_proj_bias', init.zeros()([3 * dModel], rng)) : null;
    this.outProj = this.module('out_proj', new Linear(dModel, dModel, { rng, bias }));
    if (this.outProj.bias) this.outProj.bias.data.fill(0);
    this.rotary = options.rotary ? new RotaryEmbedding(this.headDim) : null;
  }

  override modelConfig(): ModelConfig {
    return { class: 'MultiHeadAttention', options: { dModel: this.dModel, heads: this.heads, bias: this.inProjBias !== null, scale: this.scale, rotary: this.rotary !== null } };
  }

  /** The attended output and the attention weights of every head. */
  attend(x: Tensor, options: AttendOptions = {}): { output: Tensor; weights: Tensor } {
    const E = this.dModel;
    check(x instanceof Tensor && (x.rank === 3 || x.rank === 2) && x.shape[x.rank - 1] === E, 'SHAPE',
      () => `MultiHeadAttention: x must be [batch, T, ${E}] or [T, ${E}], got ${describeArg(x)}`);
    const unbatched = x.rank === 2;
    const xq = unbatched ? unsqueeze(x, 0) : x;
    let ctx = options.context;
    if (ctx !== undefined) {
      check(ctx instanceof Tensor && ctx.rank === xq.rank + (unbatched ? -1 : 0) && ctx.shape[ctx.rank - 1] === E, 'SHAPE',
        () => `MultiHeadAttention: context must be shaped like x ([${unbatched ? '' : 'batch, '}Tk, ${E}]), got ${describeArg(ctx)}`);
      if (unbatched) ctx = unsqueeze(ctx, 0);
      if (ctx.shape[0] !== xq.shape[0]) {
        throw new AttnError('SHAPE', `MultiHeadAttention: context batch must match x, got x ${fmt(x.shape)} and context ${fmt(ctx.shape)}`);
      }
    }
    const [B, Tq] = xq.shape;
    const cache = options.cache;
    const past = cache?.length ?? 0;
    if (cache) {
      check(cache instanceof KVCache && !ctx, 'ARGUMENT', () => `MultiHeadAttention: cache must be a KVCache, for self-attention only, got ${ctx ? 'a context' : describeArg(cache)}`);
      const k = cache.keys;
      check(!k || (k.shape[0] === B && k.shape[1] === this.heads && k.shape[3] === this.headDim), 'SHAPE',
        () => `MultiHeadAttention: cache holds keys ${fmt(k!.shape)}, expected [${B}, ${this.heads}, T, ${this.headDim}] for x ${fmt(x.shape)}`);
    }
    const W = this.inProjWeight;
    const b = this.inProjBias;
    // the projections, and where in their last axis q, k and v start
    let qx: Tensor, kv: Tensor;
    let at: number[];
    if (ctx === undefined) {
      qx = kv = linear(xq, W, b);
      at = [0, E, 2 * E];
    } else {
      qx = linear(xq, slice(W, 0, 0, E), b && slice(b, 0, 0, E));
      kv = linear(ctx, slice(W, 0, E), b && slice(b, 0, E));
      at = [0, 0, E];
    }
    // split into heads [B, heads, T, headDim], each in one copy
    let q = splitHeads(qx, at[0], this.heads, this.headDim);
    let k = splitHeads(kv, at[1], this.heads, this.headDim);
    let v = splitHeads(kv, at[2], this.heads, this.headDim);
    if (this.rotary) {
      const offset = (options.offset ?? 0) + past;
      q = this.rotary.apply(q, offset + k.shape[2] - Tq);
      k = this.rotary.apply(k, offset);
    }
    if (cache?.keys && cache.values) {
      k = concat([cache.keys, k], 2);
      v = concat([cache.values, v], 2);
    }
    const Tk = k.shape[2];
    let mask: Tensor | undefined;
    if (options.mask !== undefined) {
      const m = options.mask;
      check(m instanceof Tensor && (m.rank === 2 || m.rank === 3), 'SHAPE',
        () => `MultiHeadAttention: mask must be [Tq, Tk] or [batch, Tq, Tk], got ${describeArg(m)}`);
      mask = m.rank === 3 ? unsqueeze(m, 1) : m;
    }
    if (options.keyPadding !== undefined) {
      const p = options.keyPadding;
      check(p instanceof Tensor && p.rank === 2 && p.shape[0] === B && p.shape[1] === Tk, 'SHAPE',
        () => `MultiHeadAttention: keyPadding must be [${B}, ${Tk}], got ${describeArg(p)}`);
      const pad = reshape(p, [B, 1, 1, Tk]);
      mask = mask ? mask.mul(pad) : pad;
    }
    const steps = attentionSteps('MultiHeadAttention', q, k, v, { scale: this.scale, causal: options.causal, mask, trace: options.trace });
    const attended = this.headOverride ? overrideHeads(steps.output, this.headOverride, past) : steps.output;
    if (cache) {
      cache.keys = k;
      cache.values = v;
    }
    const merged = reshape(permute(attended, [0, 2, 1, 3]), [B, Tq, E]);
    const out = this.outProj.forward(merged);
    if (options.trace) {
      options.trace.recordAttention({
        owner: this, module: this.path, scale: steps.factor, causal: options.causal ?? false, heads: true,
        input: xq, q, k, v, scores: steps.scores, scaled: steps.scaled!,
        mask: steps.allowed && steps.allowed.ne(0).expand(steps.scores.shape),
        weights: steps.weights, attended,
      });
    }
    return { output: unbatched ? squeeze(out, 0) : out, weights: unbatched ? squeeze(steps.weights, 0) : steps.weights };
  }

  /** The attended output; see {@link MultiHeadAttention.attend}. */
  forward(x: Tensor, options: AttendOptions = {}): Tensor {
    return this.attend(x, options).output;
  }
}

/**
 * @internal Replaces heads of `a [batch, heads, Tq, headDim]`, the queries at positions `past …`,
 * as {@link HeadOverride} says, composed from slice, expand and concat; `op` names the module in errors.
 */
export function overrideHeads(a: Tensor, o: HeadOverrides, past = 0, op = 'MultiHeadAttention'): Tensor {
  const [B, H, T, D] = a.shape;
  for (const k in o) check(+k < H && /^\d+$/.test(k), 'ARGUMENT', () => `${op}: headOverride has no head ${k}, got ${H} head${H === 1 ? '' : 's'}`);
  const parts: Tensor[] = [];
  for (let h = 0; h < H; h++) {
    const v = o[h];
    const r = v instanceof Tensor ? v.rank : 0;
    check(v === undefined || v === 'zero' || (r && v.shape[r - 1] === D && (r < 2 || v.shape[r - 2] >= past + T) && (r < 3 || (r === 3 && v.shape[0] === B))), 'SHAPE',
      () => `${op}: headOverride[${h}] must be 'zero', [${D}], [T, ${D}] or [${B}, T, ${D}] with T ≥ ${past + T}, got ${describeArg(v)}`);
    parts.push(v === undefined ? slice(a, 1, h, h + 1)
      : v === 'zero' ? zeros([B, 1, T, D], { dtype: a.dtype })
        : expand(reshape(r < 2 ? v : slice(v, r - 2, past, past + T), [r > 2 ? B : 1, 1, r > 1 ? T : 1, D]), [B, 1, T, D]));
  }
  return concat(parts, 1);
}
