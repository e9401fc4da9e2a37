// Writing with a text model for the Generate screen: which models can write (a DecoderOnly of a
// task with a tokenizer), the prompt read as tokens, and the tokens drawn one at a time by
// @attn/train's generateTraced, each with what every head attended to, read from its Trace.
import { buildModel, DecoderOnly, headsOf, headWeights, layersOf, type Module, type Trace } from '@attn/core';
import { generateTraced, type Task, type Tokenizer } from '@attn/train';
import { vocabularyLabels } from '../format.js';
import type { GeneratedToken, GenerateModel, HeadAttention, Sampling } from '../state/generate.js';

/** A model the Generate screen can write with: the task's tokenizer reads and writes its tokens. */
export interface TextModel {
  model: DecoderOnly;
  tokenizer: Tokenizer;
}

/** The model and tokenizer when `task` is a task on text and `model` a DecoderOnly, else null. */
export function textModelOf(task: Task<any, any>, model: Module): TextModel | null {
  return task.tokenizer && model instanceof DecoderOnly ? { model, tokenizer: task.tokenizer } : null;
}

/** What the screen shows of a text model: its context and how each token reads. */
export function describeModel(task: string, source: string, { model, tokenizer }: TextModel): GenerateModel {
  const texts = Array.from({ length: tokenizer.vocabSize }, (_, id) => tokenizer.token(id).replace(/\n/g, '↵').replace(/\t/g, '⇥').replace(/[\x00-\x1f\x7f]/g, '·'));
  return { task, source, context: model.config.maxLen, labels: vocabularyLabels(tokenizer), texts };
}

/**
 * A copy of the model's weights in evaluation mode: a model still training changes under the
 * generation otherwise, and the attention shown would not be the one of the tokens written.
 */
export function snapshot(model: DecoderOnly): DecoderOnly {
  const copy = buildModel(model.modelConfig()) as DecoderOnly;
  copy.loadStateDict(model.stateDict());
  copy.eval();
  return copy;
}

/** The prompt as the model's tokens, or why it cannot be one (empty, longer than the context). */
export function promptTokens(text: string, { model, tokenizer }: TextModel): { ok: true; tokens: number[] } | { ok: false; message: string } {
  const tokens = tokenizer.encode(text);
  if (tokens.length === 0) return { ok: false, message: 'the prompt is empty: type the text the model goes on from' };
  const { maxLen } = model.config;
  if (tokens.length > maxLen) {
    return { ok: false, message: `the prompt is ${tokens.length} tokens, but this model reads at most ${maxLen}: shorten it` };
  }
  return { ok: true, tokens };
}

/**
 * What every head attended to in a generation step's forward pass: the last query row of each
 * attention entry (the position just before the token drawn), over the tokens the model read.
 */
export function stepAttention(trace: Trace): HeadAttention[] {
  return layersOf(trace).flatMap((layer) => headsOf(trace, layer).map((head) => ({ layer, head, weights: headWeights(trace, { layer, head }).at(-1)! })));
}

/**
 * The tokens a model writes after `prompt` with the learner's settings, one at a time, each with
 * the attention that chose it (see `generateTraced` of @attn/train).
 */
export function* generateTokens(model: DecoderOnly, prompt: readonly number[], s: Sampling): Generator<GeneratedToken, void, undefined> {
  const options = { maxTokens: s.tokens, temperature: s.temperature, topP: s.topP, seed: s.seed, ...(s.topK === null ? {} : { topK: s.topK }) };
  for (const { token, start, trace } of generateTraced(model, prompt, options)) yield { token, start, heads: stepAttention(trace), trace };
}
