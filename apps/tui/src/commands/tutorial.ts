import { tensor, traceForward, TutorialAttention, type AttentionScale } from '@attn/core';
import { attnCommand, UsageError, type ParsedArgs } from '../args.js';
import { renderTutorial, wrap } from '../tutorial/render-text.js';
import { tutorialSteps } from '../tutorial/steps.js';
import { readInput } from '../ui/state/parse-input.js';
import { TUTORIAL_INPUT } from '../ui/state/tutorial.js';

export const TUTORIAL_FLAGS = {
  a: 'number', b: 'number', input: 'string', seed: 'integer', scale: ['none', 'sqrt'], d: 'integer', json: 'flag', plain: 'flag',
} as const;

export const TUTORIAL_HELP = `attn tutorial — the seed tutorial's eight steps with real numbers

Usage:
  attn tutorial [--a 3] [--b 5 | --input "3, 5"] [--seed 0] [--scale none|sqrt] [--d 4]
                [--json] [--plain]

In a terminal this opens the interactive tutorial: one screen per step, heatmaps of
every number, and training right there (press t). Otherwise (piped, CI, --json,
--plain) it prints each step of the model (Q, K, V, scores, softmax weights, attended
output, sum and network) for the input, and what the model pays attention to.

Options:
  --a, --b    the two numbers to add (default 3 and 5)
  --input     instead of --a and --b: 1 to 8 numbers, e.g. "2, 7" or "1 2 3"
  --seed      seed of the random initialization (default 0)
  --scale     'none' (the tutorial's softmax(Q·Kᵀ)) or 'sqrt' (divide by √d)
  --d         size of the Q, K and V vectors (default 4)
  --json      print the Trace of the forward pass as JSON
  --plain     print text even in a terminal`;

/** The tutorial's settings from its flags, checked. */
export function tutorialFlags(args: ParsedArgs): { input: number[]; seed: number; scale: AttentionScale; d: number } {
  const f = args.flags;
  if (f.input !== undefined && (f.a !== undefined || f.b !== undefined)) throw new UsageError('give --input or --a/--b, not both');
  // --a and --b are read as the line "a b" would be: the same limits and warnings
  const flag = f.input !== undefined ? '--input' : '--a/--b';
  const parsed = readInput(TUTORIAL_INPUT, (f.input as string | undefined) ?? `${(f.a as number | undefined) ?? 3} ${(f.b as number | undefined) ?? 5}`);
  if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.message}`);
  for (const w of parsed.warnings) console.error(`attn: warning: ${w}`);
  const input = parsed.values;
  const d = (f.d as number | undefined) ?? 4;
  if (d < 1 || d > 64) throw new UsageError(`--d must be between 1 and 64, got ${d}`);
  return { input, seed: (f.seed as number | undefined) ?? 0, scale: ((f.scale as string | undefined) ?? 'none') as AttentionScale, d };
}

export function tutorialCommand(args: ParsedArgs): number {
  const { input, seed, scale, d } = tutorialFlags(args);
  const model = new TutorialAttention({ d, scale, seed });
  const { trace } = traceForward(model, tensor([input]));
  if (args.flags.json) {
    console.log(JSON.stringify(trace));
    return 0;
  }
  const header = [
    `attn — attention, step by step, for the input [${input.join(', ')}]`,
    ...wrap(`Model: TutorialAttention (d = ${d}, hidden = ${model.hidden}, ${scale === 'none' ? 'unscaled' : '1/√d-scaled'} scores), seed ${seed}, untrained: its weights are random, so its answer is too. Train it with: ${attnCommand()} train --task add-two`, 78),
  ];
  console.log(renderTutorial(tutorialSteps(trace), header).join('\n'));
  return 0;
}
