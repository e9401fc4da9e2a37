import { crossEntropy, DecoderOnly, noGrad, randn, Rng, Tensor } from '@attn/core';
import { describe, expect, it } from 'vitest';
import {
  answerAccuracy, batchOf, digitsOf, encode, greedyDecode, heldOut, IGNORE, sequenceTask,
  type SequenceItem, type SequenceTaskSpec, type TokenModel,
} from './sequence.js';
import type { Evaluate } from './task.js';

/** A copy task over 3 digits: small enough that training draws hit every problem. */
function copySpec(overrides: Partial<SequenceTaskSpec> = {}): SequenceTaskSpec {
  return {
    name: 'copy-3', description: 'copy three digits', symbols: 10, promptLength: 3, answerLength: 3,
    size: 1000, item: (i) => ({ prompt: digitsOf(i, 3), answer: digitsOf(i, 3) }), testSize: 100,
    model: { dModel: 8, heads: 2, layers: 1 },
    defaults: { steps: 10, batchSize: 8, optimizer: { kind: 'adam', lr: 1e-3 } },
    ...overrides,
  };
}

/** A stub model: logits `[batch, T, vocab]` with the largest value at `pick(row)` in the last position, recording every input. */
function stubModel(vocab: number, pick: (row: number[]) => number): TokenModel & { seen: number[][][] } {
  const seen: number[][][] = [];
  return {
    seen,
    forward(tokens: Tensor) {
      const [B, T] = tokens.shape;
      const rows = Array.from({ length: B }, (_, b) => Array.from(tokens.data.subarray(b * T, (b + 1) * T)));
      seen.push(rows);
      const logits = new Float64Array(B * T * vocab);
      rows.forEach((row, b) => {
        for (let t = 0; t < T; t++) logits[(b * T + t) * vocab + pick(row.slice(0, t + 1))] = 1;
      });
      return new Tensor(logits, [B, T, vocab]);
    },
  };
}

describe('encode', () => {
  it('encode(item, separator) feeds prompt, separator and answer and targets only the answer positions', () => {
    expect(encode({ prompt: [3, 1, 4], answer: [1, 3, 4] }, 10)).toEqual({
      input: [3, 1, 4, 10, 1, 3],
      target: [IGNORE, IGNORE, IGNORE, 1, 3, 4],
    });
  });

  it('batchOf(items) stacks the encoded items into [batch, T] tensors', () => {
    const b = batchOf([{ prompt: [1, 2], answer: [2, 1] }, { prompt: [5, 5], answer: [5, 5] }], 10);
    expect(b.inputs.shape).toEqual([2, 4]);
    expect(b.inputs.toArray()).toEqual([[1, 2, 10, 2], [5, 5, 10, 5]]);
    expect(b.targets.toArray()).toEqual([[IGNORE, IGNORE, 2, 1], [IGNORE, IGNORE, 5, 5]]);
  });

  it('batchOf(items) rejects items of different lengths, naming the item', () => {
    expect(() => batchOf([{ prompt: [1, 2], answer: [2, 1] }, { prompt: [5], answer: [5, 5] }], 10))
      .toThrow(/batchOf: every item must have a 2-token prompt and a 2-token answer, got 1 and 2 at index 1/);
  });
});

describe('heldOut', () => {
  it('heldOut(size, count, seed) draws count distinct problems, the same ones for the same seed', () => {
    const a = heldOut(10_000, 1000, 7);
    expect(new Set(a).size).toBe(1000);
    expect(a.every((i) => Number.isInteger(i) && i >= 0 && i < 10_000)).toBe(true);
    expect(heldOut(10_000, 1000, 7)).toEqual(a);
    expect(heldOut(10_000, 1000, 8)).not.toEqual(a);
  });

  it('heldOut(size, count) rejects a count that leaves nothing to train on', () => {
    expect(() => heldOut(10, 10, 0)).toThrow(/heldOut: count must be an integer in \[1, 10\), got 10/);
  });
});

