import { addTwo, train } from '@attn/train';

// A run is also an async iterable of events: start, step…, eval…, end.
const evals: string[] = [];
for await (const e of train({ task: addTwo(), seed: 0, steps: 1000 })) {
  if (e.type === 'eval') evals.push(`step ${e.step}: testMse < 0.1 ${e.metrics.testMse < 0.1}`);
  if (e.type === 'end') console.log(e.result.reason, e.result.steps); // → done 1000
}
console.log(evals.join('; ')); // → step 500: testMse < 0.1 true; step 1000: testMse < 0.1 true
