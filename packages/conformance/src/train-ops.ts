// How the stepped reference ops run through @attn/train: the handler starts from the case's
// inputs, sets each step's gradient, takes one optimizer step, and returns the parameter after
// every step for the runner to compare.
import { Tensor } from '@attn/core';
import { Adam, AdamW, SGD, type Optimizer } from '@attn/train';
import type { OpHandler } from './ops.js';

/** The optimizer a reference case names, built with the reference's (PyTorch's) option names. */
function optimizerOf(param: Tensor, p: Record<string, unknown>): Optimizer {
  const n = (key: string) => p[key] as number;
  switch (p.optimizer) {
    case 'sgd_momentum':
      return new SGD([param], {
        lr: n('lr'), momentum: n('momentum'), dampening: n('dampening') ?? 0, nesterov: p.nesterov === true, weightDecay: n('weight_decay') ?? 0,
      });
    case 'adam':
    case 'adamw': {
      const options = { lr: n('lr'), betas: [n('beta1'), n('beta2')] as [number, number], eps: n('eps'), weightDecay: n('weight_decay') };
      return p.optimizer === 'adam' ? new Adam([param], options) : new AdamW([param], options);
    }
    default:
      throw new Error(`unknown optimizer ${JSON.stringify(p.optimizer)} (known: sgd_momentum, adam, adamw)`);
  }
}

/** Handlers of the ops @attn/train implements: `optimizer` (SGD with momentum, Adam, AdamW), a stepped op. */
export const trainOps: Record<string, OpHandler> = {
  optimizer: (x, p, stepGrads) => {
    const param = x.param;
    const opt = optimizerOf(param, p);
    const steps = stepGrads.map((g) => {
      param.grad = g;
      opt.step();
      return new Tensor(param.data.slice(), param.shape); // a copy: the next step updates param in place
    });
    return { outputs: {}, steps };
  },
};
