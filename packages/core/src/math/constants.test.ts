import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decompose, logExact, powExact, referenceConstants, relativeErrorLog2, twoOverPiBits } from '../../test/exact.js';
import {
  INV_LN2, LN2_HI, LN2_LO, PIO2_1, PIO2_2, PIO2_3, PIO2_4, PIO2_HI, PIO2_LO,
  TWO_OVER_PI, TWO_OVER_PI_FRACTION_BITS, TWO_OVER_PI_HEX,
} from './constants.js';
import { EXP2_TABLE, LOG_TABLE } from './tables.js';

const coreDir = fileURLToPath(new URL('../..', import.meta.url));

/** The number of significant bits of a double. */
function significantBits(x: number): number {
  let { m } = decompose(Math.abs(x));
  let bits = m.toString(2).length;
  while ((m & 1n) === 0n) {
    m >>= 1n;
    bits--;
  }
  return bits;
}

describe('the constants of src/math', () => {
  it('constants.ts is what scripts/math-constants.mjs derives (so it cannot drift)', () => {
    const r = spawnSync(process.execPath, ['scripts/math-constants.mjs', '--check'], { cwd: coreDir, encoding: 'utf8' });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  }, 30_000);

  it('tables.ts computes at load time the bits of the tables scripts/math-constants.mjs derives', () => {
    const r = spawnSync(process.execPath, ['scripts/math-constants.mjs', '--tables'], { cwd: coreDir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const want = JSON.parse(r.stdout) as { exp2: number[]; logF: number[] };
    const bits = (xs: readonly number[]) => xs.map((x) => (Object.is(x, -0) ? '-0' : String(x)));
    expect(EXP2_TABLE).toHaveLength(64);
    expect(bits(EXP2_TABLE)).toEqual(bits(want.exp2));
    expect(bits(LOG_TABLE)).toEqual(bits(want.logF));
  }, 30_000);

  it('the Cody–Waite parts are short enough for their products to be exact', () => {
    // k·LN2_HI exact for |k| < 2^17 (exp's n and log's exponent); n·PIO2_i exact for n < 2^20
    expect(significantBits(LN2_HI)).toBeLessThanOrEqual(36);
    for (const part of [PIO2_1, PIO2_2, PIO2_3]) expect(significantBits(part)).toBeLessThanOrEqual(33);
  });

  it('the parts add up to ln 2 (to 2^-88) and π/2 (to 2^-150), and the scalars are rounded right', () => {
    const ln2 = referenceConstants.ln2();
    expect(relativeErrorLog2([LN2_HI, LN2_LO], { m: ln2, e: -320 })).toBeLessThan(-88);
    expect(relativeErrorLog2([INV_LN2], { m: (1n << 640n) / ln2, e: -320 })).toBeLessThan(-53);
    const halfPi = { m: referenceConstants.pi(400), e: -401 };
    expect(relativeErrorLog2([PIO2_1, PIO2_2, PIO2_3, PIO2_4], halfPi)).toBeLessThan(-150);
    expect(relativeErrorLog2([PIO2_HI, PIO2_LO], halfPi)).toBeLessThan(-104);
    expect(relativeErrorLog2([PIO2_HI], halfPi)).toBeLessThan(-53);
    expect(relativeErrorLog2([TWO_OVER_PI], { m: twoOverPiBits(400), e: -400 })).toBeLessThan(-53);
  });

  it('the bits of 2/π are those of π computed independently', () => {
    expect(BigInt(`0x${TWO_OVER_PI_HEX}`)).toBe(twoOverPiBits(TWO_OVER_PI_FRACTION_BITS));
  });

  it('EXP2_TABLE holds 2^(j/32) and LOG_TABLE log(1 + j/32), each pair to 2^-73', () => {
    for (let j = 0; j < 32; j++) {
      expect(relativeErrorLog2([EXP2_TABLE[2 * j], EXP2_TABLE[2 * j + 1]], powExact(2, j / 32)), `2^(${j}/32)`).toBeLessThan(-73);
      expect(relativeErrorLog2([EXP2_TABLE[2 * j]], powExact(2, j / 32))).toBeLessThan(-53);
      if (j > 0) expect(relativeErrorLog2([LOG_TABLE[2 * j], LOG_TABLE[2 * j + 1]], logExact(1 + j / 32)), `log(1 + ${j}/32)`).toBeLessThan(-73);
    }
  });
});
