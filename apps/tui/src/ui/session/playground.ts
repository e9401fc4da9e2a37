// Running a trained model on the learner's own input: the answer and every attention map.
// The task reads the input and answers it (@attn/train); this module reads the traces.
import { Rng, type Module, type Trace } from '@attn/core';
import { checkpointModel, type Checkpoint, type ModelLink, type Task } from '@attn/train';
import type { AttentionMap, PlaygroundResult, PlaygroundTask } from '../state/playground.js';

/**
 * What the playground knows about a task: its hint, example and input, read from the task
 * itself (`task.input`, `task.answer`), so a plugin's task is played like a built-in one.
 */
export function playgroundTask(task: Task<any, any>): PlaygroundTask {
  if (!task.input || typeof task.answer !== 'function') {
    return { name: task.name, hint: '', example: '', unsupported: 'the task does not describe its input (it has no input and answer)' };
  }
  return { name: task.name, hint: task.input.hint, example: task.input.examples[0] ?? '', input: task.input };
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

/** The model's answer to `values` (read by the task's input), with its attention. */
export function runPlayground(task: Task<any, any>, model: Module, values: readonly number[]): PlaygroundResult {
  if (typeof task.answer !== 'function') throw new Error(`task '${task.name}' has no answer(model, values)`);
  const { input, answer, expected, correct, tokens, trace, note } = task.answer(model, values);
  const result: PlaygroundResult = { input, answer, expected, correct, tokens, attention: attentionMaps(trace), trace };
  if (note !== undefined) result.note = note;
  return result;
}

/**
 * A trained model as a checkpoint or a link (`attn open`) holds it; a link also holds the
 * task's metrics, measured when it was made.
 */
export type SavedModel = Pick<Checkpoint, 'task' | 'seed' | 'step' | 'modelConfig' | 'model' | 'tokenizer'> & { metrics?: ModelLink['metrics'] };

/**
 * The model of a checkpoint written by `attn train --out` (or the Train screen), or of a link, as the
 * checkpoint records it (its size need not be the task's default); a plugin's custom module,
 * which records no configuration, is the task's model with the checkpoint's weights.
 */
export function modelFromCheckpoint(task: Task<any, any>, checkpoint: SavedModel): Module {
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
