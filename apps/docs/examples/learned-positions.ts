import { DecoderOnly, tensor } from '@attn/core';

// A table of maxLen learned vectors, added to the token vectors: PyTorch's nn.Embedding(maxLen, d).
const gpt = new DecoderOnly({ vocabSize: 27, maxLen: 8, dModel: 16, heads: 2, layers: 1, positional: 'learned', seed: 0 });
console.log(gpt.posEmb?.weight.shape); // → [ 8, 16 ]

// It has nothing to say about position 8 and beyond.
try {
  gpt.forward(tensor([[1, 2, 3, 4, 5, 6, 7, 8, 9]]));
} catch (e) {
  console.log((e as Error).message); // → DecoderOnly: sequence length 9 exceeds maxLen 8
}
