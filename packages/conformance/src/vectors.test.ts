// The committed vectors are what generate.py writes: run it with PyTorch and compare.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

import { torchMissing, torchPython } from './torch-python.js';

const vectors = fileURLToPath(new URL('../vectors', import.meta.url));
if (!torchPython) console.warn(`vectors.test.ts skipped: ${torchMissing}`);

/** Every number of `got` within 1e-12 + 1e-10·|want| of `want`, everything else equal. */
function expectSame(got: unknown, want: unknown, path: string): void {
  if (typeof want === 'number') {
    expect(typeof got, path).toBe('number');
    expect(Math.abs((got as number) - want), path).toBeLessThanOrEqual(1e-12 + 1e-10 * Math.abs(want));
  } else if (Array.isArray(want)) {
    expect(Array.isArray(got) && got.length, path).toBe(want.length);
    want.forEach((w, i) => expectSame((got as unknown[])[i], w, `${path}[${i}]`));
  } else if (want !== null && typeof want === 'object') {
    expect(Object.keys(got as object).sort(), path).toEqual(Object.keys(want).sort());
    for (const [k, w] of Object.entries(want)) expectSame((got as Record<string, unknown>)[k], w, `${path}.${k}`);
  } else expect(got, path).toBe(want);
}

describe.skipIf(!torchPython)('the reference vectors', () => {
  const out = mkdtempSync(join(tmpdir(), 'attn-vectors-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('generate.py run with PyTorch reproduces every committed file', () => {
    const r = spawnSync(torchPython!, [join(vectors, 'generate.py'), out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const committed = readdirSync(vectors).filter((f) => f.endsWith('.json')).sort();
    expect(readdirSync(out).sort()).toEqual(committed);
    expect(committed.length).toBe(9);
    for (const f of committed) {
      expectSame(JSON.parse(readFileSync(join(out, f), 'utf8')), JSON.parse(readFileSync(join(vectors, f), 'utf8')), f);
    }
  }, 60_000);
});
