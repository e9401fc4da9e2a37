import { stateFromJSON, type StateJSON } from '@attn/core';
import { addTwo, train } from '@attn/train';

// weightsEvery: a copy of the weights on every n-th step event, and on start and end,
// as plain data (what stateToJSON writes) that a view can scrub through.
const snapshots: { step: number; weights: StateJSON }[] = [];
const run = train({ task: addTwo(), seed: 0, weightsEvery: 500 });
for await (const e of run) {
  if ((e.type === 'start' || e.type === 'step') && e.weights) snapshots.push({ step: e.step, weights: e.weights });
}
console.log(snapshots.map((s) => s.step).join(' ')); // → 0 500 1000 1500 2000
const first = snapshots[0].weights.tensors.w_q;
console.log(Object.keys(snapshots[0].weights.tensors).length, first.shape); // → 7 [ 1, 4 ]

// Each snapshot is a copy: the last one is the trained model, the first the untrained one.
const last = stateFromJSON(snapshots.at(-1)!.weights);
console.log(last.w_q.data[0] === run.model.stateDict().w_q.data[0], first.data[0] === last.w_q.data[0]); // → true false
