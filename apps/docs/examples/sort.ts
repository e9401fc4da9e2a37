import { greedyDecode, sort, train } from '@attn/train';

// Five digits, a separator, the same digits in ascending order. The task's model is a
// one-layer, two-head DecoderOnly transformer; its defaults train it in 400 steps.
const task = sort();
const run = train({ task, seed: 0 });
const result = await run;
console.log(result.reason, result.steps); // → done 400
const accuracy = (100 * result.metrics.testAccuracy).toFixed(1);
console.log(`held-out accuracy ${accuracy}%`); // → held-out accuracy 99.7%

// A new sequence, by greedy decoding: prompt, separator, then one token at a time.
const [answer] = greedyDecode(run.model, [[9, 0, 2, 1, 7]], task.separator, 5);
console.log(answer.join(' ')); // → 0 1 2 7 9
