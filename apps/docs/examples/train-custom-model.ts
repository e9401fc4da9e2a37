import { mseLoss, noGrad, Rng, tensor, traceForward } from '@attn/core';
import { addTwo, history, numberAnswer, train, type PairBatch, type Task } from '@attn/train';
import { PairSum } from './models/pair-sum.js';

// add-two's data, metric and training defaults; the parts that touch the model are PairSum's
const addTwoTask = addTwo();
const heldOut = addTwoTask.sample(new Rng(1_000_003), 1000); // a fixed held-out set, drawn once
const predict = (model: PairSum, a: number, b: number) =>
  noGrad(() => model.forward(tensor([[a, b]])).item());
const task: Task<PairSum, PairBatch> = {
  ...addTwoTask,
  name: 'add-two-pair-sum',
  description: 'add two numbers in [0, 10) with PairSum',
  createModel: (rng) => new PairSum({ rng }),
  loss: (model, batch) => mseLoss(model.forward(batch.inputs), batch.targets),
  evaluate: (model) =>
    ({ testMse: mseLoss(model.forward(heldOut.inputs), heldOut.targets).item() }),
  examples: (model) => [[3, 5], [9.5, 0.25]].map(([a, b]) =>
    ({ input: [a, b], target: a + b, prediction: predict(model, a, b) })),
  probe: (model) => traceForward(model, tensor([[3, 5]])).trace,
  answer: (model, values) => numberAnswer(model, values, ([a, b]) => a + b), // the playground's
};

// train({ task, model }) trains the model you pass;
// without `model`, task.createModel builds one from the seed
const model = new PairSum({ d: 16, heads: 4, seed: 7 });
const h = history({ every: 100 });
const run = train({ task, model, seed: 0, plugins: [h] });
const result = await run;
console.log(run.model === model, result.steps, result.reason); // → true 2000 done
console.log(result.metrics.testMse < task.metric.target!); // → true
console.log(predict(model, 3, 5).toFixed(1)); // → 8.0
console.log(task.probe!(model).attention.length); // → 4
