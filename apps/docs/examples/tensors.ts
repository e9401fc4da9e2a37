import { matmul, softmax, tensor } from '@attn/core';

const x = tensor([[1, 2], [3, 4]]);                 // [2, 2]
const w = tensor([[0.5, -1], [2, 0]], { requiresGrad: true });
const y = matmul(x, w);                              // [2, 2]
console.log(y.shape); // → [ 2, 2 ]
console.log(y.toArray()); // → [ [ 4.5, -1 ], [ 9.5, -3 ] ]

// A scalar to differentiate: backward() fills .grad of every tensor that requires it.
y.sum().backward();
console.log(w.grad?.toArray()); // → [ [ 4, 4 ], [ 6, 6 ] ]

// Softmax over the last axis: each row becomes positive weights that sum to 1.
const weights = softmax(tensor([[1, 2, 3]]), -1);
console.log(Array.from(weights.data, (v) => v.toFixed(3))); // → [ '0.090', '0.245', '0.665' ]
