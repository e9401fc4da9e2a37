import { div, exp, gradcheck, log, mul, randn, sum, type Tensor } from '@attn/core';

/** A smooth maximum over the last axis, composed from primitives: log Σ exp(k·x) / k. [batch, T] → [batch]. */
const smoothMax = (x: Tensor, k = 4) => div(log(sum(exp(mul(x, k)), -1)), k);

// Autograd derives its gradient; gradcheck compares it with finite differences.
const result = gradcheck((x) => smoothMax(x), [randn([3, 2], { seed: 1 })]);
console.log(result.ok, result.mismatches.length); // → true 0
