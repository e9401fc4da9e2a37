import {
  add, LayerNorm, Linear, MLP, Module, MultiHeadAttention, Rng, sum, unsqueeze,
  type ForwardOptions, type RandomInit, type Tensor,
} from '@attn/core';

/** Options of {@link PairSum}: its width, its heads, and `seed` or `rng` for the initialization. */
export interface PairSumOptions extends RandomInit {
  d?: number;
  heads?: number;
}

/**
 * Numbers in, their sum out: `[batch, T]` → `[batch, 1]`. Each number becomes a d-vector, the
 * vectors attend to each other (pre-norm multi-head attention with a residual connection),
 * they are summed over the tokens, and an MLP reads the answer from the sum.
 */
export class PairSum extends Module {
  readonly embed: Linear;
  readonly norm: LayerNorm;
  readonly attn: MultiHeadAttention;
  readonly head: MLP;

  constructor(options: PairSumOptions = {}) {
    super();
    const d = options.d ?? 8;
    // one generator for every layer: the whole model comes from one seed
    const rng = options.rng ?? new Rng(options.seed ?? 0);
    this.embed = this.module('embed', new Linear(1, d, { rng }));
    this.norm = this.module('norm', new LayerNorm(d));
    this.attn = this.module('attn', new MultiHeadAttention(d, options.heads ?? 2, { rng }));
    this.head = this.module('head', new MLP([d, 16, 1], { rng }));
  }

  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    // [batch, T] → [batch, T, 1] → [batch, T, d]: a vector per number
    const tokens = this.embed.forward(unsqueeze(x, -1));
    // attention over the normalized vectors, added back (options carry the trace)
    const h = add(tokens, this.attn.forward(this.norm.forward(tokens), options));
    // the sum over the tokens, [batch, d], recorded as a named value of the trace
    const pooled = sum(h, 1);
    options.trace?.recordValue('sum', pooled);
    return this.head.forward(pooled); // [batch, 1]
  }
}
