// Head metrics: what every attention head of a traced forward pass looks at, as numbers.
import { attentionOf, headsOf, headWeights, layersOf, math, tensorRows, type Trace, type TraceTensor } from '@attn/core';
import { check, describe } from './errors.js';

/** Token ids as rows `[batch, T]`: a `Tensor`, a {@link TraceTensor} or nested arrays. */
export type TokenRows = { shape: readonly number[]; data: ArrayLike<number> } | readonly (readonly number[])[];

/** Options of {@link headMetrics}. */
export interface HeadMetricsOptions {
  /**
   * The input tokens `[batch, T]`, which the duplicate-token and induction scores need. By default
   * the trace's own input when it is `[batch, T]` integers (the tokens of a `DecoderOnly`); a
   * model fed vectors (`[batch, T, d]`, e.g. a `TransformerEncoderLayer`) needs them passed here.
   */
  tokens?: TokenRows;
  /** A key position whose attention to report as `keyAttention` (e.g. a separator); none by default. */
  key?: number;
}

/**
 * What one attention head looks at, averaged over every query of every example of the batch.
 *
 * Notation: query i of `Tq` sits at position p = i + (Tk − Tq) (p = i in self-attention; the
 * alignment of core's causal mask), w_ij is its weight on key j, A_i the keys it may attend (the
 * trace's mask, else the causal rule j ≤ p when the entry is causal, else every key) and
 * n_i = |A_i|. Only queries with a choice (n_i ≥ 2) count: the first query under a causal mask
 * attends itself with weight 1 whatever the head does. A score that is `null` had no query to
 * average over (`duplicate` and `induction` also when there are no tokens).
 */
export interface HeadMetrics {
  /** The attention module, in call order. */
  layer: number;
  /** The head within the module. */
  head: number;
  /** Where the module sits in the model, e.g. `blocks.1.self_attn`. */
  module: string;
  /** Whether a causal mask applied. */
  causal: boolean;
  /** How many queries (over the whole batch) the scores average over: those with n_i ≥ 2. */
  queries: number;
  /** Mean entropy in nats: H_i = −Σ_j w_ij ln w_ij. */
  entropy: number;
  /** Mean of H_i / ln n_i: 1 for uniform attention over the keys a query may see, 0 for one key. */
  entropyFraction: number;
  /** Mean attention to the first token, w_i0 (over queries that may attend key 0). */
  sink: number | null;
  /** Mean attention to key `options.key` (over queries that may attend it); null without the option. */
  keyAttention: number | null;
  /** Mean relative offset: Σ_j w_ij (j − p), ≤ 0 under a causal mask; −1 for a previous-token head. */
  offset: number;
  /** Previous-token score: mean w_i,p−1 (over queries whose previous key exists and may be attended). */
  previous: number | null;
  /** Self (diagonal) score: mean w_i,p (over queries that may attend their own position). */
  self: number | null;
  /**
   * The strongest fixed relative offset: max over d of the mean w_i,p+d over the queries whose key
   * p + d exists and may be attended, among offsets where that is at least half of the queries.
   */
  positional: number;
  /** The offset d of {@link HeadMetrics.positional}: −1 previous token, 0 self, −3 three back. */
  positionalOffset: number;
  /**
   * Duplicate-token score: mean Σ w_ij over the earlier keys j < p holding the query's own token,
   * over the queries that have such a key.
   */
  duplicate: number | null;
  /**
   * Induction (prefix-matching) score: mean Σ w_i,j+1 over the keys right after an earlier
   * occurrence j of the query's token (j + 1 < p), over the queries that have one. On a repeated
   * random sequence this is the attention from a token of the second copy to the token that
   * followed it in the first copy.
   */
  induction: number | null;
}

/** Sums within this of 1 count as a softmax row (traces of float32 models round). */
const ROW_TOLERANCE = 1e-4;

/**
 * Measures every head of a {@link Trace}: entropy, sink, offset, previous-token, self, positional,
 * duplicate-token and induction scores (see {@link HeadMetrics} for each formula), averaged over
 * the batch. Shapes: each trace entry's weights `[batch, Tq, Tk]`; tokens `[batch, Tk]`.
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 8, maxLen: 8, dModel: 8, heads: 2, layers: 2, seed: 0 });
 * const { trace } = traceForward(model, tensor([[1, 2, 3, 1, 2, 3]]));
 * const metrics = headMetrics(trace);
 * metrics.length; // 4
 * metrics[0].queries; // 5
 * ```
 */
