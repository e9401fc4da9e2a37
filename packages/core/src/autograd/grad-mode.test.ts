import { describe, expect, it } from 'vitest';
import { mul } from '../ops/elementwise.js';
import { matmul } from '../ops/matmul.js';
import { tensor } from '../tensor/create.js';
import { isGradEnabled, noGrad } from './grad-mode.js';

describe('noGrad', () => {
  it('gradients are recorded by default', () => {
    expect(isGradEnabled()).toBe(true);
    expect(mul(tensor([1], { requiresGrad: true }), 2).requiresGrad).toBe(true);
  });

  it('noGrad(fn) returns fn\'s value, and results inside it do not require grad', () => {
    const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return matmul(mul(w, 2), w);
    });
    expect(y.toArray()).toEqual([[14, 20], [30, 44]]);
    expect(y.requiresGrad).toBe(false);
    expect(y._parents).toBe(null);
    expect(w.requiresGrad).toBe(true);
    expect(isGradEnabled()).toBe(true);
  });

  it('noGrad restores the mode even when the callback throws', () => {
    expect(() => noGrad(() => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  it('nested noGrad keeps gradients off until the outermost call returns', () => {
    noGrad(() => {
      noGrad(() => expect(isGradEnabled()).toBe(false));
      expect(isGradEnabled()).toBe(false);
    });
    expect(isGradEnabled()).toBe(true);
  });
});
