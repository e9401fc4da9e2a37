// A seeded run gives the same weights in every engine only if nothing on the way calls the
// engine's own elementary functions (Math.exp, Math.cos, Math.pow, `**`, …: they differ between
// engines in the last bit); @attn/train uses @attn/core's `math` instead. Checked in the source
// and at run time, with those functions replaced by ones that throw.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { addTwo, digitsAdd, lrAt, sort, train, type Schedule } from '../src/index.js';
import { weightsOf } from './helpers.js';

const ENGINE_FUNCTIONS: readonly string[] = [
  'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2',
  'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'pow', 'cbrt', 'hypot',
];

/** The lines of a source text that call Math.<engine function> or use `**` other than between number literals. */
function engineMathLines(text: string): number[] {
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const literal = (n: ts.Expression): boolean =>
    ts.isNumericLiteral(n) || (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(n.operand));
  const lines: number[] = [];
  const visit = (n: ts.Node): void => {
    const call = ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'Math' && ENGINE_FUNCTIONS.includes(n.name.text);
    const power = ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken && !(literal(n.left) && literal(n.right));
    if (call || power) lines.push(sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1);
    n.forEachChild(visit);
  };
  visit(sf);
  return lines;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Runs f with every engine function of Math replaced by one that throws. */
async function withoutEngineMath<T>(f: () => Promise<T>): Promise<T> {
  for (const name of ENGINE_FUNCTIONS) {
    vi.spyOn(Math, name as 'exp').mockImplementation(() => {
      throw new Error(`Math.${name} was called`);
    });
  }
  try {
    return await f();
  } finally {
    vi.restoreAllMocks();
  }
}

/** Short seeded runs through every optimizer and schedule: their weights and learning rates. */
async function seededRuns(): Promise<unknown[]> {
  const out: unknown[] = [];
  const schedules: Schedule[] = [{ kind: 'cosine', warmup: 3 }, { kind: 'step', every: 4, gamma: 0.7 }, { kind: 'warmup', steps: 5 }];
  for (const schedule of schedules) {
    const run = train({ task: addTwo(), seed: 0, steps: 20, schedule, optimizer: { kind: 'adam', lr: 0.01 } });
    await run;
    out.push(weightsOf(run.model));
    out.push(Array.from({ length: 20 }, (_, s) => lrAt(schedule, s, 20, 0.01)));
  }
  // AdamW with cosine decay and clipping (the digits tasks' defaults), rotary and sinusoidal positions
  for (const positional of ['rotary', 'sinusoidal'] as const) {
    const run = train({ task: sort({ length: 3, model: { positional } }), seed: 1, steps: 5 });
    await run;
    out.push(weightsOf(run.model));
  }
  const run = train({ task: digitsAdd(), seed: 2, steps: 5, optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.9 } });
  await run;
  out.push(weightsOf(run.model));
  return out;
}

describe('@attn/train computes without the engine\'s elementary functions', () => {
  it('src calls no Math.exp, Math.cos, …, Math.pow, and uses `**` only between number literals', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const uses = sourceFiles(join(root, 'src')).flatMap((file) => {
      const lines = readFileSync(file, 'utf8').split('\n');
      return engineMathLines(lines.join('\n')).map((n) => `${relative(root, file)}:${n}: ${lines[n - 1].trim()}`);
    });
    expect(uses, `engine math in packages/train/src (use math from @attn/core):\n${uses.join('\n')}\n`).toEqual([]);
    expect(engineMathLines('const a = [Math.cos(x), y ** t, 2 ** 10, Math.sqrt(z)];')).toEqual([1, 1]);
  });

  it('training with Adam, AdamW, SGD and every schedule runs with Math.exp & co. throwing, and ends with the same weights', async () => {
    const before = await seededRuns();
    const after = await withoutEngineMath(seededRuns);
    expect(after).toEqual(before);
    expect(() => Math.cos(0)).not.toThrow();
  });
});
