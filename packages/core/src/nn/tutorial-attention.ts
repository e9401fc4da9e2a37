import { attentionSteps, scaleFactor, type AttentionScale } from '../attention/attention.js';
import { check, describe, fmt } from '../errors.js';
import * as scalar from '../math/index.js';
import { mul } from '../ops/elementwise.js';
import { matmul } from '../ops/matmul.js';
import { sum } from '../ops/reduce.js';
import { reshape, unsqueeze } from '../ops/shape.js';
import { accumulateOwned, attach } from '../autograd/engine.js';
import { alloc, resultType, Tensor, type Storage } from '../tensor/tensor.js';
import type { ForwardOptions, TraceRecorder } from '../trace/trace.js';
import type { Activation } from './activation.js';
import { init, positiveInt, rngOf, type Initializer, type RandomInit } from './init.js';
import { MLP } from './mlp.js';
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

  constructor(options: TutorialAttentionOptions = {}) {
    super();
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
      () => `TutorialAttention: input must be numbers [batch, T] or [T], got ${x instanceof Tensor ? fmt(x.shape) : describe(x)}`);
    const unbatched = x.rank === 1;
    const xb = unbatched ? unsqueeze(x, 0) : x;
    const [B, T] = xb.shape;
    const { mask } = options;
    if (mask !== undefined) {
      check(mask instanceof Tensor && mask.rank === x.rank && mask.shape.every((s, i) => s === x.shape[i]), 'SHAPE',
        () => `TutorialAttention: mask must have the input's shape ${fmt(x.shape)}, got ${mask instanceof Tensor ? fmt(mask.shape) : describe(mask)}`);
      for (let r = 0; r < B; r++) {
        let kept = 0;
        for (let t = 0; t < T; t++) {
          const m = mask.data[r * T + t];
          check(m === 0 || m === 1, 'ARGUMENT', () => `TutorialAttention: mask must hold 0 (padding) or 1 (a number), got ${m} at [${r}, ${t}]`);
          kept += m;
        }
        check(kept > 0, 'ARGUMENT', () => `TutorialAttention: mask row ${r} marks every position as padding; each row needs at least one number`);
      }
    }
    const factor = scaleFactor('TutorialAttention', this.scale, this.d);
    // Traced: the tutorial's steps one by one, so each intermediate can be recorded. Otherwise the
    // same computation as one fused node (tutorial-attention.test.ts checks that both agree).
    const summed = options.trace
      ? this.stepByStep(xb, mask, options.trace)
      : attendAndSum(xb, this.wQ, this.wK, this.wV, factor, mask?.data ?? null);
    const out = this.mlp.forward(summed); // … then the network
    if (options.trace) {
      options.trace.recordValue('sum', summed);
      options.trace.recordValue('output', out);
    }
    return unbatched ? reshape(out, [1]) : out;
  }

  /** Steps 1–8 up to the sum, op by op, recording each intermediate. */
  private stepByStep(xb: Tensor, mask: Tensor | undefined, trace: TraceRecorder): Tensor {
    const [B, T] = xb.shape;
    const tokens = reshape(xb, [B, T, 1]); // step 1: each number is a token with one feature
    const q = matmul(tokens, this.wQ); // step 2
    const k = matmul(tokens, this.wK); // step 3
    const v = matmul(tokens, this.wV); // step 4
    const keyMask = mask && reshape(mask, [B, 1, T]);
    // steps 5–7: scores, weights, attended
    const steps = attentionSteps('TutorialAttention', q, k, v, { scale: this.scale, mask: keyMask, trace });
    const kept = mask ? mul(steps.output, reshape(mask, [B, T, 1])) : steps.output;
    trace.recordAttention({
      owner: this, module: this.path, scale: steps.factor, causal: false, heads: false,
      input: tokens, q, k, v, scores: steps.scores, scaled: steps.scaled!,
      mask: steps.allowed && steps.allowed.ne(0).expand(steps.scores.shape),
      weights: steps.weights, attended: steps.output,
    });
    return sum(kept, 1); // step 8: sum over positions
  }
}

/**
 * @internal Steps 2–8 up to the sum as one node. With one feature per token, scores are
 * s_ij = c·x_i·x_j with c = factor·(w_q·w_k), and the summed attended vectors are z·w_v with
 * z = Σ_i m_i Σ_j a_ij x_j, so the whole block costs O(T²) per example and one graph node.
 * Shapes: `x [B, T]`, `w_* [1, d]`, mask `[B, T]` or null → `[B, d]`.
 */
export function attendAndSum(x: Tensor, wQ: Tensor, wK: Tensor, wV: Tensor, factor: number, mask: Storage | null): Tensor {
  const [B, T] = x.shape;
  const d = wQ.shape[1];
  const xd = x.data;
  const wq = wQ.data;
  const wk = wK.data;
  const wv = wV.data;
  let qk = 0;
  for (let k = 0; k < d; k++) qk += wq[k] * wk[k];
  const c = factor * qk;
  const a = new Float64Array(B * T * T); // attention weights, kept for the backward pass
  const y = new Float64Array(B * T); // y_i = Σ_j a_ij x_j
  const z = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const xo = b * T;
    for (let i = 0; i < T; i++) {
      const row = (xo + i) * T;
      let max = -Infinity;
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