describe('sequenceTask', () => {
  it('sample(rng) never draws a held-out problem, and draws every other one', () => {
    const task = sequenceTask(copySpec());
    const rng = new Rng(3);
    const drawn = new Set<number>();
    for (let k = 0; k < 500; k++) for (const i of task.sampleIndices(rng, 64)) drawn.add(i);
    expect(task.testIndices).toHaveLength(100);
    expect(task.testIndices.filter((i) => drawn.has(i))).toEqual([]);
    expect(drawn.size).toBe(900);
    expect(task.trainSize).toBe(900);
  });

  it('sample(rng) encodes the problems sampleIndices(rng) draws, the same batches for the same seed', () => {
    const task = sequenceTask(copySpec());
    const a = task.sample(new Rng(5), 16);
    const b = task.sample(new Rng(5), 16);
    expect(a.inputs.toArray()).toEqual(b.inputs.toArray());
    expect(a.targets.toArray()).toEqual(b.targets.toArray());
    const expected = batchOf(task.sampleIndices(new Rng(5), 16).map((i) => task.item(i)), task.separator);
    expect(a.inputs.toArray()).toEqual(expected.inputs.toArray());
    expect(task.sample(new Rng(6), 16).inputs.toArray()).not.toEqual(a.inputs.toArray());
  });

  it('loss(model, batch) is the cross-entropy of the answer positions only', () => {
    const task = sequenceTask(copySpec());
    const model = task.createModel(new Rng(0));
    const batch = task.sample(new Rng(1), 4);
    const P = 3;
    const logits = model.forward(batch.inputs);
    const T = batch.inputs.shape[1];
    const answerLogits = logits.slice(1, P, T);
    const answerTargets = batch.targets.slice(1, P, T);
    expect(answerTargets.data.every((t) => t !== IGNORE)).toBe(true);
    expect(batch.targets.slice(1, 0, P).data.every((t) => t === IGNORE)).toBe(true);
    expect(task.loss(model, batch).item()).toBeCloseTo(crossEntropy(answerLogits, answerTargets).item(), 12);
  });

  it('loss(model, batch) sends no gradient to the logits of prompt positions', () => {
    const task = sequenceTask(copySpec());
    const batch = task.sample(new Rng(1), 2);
    const [B, T] = batch.inputs.shape;
    const logits = new Tensor(Float64Array.from({ length: B * T * 11 }, (_, i) => Math.sin(i)), [B, T, 11]).requireGrad();
    task.loss({ forward: () => logits } as unknown as DecoderOnly, batch).backward();
    const g = logits.grad!.data;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const row = Array.from(g.subarray((b * T + t) * 11, (b * T + t + 1) * 11));
        const touched = row.some((v) => v !== 0);
        expect(touched, `position ${t} of row ${b}`).toBe(t >= 3);
      }
    }
  });

  it('evaluate(model) decodes from the prompt alone: a model that always says 3 answers 3, 3, 3', () => {
    const task = sequenceTask(copySpec());
    const threes = stubModel(11, () => 3);
    const metrics = task.evaluate(threes as unknown as DecoderOnly);
    const answers = task.testIndices.map((i) => task.item(i).answer);
    const exact = answers.filter((a) => a.every((d) => d === 3)).length / answers.length;
    const tokens = answers.flat().filter((d) => d === 3).length / (answers.length * 3);
    expect(metrics.testAccuracy).toBe(exact);
    expect(metrics.tokenAccuracy).toBeCloseTo(tokens, 12);
    // three decoding steps, each seeing the prompt, the separator and only its own earlier 3s
    expect(threes.seen.slice(0, 3).map((call) => call[0].length)).toEqual([4, 5, 6]);
    const prompts = task.testIndices.map((i) => task.item(i).prompt);
    threes.seen.slice(0, 3).forEach((call) => call.forEach((row, b) => {
      expect(row).toEqual([...prompts[b], 10, 3, 3].slice(0, row.length));
    }));
  });

  it('evaluate(model) scores a model that copies its prompt at 100%', () => {
    const task = sequenceTask(copySpec());
    // predicts the prompt token as far back as the separator is from the start
    const copier = stubModel(11, (row) => row[row.length - 1 - 3]);
    expect(task.evaluate(copier as unknown as DecoderOnly)).toMatchObject({ testAccuracy: 1, tokenAccuracy: 1 });
  });

  it('evaluate.chunks(model) works through the held-out set in chunks and ends with the metrics of one pass over all of it', () => {
    const task = sequenceTask(copySpec({ testSize: 120 }));
    const model = task.createModel(new Rng(4));
    const run = (task.evaluate as Evaluate<DecoderOnly>).chunks!(model);
    const done: unknown[] = [];
    let step = run.next();
    for (; !step.done; step = run.next()) done.push(step.value);
    expect(done).toEqual([1, 2, 3, 4, 5, 6].map((c) => c / 6)); // 120 problems, 20 per chunk, each says how far it got
    // the truth: decode and score all held-out problems at once
    const items = task.testIndices.map((i) => task.item(i));
    const decoded = greedyDecode(model, items.map((t) => t.prompt), task.separator, 3);
    const whole = answerAccuracy(decoded, items.map((t) => t.answer));
    const all = batchOf(items, task.separator);
    const loss = crossEntropy(model.forward(all.inputs), all.targets, { ignoreIndex: IGNORE }).item();
    expect(step.value.testAccuracy).toBe(whole.exact);
    expect(step.value.tokenAccuracy).toBe(whole.token);
    expect(step.value.testLoss).toBeCloseTo(loss, 12);
    expect(task.evaluate(model)).toEqual(step.value);
  });

  it('examples(model) reports held-out prompts, true answers and greedy predictions', () => {
    const task = sequenceTask(copySpec());
    const ex = task.examples(stubModel(11, () => 7) as unknown as DecoderOnly);
    expect(ex).toHaveLength(4);
    ex.forEach((e, i) => {
      const item = task.item(task.testIndices[i]);
      expect(e).toEqual({ input: item.prompt, target: item.answer, prediction: [7, 7, 7] });
    });
  });

  it('probe(model) traces the DecoderOnly model on the probe problem', () => {
    const probe: SequenceItem = { prompt: [1, 2, 3], answer: [1, 2, 3] };
    const task = sequenceTask(copySpec({ probe }));
    const model = task.createModel(new Rng(0));
    const trace = task.probe!(model);
    expect(trace.model).toBe('DecoderOnly');
    expect(trace.input).toEqual({ shape: [1, 6], data: [1, 2, 3, 10, 1, 2] });
    expect(trace.output.shape).toEqual([1, 6, 11]);
    expect(trace.attention).toHaveLength(2); // 1 layer × 2 heads
    expect(trace.attention[0].causal).toBe(true);
  });

  it('createModel(rng) builds a DecoderOnly over the digits and the separator, long enough for prompt and answer', () => {
    const model = sequenceTask(copySpec()).createModel(new Rng(0));
    expect(model).toBeInstanceOf(DecoderOnly);
    expect(model.config).toMatchObject({ vocabSize: 11, maxLen: 6, dModel: 8, heads: 2, layers: 1 });
  });
});

