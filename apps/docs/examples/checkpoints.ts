import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveModel, loadModel } from '@attn/core';
import { addTwo, checkpointModel, train, type TrainerPlugin } from '@attn/train';
import { checkpoints, loadCheckpoint } from '@attn/train/node';

const dir = mkdtempSync(join(tmpdir(), 'attn-run-'));

// #region save
// Save the whole state every 250 steps, atomically. This run of
// 2,000 steps is cut short at step 500, as a crash or Ctrl-C would.
const crash: TrainerPlugin = {
  name: 'crash',
  onStepEnd: (e, ctx) => { if (e.step === 500) ctx.stop(); },
};
const first = await train({
  task: addTwo(),
  seed: 0,
  steps: 2000,
  plugins: [checkpoints({ dir, every: 250 }), crash],
});
console.log(first.reason, first.steps); // → stopped 500

const saved = loadCheckpoint(join(dir, 'last.ckpt'));
console.log(saved.task, saved.step); // → add-two 500
// #endregion save

// #region resume
// Resume from the file: the run goes on to its 2,000 steps, and
// ends with the weights of a run never interrupted, bit for bit.
const resumed = train({ task: addTwo(), resume: saved });
console.log((await resumed).steps); // → 2000

const straight = train({ task: addTwo(), seed: 0, steps: 2000 });
await straight;
const a = resumed.model.parameters();
const b = straight.model.parameters();
const same = a.every((p, i) => p.data.every((v, j) => v === b[i].data[j]));
console.log(same); // → true
// #endregion resume

// #region model
// A checkpoint records its model's class and options, so it alone
// rebuilds the model, at whatever size it was trained. So does a
// weights file written by saveModel (attn train --out writes one).
const model = checkpointModel(saved);
console.log(model.modelConfig().class); // → TutorialAttention
const back = loadModel(saveModel(resumed.model));
console.log(back.modelConfig().options.d); // → 4
// #endregion model

rmSync(dir, { recursive: true, force: true });
