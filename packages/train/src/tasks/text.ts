import { AttnError, crossEntropy, DecoderOnly, math, noGrad, type Rng, Tensor, traceForward, type Trace } from '@attn/core';
import { batchSize, optionsOf, positiveInt, show } from '../check.js';
import { bpeTokenizer } from '../text/bpe.js';
import { charTokenizer } from '../text/char.js';
import type { Tokenizer } from '../text/tokenizer.js';
import type { SequenceModelOptions, TokenBatch } from './sequence.js';
import { tokenWindows } from './windows.js';
import { generateAll } from '../generate/generate.js';
import { evaluateInChunks, type Example, type Task, type WriteOptions, type WrittenSample } from './task.js';

/** Options of {@link textTask}. */
export interface TextTaskOptions {
  /** The corpus: any non-empty text (a NUL character marks it as binary and is refused). */
  text: string;
  /**
   * `'char'` (one token per code point, see `charTokenizer`; the default), `'bpe'` (byte-level
   * BPE trained on the text, see `bpeTokenizer`), or a tokenizer already made, e.g. the one a
   * checkpoint saved (`tokenizerFromJSON(checkpoint.tokenizer)`).
   */
  tokenizer?: 'char' | 'bpe' | Tokenizer;
  /** The vocabulary of a `'bpe'` tokenizer: 256 bytes plus merges; 512 by default. */
  vocabSize?: number;
  /** Tokens the model sees at once (its `maxLen`); 32 by default. */
  context?: number;
  /** The share of tokens, at the end of the text, held out for validation; 0.1 by default. */
  valFraction?: number;
  /** Validation windows evaluated, at most (spread evenly over the held-out tokens); 32 by default. */
  evalWindows?: number;
  /** Model settings, merged over the task's defaults (dModel 32, 4 heads, 2 layers). */
  model?: SequenceModelOptions;
}

/** What {@link textTask} returns: a {@link Task} with its tokenizer and splits. */
export interface TextTask extends Task<DecoderOnly, TokenBatch> {
  tokenizer: Tokenizer;
  /** Tokens per window: the model's `maxLen`. */
  context: number;
  /** The training tokens: the text's start. */
  trainTokens: readonly number[];
  /** The held-out tokens: the text's end. */
  valTokens: readonly number[];
}

/** Validation windows per evaluation chunk. */
const EVAL_CHUNK = 8;
/** Tokens of the probe (the trace views draw) and of each example. */
const SHOWN = 16;

function bad(message: string): never {
  throw new AttnError('ARGUMENT', `text: ${message}`);
}

/** Argmax over the last axis of logits `[1, T, V]` → `[T]`. */
function argmaxRow(logits: Tensor): number[] {
  const [, T, V] = logits.shape;
  const d = logits.data;
  return Array.from({ length: T }, (_, t) => {
    let best = 0;
    for (let v = 1; v < V; v++) if (d[t * V + v] > d[t * V + best]) best = v;
    return best;
  });
}

/**
 * Language modelling on a text: a small GPT (`DecoderOnly`) learns to predict each next token
 * of the corpus. The text is tokenized whole (a `'char'` or `'bpe'` tokenizer is built from all
 * of it), then split in two contiguous parts: the first `1 − valFraction` of the tokens for
 * training, the rest held out. A batch is random windows of `context` tokens of the training
 * part, each position's target the token after it; the loss is their mean cross-entropy. The
 * evaluation runs the model on up to `evalWindows` windows of the held-out part (in chunks) and
 * reports `valLoss` (nats per token, the task's metric) and `perplexity` (`exp(valLoss)`: as
 * unsure as a uniform choice among that many tokens). A text whose parts hold no window of
 * `context + 1` tokens is refused, naming the part and the sizes.
 *
 * @example
 * ```ts
 * const task = textTask({ text: 'the cat sat on the mat. '.repeat(50), context: 16 });
 * task.tokenizer.vocabSize; // 12: 11 characters and the unknown one
 * const result = await train({ task, steps: 200 });
 * result.metrics.perplexity; // well below 12, a uniform guess
 * ```
 */
