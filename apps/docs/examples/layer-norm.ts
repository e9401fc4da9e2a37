import { LayerNorm, mean, RMSNorm, sqrt, tensor, variance } from '@attn/core';

const x = tensor([[2, 4, 4, 4, 5, 5, 7, 9]]);              // mean 5, variance 4
const fmt = (values: number[]) => values.map((v) => v.toFixed(3)).join(' ');

// LayerNorm: subtract the mean, divide by √(variance + ε), then · γ + β (γ = 1, β = 0 at first)
const norm = new LayerNorm(8);
const y = norm.forward(x);
console.log(fmt(y.toFlat())); // → -1.500 -0.500 -0.500 -0.500 0.000 0.000 1.000 2.000
console.log(mean(y).item().toFixed(6), variance(y, -1, { correction: 0 }).item().toFixed(6)); // → 0.000000 0.999998
console.log(norm.namedParameters().map(([name, p]) => `${name} [${p.shape}]`).join(', ')); // → weight [8], bias [8]

// γ and β are learned: the model can undo the normalization where that helps.
norm.weight.data.fill(2);
norm.bias.data.fill(1);
console.log(fmt(norm.forward(x).toFlat())); // → -2.000 0.000 0.000 0.000 1.000 1.000 3.000 5.000

// RMSNorm skips the mean: divide by √(mean(x²) + ε), then · γ. No β.
const r = new RMSNorm(8).forward(x);
console.log(fmt(r.toFlat())); // → 0.371 0.743 0.743 0.743 0.928 0.928 1.300 1.671
console.log(sqrt(mean(r.mul(r))).item().toFixed(6)); // → 1.000000
