import { AttnError, crossEntropy, DecoderOnly, noGrad, Rng, Tensor, traceForward, type Trace } from '@attn/core';
import { batchSize, optionsOf } from '../check.js';
import { plural, wordsOf } from './input.js';
import { IGNORE, type SequenceModelOptions, type TokenBatch } from './sequence.js';
import { evaluateInChunks, type Example, type Task, type TaskAnswer } from './task.js';

/** Options of {@link induction}. */
export interface InductionOptions {
  /** Tokens are `0 … vocabSize−1`; 8 by default. At least the longest segment, whose tokens are distinct. */
  vocabSize?: number;
  /** Shortest and longest repeated segment; [3, 6] by default. Sequences hold `2 · longest` tokens. */
  lengths?: [number, number];
  /** Model settings, merged over the task's defaults (2 attention-only layers of 2 heads, rotary positions, dModel 32). */
  model?: SequenceModelOptions;
}

/** What {@link induction} returns: a {@link Task} that also says how to probe it for induction heads. */
export interface InductionTask extends Task<DecoderOnly, TokenBatch> {
  /** Tokens in every sequence: twice the longest segment. */
  length: number;
  /** The tokens `[T]` of the task's probe: `length / 2` distinct tokens, twice. */
  probeTokens: readonly number[];
  /**
   * 32 sequences of the task `[32, T]`, of every segment length and position, on which to measure
   * heads (`@attn/heads`' `headsOverTraining` uses them): unlike one repeated sequence, where a
   * head that looks a fixed distance back scores as an induction head, here only a head that finds
   * the earlier copy scores high.
   */
  probeInputs: Tensor;
}

const TEST_SEED = 3_000_017;
const TEST_SIZE = 200;
const EVAL_CHUNK = 50;

function bad(message: string): never {
  throw new AttnError('ARGUMENT', `induction: ${message}`);
}

/**
 * `count` rows of the task: random tokens, and at a random place among them a segment of L
 * distinct random tokens (L uniform in `[lo, hi]`) followed at once by a copy of it. The targets
 * are the copy's tokens after its first (only they are predictable: by finding the current token
 * in the segment and copying the one that followed it); every other position holds {@link IGNORE}.
 */
function rows(rng: Rng, count: number, vocabSize: number, lo: number, hi: number, T: number): TokenBatch {
  const inputs = new Float64Array(count * T);
  const targets = new Float64Array(count * T).fill(IGNORE);
  const all = Array.from({ length: vocabSize }, (_, v) => v);
  for (let b = 0; b < count; b++) {
    const L = lo + rng.int(hi - lo + 1);
    const segment = rng.shuffle(all.slice()).slice(0, L);
    const start = rng.int(T - 2 * L + 1);
    for (let t = 0; t < T; t++) {
      inputs[b * T + t] = t >= start && t < start + 2 * L ? segment[(t - start) % L] : rng.int(vocabSize);
    }
    for (let t = 1; t < L; t++) targets[b * T + start + L + t - 1] = segment[t];
  }
  return { inputs: new Tensor(inputs, [count, T]), targets: new Tensor(targets, [count, T]) };
}

/** Argmax over the last axis of logits `[B, T, V]` → `[B][T]`. */
function argmaxRows(logits: Tensor): number[][] {
  const [B, T, V] = logits.shape;
  const d = logits.data;
  return Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, t) => {
    const base = (b * T + t) * V;
    let best = 0;
    for (let v = 1; v < V; v++) if (d[base + v] > d[base + best]) best = v;
    return best;
  }));
}

/** The token that followed the latest earlier occurrence of the last token, or null when it has none. */
function continuation(tokens: readonly number[]): number | null {
  const last = tokens.length - 1;
  for (let j = last - 1; j >= 0; j--) if (tokens[j] === tokens[last]) return tokens[j + 1];
  return null;
}

/**
 * In-context copying, the task on which induction heads form: random tokens, among which a
 * segment of distinct random tokens is followed at once by a copy of it, and the model predicts
 * the next token. Only the copy's tokens after its first are predictable — by finding the current
 * token earlier and copying the one that followed it — so the cross-entropy counts those alone.
 * The segment's length (3 to 6 tokens by default) and place vary, so no fixed offset can stand in
 * for the lookup. The default model is a 2-layer attention-only `DecoderOnly` (`ff: 0`) with 2
 * heads per layer and rotary positions: trained with the defaults, a previous-token head forms in
 * layer 0 and an induction head in layer 1 (after 100 to 900 steps, for most seeds). Metrics on 200 held-out
 * sequences: `testAccuracy` (next-token accuracy on the predictable positions, the task's metric,
 * target 0.95) and `testLoss`. The playground reads a sequence of tokens and shows the model's
 * next one.
 *
 * @example
 * ```ts
 * const task = induction();
 * const result = await train({ task, seed: 0 });
 * result.metrics.testAccuracy; // ≥ 0.95 after the default 1,500 steps
 * task.probeTokens; // 6 distinct tokens, then the same 6 again
 * ```
 */
