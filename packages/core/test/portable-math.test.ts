// @attn/core computes the same bits in every engine because it never calls the engine's own
// elementary functions (Math.exp, Math.log, Math.sin, …, Math.pow and `**`), which differ in the
// last bit between engines: it uses src/math instead. Checked twice: in the source (no such
// call, no `**` but between number literals) and at run time (with those Math functions
// replaced by ones that throw, every op, layer and the Rng still run, with unchanged results).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  crossEntropy, DecoderOnly, erf, exp, gelu, init, LayerNorm, log, logSoftmax, math, mseLoss, pow, randn, RMSNorm, Rng,
  RotaryEmbedding, sigmoid, sinusoidalEncoding, softmax, tanh, tensor, TutorialAttention, type Tensor,
} from '../src/index.js';

/** The engine's own elementary functions: results differ between engines in the last bit. */
const ENGINE_FUNCTIONS = [
  'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2',
  'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'pow', 'cbrt', 'hypot',
] as const;

const srcDir = fileURLToPath(new URL('../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** The lines (1-based) of a source text that call Math.<engine function> or use `**` other than between number literals. */
function engineMathLines(text: string): number[] {
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const functions: readonly string[] = ENGINE_FUNCTIONS;
  const literal = (n: ts.Expression): boolean =>
    ts.isNumericLiteral(n) || (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(n.operand)) ||
    (ts.isParenthesizedExpression(n) && literal(n.expression));
  const lines = new Set<number>();
  const visit = (n: ts.Node): void => {
    const call = ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'Math' && functions.includes(n.name.text);
    const power = ts.isBinaryExpression(n) &&
      (n.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken || n.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskEqualsToken) &&
      !(literal(n.left) && literal(n.right));
    if (call || power) lines.add(sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1);
    n.forEachChild(visit);
  };
  visit(sf);
  return [...lines].sort((a, b) => a - b);
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** Replaces every engine function of Math by one that throws, for the duration of f. */
function withoutEngineMath<T>(f: () => T): T {
  for (const name of ENGINE_FUNCTIONS) {
    vi.spyOn(Math, name).mockImplementation(() => {
      throw new Error(`Math.${name} was called`);
    });
  }
  try {
    return f();
  } finally {
    vi.restoreAllMocks();
  }
}

/** Everything seeded core does with elementary functions: the numbers it produces. */
function seededWork(): number[] {
  const out: number[] = [];
  const keep = (t: Tensor) => out.push(...t.data);
  const rng = new Rng(7);
  for (let i = 0; i < 1000; i++) out.push(rng.normal());
  keep(randn([64], { seed: 3 }));
  keep(init.xavierNormal()([8, 8], new Rng(1)));
  keep(sinusoidalEncoding(64, 16));
  const [cos, sin] = new RotaryEmbedding(16).tables(10, 5000);
  keep(cos);
  keep(sin);

  const x = randn([3, 5], { seed: 2, requiresGrad: true });
  for (const y of [exp(x), log(pow(x, 2)), tanh(x), sigmoid(x), erf(x), gelu(x), gelu(x, 'tanh'), softmax(x), logSoftmax(x),
    pow(pow(x, 2), 0.5), pow(pow(x, 2), -0.5), pow(pow(x, 2), 1.7), new LayerNorm(5).forward(x), new RMSNorm(5).forward(x)]) {
    keep(y);
    y.sum().backward();
  }
  keep(x.grad!);

  const tutorial = new TutorialAttention({ seed: 0 });
  const loss = mseLoss(tutorial.forward(tensor([[3, 5]])), tensor([[8]]));
  loss.backward();
  out.push(loss.item());
  for (const p of tutorial.parameters()) keep(p.grad!);

  for (const positional of ['rotary', 'sinusoidal'] as const) {
    const gpt = new DecoderOnly({ vocabSize: 10, maxLen: 8, dModel: 16, heads: 2, layers: 1, positional, seed: 0 });
    const logits = gpt.forward(tensor([[1, 2, 3, 4], [5, 6, 7, 8]]));
    const ce = crossEntropy(logits.reshape([8, 10]), tensor([2, 3, 4, 5, 6, 7, 8, 9]));
    ce.backward();
    out.push(ce.item());
    for (const p of gpt.parameters()) keep(p.grad!);
  }

  for (const v of [-745, -1, -1e-300, 0, 0.5, 1, 3, 709, 1e300, 5e-324]) {
    out.push(math.exp(v), math.log(Math.abs(v)), math.sin(v), math.cos(v), math.tanh(v), math.pow(Math.abs(v), 0.3), math.pow(v, 3));
  }
  return out;
}

describe('@attn/core computes without the engine\'s elementary functions', () => {
  it('src calls no Math.exp, Math.log, Math.sin, …, Math.pow, and uses `**` only between number literals', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const uses = sourceFiles(srcDir).flatMap((file) => {
      const lines = readFileSync(file, 'utf8').split('\n');
      return engineMathLines(lines.join('\n')).map((n) => `${relative(root, file)}:${n}: ${lines[n - 1].trim()}`);
    });
    expect(uses, `engine math in packages/core/src (use src/math):\n${uses.join('\n')}\n`).toEqual([]);
  });

  it('the source check finds Math.exp, Math.pow and `**` with a variable, and passes comments, strings and 2 ** 28', () => {
    const text = [
      'const a = (x: number) => [',
      '  Math.exp(x),',
      '  Math.pow(x, 2),',
      '  x ** 0.5,',
      '  2 ** x,',
      '  // Math.exp(x) in a comment',
      "  'Math.log(x) in a string',",
      '  2 ** 28 + 2 ** -14,',
      '  Math.sqrt(x) + Math.abs(x),',
      '];',
    ].join('\n');
    expect(engineMathLines(text)).toEqual([2, 3, 4, 5]);
  });

  it('Rng.normal, init, positions, every op and layer, forward and backward, run with Math.exp & co. throwing, and give the same numbers', () => {
    const before = seededWork();
    const after = withoutEngineMath(seededWork);
    expect(after).toEqual(before);
    expect(before.length).toBeGreaterThan(3000);
  });

  it('withoutEngineMath really takes them away', () => {
    expect(() => withoutEngineMath(() => Math.exp(1))).toThrow('Math.exp was called');
    expect(() => withoutEngineMath(() => Math.pow(2, 0.5))).toThrow('Math.pow was called');
    expect(Math.exp(0)).toBe(1);
  });
});
