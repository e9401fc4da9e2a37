import { DecoderOnly, math, noGrad, Rng, Tensor, TraceRecorder, type Trace } from '@attn/core';
import { need, optionsOf } from '../check.js';

/** How the next token is drawn from the logits: see {@link tokenProbabilities}. */
export interface SamplingOptions {
  /** Divides the logits before the softmax; 1 by default. 0: greedy (the most likely token, the first of equals). */
  temperature?: number;
  /** Keep only the k most likely tokens (and any equal to the k-th), an integer ≥ 1; all by default. */
  topK?: number;
  /** Nucleus sampling: keep the most likely tokens until their probability reaches topP, in (0, 1]; 1 (all) by default. */
  topP?: number;
}

/** Options of {@link generate}. */
export interface GenerateOptions extends SamplingOptions {
  /** How many tokens to generate (a non-negative integer). */
  maxTokens: number;
  /** Seed of the draws; 0 by default. The same seed, model and prompt give the same tokens. */
  seed?: number;
  /** Reuse the keys and values of earlier positions (see `DecoderOnly.createCache`); true by default. Same tokens either way, only faster. */
  cache?: boolean;
}

/**
 * The probabilities the next token is drawn with, from a model's logits for it: scaled by
 * `1/temperature`, cut to the `topK` most likely (ties with the k-th kept), then to the nucleus —
 * the fewest most likely tokens whose probability reaches `topP` — and renormalized, as Hugging
 * Face's samplers do in that order. Tokens cut get probability 0. Temperature 0 gives all the
 * probability to the most likely token (the first of equals).
 * Shapes: logits `[vocab]` → probabilities `[vocab]`, summing to 1.
 *
 * @example
 * ```ts
 * tokenProbabilities([2, 1, 0, -1], { topK: 2 }); // [0.73, 0.27, 0, 0] (softmax of [2, 1])
 * tokenProbabilities([2, 1, 0, -1], { temperature: 0 }); // [1, 0, 0, 0]
 * ```
 */
export function tokenProbabilities(logits: ArrayLike<number>, options: SamplingOptions = {}): Float64Array {
  const op = 'tokenProbabilities';
  const s = sampling(op, options);
  need(logits !== null && typeof logits === 'object' && typeof logits.length === 'number' && logits.length > 0, op, 'logits', 'a non-empty array of numbers', logits);
  for (let i = 0; i < logits.length; i++) need(logits[i] < Infinity, op, `logits[${i}]`, 'a finite number or -Infinity', logits[i]);
  return probabilities(logits, s);
}

/** The sampling options checked, defaults filled in. */
function sampling(op: string, options: SamplingOptions): Required<SamplingOptions> {
  const { temperature = 1, topK = Infinity, topP = 1 } = optionsOf(op, options);
  need(typeof temperature === 'number' && temperature >= 0 && Number.isFinite(temperature), op, 'temperature', 'a finite number ≥ 0', temperature);
  need(topK === Infinity || (Number.isInteger(topK) && topK >= 1), op, 'topK', 'an integer ≥ 1', topK);
  need(typeof topP === 'number' && topP > 0 && topP <= 1, op, 'topP', 'a number in (0, 1]', topP);
  return { temperature, topK, topP };
}

/** {@link tokenProbabilities} of checked arguments. */
function probabilities(logits: ArrayLike<number>, { temperature, topK, topP }: Required<SamplingOptions>): Float64Array {
  const V = logits.length;
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => logits[b] - logits[a] || a - b); // most likely first, equals by index
  const p = new Float64Array(V);
  if (temperature === 0) {
    p[order[0]] = 1;
    return p;
  }
  // top-k: the k most likely and any equal to the k-th
  let kept = Math.min(topK, V);
  while (kept < V && logits[order[kept]] === logits[order[kept - 1]]) kept++;
  const top = logits[order[0]];
  let sum = 0;
  for (let i = 0; i < kept; i++) sum += p[order[i]] = math.exp((logits[order[i]] - top) / temperature);
  // nucleus: the fewest most likely tokens whose probability reaches topP
  if (topP < 1) {
    let mass = 0;
    let n = 0;
    while (n < kept && mass < topP * sum) mass += p[order[n++]];
    for (let i = n; i < kept; i++) p[order[i]] = 0;
    sum = mass;
  }
  for (let i = 0; i < V; i++) p[i] /= sum;
  return p;
}

/** Draws an index from probabilities that sum to 1, by inverting their cumulative sum at a uniform draw. */
function draw(p: Float64Array, rng: Rng): number {
  const u = rng.uniform();
  let last = 0;
  let c = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) continue;
    last = i;
    c += p[i];
    if (u < c) return i;
  }
  return last; // u beyond a sum that rounded below 1
}

/**
 * Generates tokens after `prompt` with a {@link @attn/core!DecoderOnly} model, one at a time: an
 * iterator that yields each token as soon as it is drawn (see {@link tokenProbabilities} for
 * `temperature`, `topK` and `topP`). Draws come from a generator seeded with `seed`, so a run is
 * reproducible; temperature 0 is greedy. With `cache` (the default) the prompt is computed once
 * and then each step only the new token, against the cached keys and values; without, every step
 * runs the model over the whole sequence. Both compute the same logits, to rounding, and so
 * draw the same tokens.
 *
 * When the sequence fills the model's context (`maxLen`), the window slides: each further token
 * is predicted from the last `maxLen` tokens, recomputed without the cache (their positions have
 * changed), as nanoGPT's `generate` does. Runs without gradients; arguments are checked when it
 * is called, before the first token.
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 10, maxLen: 16, seed: 0 });
 * for (const token of generate(model, [1, 2, 3], { maxTokens: 5, temperature: 0.8, topK: 4, seed: 1 })) {
 *   process.stdout.write(`${token} `);
 * }
 * ```
 */
