// Plain-text rendering of the tutorial, for pipes, CI and `attn tutorial` without a terminal UI.
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import type { Focus, Table, Tutorial } from './steps.js';

/** A number in at most 7 characters, e.g. `-12.345`, `0.0012`, `1.2e+6`. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1);
  return v.toFixed(a >= 100 ? 1 : a >= 10 ? 2 : 3);
}

/** A table with right-aligned columns and row labels. */
export function renderTable(t: Table, indent = '    '): string[] {
  const cells = t.values.map((r) => r.map(num));
  const width = Math.max(...t.cols.map((c) => c.length), ...cells.flat().map((c) => c.length));
  const label = Math.max(t.name.length, ...t.rows.map((r) => r.length));
  const pad = (s: string, w: number) => s.padStart(w);
  const lines = [`${indent}${pad(t.name, label)}   ${t.cols.map((c) => pad(c, width)).join('  ')}`];
  cells.forEach((r, i) => lines.push(`${indent}${pad(t.rows[i], label)} │ ${r.map((c) => pad(c, width)).join('  ')}`));
  return lines;
}

const percent = (w: number) => `${(w * 100).toFixed(1)}%`;

/**
 * Token labels that tell tokens apart: the values as they are when they differ, else each with
 * its position (`5 (1st)`, `5 (2nd)`), so that `[5, 5]` does not read "5 puts 50% on 5, 50% on 5".
 */
export function tokenNames(values: readonly string[]): string[] {
  if (new Set(values).size === values.length) return [...values];
  return values.map((v, i) => `${v} (${ordinal(i + 1)})`);
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** One sentence per query token: where its attention goes. */
export function describeFocus(focus: Focus[]): string[] {
  const names = tokenNames(focus.map((f) => f.query));
  return focus.map((f, i) => {
    const parts = f.weights.map((w, j) => `${percent(w.weight)} on ${names[j] ?? w.key}`);
    return `Token ${names[i]} puts ${parts.join(', ')}.`;
  });
}

/** How close to uniform every row must be (in weight) to be called even. */
const EVEN = 0.05;
/** The average share of attention on one token above which the model "looks almost only" at it. */
const MOSTLY = 0.8;

/**
 * The answer to "what is the model paying attention to?" in one plain sentence, from the
 * weights (`[T, T]`, query rows) and the input values: even attention, attention on one token
 * (and which: the largest, the smallest, the first, the last), or uneven attention. With `sum`,
 * it also says what that means for adding the numbers up.
 *
 * @example
 * ```ts
 * summarizeFocus([[0.5, 0.5], [0.5, 0.5]], [3, 5], { sum: true });
 * // 'It attends to both numbers equally (50.0% each, from every token): each number counts the same, …'
 * ```
 */
export function summarizeFocus(weights: readonly (readonly number[])[], input: readonly number[], options: { sum?: boolean } = {}): string {
  const T = input.length;
  const all = T === 2 ? 'both numbers' : `all ${T} numbers`;
  if (T < 2) return 'With one number there is nothing to choose: it attends to itself.';
  if (weights.every((row) => row.every((w) => Math.abs(w - 1 / T) < EVEN))) {
    return `It attends to ${all} equally (${percent(1 / T)} each, from every token)${options.sum
      ? ': each number counts the same, which is right for a sum, because the order of the numbers does not change it.'
      : '.'}`;
  }
  const share = input.map((_, j) => weights.reduce((s, row) => s + row[j], 0) / weights.length);
  const top = share.indexOf(Math.max(...share));
  const names = tokenNames(input.map((v) => String(v)));
  const v = input[top];
  const role = input.every((x, j) => j === top || x < v) ? ' (the largest number)'
    : input.every((x, j) => j === top || x > v) ? ' (the smallest number)'
      : top === 0 ? ' (the first number)' : top === T - 1 ? ' (the last number)' : '';
  if (share[top] >= MOSTLY) {
    return `It looks almost only at ${names[top]}${role}: ${percent(share[top])} of the attention on average${options.sum
      ? ', so the other numbers barely reach the network and it cannot add them up well.'
      : '.'}`;
  }
  return `Its attention is uneven: ${names[top]}${role} gets the most, ${percent(share[top])} on average${options.sum
    ? ', though for a sum every number should count the same.'
    : '.'}`;
}

/** Word-wraps `text` to `width` terminal columns, each line starting with `indent`. */
export function wrap(text: string, width: number, indent = ''): string[] {
  return wrapAnsi(text, width - stringWidth(indent), { trim: true }).split('\n').map((line) => indent + line);
}

/** The whole tutorial as text lines. */
export function renderTutorial(t: Tutorial, header: string[]): string[] {
  const lines = [...header, ''];
  for (const s of t.steps) {
    lines.push(`Step ${s.n} · ${s.title}   ${s.formula}`);
    lines.push(...wrap(s.explain, 78, '  '));
    for (const table of s.tables) lines.push(...renderTable(table));
    lines.push('');
  }
  const err = t.output - t.expected;
  lines.push(`Answer: ${num(t.output)}   expected ${num(t.expected)}   (off by ${num(Math.abs(err))})`);
  lines.push('');
  lines.push('What is the model paying attention to?');
  lines.push(...wrap(summarizeFocus(t.focus.map((f) => f.weights.map((w) => w.weight)), t.input, { sum: true }), 78, '  '));
  for (const l of describeFocus(t.focus)) lines.push(`  ${l}`);
  return lines;
}
