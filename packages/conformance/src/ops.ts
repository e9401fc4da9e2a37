// How each reference op runs through attn's own implementation. A handler receives the case's
// inputs as float64 leaves that require grad, and returns the forward outputs plus, after
// the runner's backward pass, the gradients by the reference's names. Stepped cases
// (optimizer.json) also pass each step's gradient and get back the value after each step.
import {
  attention, concat, crossEntropy, gelu, LayerNorm, MLP, mseLoss, MultiHeadAttention, sinusoidalEncoding, slice, softmax,
  Tensor, TransformerEncoderLayer, type Activation,
} from '@attn/core';

export interface OpResult {
  outputs: Record<string, Tensor>;
  /** Gradients by reference name, read after backward. */
  grads?: () => Record<string, Tensor | null>;
  /** Stepped cases: the value after each step, compared with the reference's `param_after`. */
  steps?: Tensor[];
}

/**
 * Runs one reference case. `stepGrads` holds the gradient of each step for stepped cases
 * (`steps` in the file) and is empty otherwise.
 */
export type OpHandler = (inputs: Record<string, Tensor>, params: Record<string, unknown>, stepGrads: Tensor[]) => OpResult;

/** Gradients of the case's own input leaves. */
const leafGrads = (inputs: Record<string, Tensor>, names: string[]) => () =>
  Object.fromEntries(names.map((n) => [n, inputs[n].grad]));

/** The three `[E, E]` row blocks of an in-projection gradient, as wq, wk, wv (or biases). */
function splitRows(t: Tensor | null, E: number): (Tensor | null)[] {
  return [0, 1, 2].map((i) => (t ? slice(t, 0, i * E, (i + 1) * E) : null));
}

function loadAttention(x: Record<string, Tensor>, prefix: string): Record<string, Tensor> {
  return {
    [`${prefix}in_proj_weight`]: concat([x.wq, x.wk, x.wv], 0),
    [`${prefix}in_proj_bias`]: concat([x.bq, x.bk, x.bv], 0),
    [`${prefix}out_proj.weight`]: x.wo,
    [`${prefix}out_proj.bias`]: x.bo,
  };
}

function attentionGrads(mha: MultiHeadAttention, E: number): Record<string, Tensor | null> {
  const [wq, wk, wv] = splitRows(mha.inProjWeight.grad, E);
  const [bq, bk, bv] = splitRows(mha.inProjBias?.grad ?? null, E);
  return { wq, wk, wv, bq, bk, bv, wo: mha.outProj.weight.grad, bo: mha.outProj.bias?.grad ?? null };
}

export const coreOps: Record<string, OpHandler> = {
  softmax: (x, p) => ({ outputs: { y: softmax(x.x, (p.axis as number) ?? -1) }, grads: leafGrads(x, ['x']) }),

  scaled_dot_product_attention: (x, p) => {
    const { output, weights } = attention(x.q, x.k, x.v, { causal: p.causal === true, mask: x.mask });
    return { outputs: { out: output, weights }, grads: leafGrads(x, ['q', 'k', 'v']) };
  },

  multi_head_attention: (x, p) => {
    const E = x.x.shape[2];
    const mha = new MultiHeadAttention(E, p.heads as number);
    mha.loadStateDict(loadAttention(x, ''));
    const { output, weights } = mha.attend(x.x, { causal: p.causal === true });
    return { outputs: { out: output, weights }, grads: () => ({ x: x.x.grad, ...attentionGrads(mha, E) }) };
  },

  layer_norm: (x, p) => {
    const ln = new LayerNorm(x.gamma.shape[0], { eps: p.eps as number });
    ln.loadStateDict({ weight: x.gamma, bias: x.beta });
    return { outputs: { y: ln.forward(x.x) }, grads: () => ({ x: x.x.grad, gamma: ln.weight.grad, beta: ln.bias.grad }) };
  },

  mlp: (x, p) => {
    const mlp = new MLP([x.w1.shape[1], x.w1.shape[0], x.w2.shape[0]], { activation: p.activation as Activation });
    mlp.loadStateDict({ 'layers.0.weight': x.w1, 'layers.0.bias': x.b1, 'layers.1.weight': x.w2, 'layers.1.bias': x.b2 });
    const [l1, l2] = mlp.layers;
    return {
      outputs: { y: mlp.forward(x.x) },
      grads: () => ({ x: x.x.grad, w1: l1.weight.grad, b1: l1.bias!.grad, w2: l2.weight.grad, b2: l2.bias!.grad }),
    };
  },

  loss: (x, p) => {
    if (p.loss === 'mse') return { outputs: { loss: mseLoss(x.prediction, x.target) }, grads: leafGrads(x, ['prediction']) };
    if (p.loss === 'cross_entropy') return { outputs: { loss: crossEntropy(x.logits, x.target) }, grads: leafGrads(x, ['logits']) };
    throw new Error(`unknown loss ${JSON.stringify(p.loss)}`);
  },

  transformer_encoder_layer: (x, p) => {
    const E = x.x.shape[2];
    const layer = new TransformerEncoderLayer(E, p.heads as number, {
      ff: x.w1.shape[0], normFirst: p.norm_first === true, activation: p.activation as Activation, eps: p.eps as number,
    });
    layer.loadStateDict({
      ...loadAttention(x, 'self_attn.'),
      'linear1.weight': x.w1, 'linear1.bias': x.b1, 'linear2.weight': x.w2, 'linear2.bias': x.b2,
      'norm1.weight': x.ln1_gamma, 'norm1.bias': x.ln1_beta, 'norm2.weight': x.ln2_gamma, 'norm2.bias': x.ln2_beta,
    });
    const y = layer.forward(x.x, { causal: p.causal === true });
    return {
      outputs: { y },
      grads: () => ({
        x: x.x.grad, ...attentionGrads(layer.selfAttn, E),
        w1: layer.linear1!.weight.grad, b1: layer.linear1!.bias!.grad, w2: layer.linear2!.weight.grad, b2: layer.linear2!.bias!.grad,
        ln1_gamma: layer.norm1.weight.grad, ln1_beta: layer.norm1.bias.grad, ln2_gamma: layer.norm2!.weight.grad, ln2_beta: layer.norm2!.bias.grad,
      }),
    };
  },

  gelu: (x, p) => ({ outputs: { y: gelu(x.x, p.approximate as 'none' | 'tanh') }, grads: leafGrads(x, ['x']) }),

  positional_encoding: (_x, p) => ({ outputs: { pe: sinusoidalEncoding(p.length as number, p.dim as number) } }),
};
