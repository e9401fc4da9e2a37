// Core's DecoderOnly (learned positions, pre-norm causal blocks, a final layer norm, an untied
// head) written a second time with tfjs ops, on weights copied from core's model, so the benches
// can time one training step of both on the same batch: run.mjs's sort task row (1 block, relu)
// and gpt.mjs's GPT (gelu).

/** The parameter names of core's DecoderOnly with `layers` blocks, in the order the tfjs model takes them. */
export function decoderParams(layers) {
  const block = (i) => ['norm1.weight', 'norm1.bias', 'self_attn.in_proj_weight', 'self_attn.in_proj_bias', 'self_attn.out_proj.weight',
    'self_attn.out_proj.bias', 'norm2.weight', 'norm2.bias', 'linear1.weight', 'linear1.bias', 'linear2.weight', 'linear2.bias'].map((n) => `blocks.${i}.${n}`);
  return ['tok_emb.weight', 'pos_emb.weight', ...Array.from({ length: layers }, (_, i) => block(i)).flat(), 'norm.weight', 'norm.bias', 'head.weight', 'head.bias'];
}

/**
 * The loss of the tfjs model as a function of nothing (it closes over the variables `vars`, in
 * the order of decoderParams, and over one batch): next-token cross-entropy on the positions
 * whose target is not negative, like core's `crossEntropy(logits, targets, { ignoreIndex: -1 })`.
 * `activation` is `'relu'` or `'gelu'` (exact, erf). `lookup: 'onehot'` embeds by one-hot
 * products instead of `tf.gather`, whose gradient needs a kernel tfjs-wasm lacks.
 */
export function tfDecoderLoss(tf, vars, config, inputs, targets, { activation = 'relu', lookup = 'gather' } = {}) {
  const { dModel: E, heads: H, maxLen } = config;
  const [B, T] = inputs.shape;
  const D = E / H;
  const [tokEmb, posEmb, ...rest] = vars;
  const [nfw, nfb, headW, headB] = rest.slice(-4);
  const blocks = Array.from({ length: (rest.length - 4) / 12 }, (_, i) => rest.slice(12 * i, 12 * i + 12));
  const V = headW.shape[0];
  if (T > maxLen) throw new Error('sequence longer than the model');
  // constants of the batch, created once
  const ids = Int32Array.from(inputs.data);
  const tokens = tf.keep(lookup === 'onehot' ? tf.tidy(() => tf.oneHot(tf.tensor(ids, [B * T], 'int32'), tokEmb.shape[0])) : tf.tensor(ids, [B * T], 'int32'));
  const positions = tf.keep(tf.range(0, T, 1, 'int32'));
  // causal mask as an additive bias: 0 where query i may attend key j (j <= i), -1e9 elsewhere
  // (exp underflows to exactly 0 in float32, as core's -Infinity does)
  const bias = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) bias[i * T + j] = -1e9;
  const causal = tf.keep(tf.tensor(bias, [T, T]));
  // one-hot targets over the positions that count, and their number
  const oneHot = new Float32Array(B * T * V);
  let count = 0;
  targets.data.forEach((c, i) => { if (c >= 0) { oneHot[i * V + c] = 1; count++; } });
  const picked = tf.keep(tf.tensor(oneHot, [B * T, V]));

  const layerNorm = (x, w, b) => {
    const centered = tf.sub(x, tf.mean(x, -1, true));
    const inv = tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), 1e-5));
    return tf.add(tf.mul(tf.mul(centered, inv), w), b);
  };
  const linear = (x, w, b) => tf.add(tf.matMul(x, w, false, true), b); // w is [out, in]
  const heads = (t) => tf.transpose(tf.reshape(t, [B, T, H, D]), [0, 2, 1, 3]); // [B, H, T, D]
  const act = activation === 'gelu' ? (x) => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)) : (x) => tf.relu(x);
  const embed = () => lookup === 'onehot'
    ? tf.add(tf.reshape(tf.matMul(tokens, tokEmb), [B, T, E]), tf.slice(posEmb, [0, 0], [T, E]))
    : tf.add(tf.reshape(tf.gather(tokEmb, tokens), [B, T, E]), tf.gather(posEmb, positions));

  const loss = () => {
    let h = tf.reshape(embed(), [B * T, E]);
    for (const [n1w, n1b, inW, inB, outW, outB, n2w, n2b, l1w, l1b, l2w, l2b] of blocks) {
      const qkv = linear(layerNorm(h, n1w, n1b), inW, inB); // [B·T, 3E]
      const [q, k, v] = tf.split(qkv, 3, 1).map(heads);
      const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(D)), causal); // [B, H, T, T]
      const attended = tf.matMul(tf.softmax(scores), v); // [B, H, T, D]
      const merged = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [B * T, E]);
      h = tf.add(h, linear(merged, outW, outB));
      h = tf.add(h, linear(act(linear(layerNorm(h, n2w, n2b), l1w, l1b)), l2w, l2b));
    }
    const logits = linear(layerNorm(h, nfw, nfb), headW, headB); // [B·T, V]
    return tf.mul(tf.sum(tf.mul(tf.logSoftmax(logits), picked)), -1 / count);
  };
  return { loss, dispose: () => tf.dispose([tokens, positions, causal, picked]) };
}
