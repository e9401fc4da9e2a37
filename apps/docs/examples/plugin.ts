import type { StepEvent, TrainerPlugin } from '@attn/train';
import { addTwo, train } from '@attn/train';

/** Counts the steps whose loss is below `threshold`: a hook plugin, state in the closure. */
function belowThreshold(threshold: number): TrainerPlugin & { readonly count: () => number } {
  let count = 0;
  return {
    name: 'below-threshold',
    onTrainStart() { count = 0; },
    onStepEnd(e: StepEvent) { if (e.loss < threshold) count++; },
    count: () => count,
  };
}

const counter = belowThreshold(0.01);
const result = await train({ task: addTwo(), seed: 0, steps: 1000, plugins: [counter] });
console.log(result.reason, counter.count() > 0); // → done true
