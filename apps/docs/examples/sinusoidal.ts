import { mul, sinusoidalEncoding, sum } from '@attn/core';

const pe = sinusoidalEncoding(50, 16);                     // [positions, d]
console.log(pe.shape); // → [ 50, 16 ]

// PE[pos, 2k] = sin(pos / 10000^(2k/d)) and PE[pos, 2k+1] = cos(pos / 10000^(2k/d))
const at = (pos: number, i: number) => pe.data[pos * 16 + i];
console.log(at(5, 2).toFixed(6), Math.sin(5 / 10000 ** (2 / 16)).toFixed(6)); // → 0.999947 0.999947
console.log(at(5, 3).toFixed(6), Math.cos(5 / 10000 ** (2 / 16)).toFixed(6)); // → -0.010342 -0.010342

// The dot product of two positions depends only on how far apart they are.
const dot = (p: number, q: number) => sum(mul(pe.slice(0, p, p + 1), pe.slice(0, q, q + 1))).item();
console.log(dot(3, 3).toFixed(6), dot(40, 40).toFixed(6)); // → 8.000000 8.000000
console.log(dot(3, 7).toFixed(6), dot(40, 44).toFixed(6)); // → 5.559677 5.559677
