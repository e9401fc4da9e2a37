// Every public function and class of @attn/core refuses bad input with an AttnError that has a
// code and names the op: one row per export, each with calls that must be refused. A new export
// without a row (or a reason in NO_INPUT) fails the first test.
import { describe, expect, it } from 'vitest';
import * as core from './index.js';
import {
  abs, activation, add, arange, argmax, attention, attentionOf, AttnError, broadcastShapes, buildModel, causalMask,
  checkAllocation, concat, crc32, crossEntropy, decodeSafetensors, DecoderOnly, div, Embedding, encodeSafetensors, eq, erf,
  exp, expand, eye, fromTraceTensor, full, gatherRows, ge, gelu, gradcheck, gt, headsOf, headWeights, index, init, LayerNorm,
  layersOf, le, Linear, linear, loadModel, log, logSoftmax, lt, maskedFill, matmul, max, mean, min, MLP, mseLoss,
  mul, MultiHeadAttention, ne, neg, noGrad, ones, permute, pow, rand, randn, relu, reshape, RMSNorm, Rng, RotaryEmbedding,
  saveModel, setMaxAllocation, sigmoid, sinusoidalEncoding, slice, softmax, split, sqrt, squeeze, stack, stateFromJSON,
  stateToJSON, stringifyTrace, parseTrace, sub, sum, tanh, Tensor, tensor, tensorRows, toTraceTensor, traceForward,
  TransformerEncoderLayer, transpose, TutorialAttention, unsqueeze, variance, where, zeros,
} from './index.js';

/** Exports that take no user input, each with the reason. */
const NO_INPUT: Record<string, string> = {
  AttnError: 'the error class itself: any code and message are the caller\'s own',
  MODEL_METADATA_KEY: 'a constant string',
  isGradEnabled: 'takes no arguments',
  getMaxAllocation: 'takes no arguments',
  KVCache: 'constructed without arguments; MultiHeadAttention checks it when it is passed as cache',
  TraceRecorder: 'constructed without arguments; the modules call its methods during a traced forward pass',
  math: 'elementary functions of numbers, like Math: NaN in, NaN out, no error on purpose (hot path of every op)',
};

// Loose casts for hostile arguments.
const bad = (v: unknown) => v as never;
const t = tensor([[1, 2], [3, 4]]);
const v = tensor([1, 2]);

