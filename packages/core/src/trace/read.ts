// Reading a Trace without slicing its flat arrays by hand.
import { check, describe, fmt } from '../errors.js';
import type { AttentionTrace, Trace, TraceTensor } from './trace.js';

/** Which attention entry of a {@link Trace} to read. */
export interface HeadOptions {
  /** The attention module, in call order; 0 by default. */
  layer?: number;
  /** The head within the module; 0 by default. */
  head?: number;
}

/** Which attention entry, and which example of the batch, to read. */
export interface HeadRowsOptions extends HeadOptions {
  /** The example of the batch; 0 by default. */
  example?: number;
}

/**
 * One example of a trace tensor as rows: `[batch, T, d]` gives T rows of d numbers, and
 * `[batch, T]` gives T rows of one number.
 *
 * @example
 * ```ts
 * tensorRows({ shape: [2, 2, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }, 1); // [[7, 8, 9], [10, 11, 12]]
 * tensorRows({ shape: [1, 2], data: [3, 5] }); // [[3], [5]]
 * ```
 */
export function tensorRows(t: TraceTensor, example = 0): number[][] {
  check(Array.isArray(t?.shape) && Array.isArray(t.data) && (t.shape.length === 2 || t.shape.length === 3), 'SHAPE',
    () => `tensorRows: expected [batch, T, d] or [batch, T], got ${Array.isArray(t?.shape) ? fmt(t.shape) : describe(t)}`);
  const [B, T] = t.shape;
  const D = t.shape[2] ?? 1;
  check(Number.isInteger(example) && example >= 0 && example < B, 'RANGE',
    () => `tensorRows: example must be an integer in [0, ${B - 1}], got ${describe(example)}`);
  return Array.from({ length: T }, (_, i) => t.data.slice((example * T + i) * D, (example * T + i + 1) * D));
}

/**
 * The attention entry of a trace for one layer and head; the error names the entries that exist.
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 6, maxLen: 4, dModel: 8, heads: 2, layers: 2, ff: 8, seed: 1 });
 * const { trace } = traceForward(model, tensor([[1, 2, 3]]));
 * attentionOf(trace, { layer: 1, head: 0 }).module; // 'blocks.1.self_attn'
 * ```
 */
export function attentionOf(trace: Trace, options: HeadOptions = {}): AttentionTrace {
  checkTrace('attentionOf', trace);
  const { layer = 0, head = 0 } = options;
  const entry = trace.attention.find((a) => a.layer === layer && a.head === head);
  check(entry, 'ARGUMENT', () => (trace.attention.length === 0
    ? `attentionOf: the trace has no attention entries, got model ${trace.model}`
    : `attentionOf: no attention entry for layer ${layer}, head ${head}; the trace has layer/head ${trace.attention.map((a) => `${a.layer}/${a.head}`).join(', ')}`));
  return entry;
}

/**
 * One head's attention weights for one example as rows: `[queries][keys]`, each row summing to 1.
 *
 * @example
 * ```ts
 * const { trace } = traceForward(new TutorialAttention({ seed: 1 }), tensor([[3, 5]]));
 * headWeights(trace).map((row) => row.length); // [2, 2]
 * headWeights(trace)[1].reduce((sum, w) => sum + w, 0); // ≈ 1
 * ```
 */
export function headWeights(trace: Trace, options: HeadRowsOptions = {}): number[][] {
  return tensorRows(attentionOf(trace, options).weights, options.example);
}

/**
 * The layers (attention modules) a trace holds, in call order.
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 6, maxLen: 4, dModel: 8, heads: 2, layers: 2, ff: 8, seed: 1 });
 * layersOf(traceForward(model, tensor([[1, 2]])).trace); // [0, 1]
 * ```
 */
export function layersOf(trace: Trace): number[] {
  checkTrace('layersOf', trace);
  return [...new Set(trace.attention.map((a) => a.layer))];
}

/**
 * The heads a trace holds (of every layer, or of one), in order.
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 6, maxLen: 4, dModel: 8, heads: 2, layers: 2, ff: 8, seed: 1 });
 * headsOf(traceForward(model, tensor([[1, 2]])).trace); // [0, 1]
 * ```
 */
export function headsOf(trace: Trace, layer?: number): number[] {
  checkTrace('headsOf', trace);
  return [...new Set(trace.attention.filter((a) => layer === undefined || a.layer === layer).map((a) => a.head))];
}

function checkTrace(op: string, trace: Trace): void {
  check(trace?.format === 'attn.trace' && Array.isArray(trace.attention), 'FORMAT', () => `${op}: expected a Trace, got ${describe(trace?.format ?? trace)}`);
}
