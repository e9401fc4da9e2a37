// The sort task's transformer (`sort()` of @attn/train: a DecoderOnly with vocabulary 11,
// 10 positions, dModel 16, 2 heads, 1 pre-norm block, feed-forward 32 with relu, learned
// positions) written a second time with tfjs ops, on weights copied from core's model, so the
// bench can time one training step of both on the same batch.

/** The parameter names of core's model, in the order the tfjs model takes them. */
export const SORT_PARAMS = [
  'tok_emb.weight', 'pos_emb.weight',
  'blocks.0.norm1.weight', 'blocks.0.norm1.bias',
  'blocks.0.self_attn.in_proj_weight', 'blocks.0.self_attn.in_proj_bias',
  'blocks.0.self_attn.out_proj.weight', 'blocks.0.self_attn.out_proj.bias',
  'blocks.0.norm2.weight', 'blocks.0.norm2.bias',
  'blocks.0.linear1.weight', 'blocks.0.linear1.bias', 'blocks.0.linear2.weight', 'blocks.0.linear2.bias',
  'norm.weight', 'norm.bias', 'head.weight', 'head.bias',
];

/**
 * The loss of the tfjs model as a function of nothing (it closes over the variables `vars`, in
 * the order of SORT_PARAMS, and over one batch): next-token cross-entropy on the answer
 * positions, like core's `crossEntropy(logits, targets, { ignoreIndex: -1 })`.
 */
export function tfSortLoss(tf, vars, config, inputs, targets) {
  const { dModel: E, heads: H, maxLen } = config;
  const [B, T] = inputs.shape;
  const D = E / H;
  const [tokEmb, posEmb, n1w, n1b, inW, inB, outW, outB, n2w, n2b, l1w, l1b, l2w, l2b, nfw, nfb, headW, headB] = vars;
  const V = headW.shape[0];
  // constants of the batch, created once
  const tokens = tf.keep(tf.tensor(Int32Array.from(inputs.data), [B * T], 'int32'));
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
  if (T > maxLen) throw new Error('sequence longer than the model');

  const layerNorm = (x, w, b) => {
    const centered = tf.sub(x, tf.mean(x, -1, true));
    const inv = tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), 1e-5));
    return tf.add(tf.mul(tf.mul(centered, inv), w), b);
  };
  const linear = (x, w, b) => tf.add(tf.matMul(x, w, false, true), b); // w is [out, in]
  const heads = (t) => tf.transpose(tf.reshape(t, [B, T, H, D]), [0, 2, 1, 3]); // [B, H, T, D]

  const loss = () => {
    let h = tf.reshape(tf.add(tf.reshape(tf.gather(tokEmb, tokens), [B, T, E]), tf.gather(posEmb, positions)), [B * T, E]);
    const x = layerNorm(h, n1w, n1b);
    const qkv = linear(x, inW, inB); // [B·T, 3E]
    const [q, k, v] = tf.split(qkv, 3, 1).map(heads);
    const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(D)), causal); // [B, H, T, T]
    const attended = tf.matMul(tf.softmax(scores), v); // [B, H, T, D]
    const merged = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [B * T, E]);
    h = tf.add(h, linear(merged, outW, outB));
    h = tf.add(h, linear(tf.relu(linear(layerNorm(h, n2w, n2b), l1w, l1b)), l2w, l2b));
    const logits = linear(layerNorm(h, nfw, nfb), headW, headB); // [B·T, V]
    return tf.mul(tf.sum(tf.mul(tf.logSoftmax(logits), picked)), -1 / count);
  };
  return { loss, dispose: () => tf.dispose([tokens, positions, causal, picked]) };
}