/** name → calls that must each throw an AttnError whose message starts with `op: ` (or one of `a|b`). */
const ROWS: Record<string, { op: string; calls: (() => unknown)[] }> = {
  Tensor: { op: 'Tensor', calls: [() => new Tensor(bad([1, 2, 3]), [3]), () => new Tensor(bad(null), [0]), () => new Tensor(new Float64Array(2), bad('2')), () => new Tensor(new Float64Array(2), [2.5])] },
  tensor: { op: 'tensor', calls: [() => tensor(bad(['a'])), () => tensor(bad(null)), () => tensor([1], bad(null)), () => tensor([1], { dtype: bad('int8') })] },
  zeros: { op: 'zeros', calls: [() => zeros(bad(null)), () => zeros([-1]), () => zeros([NaN]), () => zeros([1e6, 1e6]), () => zeros([2], bad(null))] },
  ones: { op: 'ones', calls: [() => ones([1.5]), () => ones(bad('3'))] },
  full: { op: 'full', calls: [() => full([2], bad('7')), () => full([2], bad(null))] },
  arange: { op: 'arange', calls: [() => arange(bad('5')), () => arange(0, 1, 0), () => arange(1e300)] },
  eye: { op: 'eye', calls: [() => eye(bad('2')), () => eye(-1)] },
  rand: { op: 'rand', calls: [() => rand([2], { rng: bad({}) }), () => rand([2], { low: bad('0') }), () => rand([2], bad(null))] },
  randn: { op: 'randn|Rng', calls: [() => randn([2], { std: bad('1') }), () => randn([2], { seed: bad('x') })] },
  broadcastShapes: { op: 'broadcast', calls: [() => broadcastShapes([2], [3]), () => broadcastShapes(bad(null), [2])] },
  Rng: { op: 'Rng', calls: [() => new Rng(bad('seed')), () => new Rng(NaN)] },
  noGrad: { op: 'noGrad', calls: [() => noGrad(bad('x'))] },
  gradcheck: { op: 'gradcheck', calls: [() => gradcheck(bad(null), [t]), () => gradcheck((x) => x.sum(), bad(null))] },
  add: { op: 'add', calls: [() => add(t, bad('x')), () => add(t, bad(null)), () => add(bad(undefined), 1), () => add(t, tensor([1, 2, 3]))] },
  sub: { op: 'sub', calls: [() => sub(t, bad('x')), () => sub(bad({}), t)] },
  mul: { op: 'mul', calls: [() => mul(t, bad(undefined)), () => mul(bad('2'), t)] },
  div: { op: 'div', calls: [() => div(t, bad([1])), () => div(bad(null), bad(null))] },
  pow: { op: 'pow', calls: [() => pow(t, bad('2')), () => pow(bad(2), 2)] },
  neg: { op: 'neg', calls: [() => neg(bad(1))] },
  exp: { op: 'exp', calls: [() => exp(bad(null))] },
  log: { op: 'log', calls: [() => log(bad([1]))] },
  sqrt: { op: 'sqrt', calls: [() => sqrt(bad('4'))] },
  abs: { op: 'abs', calls: [() => abs(bad(undefined))] },
  tanh: { op: 'tanh', calls: [() => tanh(bad({}))] },
  sigmoid: { op: 'sigmoid', calls: [() => sigmoid(bad(0))] },
  relu: { op: 'relu', calls: [() => relu(bad(null))] },
  erf: { op: 'erf', calls: [() => erf(bad(null))] },
  gelu: { op: 'gelu', calls: [() => gelu(bad(null)), () => gelu(t, bad('fast'))] },
  eq: { op: 'eq', calls: [() => eq(t, bad('x')), () => eq(bad(1), t)] },
  ne: { op: 'ne', calls: [() => ne(t, bad(null))] },
  lt: { op: 'lt', calls: [() => lt(t, bad(undefined))] },
  le: { op: 'le', calls: [() => le(t, bad({}))] },
  gt: { op: 'gt', calls: [() => gt(t, bad([1]))] },
  ge: { op: 'ge', calls: [() => ge(t, bad('1'))] },
  where: { op: 'where', calls: [() => where(bad(null), t, t), () => where(t, bad('x'), t)] },
  maskedFill: { op: 'maskedFill', calls: [() => maskedFill(t, bad(null), 0), () => maskedFill(t, t, bad('0'))] },
  sum: { op: 'sum', calls: [() => sum(bad(null)), () => sum(t, 5), () => sum(t, bad('0'))] },
  mean: { op: 'mean', calls: [() => mean(bad(null)), () => mean(t, 1.5)] },
  max: { op: 'max', calls: [() => max(bad(null)), () => max(t, bad('x'))] },
  min: { op: 'min', calls: [() => min(bad(null)), () => min(t, -3)] },
  variance: { op: 'variance', calls: [() => variance(bad(null)), () => variance(t, 0, { correction: bad('1') }), () => variance(t, 0, bad(null))] },
  argmax: { op: 'argmax', calls: [() => argmax(bad(null)), () => argmax(t, 7)] },
  reshape: { op: 'reshape', calls: [() => reshape(t, [3]), () => reshape(t, bad(null)), () => reshape(bad(null), [4])] },
  permute: { op: 'permute', calls: [() => permute(t, [0, 0]), () => permute(t, bad(null))] },
  transpose: { op: 'transpose', calls: [() => transpose(t, 0, 5), () => transpose(bad(null))] },
  slice: { op: 'slice', calls: [() => slice(t, 0, bad('1')), () => slice(bad(null), 0, 1)] },
  index: { op: 'index', calls: [() => index(t, 9), () => index(t, bad('0'))] },
  squeeze: { op: 'squeeze', calls: [() => squeeze(t, 0), () => squeeze(bad(null))] },
  unsqueeze: { op: 'unsqueeze', calls: [() => unsqueeze(t, 9), () => unsqueeze(t, bad(null))] },
  concat: { op: 'concat', calls: [() => concat([]), () => concat(bad(null)), () => concat([t, bad(1)])] },
  stack: { op: 'stack', calls: [() => stack([t, v]), () => stack(bad('x'))] },
  split: { op: 'split', calls: [() => split(t, 0), () => split(t, bad(null)), () => split(t, [1, 2])] },
  expand: { op: 'expand', calls: [() => expand(t, [3, 3]), () => expand(v, [1e6, 1e6]), () => expand(v, bad(null))] },
  matmul: { op: 'matmul', calls: [() => matmul(t, tensor([1, 2, 3])), () => matmul(t, bad(null)), () => matmul(zeros([1e5, 1]), zeros([1, 1e5]))] },
  linear: { op: 'linear', calls: [() => linear(t, bad(null)), () => linear(t, t, bad('b'))] },
  gatherRows: { op: 'gatherRows', calls: [() => gatherRows(t, tensor([5])), () => gatherRows(t, bad([0]))] },
  softmax: { op: 'softmax', calls: [() => softmax(bad(null)), () => softmax(t, 4), () => softmax(t, bad('x'))] },
  logSoftmax: { op: 'logSoftmax', calls: [() => logSoftmax(bad([1])), () => logSoftmax(t, 2)] },
  attention: { op: 'attention', calls: [() => attention(t, t, bad(null)), () => attention(t, t, t, { scale: bad('big') }), () => attention(t, t, t, bad(null)), () => attention(zeros([1e5, 1]), zeros([1e5, 1]), zeros([1e5, 1]))] },
  causalMask: { op: 'causalMask', calls: [() => causalMask(0), () => causalMask(bad('3')), () => causalMask(1e6)] },
  Module: { op: 'loadStateDict', calls: [() => new Linear(2, 2).loadStateDict(bad(null)), () => new Linear(2, 2).loadStateDict({ weight: zeros([3, 3]) })] },
  init: { op: 'init.normal|init.uniform|init.kaimingUniform', calls: [() => init.normal(bad('1')), () => init.uniform(1, 0), () => init.kaimingUniform(bad('fan'))] },
  activation: { op: 'activation', calls: [() => activation(bad('swish')), () => activation(bad(null))] },
  Linear: { op: 'Linear', calls: [() => new Linear(0, 2), () => new Linear(bad('2'), 2), () => new Linear(1e6, 1e6), () => new Linear(2, 2, bad(null))] },
  MLP: { op: 'MLP|activation', calls: [() => new MLP([2]), () => new MLP(bad(null)), () => new MLP([2, 2], { activation: bad('x') }), () => new MLP([2, 2], bad(null))] },
  LayerNorm: { op: 'LayerNorm', calls: [() => new LayerNorm(0), () => new LayerNorm(2, { eps: bad('x') }), () => new LayerNorm(2, bad(null))] },
  RMSNorm: { op: 'RMSNorm', calls: [() => new RMSNorm(bad(null)), () => new RMSNorm(2, { eps: -1 })] },
  Embedding: { op: 'Embedding', calls: [() => new Embedding(0, 2), () => new Embedding(1e9, 64), () => new Embedding(2, 2, bad(null))] },
  sinusoidalEncoding: { op: 'sinusoidalEncoding', calls: [() => sinusoidalEncoding(0, 2), () => sinusoidalEncoding(1e9, 64)] },
  RotaryEmbedding: { op: 'RotaryEmbedding', calls: [() => new RotaryEmbedding(3), () => new RotaryEmbedding(4, { base: bad('x') }), () => new RotaryEmbedding(4, bad(null))] },
  MultiHeadAttention: { op: 'MultiHeadAttention', calls: [() => new MultiHeadAttention(6, 4), () => new MultiHeadAttention(1e6, 4), () => new MultiHeadAttention(8, 2, bad(null))] },
  TransformerEncoderLayer: { op: 'TransformerEncoderLayer', calls: [() => new TransformerEncoderLayer(0, 1), () => new TransformerEncoderLayer(8, 2, bad(null))] },
  DecoderOnly: { op: 'DecoderOnly', calls: [() => new DecoderOnly(bad(null)), () => new DecoderOnly(bad({ vocabSize: 0, maxLen: 4 }))] },
  mseLoss: { op: 'mseLoss', calls: [() => mseLoss(t, v), () => mseLoss(t, bad(null))] },
  crossEntropy: { op: 'crossEntropy', calls: [() => crossEntropy(t, bad(null)), () => crossEntropy(t, tensor([0, 9])), () => crossEntropy(t, tensor([0, 1]), bad(null))] },
  TutorialAttention: { op: 'TutorialAttention', calls: [() => new TutorialAttention({ d: 0 }), () => new TutorialAttention(bad(null)), () => new TutorialAttention().forward(zeros([1, 1e5]))] },
  traceForward: { op: 'traceForward', calls: [() => traceForward(bad(null), t), () => traceForward(bad({}), t), () => traceForward(new Linear(2, 2), bad(null))] },
  toTraceTensor: { op: 'toTraceTensor', calls: [() => toTraceTensor(bad(null)), () => toTraceTensor(bad([1]))] },
  fromTraceTensor: { op: 'fromTraceTensor|Tensor', calls: [() => fromTraceTensor(bad(null)), () => fromTraceTensor(bad({ shape: [2], data: [1] }))] },
  tensorRows: { op: 'tensorRows', calls: [() => tensorRows(bad(null)), () => tensorRows(toTraceTensor(t), 5)] },
  attentionOf: { op: 'attentionOf', calls: [() => attentionOf(bad(null)), () => attentionOf(bad({ attention: [] }))] },
  headWeights: { op: 'headWeights|attentionOf', calls: [() => headWeights(bad(null))] },
  layersOf: { op: 'layersOf', calls: [() => layersOf(bad(null))] },
  headsOf: { op: 'headsOf', calls: [() => headsOf(bad(null))] },
  encodeSafetensors: { op: 'encodeSafetensors', calls: [() => encodeSafetensors(bad(null)), () => encodeSafetensors({ w: bad([1]) })] },
  decodeSafetensors: { op: 'decodeSafetensors', calls: [() => decodeSafetensors(bad(null)), () => decodeSafetensors(new Uint8Array(3))] },
  saveModel: { op: 'saveModel', calls: [() => saveModel(bad(null)), () => saveModel(bad({}))] },
  loadModel: { op: 'loadModel|decodeSafetensors', calls: [() => loadModel(bad(null)), () => loadModel(new Uint8Array(3))] },
  buildModel: { op: 'buildModel', calls: [() => buildModel(bad(null)), () => buildModel(bad({ class: 'Nope', options: {} }))] },
  stateToJSON: { op: 'stateToJSON', calls: [() => stateToJSON(bad(null)), () => stateToJSON({ w: bad('x') })] },
  stringifyTrace: { op: 'stringifyTrace', calls: [() => stringifyTrace(bad(null)), () => stringifyTrace(bad({ format: 'attn.trace', version: 2 }))] },
  parseTrace: { op: 'parseTrace', calls: [() => parseTrace(bad(null)), () => parseTrace('{'), () => parseTrace('{"format":"attn.state"}')] },
  stateFromJSON: { op: 'stateFromJSON', calls: [() => stateFromJSON(null), () => stateFromJSON({ w: { shape: [2], data: [1] } })] },
  crc32: { op: 'crc32', calls: [() => crc32(bad(null)), () => crc32(bad('abc'))] },
  setMaxAllocation: { op: 'setMaxAllocation', calls: [() => setMaxAllocation(bad('1e9')), () => setMaxAllocation(-1)] },
  checkAllocation: { op: 'myOp', calls: [() => checkAllocation('myOp', [1e6, 1e6]), () => checkAllocation('myOp', [2 ** 40, 2 ** 40])] },
};

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('every export of @attn/core refuses bad input with an AttnError', () => {
  it('every export has a row or a reason to take no input', () => {
    const covered = new Set([...Object.keys(ROWS), ...Object.keys(NO_INPUT)]);
    expect(Object.keys(core).filter((name) => !covered.has(name))).toEqual([]);
    expect([...covered].filter((name) => !(name in core))).toEqual([]);
  });

  for (const [name, { op, calls }] of Object.entries(ROWS)) {
    it(`${name} refuses ${calls.length} bad call${calls.length > 1 ? 's' : ''} with an AttnError naming '${op}'`, () => {
      calls.forEach((call, i) => {
        const e = thrown(call);
        expect(e, `${name} call ${i}: ${String(call)} → ${String(e)}`).toBeInstanceOf(AttnError);
        expect((e as AttnError).code, `${name} call ${i}`).toMatch(/^[A-Z]+$/);
        expect(op.split('|').some((o) => (e as AttnError).message.startsWith(`${o}: `)), `${name} call ${i}: ${(e as Error).message}`).toBe(true);
      });
    });
  }
});