export function textTask(options: TextTaskOptions): TextTask {
  const o = optionsOf('text', options);
  const { text } = o;
  if (typeof text !== 'string') bad(`text must be a string, got ${show(text)}`);
  if (text.length === 0) bad('the text is empty');
  const nul = text.indexOf('\0');
  if (nul >= 0) bad(`the text looks binary: it holds a NUL character at index ${nul}`);
  const context = positiveInt('text', 'context', o.context ?? 32, 4096);
  const valFraction = o.valFraction ?? 0.1;
  if (!(typeof valFraction === 'number' && valFraction > 0 && valFraction < 1)) bad(`valFraction must be a number in (0, 1), got ${show(valFraction)}`);
  const evalWindows = positiveInt('text', 'evalWindows', o.evalWindows ?? 32);
  const kind = o.tokenizer ?? 'char';
  const made = typeof kind === 'object' && kind !== null && typeof kind.encode === 'function' && Number.isInteger(kind.vocabSize);
  if (!(made || kind === 'char' || kind === 'bpe')) bad(`tokenizer must be 'char', 'bpe' or a Tokenizer, got ${show(kind)}`);
  if (o.vocabSize !== undefined && kind !== 'bpe') bad(`vocabSize is the size of a 'bpe' tokenizer, but the tokenizer is ${made ? `a ${kind.kind} tokenizer already made` : `'${kind}'`}`);
  const tokenizer = made ? kind : kind === 'bpe' ? bpeTokenizer(text, { vocabSize: o.vocabSize ?? 512 }) : charTokenizer(text);

  const tokens = tokenizer.encode(text);
  const valCount = Math.round(tokens.length * valFraction);
  const trainTokens = tokens.slice(0, tokens.length - valCount);
  const valTokens = tokens.slice(tokens.length - valCount);
  for (const [part, n] of [['training', trainTokens.length], ['validation', valTokens.length]] as const) {
    if (n < context + 1) {
      bad(`the ${part} part holds ${n} tokens (of ${tokens.length}, valFraction ${valFraction}), but a window needs context + 1 = ${context + 1}: give a longer text or a smaller context`);
    }
  }
  const T = context;
  // non-overlapping windows of the held-out part, at most evalWindows of them spread evenly
  const fit = Math.floor((valTokens.length - 1) / T);
  const take = Math.min(fit, evalWindows);
  const starts = Array.from({ length: take }, (_, i) => Math.floor((i * fit) / take) * T);
  const chunks = Array.from({ length: Math.ceil(take / EVAL_CHUNK) }, (_, c) => tokenWindows(valTokens, starts.slice(c * EVAL_CHUNK, (c + 1) * EVAL_CHUNK), T));
  const shownLength = Math.min(T, SHOWN);
  const shown = tokenWindows(valTokens, [0, starts[take - 1]], shownLength);
  const name = typeof kind === 'string' ? kind : kind.kind;
  const model = { dModel: 32, heads: 4, layers: 2, ...o.model };

  return {
    name: 'text',
    description: `predict the next ${name === 'char' ? 'character' : 'token'} of a text with a small decoder-only transformer (${name} tokenizer, context ${T})`,
    tokenizer,
    context: T,
    trainTokens,
    valTokens,
    createModel: (rng: Rng) => new DecoderOnly({ ...model, vocabSize: tokenizer.vocabSize, maxLen: T, rng }),
    sample(rng, n) {
      batchSize('text', n, T);
      const span = trainTokens.length - T; // starts 0 … span−1 leave a target after every input token
      return tokenWindows(trainTokens, Array.from({ length: n }, () => rng.int(span)), T);
    },
    loss: (m, batch) => crossEntropy(m.forward(batch.inputs), batch.targets),
    evaluate: evaluateInChunks(function* (m: DecoderOnly) {
      let lossSum = 0;
      for (const [c, batch] of chunks.entries()) {
        // every window has T targets: weight each chunk's mean by its windows
        lossSum += noGrad(() => crossEntropy(m.forward(batch.inputs), batch.targets).item()) * batch.inputs.shape[0];
        yield (c + 1) / chunks.length;
      }
      const valLoss = lossSum / take;
      return { valLoss, perplexity: math.exp(valLoss) };
    }),
    examples(m): Example[] {
      const predicted = noGrad(() => (shown.inputs.toArray() as number[][]).map((row) => argmaxRow(m.forward(new Tensor(Float64Array.from(row), [1, row.length])))));
      const inputs = shown.inputs.toArray() as number[][];
      const targets = shown.targets.toArray() as number[][];
      return inputs.map((input, b) => ({ input, target: targets[b], prediction: predicted[b] }));
    },
    probe: (m): Trace => noGrad(() => traceForward(m, shown.inputs.slice(0, 0, 1)).trace),
    write(m, w: WriteOptions = {}): WrittenSample {
      // the prompt: the start of the held-out text, a quarter of the context (at least one token)
      const prompt = valTokens.slice(0, Math.max(1, Math.floor(T / 4)));
      const { maxTokens = 64, temperature = 0.8, seed = 0 } = optionsOf('text.write', w);
      const written = noGrad(() => generateAll(m as DecoderOnly, prompt, { maxTokens, temperature, seed })); // generate checks it is one
      return { prompt: tokenizer.decode(prompt), text: tokenizer.decode(written) };
    },
    metric: { name: 'valLoss', higherIsBetter: false },
    metrics: {
      valLoss: { label: 'validation loss', description: `cross-entropy of the next token on ${take} held-out windows of ${T} tokens, in nats per token` },
      perplexity: { label: 'perplexity', description: 'exp(validation loss): the model is as unsure as a uniform choice among this many tokens' },
    },
    defaults: { steps: 1000, batchSize: 16, optimizer: { kind: 'adam', lr: 3e-3 }, schedule: { kind: 'cosine', warmup: 50 }, clip: 1, evalEvery: 250 },
  };
}
