import { describe, expect, it } from 'vitest';
import { parseInput } from './parse-input.js';

const two = { kind: 'numbers', min: 2, max: 2 } as const;
const five = { kind: 'digits', count: 5, symbols: 10 } as const;

describe('parseInput', () => {
  it.each([
    ['3 5', [3, 5]], ['3, 5', [3, 5]], [' 2.5 ;-1e1 ', [2.5, -10]],
  ])('parseInput(%j, two numbers) reads %j', (text, values) => {
    expect(parseInput(text, two)).toEqual({ ok: true, values });
  });

  it.each([
    ['', true, 'type 2 numbers'],
    ['3', true, 'type 2 numbers, got 1'],
    ['3 x', false, "'x' is not a number"],
    ['3..5 1', false, "'3..5' is not a number"],
    ['1 2 3', false, 'too long: this model takes 2 numbers, got 3'],
  ])('parseInput(%j, two numbers) is not ok (incomplete %s): %s', (text, incomplete, message) => {
    expect(parseInput(text, two)).toEqual({ ok: false, incomplete, message });
  });

  it('parseInput reads digits one token each, with or without spaces', () => {
    expect(parseInput('31415', five)).toEqual({ ok: true, values: [3, 1, 4, 1, 5] });
    expect(parseInput('3 1 4, 1 5', five)).toEqual({ ok: true, values: [3, 1, 4, 1, 5] });
    expect(parseInput('47 85', { kind: 'digits', count: 4, symbols: 10 })).toEqual({ ok: true, values: [4, 7, 8, 5] });
  });

  it.each([
    ['3 1 4', true, '2 more digits'],
    ['3141', true, '1 more digit'],
    ['314159', false, 'too long: this model reads exactly 5 digits, got 6'],
    ['3 1 a', false, "'a' is not a digit"],
    ['3.1', false, "'.' is not a digit"],
  ])('parseInput(%j, five digits) is not ok (incomplete %s): %s', (text, incomplete, message) => {
    expect(parseInput(text, five)).toEqual({ ok: false, incomplete, message });
  });

  it('parseInput refuses digits the vocabulary does not have', () => {
    expect(parseInput('1 7', { kind: 'digits', count: 2, symbols: 5 })).toEqual({ ok: false, incomplete: false, message: "'7' is not a digit below 5" });
  });
});
