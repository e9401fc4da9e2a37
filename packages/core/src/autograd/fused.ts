// @internal The ops that define their own backward pass, in one place (test-only: nothing in the
// package imports this file, so it costs the bundle nothing).
//
// PRIMITIVES are the small set every other op is built from. FUSED ops compute, in one graph node,
// something a few primitives could: each entry says why it is fused and gives its composed form,
// built from primitives only, with the inputs to compare them on. fused.test.ts checks every entry
// in float64 and float32, value and gradient of every input, and scans src for the functions that
// create graph nodes: each must be listed here, as a primitive or as a fused entry.
import { attendAndSum } from '../nn/tutorial-attention.js';
import { crossEntropy, mseLoss } from '../nn/loss.js';
import { layerNorm } from '../nn/norm.js';
import { add, div, erf, exp, gelu, log, mul, pow, sub } from '../ops/elementwise.js';
import { where } from '../ops/compare.js';
import { linear } from '../ops/linear.js';
import { matmul, matmulNT } from '../ops/matmul.js';
import { max, mean, sum } from '../ops/reduce.js';
import { permute, reshape, slice, splitHeads, transpose } from '../ops/shape.js';
import { logSoftmax, maskedSoftmax, softmax } from '../ops/softmax.js';
import { arange, rand, randn, tensor, zeros } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/storage.js';

/** Where a backward pass is written: `file#function`, the file relative to src. */
export type Site = `${string}.ts#${string}`;

/** The primitives, by op, with the function that creates each one's node. */
export const PRIMITIVES: Readonly<Record<string, Site>> = {
  add: 'ops/elementwise.ts#add',
  mul: 'ops/elementwise.ts#mul',
  pow: 'ops/elementwise.ts#pow',
  neg: 'ops/elementwise.ts#neg',
  exp: 'ops/elementwise.ts#exp',
  log: 'ops/elementwise.ts#log',
  abs: 'ops/elementwise.ts#abs',
  tanh: 'ops/elementwise.ts#tanh',
  sigmoid: 'ops/elementwise.ts#sigmoid',
  relu: 'ops/elementwise.ts#relu',
  erf: 'ops/elementwise.ts#erf',
  where: 'ops/compare.ts#where',
  sum: 'ops/reduce.ts#sumAxis',
  max: 'ops/reduce.ts#maxAlong',
  matmul: 'ops/matmul.ts#product',
  reshape: 'ops/shape.ts#reshape',
  permute: 'ops/shape.ts#permute',
  slice: 'ops/shape.ts#slice',
  concat: 'ops/shape.ts#concat',
  expand: 'ops/shape.ts#expand',
  gatherRows: 'ops/gather.ts#gatherRows',
};

/** One comparison of a fused op with its composed form. */
export interface FusedCase {
  /** What the case exercises, e.g. `axis 0`. */
  label: string;
  /** The inputs, in the dtype under test. */
  inputs: Tensor[];
  /** Indices of the inputs gradients are compared for; all by default. */
  wrt?: number[];
  /** The op's other arguments (axis, factor, options …), passed to both forms. */
  args?: unknown;
}

/** A fused op: its node, why it exists, its composed form and the cases that compare them. */
export interface FusedOp {
  name: string;
  site: Site;
  why: string;
  /** The dtypes for which fused and composed give the same bits, value and gradients, not only close numbers. */
  sameBits?: readonly DType[];
  /** The same, for the value only. */
  sameValueBits?: readonly DType[];
  cases: (dtype: DType) => FusedCase[];
  fused: (inputs: Tensor[], args: any) => Tensor;
  composed: (inputs: Tensor[], args: any) => Tensor;
}

const normal = (shape: number[], seed: number, dtype: DType, std = 1) => randn(shape, { seed, dtype, std });

/** softmax from primitives: exp(x − max) / Σ exp(x − max). */
export function composedSoftmax(x: Tensor, axis: number): Tensor {
  const e = exp(sub(x, max(x, axis, true)));
  return div(e, sum(e, axis, true));
}

