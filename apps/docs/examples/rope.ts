import { MultiHeadAttention, mul, RotaryEmbedding, sum, tensor } from '@attn/core';

const rope = new RotaryEmbedding(8);                       // pairs (i, i + 4) turn by pos · 10000^(−2i/8)
const v = tensor([[1, 1, 1, 1, 0, 0, 0, 0]]);              // one vector, as query and as key
const score = (m: number, n: number) => sum(mul(rope.apply(v, m), rope.apply(v, n))).item();

// query at m, key at n: the score depends only on m − n
console.log(score(5, 2).toFixed(6), score(12, 9).toFixed(6), score(33, 30).toFixed(6)); // → 1.964890 1.964890 1.964890
console.log(score(7, 7).toFixed(6)); // → 4.000000

// In a model, RoPE turns each head's queries and keys inside the attention; nothing is added to x.
const mha = new MultiHeadAttention(16, 2, { rotary: true, seed: 0 });
console.log(mha.rotary?.dim); // → 8
