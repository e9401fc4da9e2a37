import { describe, expect, it } from 'vitest';
import { highWord, POW2, pow2 } from './double.js';

describe('double', () => {
  it('pow2(k) is 2^k exactly for every k, 0 below the subnormals and Infinity above MAX_VALUE', () => {
    for (let k = -1074; k <= 1023; k++) expect(pow2(k)).toBe(2 ** k);
    expect(pow2(-1075)).toBe(0);
    expect(pow2(1024)).toBe(Infinity);
    expect(POW2.length).toBe(2046);
    expect(POW2[0]).toBe(2.2250738585072014e-308);
    expect(POW2[2045]).toBe(8.98846567431158e307);
  });

  it('highWord reads sign, exponent and the top of the fraction', () => {
    expect(highWord(1)).toBe(0x3ff00000);
    expect(highWord(-2)).toBe(0xc0000000);
    expect(highWord(1.5)).toBe(0x3ff80000);
  });
});
