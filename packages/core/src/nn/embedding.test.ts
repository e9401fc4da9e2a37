import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/nn-testing.js';
import { Embedding, init, mul, sum, tensor } from '../index.js';

describe('Embedding', () => {
  it('Embedding.forward picks the rows of its weight: [...] indices → [..., dim]', () => {
    const emb = new Embedding(3, 2);
    emb.loadStateDict({ weight: tensor([[1, 2], [3, 4], [5, 6]]) });
    const y = emb.forward(tensor([[2, 0], [1, 1]]));
    expect(y.shape).toEqual([2, 2, 2]);
    expect(y.toArray()).toEqual([[[5, 6], [1, 2]], [[3, 4], [3, 4]]]);
  });

  it('Embedding gradients add up in the picked rows, repeated rows twice, others 0', () => {
    const emb = new Embedding(4, 2);
    const up = tensor([[1, 2], [3, 4], [5, 6]]);
    sum(mul(emb.forward(tensor([1, 3, 1])), up)).backward();
    expect(emb.weight.grad?.toArray()).toEqual([[0, 0], [6, 8], [0, 0], [3, 4]]);
  });

  it('Embedding starts from N(0, 1) like PyTorch, or from the init option', () => {
    const w = new Embedding(500, 8, { seed: 1 }).weight.toFlat();
    const mean = w.reduce((a, b) => a + b) / w.length;
    const std = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
    expect(new Embedding(2, 2, { init: init.constant(7) }).weight.toFlat()).toEqual([7, 7, 7, 7]);
  });

  it('Embedding with the same seed has the same table', () => {
    expect(new Embedding(5, 3, { seed: 2 }).weight.toFlat()).toEqual(new Embedding(5, 3, { seed: 2 }).weight.toFlat());
    expect(new Embedding(5, 3, { seed: 2 }).weight.toFlat()).not.toEqual(new Embedding(5, 3, { seed: 3 }).weight.toFlat());
  });

  it('Embedding refuses indices out of range or not integers, and bad sizes', () => {
    const emb = new Embedding(3, 2);
    expect(thrown(() => emb.forward(tensor([0, 3])))).toMatchObject({
      code: 'RANGE', message: 'gatherRows: indices must be integers in [0, 3), got 3 at position 1',
    });
    expect(thrown(() => emb.forward(tensor([0.5])))).toMatchObject({ code: 'RANGE' });
    expect(thrown(() => emb.forward(tensor([-1])))).toMatchObject({ code: 'RANGE' });
    expect(thrown(() => new Embedding(0, 2))).toMatchObject({ code: 'ARGUMENT', message: 'Embedding: num must be a positive integer, got 0' });
    expect(thrown(() => new Embedding(2, -1))).toMatchObject({ code: 'ARGUMENT', message: 'Embedding: dim must be a positive integer, got -1' });
  });
});
