import { scaleFactor, type AttentionScale } from '../attention/attention.js';
import { check, fmt, opts } from '../errors.js';
import * as scalar from '../math/index.js';
import { matmul } from '../ops/matmul.js';
import { mul } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { reshape, unsqueeze } from '../ops/shape.js';
import { zeros } from '../tensor/create.js';
import { accumulateOwned, attach } from '../autograd/engine.js';
import { describeArg, Tensor } from '../tensor/tensor.js';
import { alloc, checkAllocation, resultType, type Storage } from '../tensor/storage.js';
import type { ForwardOptions, TraceRecorder } from '../trace/trace.js';
import type { Activation } from './activation.js';
import { init, positiveInt, rngOf, type Initializer, type RandomInit } from './init.js';
import { MLP } from './mlp.js';
import { type HeadOverrides, overrideHeads } from './multi-head-attention.js';
import { Module, type ModelConfig } from './module.js';

/** Options of {@link TutorialAttention}. */
export interface TutorialAttentionOptions extends RandomInit {
  /** Size of Q, K and V per token; 4 by default. */
  d?: number;
  /** Hidden units of the network after attention; 16 by default. */
  hidden?: number;
  /** `'none'` (default, the tutorial's softmax(Q·Kᵀ)·V), `'sqrt'` (1/√d) or a number. */
  scale?: AttentionScale;
  /** Activation of the network; `'relu'` by default. */
  activation?: Activation;
  /** Initializer of W_q, W_k and W_v (`[1, d]`); N(0, 0.5²) by default. */
  init?: Initializer;
}

/** Options of one {@link TutorialAttention} forward pass. */
export interface TutorialForwardOptions extends ForwardOptions {
  /** 1 for real numbers, 0 for padding, shaped like the input (`[batch, T]` or `[T]`): padding is neither attended nor summed. */
  mask?: Tensor;
}

/**
 * The seed tutorial's model: each number of the input is a token with one feature;
 * Q = x·W_q, K = x·W_k, V = x·W_v (`W [1, d]`, no bias); scores = Q·Kᵀ (unscaled by default);
 * weights = softmax(scores); attended = weights·V; the attended vectors are summed over
 * positions and a small network (d → hidden → 1) turns the sum into the answer.
 * Shapes: `[batch, T]` (or `[T]`) numbers → `[batch, 1]` (or `[1]`).
 *
 * @example
 * ```ts
 * const model = new TutorialAttention({ seed: 0 });
 * model.forward(tensor([[3, 5]])).shape; // [1, 1]
 * ```
 */
export class TutorialAttention extends Module {
  readonly wQ: Tensor;
  readonly wK: Tensor;
  readonly wV: Tensor;
  readonly mlp: MLP;
  readonly d: number;
  readonly hidden: number;
  readonly scale: AttentionScale;
  /**
   * Replaces the attended vectors (weights·V, `[batch, T, d]`) before they are summed, as
   * {@link MultiHeadAttention.headOverride} does for its heads: this attention is head 0. `'zero'`
   * leaves the network only its biases; a tensor `[d]`, `[T, d]` or `[batch, T, d]` stands in for
   * the attended vectors (a mean, or values recorded on another input). The trace records the
   * attention as computed; `sum` is the sum of the replaced vectors. `null` (the default) runs the
   * normal path.
   *
   * @example
   * ```ts
   * const model = new TutorialAttention({ seed: 0 });
   * model.headOverride = { 0: 'zero' };
   * // the input no longer reaches the network
   * model.forward(tensor([[3, 5]])).item() === model.forward(tensor([[1, 9]])).item(); // true
   * ```
   */
  headOverride: HeadOverrides | null = null;

  constructor(options: TutorialAttentionOptions = {}) {
    super();
    opts('TutorialAttention', options);
    this.d = positiveInt('TutorialAttention', 'd', options.d ?? 4);
    this.hidden = positiveInt('TutorialAttention', 'hidden', options.hidden ?? 16);
    this.scale = options.scale ?? 'none';
    scaleFactor('TutorialAttention', this.scale, this.d);
    const rng = rngOf('TutorialAttention', options);
    const w = options.init ?? init.normal(0.5);
    this.wQ = this.param('w_q', w([1, this.d], rng));
    this.wK = this.param('w_k', w([1, this.d], rng));
    this.wV = this.param('w_v', w([1, this.d], rng));
    this.mlp = this.module('mlp', new MLP([this.d, this.hidden, 1], { rng, activation: options.activation }));
  }

