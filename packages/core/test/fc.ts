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

export const fc = Object.assign(Object.create(fcBase), fcBase, { shape, broadcastPair }) as typeof fcBase & {
  shape: typeof shape;
  broadcastPair: typeof broadcastPair;
};