export function headMetrics(trace: Trace, options: HeadMetricsOptions = {}): HeadMetrics[] {
  check(trace !== null && typeof trace === 'object' && Array.isArray(trace.attention), 'ARGUMENT',
    () => `headMetrics: trace must be a Trace (from traceForward), got ${describe(trace)}`);
  const layers = layersOf(trace);
  check(layers.length > 0, 'ARGUMENT', () => `headMetrics: the trace has no attention entries, got model ${describe(trace.model)}`);
  check(options !== null && typeof options === 'object', 'ARGUMENT', () => `headMetrics: options must be an object, got ${describe(options)}`);
  const { key } = options;
  check(key === undefined || (Number.isInteger(key) && key >= 0), 'RANGE',
    () => `headMetrics: key must be a non-negative integer, got ${describe(key)}`);
  const given = options.tokens === undefined ? undefined : tokenRows(options.tokens);
  const own = given ? undefined : traceTokens(trace.input);
  const out: HeadMetrics[] = [];
  for (const layer of layers) {
    for (const head of headsOf(trace, layer)) {
      const entry = attentionOf(trace, { layer, head });
      const [B, Tq, Tk] = entry.weights.shape;
      if (given) {
        check(given.length === B && given.every((r) => r.length === Tk), 'SHAPE',
          () => `headMetrics: tokens must be [${B}, ${Tk}] like the keys of layer ${layer}, got [${given.length}, ${given[0]?.length ?? 0}]`);
      }
      check(key === undefined || key < Tk, 'RANGE', () => `headMetrics: key must be in [0, ${Tk - 1}] for layer ${layer}, got ${key}`);
      const tokens = given ?? (own && own.length === B && own[0].length === Tk ? own : undefined);
      out.push(measure(trace, layer, head, entry.module, entry.causal, entry.mask, [B, Tq, Tk], tokens, key));
    }
  }
  return out;
}

/** A running mean that stays null until its first value. */
class Mean {
  private sum = 0;
  private n = 0;
  add(x: number): void {
    this.sum += x;
    this.n++;
  }
  get count(): number {
    return this.n;
  }
  get value(): number | null {
    return this.n === 0 ? null : this.sum / this.n;
  }
}

