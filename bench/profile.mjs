#!/usr/bin/env node
// A plain loop of one of the bench's core workloads, @attn/core alone, for profiling:
//   node --cpu-prof --cpu-prof-dir=bench/prof bench/profile.mjs <workload> [seconds]
// workloads: tiny (the tutorial model's forward+backward), tiny-adam (its training step with
// Adam), sort (one training step of the sort task's transformer, batch 32, Adam),
// attention:T,d (forward) and attention-bwd:T,d (forward+backward), e.g. attention-bwd:256,64,
// gpt:layers,heads,d,context (a training step of a DecoderOnly with vocabulary 179, GELU, batch
// 12, AdamW, as in gpt.mjs; random tokens), e.g. gpt:2,2,64,32 or gpt:4,4,128,64.
// Open the .cpuprofile in Chrome DevTools (Performance tab) or VS Code, or summarize it with
// `node bench/profile-summary.mjs bench/prof/<file>.cpuprofile`.
import { loadCore, loadTrain } from './lib.mjs';

const core = await loadCore();
const [workload = 'tiny', seconds = '5'] = process.argv.slice(2);

async function make(name) {
  const [kind, size] = name.split(':');
  if (kind === 'tiny' || kind === 'tiny-adam') {
    const model = new core.TutorialAttention({ d: 4, hidden: 16, seed: 0 });
    const x = core.tensor([[3, 5]]);
    const target = core.tensor([[8]]);
    if (kind === 'tiny') return () => { core.mseLoss(model.forward(x), target).backward(); model.zeroGrad(); };
    const opt = new (await loadTrain()).Adam(model.parameters(), { lr: 1e-3 });
    return () => { core.mseLoss(model.forward(x), target).backward(); opt.step(); opt.zeroGrad(); };
  }
  if (kind === 'sort') {
    const train = await loadTrain();
    const task = train.sort();
    const model = task.createModel(new core.Rng(0));
    const batch = task.sample(new core.Rng(1), 32);
    const opt = new train.Adam(model.parameters(), { lr: 1e-2 });
    return () => { task.loss(model, batch).backward(); opt.step(); opt.zeroGrad(); };
  }
  if (kind === 'gpt') {
    const [layers, heads, dModel, T] = (size ?? '2,2,64,32').split(',').map(Number);
    const model = new core.DecoderOnly({ vocabSize: 179, maxLen: T, dModel, heads, layers, seed: 0 });
    const rng = new core.Rng(1);
    const tokens = () => new core.Tensor(Float64Array.from({ length: 12 * T }, () => rng.int(179)), [12, T]);
    const [x, y] = [tokens(), tokens()];
    const opt = new (await loadTrain()).AdamW(model.parameters(), { lr: 2e-3 });
    return () => { core.crossEntropy(model.forward(x), y).backward(); opt.step(); opt.zeroGrad(); };
  }
  if (kind === 'attention' || kind === 'attention-bwd') {
    const [T, d] = (size ?? '64,64').split(',').map(Number);
    const [q, k, v] = [3, 4, 5].map((seed) => core.randn([T, d], { seed }));
    if (kind === 'attention') return () => core.attention(q, k, v).output;
    const dy = core.randn([T, d], { seed: 6 });
    for (const t of [q, k, v]) t.requireGrad();
    return () => { core.attention(q, k, v).output.backward(dy); q.grad = k.grad = v.grad = null; };
  }
  throw new Error(`unknown workload ${name}; see the comment at the top of profile.mjs`);
}

const step = await make(workload);
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < Number(seconds) * 1000) { step(); n++; }
console.log(`${workload}: ${n} steps in ${seconds} s: ${Math.round(n / Number(seconds))} steps/s (includes ~1 s of JIT warm-up)`);
