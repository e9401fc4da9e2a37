// Plain-text rendering of the tutorial, for pipes, CI and `attn tutorial` without a terminal UI.
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { describeFocus, summarizeFocus } from '@attn/heads';
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
  lines.push(...wrap(focusSummary(t), 78, '  '));
  for (const l of focusLines(t.focus)) lines.push(`  ${l}`);
  return lines;
}

/** The tutorial's focus as weight rows, one per query token. */
const rowsOf = (focus: readonly Focus[]) => focus.map((f) => f.weights.map((w) => w.weight));

/** The answer to "what is the model paying attention to?" for the tutorial's input, in one sentence. */
export function focusSummary(t: Pick<Tutorial, 'focus' | 'input'>): string {
  return summarizeFocus(rowsOf(t.focus), t.input, { sum: true });
}

/** One sentence per token of the tutorial's focus: where its attention goes. */
export function focusLines(focus: readonly Focus[]): string[] {
  return describeFocus(rowsOf(focus), focus.map((f) => f.query));
}
