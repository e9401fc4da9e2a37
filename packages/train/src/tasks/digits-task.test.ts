// sort and reverse are both digitsTask: what they share is tested once for each, against an
// independent reference of the answer (Array's own sort and reverse), not against task.item.
import { Rng, type DecoderOnly } from '@attn/core';
import { describe, expect, it } from 'vitest';
import { train } from '../trainer/train.js';
import { IGNORE, type SequenceTask } from './sequence.js';
import { reverse } from './reverse.js';
import { sort } from './sort.js';

const tasks: [string, () => SequenceTask, (prompt: number[]) => number[]][] = [
  ['sort', sort, (p) => p.slice().sort((x, y) => x - y)],
  ['reverse', reverse, (p) => p.slice().reverse()],
];

describe('sort().item and reverse().item', () => {
  it('sort().item(i) is the 5 digits of i followed by the same digits in ascending order', () => {
    const task = sort();
    expect(task.item(31415)).toEqual({ prompt: [3, 1, 4, 1, 5], answer: [1, 1, 3, 4, 5] });
    expect(task.item(7)).toEqual({ prompt: [0, 0, 0, 0, 7], answer: [0, 0, 0, 0, 7] });
  });

  it('reverse().item(i) is the 5 digits of i followed by the same digits last to first', () => {
    const task = reverse();
    expect(task.item(31415)).toEqual({ prompt: [3, 1, 4, 1, 5], answer: [5, 1, 4, 1, 3] });
    expect(task.item(7)).toEqual({ prompt: [0, 0, 0, 0, 7], answer: [7, 0, 0, 0, 0] });
  });
});

describe.each(tasks)('%s', (name, make, reference) => {
  it(`${name}().item(i) is the 5 digits of i and their answer, for 2,000 random i`, () => {
    const task = make();
    const rng = new Rng(0);
    for (let k = 0; k < 2000; k++) {
      const i = rng.int(100_000);
      const { prompt, answer } = task.item(i);
      expect(Number(prompt.join(''))).toBe(i);
      expect(answer).toEqual(reference(prompt));
    }
  });

  it(`${name}().sample(rng, n) targets the answer after the separator and ignores the prompt`, () => {
    const task = make();
    const batch = task.sample(new Rng(1), 8);
    expect(batch.inputs.shape).toEqual([8, 10]);
    const inputs = batch.inputs.toArray() as number[][];
    const targets = batch.targets.toArray() as number[][];
    inputs.forEach((row, b) => {
      const answer = reference(row.slice(0, 5));
      expect(row[5]).toBe(task.separator);
      expect(row.slice(6)).toEqual(answer.slice(0, 4));
      expect(targets[b]).toEqual([IGNORE, IGNORE, IGNORE, IGNORE, IGNORE, ...answer]);
    });
  });

  it(`${name}() never draws its 1,000 held-out sequences for training`, () => {
    const task = make();
    expect(task.testIndices).toHaveLength(1000);
    const rng = new Rng(2);
    for (let k = 0; k < 300; k++) {
      for (const i of task.sampleIndices(rng, 64)) expect(task.isHeldOut(i)).toBe(false);
    }
  });

  it(`${name}() draws the same batches from the same seed`, () => {
    expect(make().sample(new Rng(9), 32).inputs.toArray()).toEqual(make().sample(new Rng(9), 32).inputs.toArray());
  });

  it(`${name}() trains to ≥ 95% held-out accuracy with its defaults`, async () => {
    const task = make();
    let model: DecoderOnly | undefined;
    const result = await train({ task, plugins: [{ name: 'keep-model', onTrainEnd: (_r, ctx) => { model = ctx.model as DecoderOnly; } }] });
    expect(result.steps).toBe(task.defaults.steps);
    expect(result.metrics.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.metrics.tokenAccuracy).toBeGreaterThanOrEqual(result.metrics.testAccuracy);
    const right = task.examples(model!).filter((e) => JSON.stringify(e.prediction) === JSON.stringify(e.target));
    expect(right.length).toBeGreaterThanOrEqual(3);
  }, 180_000);
});