function measure(
  trace: Trace, layer: number, head: number, module: string, causal: boolean, mask: TraceTensor | undefined,
  [B, Tq, Tk]: number[], tokens: number[][] | undefined, key: number | undefined,
): HeadMetrics {
  const entropy = new Mean();
  const fraction = new Mean();
  const offset = new Mean();
  const sink = new Mean();
  const keyed = new Mean();
  const previous = new Mean();
  const self = new Mean();
  const duplicate = new Mean();
  const induction = new Mean();
  // per relative offset d (index d + Tk − 1): the mean of w_i,p+d over the queries where p + d may be attended
  const byOffset = Array.from({ length: 2 * Tk - 1 }, () => new Mean());
  const shift = Tk - Tq;
  for (let b = 0; b < B; b++) {
    const weights = headWeights(trace, { layer, head, example: b });
    const allowedRows = mask ? tensorRows(mask, b) : undefined;
    const toks = tokens?.[b];
    for (let i = 0; i < Tq; i++) {
      const w = weights[i];
      const p = i + shift;
      const allowed = (j: number): boolean => (allowedRows ? allowedRows[i][j] !== 0 : !causal || j <= p);
      let n = 0;
      let total = 0;
      for (let j = 0; j < Tk; j++) {
        if (!allowed(j)) continue;
        n++;
        total += w[j];
      }
      if (n === 0) continue; // every key masked: softmax gives NaN, nothing to measure
      for (let j = 0; j < Tk; j++) {
        check(Number.isFinite(w[j]) && w[j] >= -ROW_TOLERANCE && (allowed(j) || Math.abs(w[j]) <= ROW_TOLERANCE), 'ARGUMENT',
          () => `headMetrics: weights of layer ${layer} head ${head} must be probabilities, 0 on masked keys, got ${describe(w[j])} at example ${b}, query ${i}, key ${j}`);
      }
      check(Math.abs(total - 1) <= ROW_TOLERANCE, 'ARGUMENT',
        () => `headMetrics: weights of layer ${layer} head ${head} must be rows summing to 1, got ${total} at example ${b}, query ${i}`);
      if (n < 2) continue; // no choice to measure
      let h = 0;
      let off = 0;
      for (let j = 0; j < Tk; j++) {
        if (w[j] > 0) h -= w[j] * math.log(w[j]);
        off += w[j] * (j - p);
      }
      entropy.add(h);
      fraction.add(h / math.log(n));
      offset.add(off);
      if (allowed(0)) sink.add(w[0]);
      if (key !== undefined && allowed(key)) keyed.add(w[key]);
      if (p - 1 >= 0 && p - 1 < Tk && allowed(p - 1)) previous.add(w[p - 1]);
      if (p < Tk && allowed(p)) self.add(w[p]);
      for (let j = 0; j < Tk; j++) if (allowed(j)) byOffset[j - p + Tk - 1]?.add(w[j]);
      if (toks && p < Tk) {
        let dup = 0;
        let dupKeys = 0;
        let ind = 0;
        let indKeys = 0;
        for (let j = 0; j < p; j++) {
          if (toks[j] !== toks[p]) continue;
          if (allowed(j)) {
            dup += w[j];
            dupKeys++;
          }
          if (j + 1 < p && allowed(j + 1)) {
            ind += w[j + 1];
            indKeys++;
          }
        }
        if (dupKeys > 0) duplicate.add(dup);
        if (indKeys > 0) induction.add(ind);
      }
    }
  }
  check(entropy.count > 0, 'ARGUMENT',
    () => `headMetrics: no query of layer ${layer} head ${head} may attend two keys or more, so there is nothing to measure, got weights [${B}, ${Tq}, ${Tk}]`);
  let positional = 0;
  let positionalOffset = 0;
  byOffset.forEach((m, index) => {
    const v = m.value;
    if (v !== null && m.count * 2 >= entropy.count && v > positional) {
      positional = v;
      positionalOffset = index - (Tk - 1);
    }
  });
  return {
    layer, head, module, causal, queries: entropy.count,
    entropy: entropy.value!, entropyFraction: fraction.value!,
    sink: sink.value, keyAttention: keyed.value, offset: offset.value!,
    previous: previous.value, self: self.value, positional, positionalOffset,
    duplicate: duplicate.value, induction: induction.value,
  };
}

/** Validates token rows `[batch, T]` and returns them as plain arrays. */
function tokenRows(tokens: TokenRows): number[][] {
  let rows: number[][] | undefined;
  if (Array.isArray(tokens)) {
    if (tokens.every((r) => Array.isArray(r))) rows = tokens.map((r: readonly number[]) => Array.from(r));
  } else if (tokens !== null && typeof tokens === 'object' && Array.isArray((tokens as { shape?: unknown }).shape)) {
    const { shape, data } = tokens as { shape: readonly number[]; data: ArrayLike<number> };
    if (shape.length === 2 && data && data.length === shape[0] * shape[1]) {
      rows = Array.from({ length: shape[0] }, (_, b) => Array.from({ length: shape[1] }, (_, t) => data[b * shape[1] + t]));
    }
  }
  check(rows, 'SHAPE', () => `headMetrics: tokens must be [batch, T] (a Tensor, { shape, data } or rows of numbers), got ${describe(tokens)}`);
  check(rows.every((r) => r.every((t) => Number.isFinite(t))), 'ARGUMENT',
    () => `headMetrics: tokens must be finite numbers, got ${describe(rows.flat().find((t) => !Number.isFinite(t)))}`);
  return rows;
}

/** The trace's input as token rows when it is `[batch, T]` integers, else undefined. */
function traceTokens(input: TraceTensor | undefined): number[][] | undefined {
  if (!input || !Array.isArray(input.shape) || input.shape.length !== 2 || !input.data.every((t) => Number.isInteger(t))) return undefined;
  return Array.from({ length: input.shape[0] }, (_, b) => tensorRows(input, b).map((row) => row[0]));
}
