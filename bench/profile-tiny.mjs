// A loop of the tiny model's training step in @attn/core alone, for profiling:
//   node --cpu-prof --cpu-prof-dir=bench/prof bench/profile-tiny.mjs [seconds]
// then open the .cpuprofile in Chrome DevTools (Performance tab) or VS Code.
import { loadCore } from './lib.mjs';

const core = await loadCore();
const model = new core.TutorialAttention({ d: 4, hidden: 16, seed: 0 });
const x = core.tensor([[3, 5]]);
const target = core.tensor([[8]]);
const step = () => {
  core.mseLoss(model.forward(x), target).backward();
  model.zeroGrad();
};
const seconds = Number(process.argv[2] ?? 5);
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < seconds * 1000) { step(); n++; }
console.log(`${n} steps in ${seconds} s: ${Math.round(n / seconds)} steps/s (includes ~1 s of JIT warm-up)`);