  override modelConfig(): ModelConfig {
    return { class: 'TutorialAttention', options: { d: this.d, hidden: this.hidden, scale: this.scale, activation: this.mlp.activation } };
  }

  forward(x: Tensor, options: TutorialForwardOptions = {}): Tensor {
    check(x instanceof Tensor && (x.rank === 1 || x.rank === 2) && x.shape[x.rank - 1] > 0, 'SHAPE',
      () => `TutorialAttention: input must be numbers [batch, T] or [T], got ${describeArg(x)}`);
    const unbatched = x.rank === 1;
    const xb = unbatched ? unsqueeze(x, 0) : x;
    const [B, T] = xb.shape;
    const { mask } = options;
    if (mask !== undefined) {
      check(mask instanceof Tensor && mask.rank === x.rank && mask.shape.every((s, i) => s === x.shape[i]), 'SHAPE',
        () => `TutorialAttention: mask must have the input's shape ${fmt(x.shape)}, got ${describeArg(mask)}`);
      for (let r = 0; r < B; r++) {
        let kept = 0;
        for (let t = 0; t < T; t++) {
          const m = mask.data[r * T + t];
          check(m === 0 || m === 1, 'ARGUMENT', () => `TutorialAttention: mask must hold 0 (padding) or 1 (a number), got ${m} at [${r}, ${t}]`);
          kept += m;
        }
        check(kept > 0, 'ARGUMENT', () => `TutorialAttention: mask row ${r} is all padding; each row needs a number`);
      }
    }
    const factor = scaleFactor('TutorialAttention', this.scale, this.d);
    // Steps 2–8 up to the sum as one node, traced or not: a trace records that node's own numbers
    const { trace } = options;
    const record = trace && ((steps: AttendSteps) => this.record(trace, xb, mask, factor, steps));
    let summed = attendAndSum(xb, this.wQ, this.wK, this.wV, factor, mask?.data ?? null, record);
    const o = this.headOverride;
    if (o) {
      for (const k in o) check(k === '0', 'ARGUMENT', () => `TutorialAttention: headOverride has no head ${k}, got 1 head`);
      if (o[0] !== undefined) {
        // the replaced attended vectors, summed over the positions that are numbers
        const attended = reshape(overrideHeads(zeros([B, 1, T, this.d]), o, 0, 'TutorialAttention'), [B, T, this.d]);
        summed = sum(mask ? mul(attended, reshape(mask, [B, T, 1])) : attended, 1);
      }
    }
    const out = this.mlp.forward(summed, { trace }); // … then the network
    if (trace) {
      trace.recordValue('sum', summed);
      trace.recordValue('output', out);
    }
    return unbatched ? reshape(out, [1]) : out;
  }

  /**
   * Records the tutorial's steps as the fused node computed them: q, k, v are x·w, the scaled
   * scores and the weights the node's softmax input and output, attended = y·w_v.
   */
  private record(trace: TraceRecorder, xb: Tensor, mask: Tensor | undefined, factor: number, steps: AttendSteps): void {
    const [B, T] = xb.shape;
    const tokens = reshape(xb.detach(), [B, T, 1]); // step 1: each number is a token with one feature
    const [q, k, v] = [this.wQ, this.wK, this.wV].map((w) => matmul(tokens, w.detach())); // steps 2–4
    trace.recordAttention({
      owner: this, module: this.path, scale: factor, causal: false, heads: false,
      input: tokens, q, k, v, scores: new Tensor(steps.scores, [B, T, T]), scaled: new Tensor(steps.scaled, [B, T, T]),
      mask: mask && reshape(mask, [B, 1, T]).ne(0).expand([B, T, T]),
      weights: new Tensor(steps.weights, [B, T, T]),
      attended: matmul(new Tensor(steps.mixed, [B, T, 1]), this.wV.detach()),
    });
  }
}

/**
 * @internal What {@link attendAndSum} computed, for a trace: the scores q_i·k_j = (w_q·w_k)·x_i·x_j,
 * the scaled scores its softmax took (masked pairs included), the weights a_ij (`[B, T, T]` each)
 * and y_i = Σ_j a_ij·x_j (`[B, T]`).
 */
export interface AttendSteps {
  scores: Float64Array;
  scaled: Float64Array;
  weights: Float64Array;
  mixed: Float64Array;
}

