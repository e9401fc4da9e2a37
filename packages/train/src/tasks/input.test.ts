import { describe, expect, it } from 'vitest';
import { noGrad, Rng, tensor } from '@attn/core';
import { expectAttnError } from '../../test/helpers.js';
import { train } from '../trainer/train.js';
import { addTwo } from './add-two.js';
import { digitsAdd } from './digits-add.js';
import { digitInput, numberInput } from './input.js';
import { reverse } from './reverse.js';
import { sort } from './sort.js';
import { sumN } from './sum-n.js';

describe('task.input.parse', () => {
  it('addTwo().input.parse reads two decimal numbers, separated by spaces or commas', () => {
    const input = addTwo().input!;
    expect(input.parse('3 5')).toEqual({ values: [3, 5], warnings: [] });
    expect(input.parse(' 2.5,  -0.5 ')).toEqual({ values: [2.5, -0.5], warnings: ['-0.5 is outside the training range [0, 10)'] });
    expect(input.parse('.5;1e0')).toEqual({ values: [0.5, 1], warnings: [] });
    expect(input.parse(input.examples[0]).values).toEqual([3, 5]);
  });

  it('addTwo().input.parse warns, but reads, values outside the training range [0, 10)', () => {
    expect(addTwo().input!.parse('10 12')).toEqual({ values: [10, 12], warnings: ['10 is outside the training range [0, 10)', '12 is outside the training range [0, 10)'] });
    expect(addTwo({ max: 20 }).input!.parse('10 12').warnings).toEqual([]);
  });

  it('addTwo().input.parse refuses garbage, hex, non-finite and huge values, and too many numbers', () => {
    const { parse } = addTwo().input!;
    expectAttnError(() => parse('3 x'), 'ARGUMENT', "add-two: expected a number, got 'x'");
    expectAttnError(() => parse('0x10 1'), 'ARGUMENT', "add-two: expected a number, got '0x10'");
    expectAttnError(() => parse('Infinity 1'), 'ARGUMENT', "add-two: expected a number, got 'Infinity'");
    expectAttnError(() => parse('NaN'), 'ARGUMENT', "add-two: expected a number, got 'NaN'");
    expectAttnError(() => parse('1e200 1'), 'ARGUMENT', "add-two: numbers must be at most 1e6 in size, got '1e200'");
    expectAttnError(() => parse('3 5 2'), 'ARGUMENT', 'add-two: reads 2 numbers, got 3');
  });

  it('addTwo().input.parse says what is missing while the line is too short', () => {
    const { parse } = addTwo().input!;
    expect(parse('')).toEqual({ values: [], warnings: [], missing: 'type 2 numbers' });
    expect(parse('3')).toEqual({ values: [3], warnings: [], missing: 'type 2 numbers, got 1' });
  });

  it('sumN().input.parse reads 1 to 10 numbers and warns about counts outside the trained 2 to 5', () => {
    const { parse } = sumN().input!;
    expect(parse('3 5 2')).toEqual({ values: [3, 5, 2], warnings: [] });
    expect(parse('4').warnings).toEqual(['trained on 2 to 5 numbers, got 1']);
    expect(parse('1 2 3 4 5 6 7 8').warnings).toEqual(['trained on 2 to 5 numbers, got 8']);
    expectAttnError(() => parse('1 2 3 4 5 6 7 8 9 10 11'), 'ARGUMENT', 'sum-n: reads 1 to 10 numbers, got 11');
  });

  it('sort().input.parse reads exactly five digits, run together or apart, and refuses other tokens', () => {
    const { parse } = sort().input!;
    expect(parse('31415')).toEqual({ values: [3, 1, 4, 1, 5], warnings: [] });
    expect(parse('3 1 4, 1 5')).toEqual({ values: [3, 1, 4, 1, 5], warnings: [] });
    expect(parse('3 1 4').missing).toBe('type exactly 5 digits, got 3');
    expectAttnError(() => parse('3 1 4 1 5 9'), 'ARGUMENT', 'sort: reads exactly 5 digits, got 6');
    expectAttnError(() => parse('3 1 -4'), 'ARGUMENT', "sort: reads digits 0–9, got '-'");
    expectAttnError(() => parse('0x10'), 'ARGUMENT', "sort: reads digits 0–9, got 'x'");
    expect(reverse().input!.parse('12345').values).toEqual([1, 2, 3, 4, 5]);
  });

  it('digitInput with more than ten symbols reads whole tokens, not digits', () => {
    const input = digitInput({ task: 'copy', count: 2, symbols: 12, hint: '', examples: [] });
    expect(input.parse('11 3').values).toEqual([11, 3]);
    expectAttnError(() => input.parse('12 3'), 'ARGUMENT', "copy: reads tokens 0–11, got '12'");
  });

  it('digitsAdd().input.parse reads two numbers 0–99 and refuses "123 4" rather than reading 12 + 34', () => {
    const { parse } = digitsAdd().input!;
    expect(parse('47 85')).toEqual({ values: [47, 85], warnings: [] });
    expect(parse('7, 05')).toEqual({ values: [7, 5], warnings: [] });
    expectAttnError(() => parse('123 4'), 'ARGUMENT', "digits-add: reads whole numbers 0–99, got '123'");
    expectAttnError(() => parse('4785'), 'ARGUMENT', "digits-add: reads whole numbers 0–99, got '4785'");
    expectAttnError(() => parse('4.5 3'), 'ARGUMENT', "digits-add: reads whole numbers 0–99, got '4.5'");
    expectAttnError(() => parse('1 2 3'), 'ARGUMENT', 'digits-add: reads two numbers, got 3');
    expect(parse('47').missing).toBe('type two numbers 0–99, got 1');
  });

  it('numberInput with a range of counts names it in its messages', () => {
    const input = numberInput({ task: 't', count: [2, 3], range: [0, 1], hint: '', examples: [] });
    expect(input.parse('0.5').missing).toBe('type 2 to 3 numbers, got 1');
  });
});

