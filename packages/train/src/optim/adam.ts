import { math, type Tensor } from '@attn/core';
import { Optimizer, option } from './optimizer.js';
import { show } from '../check.js';

/** Options of {@link Adam} and {@link AdamW}. */
export interface AdamOptions {
  /** Learning rate; 1e-3 by default. */
  lr?: number;
  /** Decay rates of the first and second moment estimates; [0.9, 0.999] by default. */
  betas?: [number, number];
  /** Added to the denominator for stability; 1e-8 by default. */
  eps?: number;
  /** Adam: L2 penalty added to the gradient (0 by default). AdamW: decoupled decay (0.01 by default). */
  weightDecay?: number;
}

/**
 * Adam (Kingma & Ba) with bias correction and optional L2 weight decay, with the semantics of
 * `torch.optim.Adam`.
 *
 * @example
 * ```ts
 * const opt = new Adam(model.parameters(), { lr: 0.01 });
 * loss.backward(); opt.step(); opt.zeroGrad();
 * ```
 */
export class Adam extends Optimizer {
  protected readonly kind: string = 'adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** Decoupled (AdamW) instead of L2 (Adam) weight decay. */
  protected readonly decoupled: boolean = false;
  private m: (Float64Array | null)[];
  private v: (Float64Array | null)[];

  constructor(params: readonly Tensor[], options: AdamOptions = {}, defaultDecay = 0, op = 'Adam') {
    super(params, options.lr ?? 1e-3, op);
    const betas = options.betas ?? [0.9, 0.999];
    option(Array.isArray(betas) && betas.length === 2 && betas.every((b) => typeof b === 'number' && b >= 0 && b < 1), op, `betas must be two numbers in [0, 1), got ${show(betas)}`);
    const [beta1, beta2] = betas;
    const eps = options.eps ?? 1e-8;
    option(eps > 0 && Number.isFinite(eps), op, `eps must be > 0, got ${eps}`);
    const weightDecay = options.weightDecay ?? defaultDecay;
    option(weightDecay >= 0 && Number.isFinite(weightDecay), op, `weightDecay must be >= 0, got ${weightDecay}`);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.m = params.map(() => null);
    this.v = params.map(() => null);
  }

  step(): void {
    const t = ++this.stepCount;
    const { lr, beta1, beta2, eps, weightDecay: wd, decoupled } = this;
    // math.pow, not `**`: engines' pow differ in the last bit, and so would the weights
    const c1 = 1 - math.pow(beta1, t);
    const sqrtC2 = Math.sqrt(1 - math.pow(beta2, t));
    const stepSize = lr / c1;
    this.params.forEach((p, i) => {
      if (!p.grad) return;
      const x = p.data;
      const g = p.grad.data;
      const m = (this.m[i] ??= new Float64Array(x.length));
      const v = (this.v[i] ??= new Float64Array(x.length));
      for (let j = 0; j < x.length; j++) {
        if (decoupled) x[j] *= 1 - lr * wd;
        const gj = decoupled ? g[j] : g[j] + wd * x[j];
        m[j] = beta1 * m[j] + (1 - beta1) * gj;
        v[j] = beta2 * v[j] + (1 - beta2) * gj * gj;
        // same order of operations as torch.optim.Adam
        x[j] -= (stepSize * m[j]) / (Math.sqrt(v[j]) / sqrtC2 + eps);
      }
    });
  }

  protected hyper() {
    return { lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay };
  }
  protected buffers() {
    return { m: this.m, v: this.v };
  }
  protected restore(b: Record<string, (Float64Array | null)[]>): void {
    this.m = b.m;
    this.v = b.v;
  }
}

/**
 * AdamW (Loshchilov & Hutter): Adam with weight decay decoupled from the gradient
 * (`p -= lr·wd·p` before the Adam update), with the semantics of `torch.optim.AdamW`.
 *
 * @example
 * ```ts
 * const opt = new AdamW(model.parameters(), { lr: 3e-3, weightDecay: 0.1 });
 * ```
 */
export class AdamW extends Adam {
  protected override readonly kind = 'adamw';
  protected override readonly decoupled = true;
  constructor(params: readonly Tensor[], options: AdamOptions = {}) {
    super(params, options, 0.01, 'AdamW');
  }
}