export function induction(options: InductionOptions = {}): InductionTask {
  optionsOf('induction', options);
  const vocabSize = options.vocabSize ?? 8;
  const [lo, hi] = options.lengths ?? [3, 6];
  if (!(Number.isInteger(vocabSize) && vocabSize >= 2)) bad(`vocabSize must be an integer ≥ 2, got ${vocabSize}`);
  if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 2 && lo <= hi)) bad(`lengths must be integers [shortest, longest] with 2 ≤ shortest ≤ longest, got [${lo}, ${hi}]`);
  if (hi > vocabSize) bad(`the longest segment (${hi}) must fit vocabSize (${vocabSize}): its tokens are distinct`);
  const T = 2 * hi;
  const test = rows(new Rng(TEST_SEED), TEST_SIZE, vocabSize, lo, hi, T);
  const chunk = (c: number): TokenBatch => ({
    inputs: test.inputs.slice(0, c * EVAL_CHUNK, (c + 1) * EVAL_CHUNK),
    targets: test.targets.slice(0, c * EVAL_CHUNK, (c + 1) * EVAL_CHUNK),
  });
  const chunks = Array.from({ length: TEST_SIZE / EVAL_CHUNK }, (_, c) => chunk(c));
  const probeInputs = rows(new Rng(TEST_SEED + 2), 32, vocabSize, lo, hi, T).inputs;
  const probeRng = new Rng(TEST_SEED + 1);
  const probeTokens = probeRng.shuffle(Array.from({ length: vocabSize }, (_, v) => v)).slice(0, hi);
  probeTokens.push(...probeTokens);
  const probeInput = new Tensor(Float64Array.from(probeTokens), [1, T]);

  const task: InductionTask = {
    name: 'induction',
    description: `continue the copy of a segment of ${lo} to ${hi} random tokens (of ${vocabSize}): in-context copying by an induction head`,
    length: T,
    probeTokens,
    probeInputs,
    createModel: (rng) => new DecoderOnly({ dModel: 32, heads: 2, layers: 2, ff: 0, positional: 'rotary', ...options.model, vocabSize, maxLen: T, rng }),
    sample: (rng, n) => rows(rng, batchSize('induction', n, T), vocabSize, lo, hi, T),
    loss: (model, batch) => crossEntropy(model.forward(batch.inputs), batch.targets, { ignoreIndex: IGNORE }),
    evaluate: evaluateInChunks(function* (model: DecoderOnly) {
      let right = 0;
      let counted = 0;
      let lossSum = 0;
      for (const [c, batch] of chunks.entries()) {
        noGrad(() => {
          const logits = model.forward(batch.inputs);
          const predicted = argmaxRows(logits);
          const targets = batch.targets.data;
          let n = 0;
          predicted.flat().forEach((p, i) => {
            if (targets[i] === IGNORE) return;
            n++;
            if (p === targets[i]) right++;
          });
          counted += n;
          // the loss is a mean over each chunk's predictable positions: weight it by their count
          lossSum += crossEntropy(logits, batch.targets, { ignoreIndex: IGNORE }).item() * n;
        });
        yield (c + 1) / chunks.length;
      }
      return { testAccuracy: right / counted, testLoss: lossSum / counted };
    }),
    examples(model): Example[] {
      const shown = chunks[0].inputs.slice(0, 0, 4);
      const predicted = noGrad(() => argmaxRows(model.forward(shown)));
      const targets = chunks[0].targets.toArray() as number[][];
      return (shown.toArray() as number[][]).map((input, b) => {
        const kept = targets[b].map((t, i) => [t, i]).filter(([t]) => t !== IGNORE);
        return { input, target: kept.map(([t]) => t), prediction: kept.map(([, i]) => predicted[b][i]) };
      });
    },
    probe: (model): Trace => noGrad(() => traceForward(model, probeInput).trace),
    metric: { name: 'testAccuracy', higherIsBetter: true, target: 0.95 },
    metrics: {
      testAccuracy: { label: 'copy accuracy', description: 'next-token accuracy on the copied tokens after the first, which an induction head can predict', format: 'percent' },
      testLoss: { label: 'copy loss', description: 'cross-entropy on those tokens' },
    },
    defaults: {
      steps: 1500, batchSize: 32, optimizer: { kind: 'adam', lr: 1e-2 }, schedule: { kind: 'cosine', warmup: 30 }, clip: 1, evalEvery: 500,
    },
    input: {
      hint: `Type 2 to ${T} tokens below ${vocabSize}, repeating some (e.g. a few tokens, then the same again); the model says what comes next.`,
      examples: [probeTokens.slice(0, hi + 3).join(' ')],
      parse(text) {
        const values = wordsOf(text).map((w) => {
          const v = /^\d+$/.test(w) ? Number(w) : Number.NaN;
          if (!(v < vocabSize)) bad(`reads tokens 0–${vocabSize - 1}, got '${w}'`);
          return v;
        });
        if (values.length > T) bad(`reads at most ${plural(T, 'token')}, got ${values.length}`);
        const warnings = values.length > 1 && continuation(values) === null ? [`the last token, ${values[values.length - 1]}, does not occur earlier: there is nothing to copy`] : [];
        return values.length < 2 ? { values, warnings, missing: `type ${values.length === 0 ? '2 to' : 'at least 2, up to'} ${T} tokens` } : { values, warnings };
      },
    },
    answer(model, values): TaskAnswer {
      const tokens = values.slice();
      const { output, trace } = noGrad(() => traceForward(model, new Tensor(Float64Array.from(tokens), [1, tokens.length])));
      const predicted = argmaxRows(output)[0];
      const next = predicted[tokens.length - 1];
      const target = continuation(tokens);
      const last = tokens[tokens.length - 1];
      return {
        input: tokens, prediction: next, target, answer: String(next), expected: target === null ? null : String(target),
        correct: target === null ? null : next === target, tokens: tokens.map(String), trace,
        note: target === null ? `${last} does not occur earlier, so no copy predicts what follows it` : `${last} was followed by ${target} before: an induction head copies ${target}`,
      };
    },
  };
  return task;
}
