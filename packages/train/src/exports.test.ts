// Every public function and class of @attn/train refuses bad input with an AttnError that has a
// code and names the op: one row per export, each with calls that must be refused (a call may
// throw or return a rejected promise). A new export without a row (or a reason) fails the first test.
import { AttnError, DecoderOnly, Rng, tensor } from '@attn/core';
import { describe, expect, it } from 'vitest';
import * as train from './index.js';

const bad = (v: unknown) => v as never;
const p = () => [tensor([1, 2]).requireGrad()];
const rng = () => new Rng(0);
const gpt = () => new DecoderOnly({ vocabSize: 3, maxLen: 2, dModel: 4, heads: 1, layers: 1, seed: 0 });

/** Exports that take no user input, each with the reason. */
const NO_INPUT: Record<string, string> = {
  IGNORE: 'a constant (the target of positions without a loss)',
  MAX_INPUT: 'a constant (the largest typed number)',
  MAX_BPE_VOCAB: 'a constant (the largest BPE vocabulary)',
  MODEL_LINK_PREFIX: "a constant (what a model link's fragment starts with)",
  Optimizer: 'the abstract base class: its constructor is checked through Adam, AdamW and SGD',
  TrainingRun: 'made by train(), whose options are checked',
  RemoteRun: 'made by trainInWorker(), whose options are checked',
  mseLoss: "@attn/core's, re-exported: covered by core's exports.test.ts",
  crossEntropy: "@attn/core's, re-exported: covered by core's exports.test.ts",
};

