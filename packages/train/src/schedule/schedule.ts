import { AttnError, math } from '@attn/core';
import { need, positiveInt, show } from '../check.js';

/**
 * A learning-rate schedule as plain data (so it can be saved in a checkpoint):
 * - `constant`: the base rate throughout;
 * - `warmup`: linear from 0 to the base rate over `steps`, then constant;
 * - `cosine`: optional linear warm-up, then cosine decay to `minFactor`·base at the last step;
 * - `step`: multiplied by `gamma` every `every` steps.
 */
export type Schedule =
  | { kind: 'constant' }
  | { kind: 'warmup'; steps: number }
  | { kind: 'cosine'; warmup?: number; minFactor?: number }
  | { kind: 'step'; every: number; gamma: number };

function bad(message: string): never {
  throw new AttnError('ARGUMENT', `schedule: ${message}`);
}

/** Checks a schedule's fields, naming the problem; returns it. */
export function checkSchedule(s: Schedule): Schedule {
  if (s === null || typeof s !== 'object') bad(`expected an object with a 'kind', got ${String(s)}`);
  const nonNegInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  switch (s.kind) {
    case 'constant':
      return s;
    case 'warmup':
      if (!nonNegInt(s.steps)) bad(`warmup steps must be an integer >= 0, got ${s.steps}`);
      return s;
    case 'cosine':
      if (s.warmup !== undefined && !nonNegInt(s.warmup)) bad(`cosine warmup must be an integer >= 0, got ${s.warmup}`);
      if (s.minFactor !== undefined && !(s.minFactor >= 0 && s.minFactor <= 1)) bad(`cosine minFactor must be in [0, 1], got ${s.minFactor}`);
      return s;
    case 'step':
      if (!(Number.isInteger(s.every) && s.every > 0)) bad(`step 'every' must be a positive integer, got ${s.every}`);
      if (!(s.gamma > 0 && Number.isFinite(s.gamma))) bad(`step gamma must be a positive number, got ${s.gamma}`);
      return s;
    default:
      return bad(`kind must be 'constant', 'warmup', 'cosine' or 'step', got ${JSON.stringify((s as { kind: unknown }).kind)}`);
  }
}

/**
 * The learning rate for `step` (0-based: the rate the step-th update uses) of a run of
 * `totalSteps` updates with base rate `lr`.
 *
 * @example
 * ```ts
 * lrAt({ kind: 'warmup', steps: 10 }, 4, 100, 0.01); // 0.005
 * lrAt({ kind: 'cosine' }, 50, 101, 1); // 0.5
 * ```
 */
export function lrAt(schedule: Schedule, step: number, totalSteps: number, lr: number): number {
  need(Number.isInteger(step) && step >= 0, 'lrAt', 'step', 'an integer >= 0', step);
  positiveInt('lrAt', 'totalSteps', totalSteps);
  need(typeof lr === 'number' && Number.isFinite(lr), 'lrAt', 'lr', 'a finite number', lr);
  switch (schedule?.kind) {
    case 'constant':
      return lr;
    case 'warmup':
      return step < schedule.steps ? (lr * (step + 1)) / schedule.steps : lr;
    case 'cosine': {
      const warmup = schedule.warmup ?? 0;
      if (step < warmup) return (lr * (step + 1)) / warmup;
      const span = Math.max(1, totalSteps - 1 - warmup);
      const progress = Math.min(1, (step - warmup) / span);
      const min = schedule.minFactor ?? 0;
      return lr * (min + (1 - min) * 0.5 * (1 + math.cos(Math.PI * progress)));
    }
    case 'step':
      return lr * math.pow(schedule.gamma, Math.floor(step / schedule.every));
    default:
      throw new AttnError('ARGUMENT', `lrAt: schedule must have kind 'constant', 'warmup', 'cosine' or 'step', got ${show((schedule as Schedule | null)?.kind ?? schedule)}`);
  }
}
