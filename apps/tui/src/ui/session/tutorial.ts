// The Tutorial screen's models: the seed tutorial's TutorialAttention at a random
// initialization, and the same model trained on add-two. @attn/core computes every number;
// this module only builds the models and reads their traces into the tutorial's steps.
import { noGrad, tensor, Tensor, traceForward, TutorialAttention, type AttentionScale, type StateDict, type Trace } from '@attn/core';
import { addTwo, type Task } from '@attn/train';
import { tutorialSteps, type Tutorial } from '../../tutorial/steps.js';
import { startTraining, type TrainingHandlers, type TrainingSession } from './training.js';

/** What fixes a tutorial model: its seed, size and scaling. */
export interface TutorialModelSpec {
  seed: number;
  d: number;
  scale: AttentionScale;
}

/**
 * The tutorial's model: randomly initialized from `seed`, or holding `weights` (e.g. trained
 * ones). The scaling is not a weight, so the same weights can be shown with either.
 */
export function tutorialModel(spec: TutorialModelSpec, weights?: StateDict): TutorialAttention {
  const model = new TutorialAttention({ d: spec.d, scale: spec.scale, seed: spec.seed });
  if (weights) model.loadStateDict(weights);
  model.eval();
  return model;
}

/** The tutorial's steps with the model's projection rows W_q, W_k, W_v (`[d]` each), to show next to Q, K and V, and the trace they are read from (what `f` saves). */
export type TutorialData = Tutorial & { w: { q: number[]; k: number[]; v: number[] }; trace: Trace };

/** The eight steps of `model` for `input`, read off a trace of its forward pass, with its W rows. */
export function stepsFor(model: TutorialAttention, input: readonly number[]): TutorialData {
  const trace = noGrad(() => traceForward(model, tensor([input.slice()]))).trace;
  return { ...tutorialSteps(trace), w: { q: Array.from(model.wQ.data), k: Array.from(model.wK.data), v: Array.from(model.wV.data) }, trace };
}

/** A copy of a model's weights (its state dict shares storage with the live model). */
export function snapshotWeights(model: TutorialAttention): StateDict {
  return Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, new Tensor(t.data.slice(), t.shape.slice())]));
}

/**
 * Trains the tutorial's model, starting from its random initialization, on add-two (the seed
 * tutorial's task: `[a, b] → a + b`) with the task's defaults (2,000 Adam steps).
 */
export function trainTutorial(
  spec: TutorialModelSpec, handlers: TrainingHandlers, options: { steps?: number; frameMs?: number; weightsEvery?: number } = {},
): TrainingSession<TutorialAttention> & { task: Task<TutorialAttention> } {
  const task = addTwo({ model: { d: spec.d, scale: spec.scale } });
  const model = tutorialModel(spec);
  model.train();
  // the task comes along, so the tutorial can name its metrics as the task does
  return Object.assign(startTraining({ task, model, seed: spec.seed, steps: options.steps, frameMs: options.frameMs, weightsEvery: options.weightsEvery }, handlers), { task });
}
