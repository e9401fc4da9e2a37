// Pins an error down to its class, code and exact message (a bare toThrow would also pass on a TypeError).
import { expect } from 'vitest';
import { AttnError, type AttnErrorCode } from '../src/errors.js';

/** Runs `fn` and checks that it throws an {@link AttnError} with this code and message. */
export function expectAttnError(fn: () => unknown, code: AttnErrorCode, message: string): void {
  let caught: unknown = undefined;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}: ${message}`).toBeInstanceOf(AttnError);
  expect((caught as AttnError).message).toBe(message);
  expect((caught as AttnError).code).toBe(code);
}