export function generate(model: DecoderOnly, prompt: readonly number[], options: GenerateOptions): Generator<number, void, undefined> {
  const steps = sampled('generate', model, prompt, options, false);
  return (function* () {
    for (const { token } of steps) yield token;
  })();
}

/** One token of {@link generateTraced}, with the forward pass that chose it. */
export interface TracedToken {
  /** The token drawn. */
  token: number;
  /**
   * The position, in the sequence of prompt and tokens generated, of the first token the model
   * read to choose this one: 0 until the sequence fills the context (`maxLen`), then the start of
   * the sliding window.
   */
  start: number;
  /**
   * The {@link @attn/core!Trace} of the forward pass that chose the token. Its input is the
   * tokens fed to that pass (all of the window the first time and once the window slides, with
   * the cache only the newest one); in every attention entry, the last query row is the position
   * just before the token, and its weights are over the positions `start …` of the sequence up to
   * that one — what the model attended to when it wrote the token. Read them with
   * `headWeights(trace, { layer, head }).at(-1)`.
   */
  trace: Trace;
}

/**
 * {@link generate}, with the {@link @attn/core!Trace} of each step: the same tokens (the same
 * arguments give the same draws), each with the forward pass that chose it, cached or not, so
 * that a view can show which earlier tokens every head attended to when the model wrote it.
 * Recording costs a copy of each step's intermediates; with the cache (the default) a step's
 * trace holds the one new position attending over the cached keys.
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 10, maxLen: 16, heads: 2, seed: 0 });
 * for (const { token, start, trace } of generateTraced(model, [1, 2, 3], { maxTokens: 3, seed: 1 })) {
 *   const weights = headWeights(trace, { layer: 0, head: 1 }).at(-1)!; // over the positions start … before token
 *   console.log(token, start, weights.length); // start 0; 3 weights, then 4, then 5
 * }
 * ```
 */
export function generateTraced(model: DecoderOnly, prompt: readonly number[], options: GenerateOptions): Generator<TracedToken, void, undefined> {
  return sampled('generateTraced', model, prompt, options, true) as Generator<TracedToken, void, undefined>;
}

/** The draws of {@link generate} (with each step's trace when `traced`), arguments checked at once. */
function sampled(op: string, model: DecoderOnly, prompt: readonly number[], options: GenerateOptions, traced: boolean): Generator<{ token: number; start: number; trace?: Trace }, void, undefined> {
  need(model instanceof DecoderOnly, op, 'model', 'a DecoderOnly', model);
  const o = optionsOf(op, options);
  const { maxTokens, seed = 0, cache = true } = o;
  const { vocabSize, maxLen } = model.config;
  need(Number.isInteger(maxTokens) && maxTokens >= 0, op, 'maxTokens', 'an integer ≥ 0', maxTokens);
  need(typeof cache === 'boolean', op, 'cache', 'a boolean', cache);
  need(Array.isArray(prompt) && prompt.length > 0, op, 'prompt', 'a non-empty array of tokens', prompt);
  need(prompt.length <= maxLen, op, 'prompt length', `at most the model's context (maxLen ${maxLen})`, prompt.length);
  const wrong = prompt.findIndex((t) => !(Number.isInteger(t) && t >= 0 && t < vocabSize));
  need(wrong < 0, op, `prompt token ${wrong}`, `an integer in [0, ${vocabSize})`, prompt[wrong]);
  const s = sampling(op, o);
  const rng = new Rng(seed);
  return (function* () {
    const seq = prompt.slice();
    const kv = cache ? model.createCache() : undefined;
    for (let i = 0; i < maxTokens; i++) {
      // with the cache: the tokens it does not hold yet; without it, or once the context is full: the last maxLen tokens
      const cached = kv && seq.length <= maxLen ? kv : undefined;
      const start = Math.max(0, seq.length - maxLen);
      const fed = cached ? seq.slice(cached.length) : seq.slice(start);
      const x = new Tensor(Float64Array.from(fed), [1, fed.length]);
      const recorder = traced ? new TraceRecorder() : undefined;
      const logits = noGrad(() => model.forward(x, { cache: cached, trace: recorder }));
      const token = draw(probabilities(logits.data.subarray((fed.length - 1) * vocabSize), s), rng);
      seq.push(token);
      yield { token, start, trace: recorder?.finish(model.constructor.name, x, logits) };
    }
  })();
}

/**
 * {@link generate}'s tokens collected into an array.
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 10, maxLen: 16, seed: 0 });
 * generateAll(model, [1, 2, 3], { maxTokens: 5, temperature: 0 }); // five tokens, greedily
 * ```
 */
export function generateAll(model: DecoderOnly, prompt: readonly number[], options: GenerateOptions): number[] {
  return [...generate(model, prompt, options)];
}
