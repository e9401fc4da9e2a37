// The committed reference vectors are what their generator writes: generate.py runs with
// PyTorch into a temporary folder and every file, case, parameter and number is compared.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, parseRefFile, toTensor, vectorsDir, type RefCase, type RefTensor } from '../src/index.js';
import { runPython, torchSkipReason } from './python.js';

const skip = torchSkipReason('vectors.test.ts');
const jsonFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const load = (dir: string, file: string) => parseRefFile(file, readFileSync(join(dir, file), 'utf8'));

/** Every tensor of a case by a path like `grads.x` or `steps.2.param_after`. */
function tensorsOf(c: RefCase): Record<string, RefTensor> {
  const out: Record<string, RefTensor> = {};
  for (const group of ['inputs', 'outputs', 'upstream', 'grads'] as const) {
    for (const [k, t] of Object.entries(c[group] ?? {})) out[`${group}.${k}`] = t;
  }
  c.steps?.forEach((s, i) => { out[`steps.${i}.grad`] = s.grad; out[`steps.${i}.param_after`] = s.param_after; });
  return out;
}

describe.skipIf(skip !== null)('packages/conformance/vectors', () => {
  it('generate.py run again with PyTorch writes the committed files: same ops, cases and params, every number within tolerance', () => {
    const dir = mkdtempSync(join(tmpdir(), 'attn-vectors-'));
    try {
      runPython(join(vectorsDir, 'generate.py'), [dir]);
      expect(jsonFiles(dir)).toEqual(jsonFiles(vectorsDir));
      for (const file of jsonFiles(vectorsDir)) {
        const committed = load(vectorsDir, file);
        const fresh = load(dir, file);
        const { cases: _, ...header } = committed;
        expect(fresh).toMatchObject(header);
        expect(fresh.cases.map((c) => [c.name, c.params])).toEqual(committed.cases.map((c) => [c.name, c.params]));
        fresh.cases.forEach((c, i) => {
          const want = tensorsOf(committed.cases[i]);
          const got = tensorsOf(c);
          expect(Object.keys(got), `${file} ${c.name}`).toEqual(Object.keys(want));
          for (const [k, t] of Object.entries(want)) {
            expect(compare(toTensor(k, got[k]), t, committed.tolerance!), `${file} ${c.name} ${k}`).toBeNull();
          }
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
