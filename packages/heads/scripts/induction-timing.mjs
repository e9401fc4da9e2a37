// How long the induction task takes to grow an induction head, on this machine: trains
// induction() with its defaults for each seed, measuring every head every 25 steps, and prints
// the step and the seconds at which the top induction score (on the task's probeInputs) reaches
// 0.4 and stays there, with the machine's load. Reported, never asserted (tests do not time).
//
//   node packages/heads/scripts/induction-timing.mjs [--steps=N] [SEEDS…]   (after building core, train, heads)
import { loadavg } from 'node:os';
import { induction, train } from '@attn/train';
import { headsOverTraining, inductionPhaseChange } from '../dist/index.js';

const args = process.argv.slice(2);
const steps = Number(args.find((a) => a.startsWith('--steps='))?.slice(8)) || undefined;
const seeds = args.filter((a) => !a.startsWith('--')).map(Number);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`load average before: ${load()}`);
for (const seed of seeds.length ? seeds : [0, 1, 2, 3]) {
  const watch = headsOverTraining({ every: 25 });
  const seconds = new Map();
  const clock = { name: 'clock', onStepEnd: (e) => void seconds.set(e.step, e.seconds) };
  const result = await train({ task: induction(), seed, steps, plugins: [watch, clock] });
  const step = inductionPhaseChange(watch.history);
  const last = watch.history[watch.history.length - 1];
  const top = (l) => Math.max(...last.heads.filter((h) => h.layer === l).map((h) => h[l === 0 ? 'previous' : 'induction'] ?? 0));
  console.log([
    `seed ${seed}:`,
    step === null ? 'no induction head (top score < 0.4 at the end)' : `induction > 0.4 from step ${step}, ${seconds.get(step)?.toFixed(1) ?? '0.0'} s`,
    `| run ${result.steps} steps in ${result.seconds.toFixed(1)} s, testAccuracy ${result.metrics.testAccuracy.toFixed(3)}`,
    `| end: layer 1 top induction ${top(1).toFixed(2)}, layer 0 top previous ${top(0).toFixed(2)}`,
    `| load ${load()}`,
  ].join(' '));
}
