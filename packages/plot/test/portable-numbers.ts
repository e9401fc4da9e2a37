// Numbers that go through every elementary function of @attn/core and @attn/train, computed by
// the browser test's page in Chromium and by the test in Node: they must be the same bits.
import { DecoderOnly, math, Rng, RotaryEmbedding, sinusoidalEncoding, tensor } from '@attn/core';
import { sort, train } from '@attn/train';

/** Rng.normal, positions, a rotary DecoderOnly trained a few steps (AdamW, cosine schedule), and math.* itself. */
export async function portableNumbers(): Promise<number[]> {
  const out: number[] = [];
  const rng = new Rng(0);
  for (let i = 0; i < 500; i++) out.push(rng.normal());
  out.push(...sinusoidalEncoding(32, 16).data);
  for (const t of new RotaryEmbedding(8).tables(4, 1000)) out.push(...t.data);
  const gpt = new DecoderOnly({ vocabSize: 11, dModel: 12, heads: 2, layers: 1, maxLen: 16, positional: 'rotary', activation: 'gelu', seed: 0 });
  out.push(...gpt.forward(tensor([[1, 2, 3, 4, 5, 6, 7, 8]])).data);
  const run = train({ task: sort({ length: 3, model: { positional: 'rotary' } }), seed: 0, steps: 20 });
  await run;
  out.push(...run.model.parameters().flatMap((p) => Array.from(p.data)));
  for (let i = 1; i <= 200; i++) {
    const x = (i - 100) * 0.37;
    out.push(math.exp(x), math.log(i * 1.3), math.sin(x * 1e3), math.cos(x), math.tanh(x / 10), math.pow(i * 0.7, x / 9));
  }
  return out;
}