/** logSoftmax from primitives: x − max − log Σ exp(x − max). */
export function composedLogSoftmax(x: Tensor, axis: number): Tensor {
  const m = max(x, axis, true);
  return sub(sub(x, m), log(sum(exp(sub(x, m)), axis, true)));
}

const softmaxCases = (dtype: DType): FusedCase[] => [0, 1, -1].map((axis) => ({
  label: `[3, 4, 5] along axis ${axis}`, inputs: [normal([3, 4, 5], 4, dtype, 4)], args: axis,
})).concat({ label: 'inputs near 1e3', inputs: [rand([2, 6], { seed: 5, dtype, low: 995, high: 1005 })], args: -1 });

/** Which columns splitHeads takes: `H` heads of `D` from column `at`. */
interface Heads { at: number; H: number; D: number }

/** A 0/1 tensor, 1 with probability `p`, with every row of the last axis keeping at least one 1. */
function keepMask(shape: number[], seed: number, dtype: DType, p = 0.7): Tensor {
  const m = rand(shape, { seed, dtype });
  const len = shape[shape.length - 1];
  for (let i = 0; i < m.size; i++) m.data[i] = m.data[i] < p || i % len === 0 ? 1 : 0;
  return m;
}

/** The fused ops, each with its composed form. */
export const FUSED: readonly FusedOp[] = [
  {
    name: 'softmax',
    site: 'ops/softmax.ts#softmax',
    why: 'one node instead of five, and one pass over the data',
    cases: softmaxCases,
    fused: ([x], axis: number) => softmax(x, axis),
    composed: ([x], axis: number) => composedSoftmax(x, axis),
  },
  {
    name: 'logSoftmax',
    site: 'ops/softmax.ts#logSoftmax',
    why: 'one node instead of six',
    cases: softmaxCases,
    fused: ([x], axis: number) => logSoftmax(x, axis),
    composed: ([x], axis: number) => composedLogSoftmax(x, axis),
  },
  {
    name: 'maskedSoftmax',
    site: 'ops/softmax.ts#maskedSoftmax',
    why: "attention's scaling, masking and softmax in one node, without two intermediate tensors",
    cases: (dtype) => [
      { label: 'factor 0.5, no mask', inputs: [normal([2, 3, 5], 1, dtype)], args: 0.5 },
      { label: 'factor 1, a mask [2, 3, 5]', inputs: [normal([2, 3, 5], 2, dtype), keepMask([2, 3, 5], 3, dtype)], wrt: [0], args: 1 },
      { label: 'factor 1/√3, a key mask [2, 1, 5] broadcast', inputs: [normal([2, 3, 5], 4, dtype), keepMask([2, 1, 5], 5, dtype)], wrt: [0], args: 1 / Math.sqrt(3) },
    ],
    fused: ([x, allowed], factor: number) => maskedSoftmax(x, factor, allowed),
    composed: ([x, allowed], factor: number) => {
      const scaled = mul(x, factor);
      return composedSoftmax(allowed ? where(allowed, scaled, -Infinity) : scaled, -1);
    },
  },
  {
    name: 'matmulNT',
    site: 'ops/matmul.ts#product',
    why: "attention's q·kᵀ without a transposed copy of k",
    sameBits: ['float64', 'float32'],
    cases: (dtype) => [
      { label: '[3, 4] · [5, 4]ᵀ', inputs: [normal([3, 4], 1, dtype), normal([5, 4], 2, dtype)] },
      { label: 'the packed kernel: [2, 17, 33] · [29, 33]ᵀ', inputs: [normal([2, 17, 33], 3, dtype), normal([29, 33], 4, dtype)] },
      { label: 'broadcast batches: [2, 1, 8, 16] · [3, 8, 16]ᵀ', inputs: [normal([2, 1, 8, 16], 5, dtype), normal([3, 8, 16], 6, dtype)] },
      { label: '[64, 64] · [64, 64]ᵀ', inputs: [normal([64, 64], 7, dtype), normal([64, 64], 8, dtype)] },
    ],
    fused: ([a, b]) => matmulNT(a, b),
    composed: ([a, b]) => matmul(a, transpose(b)),
  },
  {
    name: 'linear',
    site: 'ops/linear.ts#linear',
    why: 'weights stay in [out, in]: matmul(x, transpose(w)) would copy w on every call',
    cases: (dtype) => [
      { label: "the tutorial MLP's size, plain loops", inputs: [normal([3, 4], 1, dtype), normal([5, 4], 2, dtype), normal([5], 3, dtype)] },
      { label: 'batched [2, 7, 9] on gemm', inputs: [normal([2, 7, 9], 4, dtype), normal([11, 9], 5, dtype), normal([11], 6, dtype)] },
      { label: 'without bias', inputs: [normal([2, 7, 9], 7, dtype), normal([11, 9], 8, dtype)] },
      { label: '1-D x [4]', inputs: [normal([4], 9, dtype), normal([3, 4], 10, dtype), normal([3], 11, dtype)] },
    ],
    fused: ([x, w, b]) => linear(x, w, b),
    composed: ([x, w, b]) => (b ? add(matmul(x, transpose(w)), b) : matmul(x, transpose(w))),
  },
  {
    name: 'sum over all axes',
    site: 'ops/reduce.ts#sumAll',
    why: 'one node instead of one per axis',
    cases: (dtype) => [{ label: '[3, 4, 5]', inputs: [normal([3, 4, 5], 1, dtype)] }],
    fused: ([x]) => sum(x),
    composed: ([x]) => sum(sum(sum(x, 2), 1), 0),
  },
  {
    name: 'gelu',
    site: 'ops/elementwise.ts#gelu',
    why: 'one node and one pass instead of four, on every feed-forward layer',
    cases: (dtype) => [
      { label: '[3, 4, 5], std 3', inputs: [normal([3, 4, 5], 1, dtype, 3)] },
      { label: 'the tails: −10 to 10 in steps of 0.125', inputs: [arange(-10, 10.125, 0.125, { dtype })] },
    ],
    fused: ([x]) => gelu(x),
    composed: ([x]) => mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1)),
  },
  {
    name: 'splitHeads',
    site: 'ops/shape.ts#splitHeads',
    why: "multi-head attention's split of its projections in one copy instead of three",
    sameBits: ['float64', 'float32'],
    cases: (dtype) => [[0, 2, 3], [6, 2, 3], [4, 1, 8]].map(([at, H, D]) => ({
      label: `${H} heads of ${D} from column ${at}`, inputs: [normal([2, 5, 12], at + H, dtype)], args: { at, H, D },
    })),
    fused: ([x], { at, H, D }: Heads) => splitHeads(x, at, H, D),
    composed: ([x], { at, H, D }: Heads) => permute(reshape(slice(x, -1, at, at + H * D), [2, 5, H, D]), [0, 2, 1, 3]),
  },
  {
    name: 'mseLoss',
    site: 'nn/loss.ts#mseLoss',
    why: 'one node instead of four, on every training step',
    cases: (dtype) => [{ label: '[4, 3]', inputs: [normal([4, 3], 1, dtype), normal([4, 3], 2, dtype)] }],
    fused: ([p, t]) => mseLoss(p, t),
    composed: ([p, t]) => mean(pow(sub(p, t), 2)),
  },
  {
    name: 'crossEntropy',
    site: 'nn/loss.ts#crossEntropy',
    why: 'one node instead of ten; ignored rows cost nothing',
    cases: (dtype) => [
      { label: '[4, 6]', inputs: [normal([4, 6], 1, dtype, 3), tensor([1, 5, 0, 2], { dtype })], wrt: [0], args: {} },
      { label: '[3, 5, 7] with ignoreIndex -100', inputs: [normal([3, 5, 7], 2, dtype, 3), targets([3, 5], 7, 3, dtype, -100)], wrt: [0], args: { ignoreIndex: -100 } },
      { label: 'ignoreIndex 0, a class', inputs: [normal([6, 3], 3, dtype), tensor([0, 1, 2, 0, 2, 1], { dtype })], wrt: [0], args: { ignoreIndex: 0 } },
    ],
    fused: ([logits, target], options) => crossEntropy(logits, target, options),
    composed: ([logits, target], { ignoreIndex }: { ignoreIndex?: number }) => {
      const C = logits.shape[logits.rank - 1];
      const oneHot = zeros([...logits.shape], { dtype: logits.dtype });
      let count = 0;
      target.data.forEach((c, r) => {
        if (c === ignoreIndex) return;
        oneHot.data[r * C + c] = 1;
        count++;
      });
      return mul(sum(mul(composedLogSoftmax(logits, -1), oneHot)), -1 / count);
    },
  },
  {
    name: 'layerNorm',
    site: 'nn/norm.ts#layerNorm',
    why: 'one node instead of eleven, in every transformer block',
    sameValueBits: ['float64'],
    cases: (dtype) => [
      { label: '[3, 5, 16], mean 2, std 3', inputs: [normal([3, 5, 16], 7, dtype, 3), normal([16], 5, dtype), normal([16], 6, dtype)], args: 1e-5 },
      { label: '[4, 2], eps 0.1', inputs: [normal([4, 2], 8, dtype), normal([2], 9, dtype), normal([2], 10, dtype)], args: 0.1 },
    ],
    fused: ([x, w, b], eps: number) => layerNorm(x, w, b, eps),
    composed: ([x, w, b], eps: number) => {
      const centered = sub(x, mean(x, -1, true));
      return add(mul(mul(centered, pow(add(mean(pow(centered, 2), -1, true), eps), -0.5)), w), b);
    },
  },
  {
    name: "the tutorial model's attention block",
    site: 'nn/tutorial-attention.ts#attendAndSum',
    why: 'with one feature per token the block is O(T²) numbers and one node, instead of a dozen nodes',
    cases: (dtype) => [
      { label: '[2, 3], unscaled', inputs: tutorialInputs(1, dtype), args: 1 },
      { label: '[2, 3], scaled by 1/√4', inputs: tutorialInputs(2, dtype), args: 0.5 },
      { label: '[2, 3] with padding', inputs: [...tutorialInputs(3, dtype), tensor([[1, 1, 0], [0, 1, 1]], { dtype })], wrt: [0, 1, 2, 3], args: 0.3 },
    ],
    fused: ([x, wQ, wK, wV, mask], factor: number) => attendAndSum(x, wQ, wK, wV, factor, mask?.data ?? null),
    composed: ([x, wQ, wK, wV, mask], factor: number) => {
      const [B, T] = x.shape;
      const tokens = reshape(x, [B, T, 1]);
      const [q, k, v] = [wQ, wK, wV].map((w) => matmul(tokens, w));
      const scaled = mul(matmul(q, transpose(k)), factor);
      const weights = composedSoftmax(mask ? where(reshape(mask, [B, 1, T]), scaled, -Infinity) : scaled, -1);
      const attended = matmul(weights, v);
      return sum(mask ? mul(attended, reshape(mask, [B, T, 1])) : attended, 1);
    },
  },
];

/** Class indices in [0, C) of a shape, about one in `every` replaced by `ignore`. */
function targets(shape: number[], C: number, seed: number, dtype: DType, ignore: number): Tensor {
  const t = rand(shape, { seed, dtype });
  for (let i = 0; i < t.size; i++) t.data[i] = i % 4 === 1 ? ignore : Math.floor(t.data[i] * C);
  return t;
}

/** Numbers `x [2, 3]` of the tutorial's range and W_q, W_k, W_v `[1, 4]`. */
function tutorialInputs(seed: number, dtype: DType): Tensor[] {
  return [rand([2, 3], { seed, dtype, low: -3, high: 6 }), ...[1, 2, 3].map((k) => normal([1, 4], seed * 10 + k, dtype, 0.5))];
}
