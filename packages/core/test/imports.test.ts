// The runtime import graph of src (type-only imports left out, as they vanish from the build)
// has exactly one cycle: Tensor's methods (`x.add(y)`, `x.softmax()`, `loss.backward()`) call
// the modules of those ops and the autograd engine, which need the Tensor class back. Everything
// else, storage helpers included (tensor/storage.ts), sits outside it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../src', import.meta.url));

/** The one allowed cycle: tensor.ts and the modules behind its methods. */
const METHOD_CYCLE = [
  'autograd/engine.ts',
  'ops/compare.ts',
  'ops/elementwise.ts',
  'ops/matmul.ts',
  'ops/reduce.ts',
  'ops/shape.ts',
  'ops/softmax.ts',
  'tensor/tensor.ts',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Whether an import or export declaration is erased from the build (`import type`, `{ type A }` only). */
function typeOnly(st: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(st)) {
    return st.isTypeOnly || (st.exportClause !== undefined && ts.isNamedExports(st.exportClause)
      && st.exportClause.elements.length > 0 && st.exportClause.elements.every((e) => e.isTypeOnly));
  }
  const clause = st.importClause;
  if (clause === undefined) return false; // `import './x.js'` runs the module
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return clause.name === undefined && named !== undefined && ts.isNamedImports(named)
    && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

/** Module → the modules of src it imports at runtime, paths relative to src. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(srcDir)) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const deps: string[] = [];
    for (const st of sf.statements) {
      if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) || st.moduleSpecifier === undefined) continue;
      const spec = (st.moduleSpecifier as ts.StringLiteral).text;
      if (!spec.startsWith('.') || typeOnly(st)) continue;
      deps.push(relative(srcDir, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))).split('\\').join('/'));
    }
    graph.set(relative(srcDir, file).split('\\').join('/'), deps);
  }
  return graph;
}

/** The import cycles: strongly connected components of more than one module (Tarjan), each sorted. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = stack.splice(stack.indexOf(v));
    if (component.length > 1) out.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('imports of src', () => {
  it('have one cycle only: tensor.ts with the op modules behind its methods and the autograd engine', () => {
    expect(cycles(importGraph())).toEqual([METHOD_CYCLE]);
  });

  it('resolve to modules of src, so the graph above sees every edge', () => {
    const graph = importGraph();
    const missing = [...graph].flatMap(([from, deps]) => deps.filter((d) => !graph.has(d)).map((d) => `${from} → ${d}`));
    expect(missing).toEqual([]);
  });

  it('find a cycle through a storage helper when one is added', () => {
    const graph = new Map([['tensor/tensor.ts', ['tensor/storage.ts']], ['tensor/storage.ts', ['tensor/tensor.ts']], ['ops/linear.ts', ['tensor/storage.ts']]]);
    expect(cycles(graph)).toEqual([['tensor/storage.ts', 'tensor/tensor.ts']]);
  });
});
