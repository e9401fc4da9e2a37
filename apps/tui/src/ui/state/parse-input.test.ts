import { describe, expect, it } from 'vitest';
import { addTwo, sort } from '@attn/train';
import { readInput } from './parse-input.js';

describe('readInput', () => {
  it('readInput(task.input, text) is ok with the values and warnings the task reads', () => {
    expect(readInput(addTwo().input, '3, 5')).toEqual({ ok: true, values: [3, 5], warnings: [] });
    expect(readInput(addTwo().input, '3 50')).toEqual({ ok: true, values: [3, 50], warnings: ['50 is outside the training range [0, 10)'] });
    expect(readInput(sort().input, '31415')).toEqual({ ok: true, values: [3, 1, 4, 1, 5], warnings: [] });
  });

  it('readInput is incomplete while the task says what is missing, and refused with the task\'s error', () => {
    expect(readInput(addTwo().input, '3')).toEqual({ ok: false, incomplete: true, message: 'type 2 numbers, got 1' });
    expect(readInput(sort().input, '3 1 a')).toEqual({ ok: false, incomplete: false, message: "sort: reads digits 0–9, got 'a'" });
    expect(readInput(undefined, '3')).toEqual({ ok: false, incomplete: true, message: 'no task' });
  });
});