describe('task.answer', () => {
  it('addTwo().answer is the model\'s output for the pair, against a + b', () => {
    const task = addTwo();
    const model = task.createModel(new Rng(0));
    const r = task.answer!(model, [2, 7]);
    const y = noGrad(() => model.forward(tensor([[2, 7]])).item());
    expect(r).toMatchObject({ input: [2, 7], target: 9, expected: '9', correct: null, tokens: ['2', '7'] });
    expect(r.prediction).toBeCloseTo(y, 12);
    expect(r.answer).toBe((r.prediction as number).toFixed(3));
    const off = Math.abs((r.prediction as number) - 9);
    expect(r.note).toMatch(/^off by [\d.e+-]+$/);
    expect(Math.abs(Number(r.note!.slice('off by '.length)) - off) / off).toBeLessThan(1e-3); // four significant digits
    expect(r.trace.input.data).toEqual([2, 7]);
    expect(r.trace.output.data).toEqual([r.prediction]);
  });

  it('sumN().answer compares with the sum of any number of values', () => {
    const task = sumN();
    const r = task.answer!(task.createModel(new Rng(0)), [1, 2, 3, 4, 5, 6, 7]);
    expect(r.target).toBe(28);
    expect(r.tokens).toHaveLength(7);
  });

  it('sort().answer decodes the model\'s answer and checks it against Array.prototype.sort', async () => {
    const task = sort();
    const run = train({ task, seed: 0 });
    await run;
    let right = 0;
    for (const digits of ['31415', '90217', '55555', '98765', '10203']) {
      const values = task.input!.parse(digits).values;
      const r = task.answer!(run.model, values);
      const truth = [...values].sort((a, b) => a - b);
      expect(r.target).toEqual(truth);
      expect(r.expected).toBe(truth.join(' '));
      expect(r.answer).toBe((r.prediction as number[]).join(' '));
      expect(r.correct).toBe((r.prediction as number[]).every((d, i) => d === truth[i]));
      expect(r.tokens).toEqual([...values.map(String), '→', ...(r.prediction as number[]).slice(0, -1).map(String)]);
      expect(r.trace.input.shape).toEqual([1, 10]);
      if (r.correct) right++;
    }
    expect(right).toBeGreaterThanOrEqual(4); // trained with its defaults, sort is ≥ 95% right on held-out sequences
  }, 60_000);

  it('reverse().answer knows the reversed digits', () => {
    const task = reverse();
    const r = task.answer!(task.createModel(new Rng(0)), [1, 2, 3, 4, 5]);
    expect(r.target).toEqual([5, 4, 3, 2, 1]);
  });

  it('digitsAdd().answer prompts with the numbers\' digits and notes the decoded sum', () => {
    const task = digitsAdd();
    const r = task.answer!(task.createModel(new Rng(0)), [47, 85]);
    expect(r.input).toEqual([47, 85]);
    expect(r.tokens.slice(0, 5)).toEqual(['4', '7', '8', '5', '→']);
    expect(r.target).toEqual([2, 3, 1]); // 132, least significant digit first
    expect(r.expected).toBe('2 3 1');
    const p = r.prediction as number[];
    const sum = p.every((d) => d < 10) ? String(p[0] + 10 * p[1] + 100 * p[2]) : '?';
    expect(r.note).toBe(`= ${sum}: the model writes the sum's digits last to first (${p.join(' ')})`);
  });
});
