import { tensor, traceForward, TutorialAttention, type AttentionScale } from '@attn/core';
import { UsageError, type ParsedArgs } from '../args.js';
import { renderTutorial, wrap } from '../tutorial/render-text.js';
import { tutorialSteps } from '../tutorial/steps.js';

export const TUTORIAL_FLAGS = { a: 'number', b: 'number', seed: 'integer', scale: ['none', 'sqrt'], d: 'integer', json: 'flag' } as const;

export const TUTORIAL_HELP = `attn tutorial — the seed tutorial's eight steps with real numbers

Usage:
  attn tutorial [--a 3] [--b 5] [--seed 0] [--scale none|sqrt] [--d 4] [--json]

Prints each step of the model (Q, K, V, scores, softmax weights, attended output,
sum and network) for the input [a, b], and what the model pays attention to.

Options:
  --a, --b    the two numbers to add (default 3 and 5)
  --seed      seed of the random initialization (default 0)
  --scale     'none' (the tutorial's softmax(Q·Kᵀ)) or 'sqrt' (divide by √d)
  --d         size of the Q, K and V vectors (default 4)
  --json      print the Trace of the forward pass as JSON`;

export function tutorialCommand(args: ParsedArgs): number {
  const f = args.flags;
  const a = (f.a as number | undefined) ?? 3;
  const b = (f.b as number | undefined) ?? 5;
  const seed = (f.seed as number | undefined) ?? 0;
  const scale = ((f.scale as string | undefined) ?? 'none') as AttentionScale;
  const d = (f.d as number | undefined) ?? 4;
  if (d < 1 || d > 64) throw new UsageError(`--d must be between 1 and 64, got ${d}`);
  const model = new TutorialAttention({ d, scale, seed });
  const { trace } = traceForward(model, tensor([[a, b]]));
  if (f.json) {
    console.log(JSON.stringify(trace));
    return 0;
  }
  const header = [
    `attn — attention, step by step, for the input [${a}, ${b}]`,
    ...wrap(`Model: TutorialAttention (d = ${d}, hidden = ${model.hidden}, ${scale === 'none' ? 'unscaled' : '1/√d-scaled'} scores), seed ${seed}, untrained: its weights are random, so its answer is too. Train it with: attn train --task add-two`, 78),
  ];
  console.log(renderTutorial(tutorialSteps(trace), header).join('\n'));
  return 0;
}
