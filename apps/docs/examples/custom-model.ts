// #region forward
import { decodeSafetensors, encodeSafetensors, mseLoss, noGrad, Rng, Tensor, tensor, traceForward } from '@attn/core';
import { Adam } from '@attn/train';
import { PairSum } from './models/pair-sum.js';

const model = new PairSum({ d: 8, heads: 2, seed: 0 });
console.log(model.forward(tensor([[3, 5], [1, 2]])).shape); // → [ 2, 1 ]
console.log(model.namedParameters().map(([name, p]) => `${name} [${p.shape}]`).slice(4, 8).join(', '));
// → attn.in_proj_weight [24,8], attn.in_proj_bias [24], attn.out_proj.weight [8,8], attn.out_proj.bias [8]
// #endregion forward

// #region step
/** `count` pairs in [0, 10) and their sums, drawn from `rng`. */
function pairs(rng: Rng, count: number): { x: Tensor; y: Tensor } {
  const x = Array.from({ length: count }, () => [rng.uniform(0, 10), rng.uniform(0, 10)]);
  return { x: tensor(x), y: tensor(x.map(([a, b]) => [a + b])) };
}

const optimizer = new Adam(model.parameters(), { lr: 0.01 });
const rng = new Rng(1);
const test = pairs(new Rng(2), 200);
const testMse = () => noGrad(() => mseLoss(model.forward(test.x), test.y).item());
console.log(testMse().toFixed(1)); // → 128.8

for (let step = 0; step < 500; step++) {
  const { x, y } = pairs(rng, 32);
  const loss = mseLoss(model.forward(x), y); // forward, and the loss: a scalar tensor
  optimizer.zeroGrad();                      // clear the previous step's gradients
  loss.backward();                           // fills .grad of every parameter
  optimizer.step();                          // and the optimizer moves them
}
console.log(testMse() < 0.05); // → true
// #endregion step

// #region trace
// A Trace of one forward pass: the attention of each head, and the values the model recorded
const { output, trace } = traceForward(model, tensor([[3, 5]]));
console.log(output.item().toFixed(1)); // → 8.0
console.log(trace.attention.map((a) => `${a.module} head ${a.head}`).join(', '), Object.keys(trace.values));
// → attn head 0, attn head 1 [ 'sum' ]
console.log(trace.attention[0].weights.shape); // → [ 1, 2, 2 ]
// #endregion trace

// #region save
// Save the weights (safetensors bytes: writeFileSync in Node, a download in a browser) …
const bytes = encodeSafetensors(model.stateDict());
// … and load them into a fresh model of the same shape
const loaded = new PairSum({ d: 8, heads: 2, seed: 99 });
loaded.loadStateDict(decodeSafetensors(bytes).tensors);
console.log(loaded.forward(tensor([[3, 5]])).item() === output.item()); // → true

// A model of another shape does not fit, and says why
try {
  new PairSum({ d: 4 }).loadStateDict(decodeSafetensors(bytes).tensors);
} catch (e) {
  console.log((e as Error).message.split('; ')[0]);
  // → loadStateDict: state does not fit PairSum: attn.in_proj_bias has shape [24], expected [12]
}
// #endregion save
