import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/attn-error.js';
import { Rng, type RngState } from './rng.js';

// An independent xoshiro128** seeded by splitmix32, in BigInt arithmetic (no Math.imul, no >>>),
// following the reference C code: https://prng.di.unimi.it/xoshiro128starstar.c
const MASK = 0xffffffffn;
const mul32 = (a: bigint, b: bigint) => (a * b) & MASK;
const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & MASK;

function referenceStream(seed: number) {
  let z = BigInt(Math.trunc(seed)) & MASK;
  const s: bigint[] = [];
  for (let i = 0; i < 4; i++) {
    z = (z + 0x9e3779b9n) & MASK;
    let t = z;
    t = mul32(t ^ (t >> 16n), 0x21f0aaadn);
    t = mul32(t ^ (t >> 15n), 0x735a2d97n);
    s.push(t ^ (t >> 15n));
  }
  return () => {
    const result = mul32(rotl(mul32(s[1], 5n), 7n), 9n);
    const t = (s[1] << 9n) & MASK;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11n);
    return Number(result);
  };
}

const draw = (r: Rng, n: number) => Array.from({ length: n }, () => r.nextUint32());

describe('Rng', () => {
  it('new Rng(42) starts with the xoshiro128** words of the reference implementation', () => {
    const ref = referenceStream(42);
    const want = Array.from({ length: 8 }, ref);
    expect(draw(new Rng(42), 8)).toEqual(want);
    // the first three words, for anyone porting the generator
    expect(want.slice(0, 3)).toEqual([660444221, 3652823732, 77672526]);
  });

  it('Rng(seed) follows the reference for 1000 words, for seeds 0, 1, negative, fractional and ≥ 2³²', () => {
    for (const seed of [0, 1, -1, 7.9, 2 ** 32 + 5, 123456789]) {
      const ref = referenceStream(seed);
      expect(draw(new Rng(seed), 1000), `seed ${seed}`).toEqual(Array.from({ length: 1000 }, ref));
    }
  });

  it('the same seed gives the same sequence and different seeds different ones', () => {
    expect(draw(new Rng(5), 20)).toEqual(draw(new Rng(5), 20));
    expect(draw(new Rng(5), 20)).not.toEqual(draw(new Rng(6), 20));
    // only the integer part and the low 32 bits of the seed count
    expect(draw(new Rng(5.7), 5)).toEqual(draw(new Rng(5), 5));
    expect(draw(new Rng(2 ** 32 + 5), 5)).toEqual(draw(new Rng(5), 5));
  });

  it('uniform() builds a 53-bit fraction from two words (27 and 26 high bits)', () => {
    const ref = referenceStream(9);
    const r = new Rng(9);
    for (let i = 0; i < 100; i++) {
      const hi = Math.floor(ref() / 32);
      const lo = Math.floor(ref() / 64);
      expect(r.uniform()).toBe((hi * 2 ** 26 + lo) / 2 ** 53);
    }
  });

  it('uniform() lies in [0, 1) with mean ≈ 1/2 and variance ≈ 1/12 over 100k samples', () => {
    const r = new Rng(1);
    let sum = 0;
    let sq = 0;
    let lo = Infinity;
    let hi = -Infinity;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      sum += u;
      sq += u * u;
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it('uniform(low, high) scales to [low, high)', () => {
    const r = new Rng(2);
    for (let i = 0; i < 1000; i++) {
      const u = r.uniform(-3, 5);
      expect(u).toBeGreaterThanOrEqual(-3);
      expect(u).toBeLessThan(5);
    }
  });

  it('normal() has mean ≈ 0 and std ≈ 1 over 100k samples; normal(m, s) shifts and scales', () => {
    const r = new Rng(3);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    let within1 = 0;
    for (let i = 0; i < n; i++) {
      const v = r.normal();
      sum += v;
      sq += v * v;
      if (Math.abs(v) < 1) within1++;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(sq / n - mean * mean) - 1)).toBeLessThan(0.02);
    expect(Math.abs(within1 / n - 0.6827)).toBeLessThan(0.01); // Φ(1) − Φ(−1)
    // normal(m, s) = m + s · normal() on the same stream
    const a = new Rng(4);
    const b = new Rng(4);
    for (let i = 0; i < 10; i++) expect(a.normal(10, 0.5)).toBeCloseTo(10 + 0.5 * b.normal(), 12);
  });

  it('state() and fromState() resume the exact sequence', () => {
    const r = new Rng(11);
    draw(r, 5);
    const s = r.state();
    const rest = draw(r, 10);
    expect(draw(Rng.fromState(s), 10)).toEqual(rest);
    // state() is a copy: changing it does not touch the generator
    const r2 = new Rng(11);
    const s2 = r2.state();
    s2[0] = 0;
    expect(draw(r2, 3)).toEqual(draw(new Rng(11), 3));
    // the state survives a JSON round trip
    expect(draw(Rng.fromState(JSON.parse(JSON.stringify(s)) as RngState), 10)).toEqual(rest);
  });

  it('split() derives a child seeded with the parent\'s next word, independent of the parent', () => {
    const parent = new Rng(8);
    const probe = new Rng(8);
    const child = parent.split();
    expect(draw(child, 5)).toEqual(draw(new Rng(probe.nextUint32()), 5));
    expect(draw(parent, 5)).toEqual(draw(probe, 5)); // the split advanced the parent by one word
    // the two streams do not track each other: few equal words and near-zero correlation
    const a = draw(parent, 10_000).map((w) => w / 2 ** 32 - 0.5);
    const b = draw(child, 10_000).map((w) => w / 2 ** 32 - 0.5);
    let dot = 0;
    for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
    expect(Math.abs(dot / a.length / (1 / 12))).toBeLessThan(0.05);
    // two splits give two different children
    expect(draw(parent.split(), 5)).not.toEqual(draw(parent.split(), 5));
  });

  it('int(n) returns integers in [0, n), each about equally often', () => {
    const r = new Rng(12);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) {
      const k = r.int(3);
      expect(Number.isInteger(k)).toBe(true);
      counts[k]++;
    }
    expect(counts.reduce((a, b) => a + b)).toBe(3000);
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
    for (let i = 0; i < 20; i++) expect(r.int(1)).toBe(0);
    const big = r.int(2 ** 40);
    expect(big).toBeGreaterThanOrEqual(0);
    expect(big).toBeLessThan(2 ** 40);
  });

  it('shuffle(items) permutes in place, deterministically for a seed, reaching every order', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = new Rng(13).shuffle(items);
    expect(out).toBe(items);
    expect([...out].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Rng(13).shuffle([1, 2, 3, 4, 5, 6, 7, 8])).toEqual(out);
    expect(new Rng(13).shuffle([])).toEqual([]);
    expect(new Rng(13).shuffle(['a'])).toEqual(['a']);
    const seen = new Map<string, number>();
    const r = new Rng(14);
    for (let i = 0; i < 600; i++) {
      const key = r.shuffle(['a', 'b', 'c']).join('');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
    for (const c of seen.values()) expect(Math.abs(c - 100)).toBeLessThan(40);
  });

  it('Rng rejects a seed that is not a finite number', () => {
    expectAttnError(() => new Rng(NaN), 'ARGUMENT', 'Rng: seed must be a finite number, got NaN');
    expectAttnError(() => new Rng(Infinity), 'ARGUMENT', 'Rng: seed must be a finite number, got Infinity');
    expectAttnError(() => new Rng('7' as unknown as number), 'ARGUMENT', 'Rng: seed must be a finite number, got "7"');
  });

  it('int(n) rejects n that is not a positive integer', () => {
    const r = new Rng(0);
    expectAttnError(() => r.int(0), 'ARGUMENT', 'Rng.int: n must be a positive integer, got 0');
    expectAttnError(() => r.int(-2), 'ARGUMENT', 'Rng.int: n must be a positive integer, got -2');
    expectAttnError(() => r.int(2.5), 'ARGUMENT', 'Rng.int: n must be a positive integer, got 2.5');
  });

  it('fromState(state) rejects malformed states with a FORMAT error', () => {
    const bad = (s: unknown, got: string) =>
      expectAttnError(() => Rng.fromState(s as RngState), 'FORMAT', `Rng.fromState: state must be 4 unsigned 32-bit integers, got ${got}`);
    bad([1, 2, 3], '[1,2,3]');
    bad([1, 2, 3, 4, 5], '[1,2,3,4,5]');
    bad([1, 2, 3, -4], '[1,2,3,-4]');
    bad([1, 2, 3, 2 ** 32], '[1,2,3,4294967296]');
    bad([1, 2, 3, 0.5], '[1,2,3,0.5]');
    bad([1, 2, 3, '4'], '[1,2,3,"4"]');
    bad('1,2,3,4', '"1,2,3,4"');
    bad(null, 'null');
    bad({ 0: 1, 1: 2, 2: 3, 3: 4, length: 4 }, 'object');
  });

  it('fromState([0, 0, 0, 0]) is rejected: xoshiro would return 0 forever', () => {
    expectAttnError(() => Rng.fromState([0, 0, 0, 0]), 'FORMAT', 'Rng.fromState: state must not be all zeros, got [0,0,0,0]');
    expect(draw(Rng.fromState([0, 0, 0, 1]), 4).some((w) => w !== 0)).toBe(true);
  });
});