describe('greedyDecode', () => {
  it('greedyDecode(model, prompts) feeds back its own predictions, one token per step', () => {
    // predicts the length of its context: the answer counts up from promptLength + 1
    const counter = stubModel(20, (row) => row.length);
    expect(greedyDecode(counter, [[0, 0], [9, 9]], 10, 4)).toEqual([[3, 4, 5, 6], [3, 4, 5, 6]]);
    expect(counter.seen.map((c) => c[1])).toEqual([[9, 9, 10], [9, 9, 10, 3], [9, 9, 10, 3, 4], [9, 9, 10, 3, 4, 5]]);
  });

  it('greedyDecode(model, prompts) rejects prompts of different lengths', () => {
    expect(() => greedyDecode(stubModel(11, () => 0), [[1, 2], [1]], 10, 2)).toThrow(/greedyDecode: every prompt must have 2 tokens, got one with 1/);
  });

  it('greedyDecode(model, prompts) gives a DecoderOnly the tokens of greedy full forward passes, also with a head knocked out or patched', () => {
    /** Greedy decoding by hand: a forward pass over the whole sequence for every token, the argmax of its last row. */
    const byFullPasses = (model: DecoderOnly, prompts: number[][]) => prompts.map((p) => {
      const seq = [...p, 10];
      for (let i = 0; i < 4; i++) {
        const logits = noGrad(() => model.forward(new Tensor(Float64Array.from(seq), [1, seq.length])));
        const last = Array.from(logits.data.subarray((seq.length - 1) * 11));
        seq.push(last.indexOf(Math.max(...last)));
      }
      return seq.slice(p.length + 1);
    });
    const rng = new Rng(4);
    const prompts = Array.from({ length: 6 }, () => Array.from({ length: 5 }, () => rng.int(10)));
    for (const positional of ['learned', 'sinusoidal', 'rotary'] as const) {
      const model = new DecoderOnly({ vocabSize: 11, maxLen: 9, dModel: 8, heads: 2, layers: 2, positional, seed: 1 });
      expect(greedyDecode(model, prompts, 10, 4), positional).toEqual(byFullPasses(model, prompts));
      const attn = model.blocks[1].selfAttn;
      for (const override of ['zero', randn([9, 4], { seed: 5 })] as const) {
        attn.headOverride = { 0: override };
        expect(greedyDecode(model, prompts, 10, 4), `${positional} with an override`).toEqual(byFullPasses(model, prompts));
      }
      attn.headOverride = null;
    }
  });

  it('greedyDecode(model, prompts) decodes a real DecoderOnly without recording gradients', () => {
    const model = new DecoderOnly({ vocabSize: 11, maxLen: 6, dModel: 8, heads: 2, layers: 1, seed: 0 });
    const out = greedyDecode(model, [[1, 2, 3]], 10, 3);
    expect(out).toHaveLength(1);
    expect(out[0]).toHaveLength(3);
    expect(out[0].every((t) => Number.isInteger(t) && t >= 0 && t < 11)).toBe(true);
    expect(model.parameters().every((p) => p.grad === null)).toBe(true);
  });
});

describe('answerAccuracy', () => {
  it('answerAccuracy(predicted, truth) counts whole answers and single tokens', () => {
    expect(answerAccuracy([[1, 2], [3, 4]], [[1, 2], [3, 0]])).toEqual({ exact: 0.5, token: 0.75 });
  });
});
