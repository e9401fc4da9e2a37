import { abs, add, Embedding, gatherRows, max, MultiHeadAttention, sinusoidalEncoding, squeeze, sub, tensor, type Tensor } from '@attn/core';

const embed = new Embedding(27, 8, { seed: 0 });          // a vector per letter a–z and space
const mha = new MultiHeadAttention(8, 2, { seed: 0 });
const stop = [18, 19, 14, 15];                             // s t o p
const pots = [15, 14, 19, 18];                             // p o t s: the same letters reversed

const attend = (ids: number[], positions: boolean): Tensor => {
  const x = embed.forward(tensor([ids]));                  // [1, 4, 8]
  return squeeze(mha.forward(positions ? add(x, sinusoidalEncoding(4, 8)) : x), 0); // [4, 8]
};
// put the rows of "pots" back in the order s, t, o, p
const backInOrder = (out: Tensor) => gatherRows(out, tensor([3, 2, 1, 0]));
const maxDiff = (a: Tensor, b: Tensor) => max(abs(sub(a, b))).item();

console.log(maxDiff(attend(stop, false), backInOrder(attend(pots, false))) < 1e-12); // → true
console.log(maxDiff(attend(stop, true), backInOrder(attend(pots, true))) > 0.1); // → true
