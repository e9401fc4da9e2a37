import { tensor, traceForward } from '@attn/core';
import { addTwo, history, train } from '@attn/train';

const h = history({ every: 100 });
const run = train({ task: addTwo(), seed: 0, plugins: [h] });
const result = await run;

console.log(result.steps, result.reason); // → 2000 done
console.log(result.metrics.testMse < 1e-3); // → true

const { output, trace } = traceForward(run.model, tensor([[3, 5]]));
console.log(output.item().toFixed(2)); // → 8.00
console.log(trace.attention[0].weights.data.map((w) => w.toFixed(2)).join(' ')); // → 0.50 0.50 0.50 0.50
console.log(h.steps.length); // → 20
