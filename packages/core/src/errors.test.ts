import { describe, expect, it } from 'vitest';
import { AttnError, check, describe as describeValue, fmt } from './errors.js';

describe('AttnError', () => {
  it('AttnError carries its code, message and name, and is an Error', () => {
    const e = new AttnError('SHAPE', 'matmul: inner dimensions must match, got a [2,3] and b [4,2]');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('AttnError');
    expect(e.code).toBe('SHAPE');
    expect(e.message).toBe('matmul: inner dimensions must match, got a [2,3] and b [4,2]');
    expect(String(e)).toBe('AttnError: matmul: inner dimensions must match, got a [2,3] and b [4,2]');
  });

  it('check(cond) throws an AttnError with the code, building the message only on failure', () => {
    let built = 0;
    const msg = () => {
      built++;
      return 'op: problem, got 3';
    };
    check(true, 'RANGE', msg);
    expect(built).toBe(0);
    expect(() => check(0, 'RANGE', msg)).toThrow(new AttnError('RANGE', 'op: problem, got 3'));
    expect(built).toBe(1);
    try {
      check(null, 'GRAD', msg);
    } catch (e) {
      expect((e as AttnError).code).toBe('GRAD');
    }
  });

  it('fmt(shape) writes shapes without spaces, [] for a scalar', () => {
    expect(fmt([2, 3])).toBe('[2,3]');
    expect(fmt([])).toBe('[]');
    expect(fmt([7])).toBe('[7]');
  });

  it('describe(v) shows strings quoted, numbers and short arrays as values, the rest by type', () => {
    expect(describeValue('abc')).toBe('"abc"');
    expect(describeValue(NaN)).toBe('NaN');
    expect(describeValue(-1.5)).toBe('-1.5');
    expect(describeValue(true)).toBe('true');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue([2, [3, 'x']])).toBe('[2,[3,"x"]]');
    expect(describeValue([1, 2, 3, 4, 5, 6, 7, 8])).toBe('[1,2,3,4,5,6,7,8]');
    expect(describeValue([1, 2, 3, 4, 5, 6, 7, 8, 9])).toBe('array of length 9');
    expect(describeValue({ a: 1 })).toBe('object');
    expect(describeValue(() => 1)).toBe('function');
    expect(describeValue(10n)).toBe('bigint');
  });
});
