import { abs, attention, concat, linear, max, MultiHeadAttention, randn, slice, sub, type Tensor } from '@attn/core';

const mha = new MultiHeadAttention(8, 2, { seed: 0 }); // dModel 8, 2 heads of 8 / 2 = 4 dimensions
const x = randn([1, 5, 8], { seed: 1 });                // [batch, T, dModel]
const { output, weights } = mha.attend(x);
console.log(output.shape, weights.shape); // → [ 1, 5, 8 ] [ 1, 2, 5, 5 ]

// PyTorch's names and layout: W_q, W_k, W_v stacked in one [3·8, 8] matrix, then out_proj.
for (const [name, p] of mha.namedParameters()) console.log(name, p.shape);
// → in_proj_weight [ 24, 8 ]
// → in_proj_bias [ 24 ]
// → out_proj.weight [ 8, 8 ]
// → out_proj.bias [ 8 ]

// More heads cost no parameters: 4·d² + 4·d = 288 for d = 8, however d is cut.
const count = (h: number) => new MultiHeadAttention(8, h, { seed: 0 }).parameters().reduce((n, p) => n + p.size, 0);
console.log([1, 2, 4, 8].map(count)); // → [ 288, 288, 288, 288 ]

// The same forward pass by hand. Head h owns rows 4h … 4h+3 of each of W_q, W_k and W_v.
const W = mha.inProjWeight;
const b = mha.inProjBias!;
const project = (which: 0 | 1 | 2, h: number): Tensor => {
  const from = which * 8 + h * 4;
  return linear(x, slice(W, 0, from, from + 4), slice(b, 0, from, from + 4)); // [1, 5, 4]
};
const heads = [0, 1].map((h) => attention(project(0, h), project(1, h), project(2, h))); // softmax(Q·Kᵀ/√4)·V
const byHand = mha.outProj.forward(concat(heads.map((r) => r.output), -1));          // concat to [1, 5, 8], project
const maxDiff = (a: Tensor, c: Tensor) => max(abs(sub(a, c))).item();
console.log(maxDiff(heads[1].weights, slice(weights, 1, 1, 2).reshape([1, 5, 5])) < 1e-12); // → true
console.log(maxDiff(byHand, output) < 1e-12); // → true
