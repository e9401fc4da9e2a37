// Shared by the tests of @attn/heads: error assertions, hand-built traces and attention patterns.
import { expect } from 'vitest';
import { AttnError, type AttnErrorCode, type AttentionTrace, type Trace, type TraceTensor } from '@attn/core';

/** Runs `fn` and checks that it throws an AttnError with this code and exact message. */
export function expectAttnError(fn: () => unknown, code: AttnErrorCode, message: string): void {
  let caught: unknown = undefined;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}: ${message}`).toBeInstanceOf(AttnError);
  expect((caught as AttnError).message).toBe(message);
  expect((caught as AttnError).code).toBe(code);
}

/** One head's weights for every example: `[batch][Tq][Tk]`. */
export type Pattern = number[][][];

const flat = (rows: number[][][]): TraceTensor => ({ shape: [rows.length, rows[0].length, rows[0][0].length], data: rows.flat(2) });

/**
 * A Trace holding only these attention weights, `[layer][head]` patterns, the way core records
 * them (one entry per head, weights `[batch, Tq, Tk]`), with a causal mask when `causal`.
 */
export function traceOf(layers: Pattern[][], options: { causal?: boolean; tokens?: number[][]; mask?: number[][][] } = {}): Trace {
  const attention: AttentionTrace[] = [];
  layers.forEach((heads, layer) => heads.forEach((weights, head) => {
    const [B, Tq, Tk] = [weights.length, weights[0].length, weights[0][0].length];
    const zeros = flat(weights.map((rows) => rows.map((r) => r.map(() => 0))));
    const entry: AttentionTrace = {
      layer, head, module: `blocks.${layer}.self_attn`, scale: 1, causal: options.causal ?? false,
      q: zeros, k: zeros, v: zeros, scores: zeros, scaled: zeros, weights: flat(weights), attended: zeros,
    };
    const mask = options.mask ?? (options.causal
      ? Array.from({ length: B }, () => Array.from({ length: Tq }, (_, i) => Array.from({ length: Tk }, (_, j) => (j <= i + Tk - Tq ? 1 : 0))))
      : undefined);
    if (mask) entry.mask = flat(mask);
    attention.push(entry);
  }));
  const tokens = options.tokens;
  const input: TraceTensor = tokens ? { shape: [tokens.length, tokens[0].length], data: tokens.flat() } : { shape: [1, 1, 1], data: [0] };
  return { format: 'attn.trace', version: 1, model: 'HandBuilt', input, attention, values: {}, output: { shape: [1], data: [0] } };
}

/** A `[T][T]` pattern where query i puts all its weight on key `to(i)`. */
export function oneHot(T: number, to: (i: number) => number): number[][] {
  return Array.from({ length: T }, (_, i) => Array.from({ length: T }, (_, j) => (j === to(i) ? 1 : 0)));
}

/** Uniform attention over the keys each query may see (j ≤ i when causal). */
export function uniform(T: number, causal: boolean): number[][] {
  return Array.from({ length: T }, (_, i) => Array.from({ length: T }, (_, j) => (!causal ? 1 / T : j <= i ? 1 / (i + 1) : 0)));
}

/** `[a, b, c, d, a, b, c, d]`: distinct tokens, repeated once. */
export const REPEATED = [[5, 2, 7, 1, 5, 2, 7, 1]];
