// @internal Reading a Trace's numbers as rows for drawing: nothing here computes model values.
import { attentionOf, AttnError, tensorRows, type AttentionTrace, type HeadOptions, type Trace } from '@attn/core';

/** @internal Throws an AttnError('ARGUMENT') with `op: message`. */
export function fail(op: string, message: string): never {
  throw new AttnError('ARGUMENT', `${op}: ${message}`);
}

/** @internal Checks that `trace` looks like a Trace from @attn/core. */
export function checkTrace(op: string, trace: Trace): void {
  if (trace === null || typeof trace !== 'object' || trace.format !== 'attn.trace' || !Array.isArray(trace.attention)) {
    fail(op, `expected a Trace (format 'attn.trace'), got ${trace === null ? 'null' : typeof trace === 'object' ? `an object with format ${JSON.stringify((trace as { format?: unknown }).format)}` : typeof trace}`);
  }
}

/** @internal The trace's entry for (layer, head), after checking that `trace` is one. */
export function entryOf(op: string, trace: Trace, options: HeadOptions = {}): AttentionTrace {
  checkTrace(op, trace);
  return attentionOf(trace, options);
}

/**
 * @internal Labels of the input's tokens: `tokens` when given (one per position), else the input's
 * values as short numbers (`3`, `0.25`).
 */
export function tokenLabels(op: string, trace: Trace, tokens: readonly string[] | undefined, batch = 0): string[] {
  const T = trace.input.shape.length >= 2 ? trace.input.shape[1] : trace.input.shape[0];
  if (tokens !== undefined) {
    if (!Array.isArray(tokens) || tokens.length !== T) fail(op, `tokens must be ${T} labels, one per position, got ${Array.isArray(tokens) ? `${tokens.length}` : typeof tokens}`);
    return tokens.map(String);
  }
  const values = trace.input.shape.length >= 2 ? tensorRows({ shape: trace.input.shape.slice(0, 3), data: trace.input.data }, batch).map((r) => r[0]) : trace.input.data;
  return values.map(short);
}

const FOUR_DIGITS = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4, useGrouping: false });

/** @internal A number in at most 4 significant digits without trailing zeros: 3, 0.25, -1.234, 1.2e+5. */
export function short(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '∞' : v < 0 ? '−∞' : 'NaN';
  if (Number.isInteger(v) && Math.abs(v) < 1e5) return minus(String(v));
  const s = Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : FOUR_DIGITS.format(v);
  return minus(s);
}

/** @internal A number with `digits` decimals and a real minus sign, as printed in cells. */
export function fixed(v: number, digits: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '∞' : v < 0 ? '−∞' : 'NaN';
  const s = v.toFixed(digits);
  // -0.00 reads as a negative number that is not there
  return minus(Number(s) === 0 ? (0).toFixed(digits) : s);
}

const minus = (s: string) => s.replace('-', '−');

/** @internal Describes any value for an error message, briefly: `"abc"`, `NaN`, `[2,3]`, `{"step":1}`, `array of length 40`. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return v.length <= 8 ? `[${v.map(describe).join(',')}]` : `array of length ${v.length}`;
  if (typeof v === 'object') {
    let json: string | undefined;
    try {
      json = JSON.stringify(v);
    } catch {
      // cycles and BigInts: fall back to the keys
    }
    return json !== undefined && json.length <= 80 ? json : `an object with keys ${Object.keys(v).slice(0, 8).join(', ')}`;
  }
  return typeof v;
}
