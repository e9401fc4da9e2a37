import { Rng, Tensor, tensor, tensorRows, traceForward } from '@attn/core';
import { greedyDecode, reverse, train } from '@attn/train';

// In the page, a worker trains and posts the weights as plain arrays…
const task = reverse();
const run = train({ task, seed: 0 });
await run;
const posted = Object.entries(run.model.stateDict())
  .map(([name, t]) => [name, { shape: t.shape, data: Float64Array.from(t.data) }] as const);

// …and the page rebuilds the model from them (every initial weight is replaced).
const model = task.createModel(new Rng(0));
const state = posted.map(([name, t]) => [name, new Tensor(t.data, t.shape)]);
model.loadStateDict(Object.fromEntries(state));

const prompt = [9, 0, 2, 1, 7];
const [answer] = greedyDecode(model, [prompt], task.separator, 5);
console.log(answer.join(' ')); // → 7 1 2 0 9

// The trace of the last decoding step: prompt, separator, the answer but its last digit.
// The separator's row (position 5) writes the first answer digit, each answer digit's
// row the next one. Where does each head look hardest from those rows?
const input = tensor([[...prompt, task.separator, ...answer.slice(0, -1)]]);
const { trace } = traceForward(model, input);
const looks = trace.attention.map((head) => {
  const rows = tensorRows(head.weights); // [queries][keys]
  const positions = answer.map((_, i) => {
    const row = rows[prompt.length + i];
    return row.indexOf(Math.max(...row)) + 1; // counted from 1
  });
  return `head ${head.head}: ${positions.join(' ')}`;
});
console.log(looks.join('; ')); // → head 0: 5 4 3 2 1; head 1: 5 4 3 2 1
