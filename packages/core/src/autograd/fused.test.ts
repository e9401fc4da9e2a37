import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { randn } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/storage.js';
import { FUSED, PRIMITIVES, type FusedCase } from './fused.js';

const DTYPES: readonly DType[] = ['float64', 'float32'];
/** Elementwise tolerance relative to the reference tensor's largest magnitude. */
const TOLERANCE: Record<DType, number> = { float64: 1e-12, float32: 1e-5 };

/** Fresh leaves with the case's values; those in `wrt` require grad. */
function leaves(c: FusedCase): Tensor[] {
  return c.inputs.map((t, i) => new Tensor(t.data.slice(), t.shape.slice(), c.wrt === undefined || c.wrt.includes(i)));
}

function expectNear(got: Tensor, want: Tensor, dtype: DType, label: string): void {
  expect([...got.shape], `${label}: shape`).toEqual([...want.shape]);
  expect(got.dtype, `${label}: dtype`).toBe(want.dtype);
  let scale = 0;
  for (const v of want.data) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const bad: string[] = [];
  for (let i = 0; i < want.size; i++) {
    const a = got.data[i];
    const b = want.data[i];
    if (a === b || Math.abs(a - b) <= TOLERANCE[dtype] * (Math.abs(b) + scale) || bad.length >= 3) continue;
    bad.push(`at ${i}: fused ${a}, composed ${b}`);
  }
  expect(bad, `${label}: values differ by more than ${TOLERANCE[dtype]} relative`).toEqual([]);
}

/** The values with −0 read as 0 (the composed forms may hold −0 where the fused op writes 0). */
const bits = (t: Tensor) => Array.from(t.data, (v) => v + 0);

describe('fused ops against their composed forms', () => {
  for (const op of FUSED) {
    for (const dtype of DTYPES) {
      it(`${op.name} (${op.site}) equals its composed form in ${dtype}, value and gradient of every input`, () => {
        for (const c of op.cases(dtype)) {
          const a = leaves(c);
          const b = leaves(c);
          const fused = op.fused(a, c.args);
          const composed = op.composed(b, c.args);
          // one node straight from the inputs: the fused path ran in this dtype
          expect(fused._parents?.every((p) => a.includes(p)), `${c.label}: one node`).toBe(true);
          const upstream = randn([...fused.shape], { seed: 99, dtype });
          fused.backward(upstream);
          composed.backward(upstream);
          const exact = op.sameBits?.includes(dtype);
          if (exact || op.sameValueBits?.includes(dtype)) expect(bits(fused), `${c.label}: value bits`).toEqual(bits(composed));
          else expectNear(fused, composed, dtype, `${c.label}: value`);
          a.forEach((t, i) => {
            if (!t.requiresGrad) return;
            const label = `${c.label}: gradient of input ${i}`;
            expect(t.grad, label).not.toBeNull();
            if (exact) expect(bits(t.grad!), label).toEqual(bits(b[i].grad!));
            else expectNear(t.grad!, b[i].grad!, dtype, label);
          });
        }
      });
    }
  }
});

const srcDir = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/**
 * Every top-level function of src that creates a graph node with a hand-written backward pass:
 * it calls `attach` (or `unary`, elementwise.ts's node for a function and its derivative, which
 * then stands for its callers), as `file#function`.
 */
function nodeSites(): string[] {
  const sites: string[] = [];
  for (const file of sourceFiles(srcDir)) {
    const rel = relative(srcDir, file).split('\\').join('/');
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const st of sf.statements) {
      const named: [string, ts.Node][] = ts.isFunctionDeclaration(st) && st.name
        ? [[st.name.text, st]]
        : ts.isVariableStatement(st) ? st.declarationList.declarations.map((d) => [d.name.getText(sf), d]) : [];
      for (const [name, node] of named) {
        if (rel === 'ops/elementwise.ts' && name === 'unary') continue;
        let creates = false;
        const visit = (n: ts.Node): void => {
          if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && (n.expression.text === 'attach' || n.expression.text === 'unary')) creates = true;
          else ts.forEachChild(n, visit);
        };
        visit(node);
        if (creates) sites.push(`${rel}#${name}`);
      }
    }
  }
  return sites.sort();
}

describe('the table of ops with their own backward pass', () => {
  it('lists every function in src that writes a backward pass, as a primitive or a fused op, and nothing else', () => {
    const listed = [...new Set([...Object.values(PRIMITIVES), ...FUSED.map((op) => op.site)])].sort();
    expect(nodeSites()).toEqual(listed);
  });

  it('holds 21 primitives and 12 fused ops, each fused op with its reason and cases in both dtypes', () => {
    expect(Object.keys(PRIMITIVES)).toHaveLength(21);
    expect(FUSED).toHaveLength(12);
    for (const op of FUSED) {
      expect(op.why.length, op.name).toBeGreaterThan(0);
      for (const dtype of DTYPES) {
        const cases = op.cases(dtype);
        expect(cases.length, op.name).toBeGreaterThan(0);
        for (const c of cases) expect(c.inputs.every((t) => t.dtype === dtype), `${op.name} ${c.label}`).toBe(true);
      }
    }
  });
});
