import { AttnError, check, fmt, need, opts } from '../errors.js';
import { accumulateOwned, attach } from '../autograd/engine.js';
import * as scalar from '../math/index.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { alloc, resultType } from '../tensor/storage.js';

/**
 * Mean squared error `mean((prediction − target)²)` over all elements.
 * Shapes: `prediction` and `target` alike → scalar `[]`.
 *
 * @example
 * ```ts
 * mseLoss(tensor([1, 3]), tensor([1, 1])).item(); // 2
 * ```
 */
export function mseLoss(prediction: Tensor, target: Tensor): Tensor {
  need(prediction instanceof Tensor && target instanceof Tensor, 'mseLoss', 'prediction and target must be Tensors', prediction, target);
  if (!sameShape(prediction.shape, target.shape)) {
    throw new AttnError('SHAPE', `mseLoss: prediction and target must have the same shape, got ${fmt(prediction.shape)} and ${fmt(target.shape)}`);
  }
  // One node instead of four (it runs on every training step); fused.ts holds its composed form.
  const p = prediction.data;
  const t = target.data;
  const n = p.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += (p[i] - t[i]) * (p[i] - t[i]);
  const out = alloc(resultType(prediction, target), 1);
  out[0] = total / n;
  return attach(new Tensor(out, []), [prediction, target], (g) => {
    const k = (2 * g[0]) / n;
    if (prediction.requiresGrad) {
      const gp = alloc(prediction.dtype, n);
      for (let i = 0; i < n; i++) gp[i] = k * (p[i] - t[i]);
      accumulateOwned(prediction, gp);
    }
    if (target.requiresGrad) {
      const gt = alloc(target.dtype, n);
      for (let i = 0; i < n; i++) gt[i] = k * (t[i] - p[i]);
      accumulateOwned(target, gt);
    }
  });
}

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions {
  /** Targets equal to this class (e.g. padding) count neither in the sum nor in the mean. */
  ignoreIndex?: number;
}

/**
 * Cross-entropy of logits against class indices, averaged over the rows that are not ignored:
 * `mean(−log softmax(logits)[target])`, like `torch.nn.functional.cross_entropy`.
 * Shapes: `logits [..., C]`, `target [...]` (integer class indices) → scalar `[]`.
 *
 * @example
 * ```ts
 * crossEntropy(tensor([[0, 0]]), tensor([1])).item(); // 0.6931471805599453
 * ```
 */
export function crossEntropy(logits: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  need(logits instanceof Tensor && logits.rank >= 1, 'crossEntropy', 'logits must be a Tensor [..., C]', logits);
  need(target instanceof Tensor, 'crossEntropy', 'target must be a Tensor of class indices', target);
  const C = logits.shape[logits.rank - 1];
  if (!sameShape(logits.shape.slice(0, -1), target.shape)) {
    throw new AttnError('SHAPE', `crossEntropy: target must have the logits' shape without the class axis ${fmt(logits.shape.slice(0, -1))}, got ${fmt(target.shape)}`);
  }
  const { ignoreIndex } = opts('crossEntropy', options);
  const t = target.data;
  const R = t.length;
  let count = 0;
  for (let i = 0; i < R; i++) {
    const c = t[i];
    if (c === ignoreIndex) continue;
    if (!Number.isInteger(c) || c < 0 || c >= C) {
      throw new AttnError('RANGE', `crossEntropy: target must hold class indices in [0, ${C}), got ${c} at position ${i}`);
    }
    count++;
  }
  check(count > 0, 'ARGUMENT', () => `crossEntropy: every target equals ignoreIndex ${ignoreIndex}, nothing to average`);
  // One node (it runs on every training step of a classifier), computed in float64 whatever the
  // dtype; fused.ts holds its composed form. Ignored rows cost nothing; the others keep
  // log Σ exp for the backward pass.
  const x = logits.data;
  const lse = new Float64Array(R);
  let total = 0;
  for (let r = 0, o = 0; r < R; r++, o += C) {
    if (t[r] === ignoreIndex) continue;
    let m = -Infinity;
    for (let j = o; j < o + C; j++) if (x[j] > m) m = x[j];
    let s = 0;
    for (let j = o; j < o + C; j++) s += scalar.exp(x[j] - m);
    lse[r] = m + scalar.log(s);
    total += x[o + t[r]] - lse[r];
  }
  const out = alloc(logits.dtype, 1);
  out[0] = total * (-1 / count);
  return attach(new Tensor(out, []), [logits], (g) => {
    const gp = g[0] * (-1 / count);
    const gx = alloc(logits.dtype, logits.size);
    for (let r = 0, o = 0; r < R; r++, o += C) {
      if (t[r] === ignoreIndex) continue;
      for (let j = o; j < o + C; j++) gx[j] = (j === o + t[r] ? gp : 0) - scalar.exp(x[j] - lse[r]) * gp;
    }
    accumulateOwned(logits, gx);
  });
}
