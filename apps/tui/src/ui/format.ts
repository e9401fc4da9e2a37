// Numbers and text for terminal cells: every function returns a string of bounded width, in
// terminal columns (wide characters count two, ANSI styles none).
import type { Trace } from '@attn/core';
import type { Tokenizer } from '@attn/train';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/**
 * `v` in at most `width` characters, with as many decimals as fit (at most 4), switching to
 * exponent notation for very large or small magnitudes.
 *
 * @example
 * ```ts
 * fit(0.123456, 6); // '0.1235'
 * fit(-12.5, 4);    // '-13' (rounded to fit)
 * fit(0.00001, 6);  // '1.0e-5'
 * ```
 */
export function fit(v: number, width: number): string {
  if (Number.isNaN(v)) return 'NaN'.slice(0, width);
  if (!Number.isFinite(v)) return (v > 0 ? '∞' : '-∞').slice(0, width);
  const a = Math.abs(v);
  if (a === 0 || (a >= 1e-3 && a < 10 ** Math.min(width, 9))) {
    for (let d = 4; d >= 0; d--) {
      const s = v.toFixed(d);
      if (s.length <= width) return s === '-0' || /^-0\.0*$/.test(s) ? s.slice(1) : s;
    }
  }
  for (let d = 2; d >= 0; d--) {
    const s = v.toExponential(d);
    if (s.length <= width) return s;
  }
  return '…'.padStart(Math.min(width, 1));
}

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** An integer with thousands separators: `12,345`. */
export function int(v: number): string {
  return INTEGER.format(v);
}

const SIGNIFICANT = [1, 2, 3, 4].map((digits) => new Intl.NumberFormat('en-US', { maximumSignificantDigits: digits, useGrouping: false }));

/** `v` rounded to `digits` significant digits, without trailing zeros or grouping: `0.01235`, `12000`. */
function significant(v: number, digits: 1 | 2 | 3 | 4): string {
  return SIGNIFICANT[digits - 1].format(v === 0 ? 0 : v); // -0 as 0
}

/**
 * `v` in at most `width` characters, as briefly as it reads: as many significant digits as fit
 * (at most 4, no trailing zeros) between 1e-3 and 1e5, else `fit`'s whole digits or exponent.
 *
 * @example
 * ```ts
 * short(101.94, 6);    // '101.9'
 * short(1.6043e-7, 6); // '1.6e-7'
 * short(123456, 5);    // '1e+5'
 * short(123456, 6);    // '123456'
 * ```
 */
export function short(v: number, width: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e-3 && a < 1e5) {
    for (const digits of [4, 3, 2, 1] as const) {
      const s = significant(v, digits);
      if (s.length <= width) return s;
    }
  }
  return fit(v, width);
}

/** A duration in seconds as `0.4 s`, `12 s`, `3 min 05 s`. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${String(Math.round(seconds - 60 * m)).padStart(2, '0')} s`;
}

/** A compact number for stats lines: 4 significant digits, exponent outside [1e-3, 1e5). */
export function compact(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return significant(v, 4);
}

/**
 * `text` cut to at most `width` columns, with an ellipsis where it was cut.
 *
 * @example
 * ```ts
 * clip('attention', 5); // 'atte…'
 * clip('注意力', 4);     // '注…', 3 columns: a fourth would split 意
 * ```
 */
export function clip(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  if (width <= 0) return '';
  // wrap-ansi cuts at whole characters and closes open styles (cli-truncate lets a wide character overflow)
  return `${wrapAnsi(text, width - 1, { hard: true, trim: false, wordWrap: false }).split('\n')[0]}…`;
}

/** `text` cut to `width` columns with an ellipsis, or padded with spaces to exactly `width`. */
export function cell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const t = clip(text, width);
  const pad = ' '.repeat(Math.max(0, width - stringWidth(t)));
  return align === 'left' ? t + pad : pad + t;
}

/** Whitespace and control characters a label cannot show as they are, and how it shows them. */
const INVISIBLE: Record<string, string> = { ' ': '␣', '\n': '↵', '\t': '⇥', '\r': '␍' };

/**
 * The label of every token id of a tokenizer (a text task's), for heatmap rows and columns:
 * the token's text with spaces, newlines and tabs made visible (`␣`, `↵`, `⇥`).
 *
 * @example
 * ```ts
 * vocabularyLabels(charTokenizer('a b')); // ['␣', 'a', 'b', '\uFFFD']
 * ```
 */
export function vocabularyLabels(tokenizer: Pick<Tokenizer, 'vocabSize' | 'token'>): string[] {
  return Array.from({ length: tokenizer.vocabSize }, (_, id) => tokenizer.token(id).replace(/[\s\x00-\x1f\x7f]/g, (c) => INVISIBLE[c] ?? '·'));
}

/**
 * Labels for the first `T` tokens of a trace's input, for heatmap rows and columns: the text of
 * each token when the task has a `vocabulary` (see {@link vocabularyLabels}), else a sequence
 * model's token ids as they are (its separator, 10 and up, as →), numbers in at most 5
 * characters, or the positions when the input does not have `T` tokens.
 */
export function traceTokenLabels(trace: Trace, T: number, vocabulary?: readonly string[] | null): string[] {
  const input = trace.input.data.slice(0, T);
  const labels = vocabulary ? input.map((t) => vocabulary[t] ?? String(t))
    : trace.model === 'DecoderOnly' ? input.map((t) => (t >= 10 ? '→' : String(t))) : input.map((v) => short(v, 5));
  return labels.length === T ? labels : Array.from({ length: T }, (_, i) => String(i));
}
