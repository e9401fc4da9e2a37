import { AttnError, fmt } from '../errors.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { Storage } from '../tensor/storage.js';
import { isGradEnabled } from './grad-mode.js';

/** Marks a node whose graph an earlier backward() freed, so it is not mistaken for a leaf. */
const FREED: readonly Tensor[] = [];

/**
 * @internal Makes `out` a node of the graph when any parent requires grad.
 * `backward(g)` receives dL/d(out) and must accumulate into the parents with {@link accumulate}.
 */
export function attach(out: Tensor, parents: readonly Tensor[], backward: (g: Storage) => void): Tensor {
  if (!isGradEnabled()) return out;
  for (let i = 0; i < parents.length; i++) {
    if (parents[i].requiresGrad) {
      out.requiresGrad = true;
      out._parents = parents;
      out._backward = backward;
      return out;
    }
  }
  return out;
}

/** @internal Adds `g` (same size as `t`) into `t`'s gradient; `g` stays the caller's. */
export function accumulate(t: Tensor, g: Storage): void {
  if (t.requiresGrad) addGrad(t, g, false);
}

/**
 * @internal Like {@link accumulate}, but hands `g` over: use it only for an array that nothing
 * else holds (freshly computed in a backward closure, or the node's own gradient passed to a
 * single parent), which saves a copy.
 */
export function accumulateOwned(t: Tensor, g: Storage): void {
  if (t.requiresGrad) addGrad(t, g, true);
}

function addGrad(t: Tensor, g: Storage, owned: boolean): void {
  const own = owned && (g instanceof Float32Array) === (t.data instanceof Float32Array) ? g : null;
  if (t._backward !== null) {
    // an intermediate node: a raw array, freed after its backward ran
    if (t._g === null) t._g = own ?? copyOf(t, g);
    else addInto(t._g, g);
    return;
  }
  if (t.grad === null) t.grad = new Tensor(own ?? copyOf(t, g), t.shape);
  else addInto(t.grad.data, g);
}

function copyOf(t: Tensor, g: Storage): Storage {
  return t.data instanceof Float32Array ? new Float32Array(g) : new Float64Array(g);
}

function addInto(d: Storage, g: Storage): void {
  for (let i = 0; i < d.length; i++) d[i] += g[i];
}

let sweep = 0;

/** @internal Reverse-mode sweep from `root`; see {@link Tensor.backward}. */
export function runBackward(root: Tensor, upstream?: Tensor): void {
  if (!root.requiresGrad) {
    throw new AttnError('GRAD', 'backward: tensor does not require grad (no parameter with requiresGrad reached it)');
  }
  checkNotFreed(root);
  let seed: Storage;
  if (upstream === undefined) {
    if (root.size !== 1) {
      throw new AttnError('GRAD', `backward: needs an upstream gradient for a non-scalar output, got shape ${fmt(root.shape)}`);
    }
    seed = root.data instanceof Float32Array ? new Float32Array(1).fill(1) : new Float64Array(1).fill(1);
  } else {
    if (!sameShape(upstream.shape, root.shape)) {
      throw new AttnError('SHAPE', `backward: upstream gradient must have the output's shape ${fmt(root.shape)}, got ${fmt(upstream.shape)}`);
    }
    seed = upstream.data;
  }

  // Iterative post-order DFS (deep graphs must not overflow the call stack), marking visited
  // nodes with this sweep's number instead of keeping a Set.
  const mark = ++sweep;
  const order: Tensor[] = [];
  const nodes: Tensor[] = [root];
  const next: number[] = [0];
  root._mark = mark;
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top];
    const parents = node._parents;
    if (parents !== null && next[top] < parents.length) {
      const p = parents[next[top]++];
      checkNotFreed(p);
      if (p.requiresGrad && p._backward !== null && p._mark !== mark) {
        p._mark = mark;
        nodes.push(p);
        next.push(0);
      }
    } else {
      nodes.pop();
      next.pop();
      order.push(node);
    }
  }

  accumulate(root, seed);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    const bw = node._backward;
    if (bw === null) continue; // a leaf root keeps its grad
    // A node's gradient is complete once all of its consumers (earlier in this loop) ran.
    const g = node._g;
    node._g = null;
    if (g !== null) bw(g);
    // Like PyTorch: only leaves keep .grad; the graph is freed after use.
    node._backward = null;
    node._parents = FREED;
  }
}

// Like PyTorch: silently treating a freed node as a leaf would drop the gradients behind it.
function checkNotFreed(t: Tensor): void {
  if (t._parents === FREED) {
    throw new AttnError('GRAD',
      `backward: the graph behind a tensor of shape ${fmt(t.shape)} was freed by an earlier backward(); run the forward pass again`);
  }
}
