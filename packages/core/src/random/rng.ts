import { check, describe, need } from '../errors.js';
import * as scalar from '../math/index.js';

/** The complete state of an {@link Rng}: four unsigned 32-bit words. */
export type RngState = [number, number, number, number];

/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32). It uses only
 * 32-bit integer arithmetic, so the same seed gives the same numbers, bit for bit, in Node and
 * in every browser. Its state can be saved and restored, for exact resumption of training.
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * rng.uniform(); // a number in [0, 1), the same on every machine
 * rng.normal(0, 1);
 * Rng.fromState(rng.state()).uniform() === rng.uniform(); // true
 * ```
 */
export class Rng {
  private s: Uint32Array;

  /** A generator for `seed` (any finite number; its low 32 bits and integer part are used). */
  constructor(seed = 0) {
    need(typeof seed === 'number' && Number.isFinite(seed), 'Rng', 'seed must be a finite number', seed);
    this.s = new Uint32Array(4);
    let z = Math.trunc(seed) >>> 0;
    for (let i = 0; i < 4; i++) {
      // splitmix32: spreads a small seed over the whole state
      z = (z + 0x9e3779b9) >>> 0;
      let t = z;
      t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
      t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
      this.s[i] = (t ^ (t >>> 15)) >>> 0;
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** A generator restored from {@link Rng.state}. */
  static fromState(state: RngState): Rng {
    check(Array.isArray(state) && state.length === 4 && state.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff),
      'FORMAT', () => `Rng.fromState: state must be 4 unsigned 32-bit integers, got ${describe(state)}`);
    // xoshiro never leaves the all-zero state: it would return 0 forever (and normal() would hang).
    check(state.some((w) => w !== 0), 'FORMAT', () => 'Rng.fromState: state must not be all zeros, got [0,0,0,0]');
    const r = new Rng(0);
    r.s.set(state);
    return r;
  }

  /** A copy of the current state. */
  state(): RngState {
    return [this.s[0], this.s[1], this.s[2], this.s[3]];
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A uniform number in `[low, high)` with 53 random bits. */
  uniform(low = 0, high = 1): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return low + ((hi * 67108864 + lo) / 9007199254740992) * (high - low);
  }

  /** A normal sample (Box–Muller). */
  normal(mean = 0, std = 1): number {
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    return mean + std * Math.sqrt(-2 * scalar.log(u)) * scalar.cos(2 * Math.PI * v);
  }

  /** A uniform integer in `[0, n)`. */
  int(n: number): number {
    need(Number.isInteger(n) && n > 0, 'Rng.int', 'n must be a positive integer', n);
    return Math.floor(this.uniform() * n);
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A new, independent generator derived from this one (advances this one). */
  split(): Rng {
    return new Rng(this.nextUint32());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
