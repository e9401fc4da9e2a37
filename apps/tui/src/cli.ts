// The attn command line. For now it prints the seed tutorial's eight steps as text.
import { tensor, traceForward, TutorialAttention, type AttentionScale } from '@attn/core';
import { parseArgs, UsageError } from './args.js';
import { renderTutorial, wrap } from './tutorial/render-text.js';
import { tutorialSteps } from './tutorial/steps.js';

const HELP = `attn — learn attention by watching it work

Usage:
  attn [tutorial] [--a 3] [--b 5] [--seed 0] [--scale none|sqrt] [--d 4]

Prints the eight steps of the seed tutorial's model (Q, K, V, scores, softmax weights,
attended output, sum and network) with the real numbers for the input [a, b].

Options:
  --a, --b    the two numbers to add (default 3 and 5)
  --seed      seed of the random initialization (default 0)
  --scale     'none' (the tutorial's softmax(Q·Kᵀ)) or 'sqrt' (divide by √d)
  --d         size of the Q, K and V vectors (default 4)
  --help      this text`;

function main(argv: string[]): number {
  const args = parseArgs(argv, {
    a: 'number', b: 'number', seed: 'integer', scale: ['none', 'sqrt'], d: 'integer', help: 'flag',
  });
  if (args.flags.help) {
    console.log(HELP);
    return 0;
  }
  const command = args.positional[0] ?? 'tutorial';
  if (command !== 'tutorial' || args.positional.length > 1) throw new UsageError(`unknown command '${args.positional.join(' ')}' (try: attn tutorial, attn --help)`);
  const a = (args.flags.a as number | undefined) ?? 3;
  const b = (args.flags.b as number | undefined) ?? 5;
  const seed = (args.flags.seed as number | undefined) ?? 0;
  const scale = ((args.flags.scale as string | undefined) ?? 'none') as AttentionScale;
  const d = (args.flags.d as number | undefined) ?? 4;
  if (d < 1 || d > 64) throw new UsageError(`--d must be between 1 and 64, got ${d}`);
  const model = new TutorialAttention({ d, scale, seed });
  const { trace } = traceForward(model, tensor([[a, b]]));
  const header = [
    `attn — attention, step by step, for the input [${a}, ${b}]`,
    ...wrap(`Model: TutorialAttention (d = ${d}, hidden = ${model.hidden}, ${scale === 'none' ? 'unscaled' : '1/√d-scaled'} scores), seed ${seed}, untrained: its weights are random, so its answer is too.`, 78),
  ];
  console.log(renderTutorial(tutorialSteps(trace), header).join('\n'));
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    console.error(`attn: ${e.message}`);
    process.exitCode = 2;
  } else throw e;
}
