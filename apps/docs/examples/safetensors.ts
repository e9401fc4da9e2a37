import { decodeSafetensors, encodeSafetensors, MultiHeadAttention, randn } from '@attn/core';

const mha = new MultiHeadAttention(8, 2, { seed: 0 });

// Names and layout are PyTorch's: torch.nn.MultiheadAttention's state dict has the same keys.
console.log(Object.keys(mha.stateDict()).join(', ')); // → in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias

// Save: bytes in the safetensors format (float32 here), readable by safetensors.torch.load_file.
const bytes = encodeSafetensors(mha.stateDict(), { dtype: 'F32', metadata: { format: 'pt' } });

// Load into a fresh module: the outputs agree to float32 precision.
const copy = new MultiHeadAttention(8, 2, { seed: 1 });
copy.loadStateDict(decodeSafetensors(bytes).tensors);
const x = randn([1, 3, 8], { seed: 2 });
const a = mha.attend(x).output.data;
const b = copy.attend(x).output.data;
console.log(Math.max(...a.map((v, i) => Math.abs(v - b[i]))) < 1e-6); // → true
