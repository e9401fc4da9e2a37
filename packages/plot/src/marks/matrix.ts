// @internal Reading a Trace's numbers as rows for drawing: nothing here computes model values.
import { AttnError, tensorRows, type AttentionTrace, type HeadOptions, type Trace } from '@attn/core';

/** @internal Throws an AttnError('ARGUMENT') with `op: message`. */
export function fail(op: string, message: string): never {
  throw new AttnError('ARGUMENT', `${op}: ${message}`);
}

/** @internal Throws `op: <name> must be <what>, got <v>` (ARGUMENT) unless `ok`. */
export function need(ok: unknown, op: string, name: string, what: string, v: unknown): asserts ok {
  if (!ok) fail(op, `${name} must be ${what}, got ${describe(v)}`);
}

/** @internal An options object: `undefined` reads as `{}`, anything else but an object is refused. */
export function optionsOf<T extends object>(op: string, o: T | undefined, name = 'options'): T {
  need(o === undefined || (typeof o === 'object' && o !== null && !Array.isArray(o)), op, name, 'an object', o);
  return o ?? ({} as T);
}

/** @internal Checks optional option values: `kind` is a `typeof`, 'count' (an integer ≥ 0), 'size' (a finite number > 0) or a list of allowed values. */
export function checkOptions(op: string, o: object, kinds: Record<string, 'string' | 'boolean' | 'count' | 'size' | readonly unknown[]>): void {
  for (const [name, kind] of Object.entries(kinds)) {
    const v = (o as Record<string, unknown>)[name];
    if (v === undefined) continue;
    if (Array.isArray(kind)) need(kind.includes(v), op, name, `one of ${kind.map(describe).join(', ')}`, v);
    else if (kind === 'count') need(Number.isInteger(v) && (v as number) >= 0, op, name, 'an integer ≥ 0', v);
    else if (kind === 'size') need(typeof v === 'number' && v > 0 && Number.isFinite(v), op, name, 'a finite number > 0', v);
    else need(typeof v === kind, op, name, `a ${kind}`, v);
  }
}

/** @internal Checks the labels every figure takes: a string title and description, a string or `null` subtitle and caption. */
export function checkLabels(op: string, o: object): void {
  checkOptions(op, o, { title: 'string', description: 'string' });
  for (const name of ['subtitle', 'caption'] as const) {
    const v = (o as Record<string, unknown>)[name];
    need(v == null || typeof v === 'string', op, name, 'a string or null', v);
  }
}

/** @internal The options of a view of a Trace, checked: labels, batch, layer, head, values, digits, scheme, tokens (an array). */
export function viewOptions<T extends object>(op: string, options: T | undefined): T {
  const o = optionsOf(op, options);
  checkLabels(op, o);
  checkOptions(op, o, { batch: 'count', layer: 'count', head: 'count', digits: 'count', scheme: 'string', values: [true, false, 'auto'] });
  const tokens = (o as { tokens?: unknown }).tokens;
  need(tokens === undefined || Array.isArray(tokens), op, 'tokens', 'an array of labels', tokens);
  return o;
}

const isTensor = (t: unknown) => t !== null && typeof t === 'object' && Array.isArray((t as { shape?: unknown }).shape) && (t as { data?: { length?: unknown } }).data?.length !== undefined;

/** @internal Checks that `trace` looks like a Trace from @attn/core: its format, attention entries, and input and output tensors. */
export function checkTrace(op: string, trace: Trace): void {
  if (trace === null || typeof trace !== 'object' || trace.format !== 'attn.trace' || !Array.isArray(trace.attention)) {
    fail(op, `expected a Trace (format 'attn.trace'), got ${trace === null ? 'null' : typeof trace === 'object' ? `an object with format ${JSON.stringify((trace as { format?: unknown }).format)}` : typeof trace}`);
  }
  for (const name of ['input', 'output'] as const) need(isTensor(trace[name]), op, `trace.${name}`, 'a tensor { shape, data }', trace[name]);
  trace.attention.forEach((a, i) => {
    for (const k of ['q', 'k', 'v', 'scores', 'scaled', 'weights', 'attended'] as const) need(isTensor(a?.[k]), op, `trace.attention[${i}].${k}`, 'a tensor { shape, data }', a?.[k]);
  });
}

/** @internal The trace's entry for (layer, head), after checking that `trace` is one. */
export function entryOf(op: string, trace: Trace, options: HeadOptions = {}): AttentionTrace {
  checkTrace(op, trace);
  const { layer = 0, head = 0 } = options;
  const entry = trace.attention.find((a) => a.layer === layer && a.head === head);
  if (!entry) fail(op, `no attention entry for layer ${layer}, head ${head}, got a trace with layer/head ${trace.attention.map((a) => `${a.layer}/${a.head}`).join(', ') || 'none'}`);
  return entry;
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
