import { AttnError, check, describe, fmt, need } from '../errors.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** A model's parameters by dotted name (`blocks.0.self_attn.in_proj_weight`), as plain tensors. */
export type StateDict = Record<string, Tensor>;

/**
 * A model's class and every constructor option (defaults resolved) as plain JSON: what
 * {@link saveModel} writes into a weights file and {@link loadModel} rebuilds from.
 * Seeds, generators and initializers are not recorded: the weights replace them.
 */
export interface ModelConfig {
  class: string;
  options: Record<string, unknown>;
}

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateOptions {
  /** Refuse missing and unexpected names (default true); shapes must always match. */
  strict?: boolean;
}

/**
 * Base class of every layer and model: it owns named parameters and child modules,
 * registered explicitly in the constructor, and knows its place in its parent.
 * Parameter names follow PyTorch's where a PyTorch counterpart exists, so state dicts can be
 * exchanged with it (see {@link encodeSafetensors}).
 *
 * @example
 * ```ts
 * class Affine extends Module {
 *   w = this.param('weight', ones([3]));
 *   forward(x: Tensor) { return x.mul(this.w); }
 * }
 * new Affine().namedParameters().map(([name]) => name); // ['weight']
 * ```
 */
export abstract class Module {
  /** True in training mode (the default), false after {@link Module.eval}. */
  training = true;
  private readonly _params = new Map<string, Tensor>();
  private readonly _modules = new Map<string, Module>();
  private _parent: Module | null = null;
  private _name = '';

  /** Registers a parameter (marking it `requiresGrad`) and returns it. */
  protected param(name: string, t: Tensor): Tensor {
    need(t instanceof Tensor, 'Module.param', `'${name}' must be a Tensor`, t);
    check(!this._params.has(name) && !this._modules.has(name), 'ARGUMENT', () => `Module.param: name '${name}' is already registered`);
    t.requiresGrad = true;
    this._params.set(name, t);
    return t;
  }

  /** Registers a child module and returns it. */
  protected module<M extends Module>(name: string, m: M): M {
    need(m instanceof Module, 'Module.module', `'${name}' must be a Module`, m);
    check(!this._params.has(name) && !this._modules.has(name), 'ARGUMENT', () => `Module.module: name '${name}' is already registered`);
    this._modules.set(name, m);
    m._parent = this;
    m._name = name;
    return m;
  }

  /** Dotted path of this module from the root, e.g. `blocks.1.self_attn` (`''` for the root). */
  get path(): string {
    const parts: string[] = [];
    for (let m: Module | null = this; m !== null && m._parent !== null; m = m._parent) parts.unshift(m._name);
    return parts.join('.');
  }

  /** Every parameter with its dotted name, in registration order (depth first). */
  namedParameters(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const walk = (m: Module, prefix: string) => {
      for (const [n, p] of m._params) out.push([prefix + n, p]);
      for (const [n, c] of m._modules) walk(c, `${prefix}${n}.`);
    };
    walk(this, '');
    return out;
  }

  /** Every parameter, in the order of {@link Module.namedParameters}. */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** This module and all modules below it, with their dotted names. */
  namedModules(): [string, Module][] {
    const out: [string, Module][] = [];
    const walk = (m: Module, name: string) => {
      out.push([name, m]);
      for (const [n, c] of m._modules) walk(c, name ? `${name}.${n}` : n);
    };
    walk(this, '');
    return out;
  }

  /** Number of scalar parameters. */
  numParameters(): number {
    return this.parameters().reduce((s, p) => s + p.size, 0);
  }

  /** Sets training mode on this module and all below it; returns this. */
  train(on = true): this {
    for (const [, m] of this.namedModules()) m.training = on;
    return this;
  }

  /** Sets evaluation mode (`train(false)`); returns this. */
  eval(): this {
    return this.train(false);
  }

  /** Clears the gradients of every parameter. */
  zeroGrad(): void {
    // called every step: walk the tree without building names
    for (const p of this._params.values()) p.grad = null;
    for (const m of this._modules.values()) m.zeroGrad();
  }

  /**
   * The class and resolved constructor options that rebuild this module (see {@link ModelConfig});
   * every shipped layer and model has one, a custom module refuses.
   *
   * @example
   * ```ts
   * new LayerNorm(4).modelConfig(); // { class: 'LayerNorm', options: { dim: 4, eps: 1e-5 } }
   * ```
   */
  modelConfig(): ModelConfig {
    throw new AttnError('ARGUMENT', `modelConfig: ${this.constructor.name} does not record its configuration, got a custom module`);
  }

  /** The parameters by name, as tensors that share storage with the model but not its graph. */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [n, p] of this.namedParameters()) out[n] = p.detach();
    return out;
  }

  /**
   * Copies values into the parameters. Every shape must match; with `strict` (the default)
   * missing and unexpected names are refused too. Nothing is changed when it throws.
   */
  loadStateDict(state: StateDict, options: LoadStateOptions = {}): void {
    const { strict = true } = options;
    check(state !== null && typeof state === 'object', 'STATE', () => `loadStateDict: expected an object of tensors, got ${describe(state)}`);
    const own = new Map(this.namedParameters());
    const problems: string[] = [];
    if (strict) {
      const missing = [...own.keys()].filter((n) => !Object.hasOwn(state, n));
      const unexpected = Object.keys(state).filter((n) => !own.has(n));
      if (missing.length) problems.push(`missing ${missing.join(', ')}`);
      if (unexpected.length) problems.push(`unexpected ${unexpected.join(', ')}`);
    }
    for (const [n, t] of Object.entries(state)) {
      const p = own.get(n);
      if (!p) continue;
      if (!(t instanceof Tensor)) problems.push(`${n} is not a Tensor (got ${describe(t)})`);
      else if (!sameShape(t.shape, p.shape)) problems.push(`${n} has shape ${fmt(t.shape)}, expected ${fmt(p.shape)}`);
    }
    if (problems.length) throw new AttnError('STATE', `loadStateDict: state does not fit ${this.constructor.name}: ${problems.join('; ')}`);
    for (const [n, t] of Object.entries(state)) own.get(n)?.data.set(t.data);
  }
}
