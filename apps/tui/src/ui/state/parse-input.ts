// Reading what a learner types: numbers for the tutorial model's tasks, digits for the
// transformer tasks. Pure functions; the messages are shown as they are.

/** What an input line may hold, and how many. */
export type InputSpec =
  | { kind: 'numbers'; min: number; max: number }
  | { kind: 'digits'; count: number; symbols: number };

/** The outcome of reading a line: values, or why not (`incomplete` while more is still to come). */
export type Parsed =
  | { ok: true; values: number[] }
  | { ok: false; incomplete: boolean; message: string };

const words = (text: string) => text.split(/[\s,;]+/).filter((w) => w !== '');

/**
 * Reads numbers separated by spaces or commas, e.g. `3, 5` or `2.5 -1e2`.
 *
 * @example
 * ```ts
 * parseInput('3, 5', { kind: 'numbers', min: 2, max: 2 }); // { ok: true, values: [3, 5] }
 * parseInput('3 x', { kind: 'numbers', min: 2, max: 2 });  // { ok: false, message: "'x' is not a number" … }
 * ```
 */
export function parseInput(text: string, spec: InputSpec): Parsed {
  return spec.kind === 'numbers' ? parseNumbers(text, spec.min, spec.max) : parseDigits(text, spec.count, spec.symbols);
}

function parseNumbers(text: string, min: number, max: number): Parsed {
  const ws = words(text);
  const values: number[] = [];
  for (const w of ws) {
    const v = Number(w);
    if (!Number.isFinite(v)) return { ok: false, incomplete: false, message: `'${w}' is not a number` };
    values.push(v);
  }
  const count = min === max ? `${min} number${min === 1 ? '' : 's'}` : `${min} to ${max} numbers`;
  if (values.length < min) {
    return { ok: false, incomplete: true, message: values.length === 0 ? `type ${count}` : `type ${count}, got ${values.length}` };
  }
  if (values.length > max) return { ok: false, incomplete: false, message: `too long: this model takes ${count}, got ${values.length}` };
  return { ok: true, values };
}

function parseDigits(text: string, count: number, symbols: number): Parsed {
  const values: number[] = [];
  for (const w of words(text)) {
    for (const ch of w) {
      const v = symbols <= 10 ? Number.parseInt(ch, 10) : Number.NaN;
      if (!/^\d$/.test(ch) || !(v < symbols)) {
        return { ok: false, incomplete: false, message: `'${ch}' is not a digit${symbols < 10 ? ` below ${symbols}` : ''}` };
      }
      values.push(v);
    }
  }
  if (values.length < count) {
    const left = count - values.length;
    return { ok: false, incomplete: true, message: values.length === 0 ? `type ${count} digits` : `${left} more digit${left === 1 ? '' : 's'}` };
  }
  if (values.length > count) return { ok: false, incomplete: false, message: `too long: this model reads exactly ${count} digits, got ${values.length}` };
  return { ok: true, values };
}
