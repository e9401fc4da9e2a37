// The answer to "what is the model paying attention to?" in plain words, from one head's weights.
import { check, describe } from './errors.js';

/** Attention weights of one head, one row per query token: `rows[i][j]` is what token i puts on token j. */
export type WeightRows = readonly (readonly number[])[];

const percent = (w: number) => `${(w * 100).toFixed(1)}%`;

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/**
 * Token labels that tell tokens apart: the labels as they are when they all differ, else each
 * with its position, so that `[5, 5]` does not read "5 puts 50% on 5, 50% on 5".
 *
 * @example
 * ```ts
 * tokenNames(['3', '5']); // ['3', '5']
 * tokenNames(['5', '5']); // ['5 (1st)', '5 (2nd)']
 * ```
 */
export function tokenNames(labels: readonly string[]): string[] {
  check(Array.isArray(labels) && labels.every((l) => typeof l === 'string'), 'ARGUMENT',
    () => `tokenNames: labels must be an array of strings, got ${describe(labels)}`);
  if (new Set(labels).size === labels.length) return [...labels];
  return labels.map((v, i) => `${v} (${ordinal(i + 1)})`);
}

/** Checks that `rows` is a square table of weights with one row per token label. */
function checkRows(op: string, rows: WeightRows, n: number): void {
  check(Array.isArray(rows) && rows.length === n && rows.every((r) => Array.isArray(r) && r.length === n && r.every(Number.isFinite)), 'SHAPE',
    () => `${op}: weights must be ${n} rows of ${n} finite numbers (one per token), got ${describe(rows)}`);
}

/**
 * One sentence per query token: where its attention goes, e.g. "Token 3 puts 50.0% on 3, 50.0%
 * on 5." Equal labels are told apart by position ({@link tokenNames}).
 *
 * @example
 * ```ts
 * describeFocus([[0.5, 0.5], [0.25, 0.75]], ['3', '5'])[1]; // 'Token 5 puts 25.0% on 3, 75.0% on 5.'
 * ```
 */
export function describeFocus(weights: WeightRows, labels: readonly string[]): string[] {
  const names = tokenNames(labels);
  checkRows('describeFocus', weights, names.length);
  return weights.map((row, i) => `Token ${names[i]} puts ${row.map((w, j) => `${percent(w)} on ${names[j]}`).join(', ')}.`);
}

/** How close to uniform every row must be (in weight) for attention to be called even: 0.05. */
const EVEN = 0.05;
/** The average share of attention on one token above which the model "looks almost only" at it: 0.8. */
const MOSTLY = 0.8;

/** Options of {@link summarizeFocus}. */
export interface SummarizeFocusOptions {
  /** The model adds the numbers up (add-two, sum-n): also say what the attention means for a sum. */
  sum?: boolean;
  /** How to write each number; `String(value)` by default. */
  labels?: readonly string[];
}

/**
 * The answer to "what is the model paying attention to?" in one plain sentence, from one head's
 * weights (query rows) and the numbers it read: even attention (every row within 0.05 of
 * uniform), attention almost only on one number (over 80% of it on average, and which: the
 * largest, the smallest, the first, the last), or uneven attention. With `sum`, it also says what
 * that means for adding the numbers up.
 *
 * @example
 * ```ts
 * summarizeFocus([[0.5, 0.5], [0.5, 0.5]], [3, 5]); // 'It attends to both numbers equally (50.0% each, from every token).'
 * summarizeFocus([[0.02, 0.98], [0.01, 0.99]], [3, 5]); // 'It looks almost only at 5 (the largest number): 98.5% of the attention on average.'
 * ```
 */
export function summarizeFocus(weights: WeightRows, input: readonly number[], options: SummarizeFocusOptions = {}): string {
  check(Array.isArray(input) && input.length > 0 && input.every(Number.isFinite), 'ARGUMENT',
    () => `summarizeFocus: input must be a non-empty array of finite numbers, got ${describe(input)}`);
  check(options !== null && typeof options === 'object', 'ARGUMENT', () => `summarizeFocus: options must be an object, got ${describe(options)}`);
  const T = input.length;
  const labels = options.labels ?? input.map((v) => String(v));
  check(Array.isArray(labels) && labels.length === T, 'ARGUMENT',
    () => `summarizeFocus: labels must be one string per number (${T}), got ${describe(labels)}`);
  checkRows('summarizeFocus', weights, T);
  if (T < 2) return 'With one number there is nothing to choose: it attends to itself.';
  const all = T === 2 ? 'both numbers' : `all ${T} numbers`;
  if (weights.every((row) => row.every((w) => Math.abs(w - 1 / T) < EVEN))) {
    return `It attends to ${all} equally (${percent(1 / T)} each, from every token)${options.sum
      ? ': each number counts the same, which is right for a sum, because the order of the numbers does not change it.'
      : '.'}`;
  }
  const share = input.map((_, j) => weights.reduce((s, row) => s + row[j], 0) / T);
  const top = share.indexOf(Math.max(...share));
  const names = tokenNames(labels);
  const v = input[top];
  // what sets the number apart; equal labels already carry their position
  const byPosition = names[top] === labels[top];
  const role = input.every((x, j) => j === top || x < v) ? ' (the largest number)'
    : input.every((x, j) => j === top || x > v) ? ' (the smallest number)'
      : byPosition && top === 0 ? ' (the first number)' : byPosition && top === T - 1 ? ' (the last number)' : '';
  const name = names[top];
  if (share[top] >= MOSTLY) {
    return `It looks almost only at ${name}${role}: ${percent(share[top])} of the attention on average${options.sum
      ? ', so the other numbers barely reach the network and it cannot add them up well.'
      : '.'}`;
  }
  return `Its attention is uneven: ${name}${role} gets the most, ${percent(share[top])} on average${options.sum
    ? ', though for a sum every number should count the same.'
    : '.'}`;
}
