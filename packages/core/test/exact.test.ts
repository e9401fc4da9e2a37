// The exact reference of the src/math tests, checked against published digits and values.
import { describe, expect, it } from 'vitest';
import { expExact, logExact, powExact, referenceConstants, sinCosExact, tanhExact, ulpError } from './exact.js';

/** The first digits of a fixed-point value v·2^-p. */
const digits = (v: bigint, p: number, n: number) => ((v * 10n ** BigInt(n)) >> BigInt(p)).toString();

describe('the exact reference', () => {
  it('has π and ln 2 right to 60 digits', () => {
    expect(digits(referenceConstants.pi(400), 400, 60)).toBe('3141592653589793238462643383279502884197169399375105820974944');
    expect(digits(referenceConstants.ln2(), 320, 60)).toBe('693147180559945309417232121458176568075500134360255254120680');
  });

  it('measures the correctly rounded doubles of known values within 0.5 ulp, and their neighbours beyond', () => {
    expect(ulpError(Math.E, expExact(1))).toBeLessThan(0.5);
    expect(ulpError(2.7182818284590455, expExact(1))).toBeGreaterThan(0.5);
    expect(ulpError(Math.LN10, logExact(10))).toBeLessThan(0.5);
    expect(ulpError(Math.SQRT2, powExact(2, 0.5))).toBeLessThan(0.5);
    // sin(10^22) = −0.85220084976718880177…, the classic test of argument reduction
    expect(ulpError(-0.8522008497671888, sinCosExact(1e22)[0])).toBeLessThan(0.5);
    expect(ulpError(0.7615941559557649, tanhExact(1))).toBeLessThan(0.5);
    expect(ulpError(5e-324, expExact(-745))).toBeLessThan(0.5);
  });
});
