import { add, Linear, mean, mul, randn, sqrt, sum, tanh, type Tensor } from '@attn/core';

/** The norm of each layer's weight gradient after one backward pass through `depth` layers. */
function gradNorms(depth: number, residual: boolean): number[] {
  const layers = Array.from({ length: depth }, (_, i) => new Linear(16, 16, { seed: i + 1 }));
  let h: Tensor = randn([8, 16], { seed: 0 });
  for (const layer of layers) {
    const f = tanh(layer.forward(h));
    h = residual ? add(h, f) : f;                          // x + f(x), or f(x) alone
  }
  mean(mul(h, h)).backward();
  return layers.map((l) => sqrt(sum(mul(l.weight.grad!, l.weight.grad!))).item());
}

const plain = gradNorms(20, false);
const residual = gradNorms(20, true);
// layer 1 (next to the input) and layer 20 (next to the loss)
console.log(plain[0].toExponential(1), plain[19].toExponential(1)); // → 4.7e-7 6.8e-2
console.log(residual[0].toExponential(1), residual[19].toExponential(1)); // → 8.3e+0 8.0e+0