/**
 * @internal Steps 2–8 up to the sum as one node. With one feature per token, scores are
 * s_ij = c·x_i·x_j with c = factor·(w_q·w_k), and the summed attended vectors are z·w_v with
 * z = Σ_i m_i Σ_j a_ij x_j, so the whole block costs O(T²) per example and one graph node.
 * Shapes: `x [B, T]`, `w_* [1, d]`, mask `[B, T]` or null → `[B, d]`.
 */
export function attendAndSum(
  x: Tensor, wQ: Tensor, wK: Tensor, wV: Tensor, factor: number, mask: Storage | null, record?: (steps: AttendSteps) => void,
): Tensor {
  const [B, T] = x.shape;
  const d = wQ.shape[1];
  const xd = x.data;
  const wq = wQ.data;
  const wk = wK.data;
  const wv = wV.data;
  let qk = 0;
  for (let k = 0; k < d; k++) qk += wq[k] * wk[k];
  const c = factor * qk;
  checkAllocation('TutorialAttention', [B, T, T]);
  const a = new Float64Array(B * T * T); // attention weights, kept for the backward pass
  const y = new Float64Array(B * T); // y_i = Σ_j a_ij x_j
  const z = new Float64Array(B);
  const steps: AttendSteps | undefined = record && { scores: new Float64Array(B * T * T), scaled: new Float64Array(B * T * T), weights: a, mixed: y };
  for (let b = 0; b < B; b++) {
    const xo = b * T;
    for (let i = 0; i < T; i++) {
      const row = (xo + i) * T;
      let max = -Infinity;
      if (steps) {
        // + 0 turns −0 (a padding 0 times a negative weight) into 0: JSON, a trace's format, has no −0
        for (let j = 0; j < T; j++) {
          steps.scores[row + j] = qk * xd[xo + i] * xd[xo + j] + 0;
          steps.scaled[row + j] = c * xd[xo + i] * xd[xo + j] + 0;
        }
      }
      for (let j = 0; j < T; j++) {
        if (mask !== null && mask[xo + j] === 0) continue;
        const s = c * xd[xo + i] * xd[xo + j];
        a[row + j] = s;
        if (s > max) max = s;
      }
      let total = 0;
      for (let j = 0; j < T; j++) {
        if (mask !== null && mask[xo + j] === 0) continue;
        const e = scalar.exp(a[row + j] - max);
        a[row + j] = e;
        total += e;
      }
      let yi = 0;
      for (let j = 0; j < T; j++) {
        a[row + j] /= total;
        yi += a[row + j] * xd[xo + j];
      }
      y[xo + i] = yi;
      if (mask === null || mask[xo + i] !== 0) z[b] += yi;
    }
  }
  const out = alloc(resultType(x, wV), B * d);
  for (let b = 0; b < B; b++) for (let k = 0; k < d; k++) out[b * d + k] = z[b] * wv[k];
  if (record && steps) record(steps);
  return attach(new Tensor(out, [B, d]), [x, wQ, wK, wV], (g) => {
    const gwv = alloc(wV.dtype, d);
    const gx = x.requiresGrad ? alloc(x.dtype, B * T) : null;
    let gc = 0;
    for (let b = 0; b < B; b++) {
      let gz = 0;
      for (let k = 0; k < d; k++) {
        gz += g[b * d + k] * wv[k];
        gwv[k] += z[b] * g[b * d + k];
      }
      const xo = b * T;
      for (let i = 0; i < T; i++) {
        if (mask !== null && mask[xo + i] === 0) continue;
        const row = (xo + i) * T;
        const xi = xd[xo + i];
        for (let j = 0; j < T; j++) {
          const aij = a[row + j];
          const xj = xd[xo + j];
          const ds = gz * aij * (xj - y[xo + i]); // softmax backward of dz/da_ij = x_j
          gc += ds * xi * xj;
          if (gx !== null) {
            gx[xo + j] += gz * aij + ds * c * xi;
            gx[xo + i] += ds * c * xj;
          }
        }
      }
    }
    if (wQ.requiresGrad || wK.requiresGrad) {
      const gq = alloc(wQ.dtype, d);
      const gk = alloc(wK.dtype, d);
      for (let k = 0; k < d; k++) {
        gq[k] = factor * gc * wk[k];
        gk[k] = factor * gc * wq[k];
      }
      accumulateOwned(wQ, gq);
      accumulateOwned(wK, gk);
    }
    accumulateOwned(wV, gwv);
    if (gx !== null) accumulateOwned(x, gx);
  });
}
