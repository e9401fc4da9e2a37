// #region define
import { AttnError, Linear, Module, ones, tensor, type Tensor } from '@attn/core';

/** x·scale, then a Linear layer: a parameter of its own and a child module. */
class ScaleThenLinear extends Module {
  readonly scale = this.param('scale', ones([3])); // requiresGrad is set for you
  readonly proj = this.module('proj', new Linear(3, 2, { seed: 0 }));
  forward(x: Tensor): Tensor {
    return this.proj.forward(x.mul(this.scale));
  }
}

/** Modules nest: names are dotted paths, like PyTorch's. */
class Stack extends Module {
  readonly first = this.module('first', new ScaleThenLinear());
  readonly blocks = [0, 1].map((i) => this.module(`blocks.${i}`, new Linear(2, 2, { seed: i })));
  forward(x: Tensor): Tensor {
    return this.blocks.reduce((h, block) => block.forward(h).relu(), this.first.forward(x));
  }
}

const model = new Stack();
console.log(model.namedParameters().map(([name]) => name).join(', '));
// → first.scale, first.proj.weight, first.proj.bias, blocks.0.weight, blocks.0.bias, blocks.1.weight, blocks.1.bias
console.log(model.numParameters(), model.blocks[1].path); // → 23 blocks.1
console.log(model.forward(tensor([[1, 2, 3]])).shape); // → [ 1, 2 ]
// #endregion define

// #region modes
// train() and eval() set the mode of the whole tree (modules may read this.training)
model.eval();
console.log(model.training, model.first.proj.training); // → false false
model.train();
// #endregion modes

// #region state
// stateDict(): the parameters by name; loadStateDict() copies values into another model
const copy = new Stack();
copy.blocks[0].weight.data.fill(0);
copy.loadStateDict(model.stateDict());
const x = tensor([[1, 2, 3]]);
console.log(copy.forward(x).data.join() === model.forward(x).data.join()); // → true

// Every shape must fit, and with strict (the default) every name; nothing changes when it throws.
try {
  new ScaleThenLinear().loadStateDict({ scale: ones([4]), bias: ones([2]) });
} catch (e) {
  console.log((e as AttnError).code, (e as AttnError).message);
  // → STATE loadStateDict: state does not fit ScaleThenLinear: missing proj.weight, proj.bias; unexpected bias; scale has shape [4], expected [3]
}
// strict: false loads the names that fit and skips the others (shapes are still checked)
const partial = new ScaleThenLinear();
partial.loadStateDict({ scale: tensor([1, 2, 3]), unused: ones([1]) }, { strict: false });
console.log(partial.scale.toArray()); // → [ 1, 2, 3 ]
// #endregion state
