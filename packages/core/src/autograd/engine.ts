import { AttnError, fmt } from '../errors.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor, type Storage } from '../tensor/tensor.js';
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

/** @internal Adds `g` (same size as `t`) into `t.grad`, allocating it on first use. */
export function accumulate(t: Tensor, g: Storage): void {
  if (!t.requiresGrad) return;
  if (t.grad === null) {
    const copy = t.data instanceof Float32Array ? new Float32Array(g) : new Float64Array(g);
    t.grad = new Tensor(copy, t.shape);
    return;
  }
  const d = t.grad.data;
  for (let i = 0; i < d.length; i++) d[i] += g[i];
}

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

  // Iterative post-order DFS: deep graphs must not overflow the call stack.
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const node = top[0];
    const parents = node._parents;
    if (parents !== null && top[1] < parents.length) {
      const p = parents[top[1]++];
      checkNotFreed(p);
      if (p.requiresGrad && p._backward !== null && !visited.has(p)) {
        visited.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }

  accumulate(root, seed);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    const bw = node._backward;
    if (bw === null) continue; // a leaf root keeps its grad
    // A node's grad is complete once all of its consumers (earlier in this loop) ran.
    if (node.grad !== null) bw(node.grad.data);
    // Like PyTorch: only leaves keep .grad; the graph is freed after use.
    node.grad = null;
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
