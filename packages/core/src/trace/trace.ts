import { check, describe, need } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/** A tensor as plain data: its shape and its values flattened row-major. */
export interface TraceTensor {
  shape: number[];
  data: number[];
}

/**
 * The intermediates of one attention head in one call, named after the tutorial's steps.
 * Shapes are per head: `q [batch, Tq, dHead]`, `scores [batch, Tq, Tk]`, and so on.
 */
export interface AttentionTrace {
  /** Index of the attention module in call order (0 for the first one the input reaches). */
  layer: number;
  /** Head index within the module. */
  head: number;
  /** Where the module sits in the model, e.g. `blocks.1.self_attn`; `''` for a top-level call. */
  module: string;
  /** The factor the raw scores were multiplied by (1 when unscaled). */
  scale: number;
  /** Whether a causal mask was applied. */
  causal: boolean;
  /** The input the projections read (`[batch, T, dIn]`), when the module knows it. */
  input?: TraceTensor;
  /** Q = x·W_q. */
  q: TraceTensor;
  /** K = x·W_k. */
  k: TraceTensor;
  /** V = x·W_v. */
  v: TraceTensor;
  /** Raw scores Q·Kᵀ. */
  scores: TraceTensor;
  /** Scores after scaling. */
  scaled: TraceTensor;
  /**
   * Which keys each query may attend (1) or not (0), when a mask applied; the masked scores are
   * `scaled` where the mask is 1 and -Infinity elsewhere (kept apart so the trace stays valid JSON).
   */
  mask?: TraceTensor;
  /** softmax over keys: each row sums to 1. */
  weights: TraceTensor;
  /** weights·V. */
  attended: TraceTensor;
}

/**
 * Everything a forward pass computed on the way, as plain JSON-serializable data: the one
 * currency between the math and every view (terminal, plots, docs).
 */
export interface Trace {
  format: 'attn.trace';
  version: 1;
  /** The model's class name, e.g. `TutorialAttention`. */
  model: string;
  input: TraceTensor;
  /** One entry per attention module call and head, in call order. */
  attention: AttentionTrace[];
  /** Other named intermediates, e.g. `sum` and `hidden` of the tutorial model. */
  values: Record<string, TraceTensor>;
  output: TraceTensor;
}

/** Options a traced forward pass accepts. */
export interface ForwardOptions {
  /** Record intermediates into this recorder. Off (undefined) by default: then nothing is recorded or copied. */
  trace?: TraceRecorder;
}

/** @internal What attention modules hand to {@link TraceRecorder.attention}: tensors with a head axis or without. */
export interface AttentionRecord {
  owner: object;
  module: string;
  scale: number;
  causal: boolean;
  input?: Tensor;
  q: Tensor;
  k: Tensor;
  v: Tensor;
  scores: Tensor;
  scaled: Tensor;
  mask?: Tensor;
  weights: Tensor;
  attended: Tensor;
  /** True when the tensors are `[batch, heads, T, d]`; otherwise `[batch, T, d]` (one head). */
  heads: boolean;
}

/**
 * Converts a tensor to {@link TraceTensor} (a copy).
 *
 * @example
 * ```ts
 * toTraceTensor(tensor([[1, 2]])); // { shape: [1, 2], data: [1, 2] }
 * ```
 */
export function toTraceTensor(t: Tensor): TraceTensor {
  need(t instanceof Tensor, 'toTraceTensor', 'expected a Tensor', t);
  return { shape: t.shape.slice(), data: Array.from(t.data) };
}

/**
 * Converts a {@link TraceTensor} back to a tensor.
 *
 * @example
 * ```ts
 * fromTraceTensor({ shape: [2], data: [1, 2] }).toArray(); // [1, 2]
 * ```
 */
export function fromTraceTensor(t: TraceTensor): Tensor {
  check(t !== null && typeof t === 'object' && Array.isArray(t.shape) && Array.isArray(t.data), 'FORMAT',
    () => `fromTraceTensor: expected { shape, data }, got ${describe(t)}`);
  return new Tensor(Float64Array.from(t.data), t.shape.slice());
}

/** Head `h` of a `[batch, heads, T, d]` tensor as `[batch, T, d]` plain data. */
function headOf(t: Tensor, h: number): TraceTensor {
  const [B, H, T, D] = t.shape;
  const data = new Array<number>(B * T * D);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < T * D; i++) data[b * T * D + i] = t.data[((b * H + h) * T * D) + i];
  }
  return { shape: [B, T, D], data };
}

/**
 * Collects a {@link Trace} during a forward pass; pass it as `{ trace }` to `forward`, or use
 * {@link traceForward}. Attention modules are numbered as `layer` in the order they are first called.
 *
 * @example
 * ```ts
 * const model = new TutorialAttention({ seed: 1 });
 * const recorder = new TraceRecorder();
 * model.forward(tensor([[3, 5]]), { trace: recorder });
 * recorder.attention.length; // 1
 * ```
 */
export class TraceRecorder {
  /** Attention entries recorded so far. */
  readonly attention: AttentionTrace[] = [];
  /** Other named values recorded so far. */
  readonly values: Record<string, TraceTensor> = {};
  private layers = new Map<object, number>();

  /** @internal Records one attention call, split per head. */
  recordAttention(r: AttentionRecord): void {
    let layer = this.layers.get(r.owner);
    if (layer === undefined) {
      layer = this.layers.size;
      this.layers.set(r.owner, layer);
    }
    const H = r.heads ? r.q.shape[1] : 1;
    const pick = (t: Tensor, h: number): TraceTensor => (r.heads ? headOf(t, h) : toTraceTensor(t));
    for (let h = 0; h < H; h++) {
      const entry: AttentionTrace = {
        layer, head: h, module: r.module, scale: r.scale, causal: r.causal,
        q: pick(r.q, h), k: pick(r.k, h), v: pick(r.v, h),
        scores: pick(r.scores, h), scaled: pick(r.scaled, h),
        weights: pick(r.weights, h), attended: pick(r.attended, h),
      };
      if (r.input) entry.input = toTraceTensor(r.input);
      if (r.mask) entry.mask = pick(r.mask, h);
      this.attention.push(entry);
    }
  }

  /** Records a named intermediate (a copy of its values). */
  recordValue(name: string, t: Tensor): void {
    this.values[name] = toTraceTensor(t);
  }

  /** The finished trace of a forward pass of `model` from `input` to `output`. */
  finish(model: string, input: Tensor, output: Tensor): Trace {
    return {
      format: 'attn.trace', version: 1, model,
      input: toTraceTensor(input), attention: this.attention.slice(), values: { ...this.values }, output: toTraceTensor(output),
    };
  }
}

/** Anything with a traced forward pass: the models of `@attn/core` and your own. */
export interface Traceable {
  forward(x: Tensor, options?: ForwardOptions): Tensor;
}

/**
 * Runs `model.forward(x)` with a fresh recorder and returns the output with its {@link Trace}.
 *
 * @example
 * ```ts
 * const { output, trace } = traceForward(new TutorialAttention({ seed: 1 }), tensor([[3, 5]]));
 * trace.attention[0].weights.shape; // [1, 2, 2]
 * ```
 */
export function traceForward(model: Traceable, x: Tensor, name?: string): { output: Tensor; trace: Trace } {
  need(typeof model?.forward === 'function', 'traceForward', 'expected a model with forward(x, options)', model);
  need(x instanceof Tensor, 'traceForward', 'expected a Tensor x', x);
  const recorder = new TraceRecorder();
  const output = model.forward(x, { trace: recorder });
  return { output, trace: recorder.finish(name ?? model.constructor.name, x, output) };
}