/** name → calls that must each throw (or reject with) an AttnError whose message starts with `op: ` (or one of `a|b`). */
const ROWS: Record<string, { op: string; calls: (() => unknown)[] }> = {
  train: { op: 'train|add-two|sort', calls: [() => train.train(bad(null)), () => train.train({ task: train.addTwo(), batchSize: 0 }), () => train.train({ task: train.addTwo(), batchSize: 1e9, steps: 1 }), () => train.train({ task: train.sort(), batchSize: 1e9, steps: 1 })] },
  Adam: { op: 'Adam', calls: [() => new train.Adam(p(), { betas: [1, 0.9] }), () => new train.Adam(p(), { betas: bad(['0.9', 0.9]) }), () => new train.Adam(p(), { betas: bad(0.9) }), () => new train.Adam(bad(null), {})] },
  AdamW: { op: 'AdamW', calls: [() => new train.AdamW(p(), { betas: [0.9, -0.1] }), () => new train.AdamW(p(), { lr: bad('1') })] },
  SGD: { op: 'SGD', calls: [() => new train.SGD(p(), { lr: -1 }), () => new train.SGD(bad([1]), { lr: 0.1 })] },
  createOptimizer: { op: 'createOptimizer', calls: [() => train.createOptimizer(bad({ kind: 'rmsprop' }), p()), () => train.createOptimizer(bad(null), p())] },
  clipGradNorm: { op: 'clipGradNorm', calls: [() => train.clipGradNorm(p(), -1), () => train.clipGradNorm(bad(null), 1)] },
  gradNorm: { op: 'gradNorm', calls: [() => train.gradNorm(bad(null)), () => train.gradNorm(bad([1]))] },
  lrAt: { op: 'lrAt|checkSchedule', calls: [() => train.lrAt(bad({ kind: 'zigzag' }), 0, 10, 0.1), () => train.lrAt(bad(null), 0, 10, 0.1), () => train.lrAt({ kind: 'constant' }, -1, 10, 0.1), () => train.lrAt({ kind: 'constant' }, 0, 0, 0.1), () => train.lrAt({ kind: 'constant' }, 0, 10, bad('0.1'))] },
  checkSchedule: { op: 'schedule', calls: [() => train.checkSchedule(bad({ kind: 'zigzag' })), () => train.checkSchedule(bad(null))] },
  addTwo: { op: 'add-two', calls: [() => train.addTwo({ max: -1 }), () => train.addTwo(bad(null)), () => train.addTwo().sample(rng(), 0), () => train.addTwo().sample(rng(), 1e9)] },
  sumN: { op: 'sum-n', calls: [() => train.sumN({ lengths: [5, 2] }), () => train.sumN({ max: 0 }), () => train.sumN({ maxEvalLength: bad('9') }), () => train.sumN().sample(rng(), 0.5)] },
  sort: { op: 'sort', calls: [() => train.sort({ length: 0 }), () => train.sort({ length: 40 }), () => train.sort().sample(rng(), 0)] },
  reverse: { op: 'reverse', calls: [() => train.reverse(bad(null)), () => train.reverse().sample(rng(), -1)] },
  digitsAdd: { op: 'digits-add', calls: [() => train.digitsAdd().sample(rng(), 0), () => train.digitsAdd().sample(rng(), 1e9)] },
  induction: { op: 'induction', calls: [() => train.induction(bad(null)), () => train.induction({ vocabSize: 1 }), () => train.induction().sample(rng(), 0)] },
  textTask: { op: 'text|bpeTokenizer', calls: [() => train.textTask(bad(null)), () => train.textTask({ text: '' }), () => train.textTask({ text: 'a\0b' }), () => train.textTask({ text: 'ab', context: 8 }), () => train.textTask({ text: 'ab'.repeat(100), tokenizer: 'bpe', vocabSize: 10 })] },
  tokenWindows: { op: 'tokenWindows', calls: [() => train.tokenWindows(bad(null), [0], 2), () => train.tokenWindows([1, 2, 3], [], 2), () => train.tokenWindows([1, 2, 3], [1], 2), () => train.tokenWindows([1, 2, 3], [0.5], 1), () => train.tokenWindows([1, 2], [0], 2), () => train.tokenWindows([1, 2, 3], [0], 0)] },
  charTokenizer: { op: 'charTokenizer|charTokenizer.decode|charTokenizer.encode', calls: [() => train.charTokenizer(bad(null)), () => train.charTokenizer('ab').decode([5]), () => train.charTokenizer('ab').encode(bad(1))] },
  bpeTokenizer: { op: 'bpeTokenizer|bpeTokenizer.decode', calls: [() => train.bpeTokenizer('ab', { vocabSize: 100 }), () => train.bpeTokenizer('ab', bad(null)), () => train.bpeTokenizer('ab', { vocabSize: 256 }).decode([256])] },
  tokenizerFromJSON: { op: 'tokenizerFromJSON', calls: [() => train.tokenizerFromJSON(bad(null)), () => train.tokenizerFromJSON('{'), () => train.tokenizerFromJSON(bad({ kind: 'bpe', version: 1, merges: [[300, 1]] }))] },
  decodeText: { op: 'decodeText', calls: [() => train.decodeText(new Uint8Array(0)), () => train.decodeText(Uint8Array.of(0)), () => train.decodeText(Uint8Array.of(0xff)), () => train.decodeText(bad('x'))] },
  sequenceTask: { op: 'sequenceTask', calls: [() => train.sequenceTask(bad({ name: 'x', symbols: 0, promptLength: 1, answerLength: 1, size: 10 }))] },
  greedyDecode: { op: 'greedyDecode', calls: [() => train.greedyDecode(bad({ forward: () => tensor([1]) }), [[1]], 2, 1)] },
  generate: { op: 'generate|Rng', calls: [() => train.generate(bad(null), [1], { maxTokens: 1 }), () => train.generate(gpt(), [9], { maxTokens: 1 }), () => train.generate(gpt(), [1], { maxTokens: 1, topP: 2 }), () => train.generate(gpt(), [1], { maxTokens: 1, seed: bad('1') })] },
  generateTraced: { op: 'generateTraced', calls: [() => train.generateTraced(bad(null), [1], { maxTokens: 1 }), () => train.generateTraced(gpt(), [1], { maxTokens: -1 })] },
  generateAll: { op: 'generate', calls: [() => train.generateAll(gpt(), [], { maxTokens: 1 }), () => train.generateAll(gpt(), [1], { maxTokens: 1, temperature: -1 })] },
  tokenProbabilities: { op: 'tokenProbabilities', calls: [() => train.tokenProbabilities(bad(null)), () => train.tokenProbabilities([1], { topK: 0 }), () => train.tokenProbabilities([NaN])] },
  evaluateInChunks: { op: 'evaluateInChunks', calls: [() => train.evaluateInChunks(bad(null))] },
  numberInput: { op: 'add-two', calls: [() => train.numberInput({ task: 'add-two', count: 2, hint: '', examples: [] }).parse('3 x')] },
  digitInput: { op: 'sort', calls: [() => train.digitInput({ task: 'sort', count: 2, symbols: 10, hint: '', examples: [] }).parse('1x')] },
  numberAnswer: { op: 'numberAnswer', calls: [() => train.numberAnswer(bad(null), [1], () => 1), () => train.numberAnswer(bad({ forward: () => tensor([1]) }), bad('1'), () => 1)] },
  encodeCheckpoint: { op: 'encodeCheckpoint', calls: [() => train.encodeCheckpoint(bad(null)), () => train.encodeCheckpoint(bad({ model: {}, optimizer: null }))] },
  decodeCheckpoint: { op: 'decodeCheckpoint', calls: [() => train.decodeCheckpoint(bad(null)), () => train.decodeCheckpoint(new Uint8Array(4))] },
  checkpointModel: { op: 'checkpointModel', calls: [() => train.checkpointModel(bad(null)), () => train.checkpointModel(bad({ model: null }))] },
  encodeModelLink: { op: 'encodeModelLink', calls: [() => train.encodeModelLink(bad(null)), () => train.encodeModelLink(bad({ task: 'add-two', seed: 0, step: 1, metrics: {}, modelConfig: null, model: {} }))] },
  decodeModelLink: { op: 'decodeModelLink', calls: [() => train.decodeModelLink(bad(null)), () => train.decodeModelLink('#intro'), () => train.decodeModelLink('#model=v1.AAAA')] },
  forEachFrame: { op: 'forEachFrame', calls: [() => train.forEachFrame(bad(null), bad(null)), () => train.forEachFrame(train.train({ task: train.addTwo(), steps: 1 }), bad(null)), () => train.forEachFrame(train.train({ task: train.addTwo(), steps: 1 }), () => {}, { frameMs: -1 })] },
  serveTraining: { op: 'serveTraining', calls: [() => train.serveTraining(bad(null), {}), () => train.serveTraining(new MessageChannel().port1, bad(null))] },
  trainInWorker: { op: 'trainInWorker', calls: [() => train.trainInWorker(bad(null), bad({})), () => train.trainInWorker(new MessageChannel().port1, bad({ task: 1 }))] },
  history: { op: 'history', calls: [() => train.history({ every: 0 }), () => train.history(bad(null))] },
  progress: { op: 'progress', calls: [() => train.progress({ every: -1 }), () => train.progress(bad(null)), () => train.progress({ write: bad('stdout') })] },
  metricInfo: { op: 'metricInfo', calls: [() => train.metricInfo(bad(null), 'testMse'), () => train.metricInfo(train.addTwo(), bad(3))] },
  formatMetric: { op: 'formatMetric|metricInfo', calls: [() => train.formatMetric(train.addTwo(), 'testMse', bad('0.1')), () => train.formatMetric(bad(undefined), 'testMse', 0.1)] },
  earlyStopping: { op: 'earlyStopping', calls: [() => train.earlyStopping({ patience: 0 }), () => train.earlyStopping(bad(null)), () => train.earlyStopping({ minDelta: -1 })] },
};

async function refusal(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('every export of @attn/train refuses bad input with an AttnError', () => {
  it('every export has a row or a reason to take no input', () => {
    const covered = new Set([...Object.keys(ROWS), ...Object.keys(NO_INPUT)]);
    expect(Object.keys(train).filter((name) => !covered.has(name))).toEqual([]);
    expect([...covered].filter((name) => !(name in train))).toEqual([]);
  });

  for (const [name, { op, calls }] of Object.entries(ROWS)) {
    it(`${name} refuses ${calls.length} bad call${calls.length > 1 ? 's' : ''} with an AttnError naming '${op}'`, async () => {
      for (const [i, call] of calls.entries()) {
        const e = await refusal(call);
        expect(e, `${name} call ${i}: ${String(call)} → ${String(e)}`).toBeInstanceOf(AttnError);
        expect((e as AttnError).code, `${name} call ${i}`).toMatch(/^[A-Z]+$/);
        expect(op.split('|').some((o) => (e as AttnError).message.startsWith(`${o}: `)), `${name} call ${i}: ${(e as Error).message}`).toBe(true);
      }
    });
  }
});
