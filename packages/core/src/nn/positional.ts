import { check, need, opts } from '../errors.js';
import * as scalar from '../math/index.js';
import { add, mul, neg } from '../ops/elementwise.js';
import { concat, slice } from '../ops/shape.js';
import { checkAllocation } from '../tensor/storage.js';
import { describeArg, Tensor } from '../tensor/tensor.js';
import { positiveInt } from './init.js';

/**
 * Sinusoidal positional encodings of "Attention Is All You Need":
 * `PE[pos, 2i] = sin(pos / 10000^(2i/dim))`, `PE[pos, 2i+1] = cos(pos / 10000^(2i/dim))`.
 * Shapes: → `[length, dim]`; add it to token embeddings `[batch, length, dim]`.
 *
 * @example
 * ```ts
 * sinusoidalEncoding(4, 6).shape; // [4, 6]
 * ```
 */
export function sinusoidalEncoding(length: number, dim: number): Tensor {
  positiveInt('sinusoidalEncoding', 'length', length);
  positiveInt('sinusoidalEncoding', 'dim', dim);
  const d = new Float64Array(checkAllocation('sinusoidalEncoding', [length, dim]));
  for (let pos = 0; pos < length; pos++) {
    for (let i = 0; 2 * i < dim; i++) {
      const angle = pos / scalar.pow(10000, (2 * i) / dim);
      d[pos * dim + 2 * i] = scalar.sin(angle);
      if (2 * i + 1 < dim) d[pos * dim + 2 * i + 1] = scalar.cos(angle);
    }
  }
  return new Tensor(d, [length, dim]);
}

/**
 * Rotary position embedding (RoPE, Su et al. 2021): rotates pairs of features of queries and
 * keys by an angle proportional to the position, so that Q·Kᵀ depends on relative position.
 * Uses the "rotate half" pairing (feature i with i + dim/2) of GPT-NeoX and LLaMA.
 * Shapes: `[..., T, dim]` → `[..., T, dim]`.
 *
 * @example
 * ```ts
 * const rope = new RotaryEmbedding(4);
 * rope.apply(ones([1, 3, 4])).shape; // [1, 3, 4]
 * ```
 */
export class RotaryEmbedding {
  readonly base: number;
  // cos and sin for positions 0 … n−1, grown on demand (so memory follows the longest sequence, not every offset)
  private cos = new Float64Array(0);
  private sin = new Float64Array(0);
  constructor(readonly dim: number, options: { base?: number } = {}) {
    positiveInt('RotaryEmbedding', 'dim', dim);
    need(dim % 2 === 0, 'RotaryEmbedding', 'dim must be even', dim);
    this.base = opts('RotaryEmbedding', options).base ?? 10000;
    need(typeof this.base === 'number' && this.base > 1, 'RotaryEmbedding', 'base must be a number > 1', this.base);
  }

  /** cos and sin tables `[T, dim]` for positions `offset … offset + T − 1`. */
  tables(length: number, offset = 0): [Tensor, Tensor] {
    const D = this.dim;
    const needed = (offset + length) * D;
    if (this.cos.length < needed) {
      const half = D / 2;
      const positions = Math.max(offset + length, 2 * (this.cos.length / D));
      const cos = new Float64Array(checkAllocation('RotaryEmbedding', [positions, D]));
      const sin = new Float64Array(positions * D);
      for (let t = 0; t < positions; t++) {
        for (let i = 0; i < half; i++) {
          const angle = t * scalar.pow(this.base, (-2 * i) / D);
          cos[t * D + i] = cos[t * D + i + half] = scalar.cos(angle);
          sin[t * D + i] = sin[t * D + i + half] = scalar.sin(angle);
        }
      }
      this.cos = cos;
      this.sin = sin;
    }
    return [
      new Tensor(this.cos.slice(offset * D, needed), [length, D]),
      new Tensor(this.sin.slice(offset * D, needed), [length, D]),
    ];
  }

  /** Rotates `x [..., T, dim]` for positions starting at `offset`, in x's dtype. */
  apply(x: Tensor, offset = 0): Tensor {
    check(x instanceof Tensor && x.rank >= 2 && x.shape[x.rank - 1] === this.dim, 'SHAPE',
      () => `RotaryEmbedding.apply: x must be [..., T, ${this.dim}], got ${describeArg(x)}`);
    // float64 tables would turn a float32 x into float64
    const [cos, sin] = this.tables(x.shape[x.rank - 2], offset).map((t) => (x.dtype === 'float32' ? new Tensor(Float32Array.from(t.data), t.shape) : t));
    const half = this.dim / 2;
    const rotated = concat([neg(slice(x, -1, half)), slice(x, -1, 0, half)], -1);
    return add(mul(x, cos), mul(rotated, sin));
  }
}
