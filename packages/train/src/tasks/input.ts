// Reading a learner's typed input for a task, and showing a model's answer to it. Apps (the
// terminal playground, `attn plot`, the docs widgets) call these through a task's `input` and
// `answer`, so a plugin's task gets the same treatment as a built-in one.
import { AttnError, noGrad, tensor, traceForward, type Traceable } from '@attn/core';
import { fn, need } from '../check.js';
import type { ParsedInput, TaskAnswer, TaskInput } from './task.js';

/** Numbers larger than this in size are refused: they only overflow the model's scores. */
export const MAX_INPUT = 1e6;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The words of a typed line: separated by spaces, commas or semicolons. */
export const wordsOf = (text: string): string[] => text.split(/[\s,;]+/).filter((w) => w !== '');

/** `n` things, e.g. `1 number`, `2 numbers`. */
export const plural = (n: number, thing: string): string => `${n} ${thing}${n === 1 ? '' : 's'}`;

function refuse(task: string, message: string): never {
  throw new AttnError('ARGUMENT', `${task}: ${message}`);
}

/** A number in at most four significant digits, e.g. `8`, `0.1242`, `1.23e-5`. */
export function short(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** What {@link numberInput} reads. */
export interface NumberInputSpec {
  /** The task's name, the first word of every error. */
  task: string;
  /** How many numbers a line holds: exactly `n`, or `[least, most]`. */
  count: number | [number, number];
  /** The range `[low, high)` the task trains on: values outside it are read, with a warning. Default: any value. */
  range?: [number, number];
  /** How many numbers the task trains on, when fewer than `count` allows: other counts are read, with a warning. */
  trainedCount?: [number, number];
  hint: string;
  examples: string[];
}

/**
 * An input of plain numbers, e.g. `3 5` or `2.5, -1`: decimal notation only (`0x10`, `1e400` and
 * `Infinity` are refused), at most {@link MAX_INPUT} in size; too many numbers are refused, too
 * few are `missing`; values outside the training range (or counts outside the trained ones) are
 * read with a warning.
 *
 * @example
 * ```ts
 * const input = numberInput({ task: 'add-two', count: 2, range: [0, 10], hint: 'Type two numbers.', examples: ['3 5'] });
 * input.parse('3, 12'); // { values: [3, 12], warnings: ['12 is outside the training range [0, 10)'] }
 * input.parse('3');     // { values: [3], warnings: [], missing: 'type 2 numbers, got 1' }
 * input.parse('3 x');   // throws AttnError: "add-two: expected a number, got 'x'"
 * ```
 */
export function numberInput(spec: NumberInputSpec): TaskInput {
  const [least, most] = typeof spec.count === 'number' ? [spec.count, spec.count] : spec.count;
  const [low, high] = spec.range ?? [-Infinity, Infinity];
  const wanted = least === most ? plural(least, 'number') : `${least} to ${most} numbers`;
  return {
    hint: spec.hint,
    examples: spec.examples,
    parse(text) {
      const values = wordsOf(text).map((w) => {
        if (!NUMBER.test(w)) refuse(spec.task, `expected a number, got '${w}'`);
        const v = Number(w);
        if (!(Math.abs(v) <= MAX_INPUT)) refuse(spec.task, `numbers must be at most ${MAX_INPUT.toExponential().replace('+', '')} in size, got '${w}'`);
        return v;
      });
      if (values.length > most) refuse(spec.task, `reads ${wanted}, got ${values.length}`);
      const warnings = values.filter((v) => !(v >= low && v < high)).map((v) => `${v} is outside the training range [${low}, ${high})`);
      const trained = spec.trainedCount;
      if (trained && values.length >= least && (values.length < trained[0] || values.length > trained[1])) {
        warnings.push(`trained on ${trained[0] === trained[1] ? plural(trained[0], 'number') : `${trained[0]} to ${trained[1]} numbers`}, got ${values.length}`);
      }
      const parsed: ParsedInput = { values, warnings };
      if (values.length < least) parsed.missing = values.length === 0 ? `type ${wanted}` : `type ${wanted}, got ${values.length}`;
      return parsed;
    },
  };
}

/**
 * The answer of a model that maps numbers to one number (such as the tutorial's
 * {@link @attn/core!TutorialAttention}) to `values`, compared with `truth(values)`. The model's
 * forward pass is traced, so its attention can be shown.
 * Shapes: `values` is one sequence `[T]`, run as a batch `[1, T]`.
 *
 * @example
 * ```ts
 * const model = new TutorialAttention({ seed: 0 });
 * numberAnswer(model, [3, 5], (xs) => xs[0] + xs[1]); // { answer: '0.124', expected: '8', note: 'off by 7.876', … }
 * ```
 */
export function numberAnswer(model: Traceable, values: readonly number[], truth: (values: readonly number[]) => number): TaskAnswer {
  need(Array.isArray(values) && values.every((v) => typeof v === 'number'), 'numberAnswer', 'values', 'an array of numbers', values);
  fn('numberAnswer', 'truth', truth);
  need(typeof (model as Partial<Traceable> | null)?.forward === 'function', 'numberAnswer', 'model', 'a model with forward(x)', model);
  const { output, trace } = noGrad(() => traceForward(model, tensor([values.slice()])));
  const prediction = output.item();
  const target = truth(values);
  return {
    input: values.slice(), prediction, target, answer: prediction.toFixed(3), expected: short(target), correct: null,
    note: `off by ${short(Math.abs(prediction - target))}`, tokens: values.map(short), trace,
  };
}

/** What {@link digitInput} reads. */
export interface DigitInputSpec {
  /** The task's name, the first word of every error. */
  task: string;
  /** Tokens in a line. */
  count: number;
  /** Tokens are `0 … symbols−1`. */
  symbols: number;
  hint: string;
  examples: string[];
}

/**
 * An input of exactly `count` tokens below `symbols`: for up to ten symbols, digits that may be
 * run together (`31415` or `3 1 4 1 5`); otherwise whole numbers separated by spaces. Anything
 * else, or too many tokens, is refused; too few are `missing`.
 *
 * @example
 * ```ts
 * const input = digitInput({ task: 'sort', count: 5, symbols: 10, hint: 'Type 5 digits.', examples: ['3 1 4 1 5'] });
 * input.parse('31415'); // { values: [3, 1, 4, 1, 5], warnings: [] }
 * input.parse('3 1 4'); // { values: [3, 1, 4], warnings: [], missing: 'type exactly 5 digits, got 3' }
 * input.parse('0x10');  // throws AttnError: "sort: reads digits 0–9, got 'x'"
 * ```
 */
export function digitInput(spec: DigitInputSpec): TaskInput {
  const { count, symbols } = spec;
  const digits = symbols <= 10;
  const thing = digits ? 'digit' : 'token';
  const alphabet = digits ? `digits 0–${symbols - 1}` : `tokens 0–${symbols - 1}`;
  return {
    hint: spec.hint,
    examples: spec.examples,
    parse(text) {
      const pieces = digits ? wordsOf(text).flatMap((w) => [...w]) : wordsOf(text);
      const values = pieces.map((p) => {
        const v = /^\d+$/.test(p) ? Number(p) : NaN;
        if (!(v < symbols)) refuse(spec.task, `reads ${alphabet}, got '${p}'`);
        return v;
      });
      if (values.length > count) refuse(spec.task, `reads exactly ${plural(count, thing)}, got ${values.length}`);
      const parsed: ParsedInput = { values, warnings: [] };
      if (values.length < count) parsed.missing = values.length === 0 ? `type ${plural(count, thing)}` : `type exactly ${plural(count, thing)}, got ${values.length}`;
      return parsed;
    },
  };
}
