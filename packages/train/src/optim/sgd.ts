import { Optimizer, option } from './optimizer.js';
import type { Tensor } from '@attn/core';

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate. */
  lr: number;
  /** Momentum factor; 0 (plain SGD) by default. */
  momentum?: number;
  /** Dampening of the momentum; 0 by default. */
  dampening?: number;
  /** Nesterov momentum; false by default. */
  nesterov?: boolean;
  /** L2 penalty added to the gradient; 0 by default. */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent with momentum, Nesterov momentum and weight decay, with the
 * semantics of `torch.optim.SGD`.
 *
 * @example
 * ```ts
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * loss.backward(); opt.step(); opt.zeroGrad();
 * ```
 */
export class SGD extends Optimizer {
  protected readonly kind = 'sgd';
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  private bufs: (Float64Array | null)[];

  constructor(params: readonly Tensor[], options: SGDOptions) {
    super(params, options?.lr, 'SGD');
    const { momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 } = options;
    option(momentum >= 0 && Number.isFinite(momentum), 'SGD', `momentum must be >= 0, got ${momentum}`);
    option(weightDecay >= 0 && Number.isFinite(weightDecay), 'SGD', `weightDecay must be >= 0, got ${weightDecay}`);
    option(!nesterov || (momentum > 0 && dampening === 0), 'SGD', 'nesterov needs momentum > 0 and dampening 0');
    this.momentum = momentum;
    this.dampening = dampening;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
    this.bufs = params.map(() => null);
  }

  step(): void {
    const { lr, momentum, dampening, nesterov, weightDecay: wd } = this;
    this.params.forEach((p, i) => {
      if (!p.grad) return;
      const x = p.data;
      const g = p.grad.data;
      let buf = this.bufs[i];
      if (momentum !== 0 && buf === null) {
        buf = this.bufs[i] = new Float64Array(x.length);
        for (let j = 0; j < x.length; j++) buf[j] = g[j] + wd * x[j]; // the first step copies the gradient
      } else if (buf !== null) {
        for (let j = 0; j < x.length; j++) buf[j] = momentum * buf[j] + (1 - dampening) * (g[j] + wd * x[j]);
      }
      for (let j = 0; j < x.length; j++) {
        const d = g[j] + wd * x[j];
        const update = buf === null ? d : nesterov ? d + momentum * buf[j] : buf[j];
        x[j] -= lr * update;
      }
    });
    this.stepCount++;
  }

  protected hyper() {
    return { lr: this.lr, momentum: this.momentum, dampening: this.dampening, nesterov: this.nesterov, weightDecay: this.weightDecay };
  }
  protected buffers() {
    return { momentum: this.bufs };
  }
  protected restore(b: Record<string, (Float64Array | null)[]>): void {
    this.bufs = b.momentum;
  }
}
