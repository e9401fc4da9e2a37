import { AttnError, Tensor } from '@attn/core';

/** Everything an optimizer needs to continue exactly where it stopped, as plain data. */
export interface OptimizerState {
  /** Which optimizer wrote it, e.g. `'adam'`. */
  kind: string;
  /** Steps taken so far. */
  step: number;
  /** Hyperparameters (learning rate, betas, …). */
  hyper: Record<string, number | boolean>;
  /** Per-parameter buffers by name (`momentum`, `m`, `v`); `null` where none was created yet. */
  buffers: Record<string, (Float64Array | null)[]>;
}

/** @internal Throws an ARGUMENT AttnError naming the optimizer and option unless `ok`. */
export function option(ok: boolean, op: string, message: string): void {
  if (!ok) throw new AttnError('ARGUMENT', `${op}: ${message}`);
}

/**
 * Base class of the optimizers: it holds the parameters, the learning rate (which schedules
 * change between steps) and the step count. `step()` updates every parameter that has a
 * gradient, in place, outside the autograd graph.
 */
export abstract class Optimizer {
  /** The learning rate used by the next `step()`. */
  lr: number;
  /** Steps taken so far. */
  stepCount = 0;
  readonly params: readonly Tensor[];
  protected abstract readonly kind: string;

  constructor(params: readonly Tensor[], lr: number, op: string) {
    option(Array.isArray(params) && params.length > 0 && params.every((p) => p instanceof Tensor), op,
      `params must be a non-empty array of tensors, got ${Array.isArray(params) ? `${params.length} items` : typeof params}`);
    option(typeof lr === 'number' && lr >= 0 && Number.isFinite(lr), op, `lr must be a finite number >= 0, got ${lr}`);
    this.params = params;
    this.lr = lr;
  }

  /** Applies one update from the current gradients. */
  abstract step(): void;

  /** Clears the gradients of every parameter. */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  /** The hyperparameters to save. */
  protected abstract hyper(): Record<string, number | boolean>;
  /** The per-parameter buffers to save. */
  protected abstract buffers(): Record<string, (Float64Array | null)[]>;
  /** Restores buffers from a saved state (already validated). */
  protected abstract restore(buffers: Record<string, (Float64Array | null)[]>): void;

  /** A copy of the optimizer's state. */
  state(): OptimizerState {
    const buffers = Object.fromEntries(Object.entries(this.buffers()).map(([k, list]) => [k, list.map((b) => (b ? b.slice() : null))]));
    return { kind: this.kind, step: this.stepCount, hyper: this.hyper(), buffers };
  }

  /** Continues from a saved state; refuses one written by another optimizer or for other parameters. */
  loadState(state: OptimizerState): void {
    const op = `${this.constructor.name}.loadState`;
    if (state?.kind !== this.kind) throw new AttnError('STATE', `${op}: state was written by '${state?.kind}', not '${this.kind}'`);
    const own = this.buffers();
    for (const [name, list] of Object.entries(own)) {
      const saved = state.buffers?.[name];
      if (!Array.isArray(saved) || saved.length !== list.length) {
        throw new AttnError('STATE', `${op}: buffer '${name}' has ${Array.isArray(saved) ? saved.length : 'no'} entries, expected ${list.length} (one per parameter)`);
      }
      saved.forEach((b, i) => {
        if (b !== null && b.length !== this.params[i].size) {
          throw new AttnError('STATE', `${op}: buffer '${name}' of parameter ${i} has ${b.length} values, expected ${this.params[i].size}`);
        }
      });
    }
    this.stepCount = state.step;
    if (typeof state.hyper?.lr === 'number') this.lr = state.hyper.lr;
    this.restore(Object.fromEntries(Object.keys(own).map((k) => [k, state.buffers[k].map((b) => (b ? Float64Array.from(b) : null))])));
  }
}
