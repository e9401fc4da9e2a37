// Running a trained model on the learner's own input: the answer and every attention map.
// @attn/core and @attn/train compute; this module picks the inputs and reads the traces.
import {
  noGrad, Rng, tensor, Tensor, traceForward, TutorialAttention, type Module, type Trace,
} from '@attn/core';
import { checkpointModel, greedyDecode, type Checkpoint, type SequenceTask, type Task } from '@attn/train';
import type { AttentionMap, PlaygroundResult, PlaygroundTask } from '../state/playground.js';
import { num } from '../../tutorial/render-text.js';
import { compact, short } from '../format.js';

/** Whether `task` is a sequence task (prompt, separator, answer) solved by a transformer. */
export function isSequenceTask(task: Task<any, any>): task is SequenceTask {
  const t = task as Partial<SequenceTask>;
  return typeof t.separator === 'number' && typeof t.item === 'function';
}

/** The held-out-free shape of a sequence task: prompt and answer lengths. */
function sequenceShape(task: SequenceTask): { prompt: number; answer: number } {
  const first = task.item(0);
  return { prompt: first.prompt.length, answer: first.answer.length };
}

const model0 = new WeakMap<object, Module>();
/** A throwaway model of the task (to see what kind it is), built once per task. */
function sampleModel(task: Task<any, any>): Module {
  const have = model0.get(task);
  if (have) return have;
  const m: Module = task.createModel(new Rng(0));
  model0.set(task, m);
  return m;
}

const SUM_TASKS = new Set(['add-two', 'sum-n']);

/**
 * How the playground reads inputs for a task: digits for sequence tasks, numbers for tasks of
 * the tutorial's model; other models are not supported (the message says so).
 */
export function playgroundTask(task: Task<any, any>): PlaygroundTask {
  if (isSequenceTask(task)) {
    const { prompt } = sequenceShape(task);
    const example = task.item(task.testIndices[0] ?? 0).prompt.join(' ');
    const hints: Record<string, string> = {
      sort: `Type ${prompt} digits; the model writes them in ascending order.`,
      reverse: `Type ${prompt} digits; the model writes them last to first.`,
      'digits-add': 'Type two 2-digit numbers, e.g. 47 85; the model adds them digit by digit.',
    };
    return {
      name: task.name, input: { kind: 'digits', count: prompt, symbols: task.separator },
      hint: hints[task.name] ?? `Type ${prompt} tokens (digits below ${task.separator}).`,
      example: task.name === 'digits-add' ? '47 85' : example,
    };
  }
  let model: Module;
  try {
    model = sampleModel(task);
  } catch (e) {
    return { name: task.name, input: { kind: 'numbers', min: 1, max: 1 }, hint: '', example: '', unsupported: `cannot build its model: ${(e as Error).message}` };
  }
  if (!(model instanceof TutorialAttention)) {
    return {
      name: task.name, input: { kind: 'numbers', min: 1, max: 1 }, hint: '', example: '',
      unsupported: `its model (${model.constructor.name}) is neither the tutorial's model nor a sequence task's transformer`,
    };
  }
  if (task.name === 'sum-n') {
    return { name: task.name, input: { kind: 'numbers', min: 1, max: 10 }, hint: 'Type 1 to 10 numbers (trained on 2 to 5 numbers in [0, 10)); the model adds them.', example: '3 5 2' };
  }
  // the probe input shows how many numbers the task's model reads
  const probe: Trace | undefined = task.probe ? noGrad(() => task.probe!(model)) : undefined;
  const n = probe?.input.shape[1] ?? 2;
  const example = probe ? probe.input.data.slice(0, n).join(' ') : '3 5';
  const hint = task.name === 'add-two'
    ? 'Type two numbers (trained on numbers in [0, 10)); the model adds them.'
    : `Type ${n} number${n === 1 ? '' : 's'}; this is what ${task.name} was trained on.`;
  return { name: task.name, input: { kind: 'numbers', min: n, max: n }, hint, example };
}

/** The attention maps of a trace: one per layer and head, weights `[queries][keys]` of the first example. */
export function attentionMaps(trace: Trace): AttentionMap[] {
  return trace.attention.map((a) => {
    const [, R, C] = a.weights.shape;
    const rows = (data: number[]) => Array.from({ length: R }, (_, r) => data.slice(r * C, (r + 1) * C));
    const map: AttentionMap = { layer: a.layer, head: a.head, weights: rows(a.weights.data) };
    if (a.mask) map.mask = rows(a.mask.data);
    return map;
  });
}

const digitsToNumber = (ds: readonly number[]) => ds.reduce((n, d) => n * 10 + d, 0);

/** The model's answer to `values`, with its attention. */
export function runPlayground(task: Task<any, any>, model: Module, values: readonly number[]): PlaygroundResult {
  if (isSequenceTask(task)) {
    const { answer: A } = sequenceShape(task);
    const sep = task.separator;
    const answer = greedyDecode(model as never, [values.slice()], sep, A)[0];
    const tokens = [...values, sep, ...answer.slice(0, -1)];
    const { trace } = noGrad(() => traceForward(model as never, new Tensor(Float64Array.from(tokens), [1, tokens.length])));
    let truth: number[] | null = null;
    try {
      const item = task.item(digitsToNumber(values));
      if (item.prompt.length === values.length && item.prompt.every((v, i) => v === values[i])) truth = item.answer;
    } catch {
      truth = null; // a plugin's item() need not accept every index
    }
    const label = (t: number) => (t === sep ? '→' : String(t));
    const result: PlaygroundResult = {
      input: values.slice(), answer: answer.map(label).join(' '), expected: truth ? truth.map(label).join(' ') : null,
      correct: truth ? truth.every((v, i) => v === answer[i]) : null, tokens: tokens.map(label), attention: attentionMaps(trace),
    };
    if (task.name === 'digits-add') {
      const sum = answer.every((d) => d < 10) ? String(digitsToNumber(answer.slice().reverse())) : '?';
      result.note = `= ${sum}: the model writes the sum's digits last to first (${answer.join(' ')})`;
    }
    return result;
  }
  const { output, trace } = noGrad(() => traceForward(model as TutorialAttention, tensor([values.slice()])));
  const y = output.item();
  const expected = SUM_TASKS.has(task.name) ? values.reduce((s, v) => s + v, 0) : null;
  const result: PlaygroundResult = {
    input: values.slice(), answer: num(y), expected: expected === null ? null : compact(expected), correct: null,
    tokens: values.map((v) => short(v, 6)), attention: attentionMaps(trace),
  };
  if (expected !== null) result.note = `off by ${num(Math.abs(y - expected))}`;
  return result;
}

/**
 * The model of a checkpoint written by `attn train --out` (or the Train screen), as the
 * checkpoint records it (its size need not be the task's default); a plugin's custom module,
 * which records no configuration, is the task's model with the checkpoint's weights.
 */
export function modelFromCheckpoint(task: Task<any, any>, checkpoint: Checkpoint): Module {
  if (checkpoint.task !== task.name) throw new Error(`the checkpoint is for task '${checkpoint.task}', not '${task.name}'`);
  let model: Module;
  if (checkpoint.modelConfig) {
    model = checkpointModel(checkpoint);
  } else {
    model = task.createModel(new Rng(checkpoint.seed));
    model.loadStateDict(checkpoint.model);
  }
  model.eval();
  return model;
}
