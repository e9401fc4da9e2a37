import { AttnError } from '@attn/core';
import { addTwo, train } from '@attn/train';

// SGD with a learning rate far too large and no clipping:
// the weights blow up within a few steps.
try {
  await train({
    task: addTwo(),
    seed: 0,
    steps: 200,
    optimizer: { kind: 'sgd', lr: 10 },
    clip: null,
  });
} catch (e) {
  if (!(e instanceof AttnError)) throw e;
  console.log(e.code); // → NUMERIC
  console.log(e.message);
  // → train: step 4: the gradient norm is Infinity; parameters are left as after step 3
}
