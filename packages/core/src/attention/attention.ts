import { AttnError, check, fmt, need, opts } from '../errors.js';
import { ne, where } from '../ops/compare.js';
import { mul } from '../ops/elementwise.js';
import { matmul, matmulNT } from '../ops/matmul.js';
import { expand, reshape } from '../ops/shape.js';
import { maskedSoftmax } from '../ops/softmax.js';
import { broadcastShapes } from '../tensor/shape.js';
import { describeArg, Tensor } from '../tensor/tensor.js';
import { alloc } from '../tensor/storage.js';
import type { TraceRecorder } from '../trace/trace.js';

/**
 * How raw scores Q·Kᵀ are scaled before the softmax: `'sqrt'` multiplies by 1/√d (the usual,
 * "Attention Is All You Need"), `'none'` leaves them as they are (the seed tutorial's
 * softmax(Q·Kᵀ)·V), a number multiplies by that number.
 */
export type AttentionScale = 'sqrt' | 'none' | number;

/** Options of {@link attention}. */
export interface AttentionOptions {
  /** Score scaling; `'sqrt'` by default. */
  scale?: AttentionScale;
  /** Query i (of Tq) may attend key j iff j ≤ i + (Tk − Tq), so the last query sees every key. */
  causal?: boolean;
  /** 1 where a query may attend a key, 0 where not; broadcasts to `[..., Tq, Tk]`. */
  mask?: Tensor;
  /** Record the intermediates into this recorder. */
  trace?: TraceRecorder;
}

/** The result of {@link attention}: the attended output and the softmax weights. */
export interface AttentionResult {
  /** `weights · v`, shape `[..., Tq, dv]`. */
  output: Tensor;
  /** Softmax probabilities, shape `[..., Tq, Tk]`; rows sum to 1. */
  weights: Tensor;
}

/** @internal Every intermediate of one attention call. */
export interface AttentionSteps extends AttentionResult {
  scores: Tensor;
  /** The scaled scores, computed only when `options.trace` is set. */
  scaled?: Tensor;
  /** The combined mask (non-zero = may attend; broadcasts to the scores), or undefined when nothing is masked. */
  allowed?: Tensor;
  factor: number;
}

/** @internal Resolves an {@link AttentionScale} for head size `d`, or throws naming `op`. */
export function scaleFactor(op: string, scale: AttentionScale, d: number): number {
  if (scale === 'sqrt') return 1 / Math.sqrt(d);
  if (scale === 'none') return 1;
  need(typeof scale === 'number' && Number.isFinite(scale), op, "scale must be 'sqrt', 'none' or a finite number", scale);
  return scale;
}

/**
 * A `[Tq, Tk]` 0/1 mask where query i may attend key j iff j ≤ i + (Tk − Tq).
 *
 * @example
 * ```ts
 * causalMask(3).toArray(); // [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
 * ```
 */
export function causalMask(tq: number, tk = tq): Tensor {
  need(Number.isInteger(tq) && tq > 0 && Number.isInteger(tk) && tk > 0, 'causalMask', 'lengths must be positive integers', tq, tk);
  const d = alloc('float64', tq * tk, 'causalMask', [tq, tk]);
  for (let i = 0; i < tq; i++) for (let j = 0; j < tk; j++) d[i * tk + j] = j <= i + (tk - tq) ? 1 : 0;
  return new Tensor(d, [tq, tk]);
}

/** @internal The steps of scaled dot-product attention, shared by {@link attention} and the modules. */
export function attentionSteps(op: string, q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions): AttentionSteps {
  for (const [name, t] of [['q', q], ['k', k], ['v', v]] as const) {
    check(t instanceof Tensor && t.rank >= 2, 'ARGUMENT',
      () => `${op}: argument '${name}' must be a Tensor [..., T, d], got ${describeArg(t)}`);
  }
  const d = q.shape[q.rank - 1];
  if (k.shape[k.rank - 1] !== d) {
    throw new AttnError('SHAPE', `${op}: q and k must have the same last axis, got q ${fmt(q.shape)} and k ${fmt(k.shape)}`);
  }
  if (k.shape[k.rank - 2] !== v.shape[v.rank - 2]) {
    throw new AttnError('SHAPE', `${op}: k and v must have the same number of keys, got k ${fmt(k.shape)} and v ${fmt(v.shape)}`);
  }
  const factor = scaleFactor(op, options.scale ?? 'sqrt', d);
  const scores = matmulNT(q, k, op); // q·kᵀ without a transposed copy of k
  const tq = q.shape[q.rank - 2];
  const tk = k.shape[k.rank - 2];
  let allowed: Tensor | undefined;
  if (options.causal) allowed = causalMask(tq, tk);
  if (options.mask !== undefined) {
    const m = options.mask;
    need(m instanceof Tensor, op, 'mask must be a Tensor', m);
    let shape: number[] = [];
    try {
      shape = broadcastShapes(m.shape, scores.shape);
    } catch {} // reported just below, naming the scores rather than the operands
    check(shape.length === scores.rank && shape.every((s, i) => s === scores.shape[i]), 'SHAPE',
      () => `${op}: mask must broadcast to the scores ${fmt(scores.shape)}, got ${fmt(m.shape)}`);
    allowed = allowed ? where(m, allowed, 0) : m;
  }
  // scaling, masking and softmax in one node; the scaled scores exist only for a trace
  const weights = maskedSoftmax(scores, factor, allowed);
  const output = matmul(weights, v);
  const scaled = !options.trace ? undefined : factor === 1 ? scores : mul(scores.detach(), factor);
  return { output, weights, scores, scaled, allowed, factor };
}

/**
 * Scaled dot-product attention: `softmax(scale · Q·Kᵀ + mask) · V` over the last two axes.
 * Shapes: `q [..., Tq, d]`, `k [..., Tk, d]`, `v [..., Tk, dv]` → output `[..., Tq, dv]`,
 * weights `[..., Tq, Tk]`. A query with every key masked gets NaN weights, like PyTorch.
 *
 * @example
 * ```ts
 * const x = tensor([[3], [5]]); // two tokens, one feature
 * const { output, weights } = attention(x, x, x, { scale: 'none' });
 * output.shape; // [2, 1]
 * weights.sum(-1).toArray(); // ≈ [1, 1]
 * ```
 */
export function attention(q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions = {}): AttentionResult {
  const steps = attentionSteps('attention', q, k, v, opts('attention', options));
  if (options.trace) {
    const asBatch = (t: Tensor) => reshape(t.detach(), [-1, t.shape[t.rank - 2], t.shape[t.rank - 1]]);
    options.trace.recordAttention({
      owner: {}, module: '', scale: steps.factor, causal: options.causal ?? false, heads: false,
      q: asBatch(q), k: asBatch(k), v: asBatch(v), scores: asBatch(steps.scores), scaled: asBatch(steps.scaled!),
      mask: steps.allowed && asBatch(expand(ne(steps.allowed, 0), steps.scores.shape)), weights: asBatch(steps.weights), attended: asBatch(steps.output),
    });
  }
  return { output: steps.output, weights: steps.weights };
}
