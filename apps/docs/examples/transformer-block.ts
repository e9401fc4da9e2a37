import { randn, TransformerEncoderLayer, traceForward } from '@attn/core';

// torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=32, dropout=0, batch_first=True, norm_first=True)
const block = new TransformerEncoderLayer(8, 2, { ff: 32, normFirst: true, seed: 0 });
for (const [name, p] of block.namedParameters()) console.log(name, p.shape);
// → self_attn.in_proj_weight [ 24, 8 ]
// → self_attn.in_proj_bias [ 24 ]
// → self_attn.out_proj.weight [ 8, 8 ]
// → self_attn.out_proj.bias [ 8 ]
// → linear1.weight [ 32, 8 ]
// → linear1.bias [ 32 ]
// → linear2.weight [ 8, 32 ]
// → linear2.bias [ 8 ]
// → norm1.weight [ 8 ]
// → norm1.bias [ 8 ]
// → norm2.weight [ 8 ]
// → norm2.bias [ 8 ]
console.log(block.parameters().reduce((n, p) => n + p.size, 0)); // → 872

// A trace of one forward pass holds every intermediate, in the order the block computed it.
const { output, trace } = traceForward(block, randn([1, 5, 8], { seed: 1 }));
for (const [name, t] of Object.entries(trace.values)) console.log(name, t.shape);
// → norm1 [ 1, 5, 8 ]
// → self_attn [ 1, 5, 8 ]
// → residual1 [ 1, 5, 8 ]
// → norm2 [ 1, 5, 8 ]
// → linear1 [ 1, 5, 32 ]
// → activation [ 1, 5, 32 ]
// → linear2 [ 1, 5, 8 ]
// → residual2 [ 1, 5, 8 ]
console.log(output.shape, trace.attention.map((a) => `head ${a.head}: weights [${a.weights.shape}]`)); // → [ 1, 5, 8 ] [ 'head 0: weights [1,5,5]', 'head 1: weights [1,5,5]' ]
