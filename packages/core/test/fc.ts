// fast-check with generators of tensor shapes shared by the property tests.
import * as fcBase from 'fast-check';

/** A shape of rank 0–4 with small axes. */
const shape = (maxRank = 4) => fcBase.array(fcBase.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: maxRank });

/** Two shapes that broadcast: b is a suffix of a (or vice versa) with some axes set to 1. */
const broadcastPair = () =>
  fcBase
    .tuple(shape(), fcBase.integer({ min: 0, max: 4 }), fcBase.array(fcBase.boolean(), { minLength: 4, maxLength: 4 }), fcBase.array(fcBase.boolean(), { minLength: 4, maxLength: 4 }), fcBase.boolean())
    .map(([s, drop, onesA, onesB, swap]) => {
      const b = s.slice(Math.min(drop, s.length));
      const a2 = s.map((d, i) => (onesA[i] ? 1 : d));
      const b2 = b.map((d, i) => (onesB[i] ? 1 : d));
      return (swap ? [b2, a2] : [a2, b2]) as [number[], number[]];
    });

/** A shape of rank 1–4 and a permutation of its axes. */
const shapeAndPermutation = () =>
  shape()
    .filter((s) => s.length > 0)
    .chain((s) => fcBase.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length }).map((p) => [s, p] as [number[], number[]]));

/** A shape of rank 1–4 and one of its axes, possibly negative (counted from the end). */
const shapeAndAxis = () =>
  shape()
    .filter((s) => s.length > 0)
    .chain((s) => fcBase.integer({ min: -s.length, max: s.length - 1 }).map((a) => [s, a] as [number[], number]));

/**
 * Shapes of a matmul chain A·B·C: `[...batchA, m, k]`, `[...batchB, k, n]`, `[...batchA, n, p]`
 * with broadcastable batch axes, or 1-D ends (A `[k]`, C `[n]`). With a 1-D end B is a plain
 * matrix: as in torch, `[k]·[b, k, n]` is `[b, n]`, whose batch axis then acts as matrix rows.
 */
const matmulChain = () =>
  fcBase
    .tuple(fcBase.array(fcBase.integer({ min: 1, max: 5 }), { minLength: 4, maxLength: 4 }), broadcastPair(), fcBase.boolean(), fcBase.boolean())
    .map(([[m, k, n, p], [ba, bb], vecA, vecC]) => {
      const a = vecA ? [k] : [...ba, m, k];
      const b = vecA || vecC ? [k, n] : [...bb, k, n];
      const c = vecC ? [n] : [...ba, n, p];
      return [a, b, c] as [number[], number[], number[]];
    });

// A copy of the namespace, not an object inheriting from it: a module namespace's [[Set]] always
// fails, so assigning to an object whose prototype is one throws (V8 does so from Node 26 on).
export const fc = { ...fcBase, shape, broadcastPair, shapeAndPermutation, shapeAndAxis, matmulChain } as typeof fcBase & {
  shape: typeof shape;
  broadcastPair: typeof broadcastPair;
  shapeAndPermutation: typeof shapeAndPermutation;
  shapeAndAxis: typeof shapeAndAxis;
  matmulChain: typeof matmulChain;
};
