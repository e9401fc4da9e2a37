import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tensor } from '@attn/core';
import { compare, coreOps, formatReport, runConformance, trainOps, vectorsDir } from './index.js';

const ops = { ...coreOps, ...trainOps };
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'attn-conf-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('runConformance', () => {
  it('runConformance(vectorsDir) passes every case, optimizers included, and skips none', () => {
    const r = runConformance(vectorsDir, { ops });
    expect(r.errors).toEqual([]);
    expect(r.results.filter((c) => c.status === 'fail')).toEqual([]);
    expect(r.failed).toBe(0);
    expect(r.skipped).toBe(0);
    expect(r.passed).toBeGreaterThanOrEqual(29);
    expect(r.results.filter((c) => c.op === 'optimizer').map((c) => [c.name, c.status])).toEqual([
      ['sgd_momentum', 'pass'], ['adam', 'pass'], ['adamw', 'pass'],
    ]);
  });

  it('runConformance reports an optimizer step whose reference value was changed, with the step and index', () => {
    const d = tmp();
    const ref = JSON.parse(readFileSync(join(vectorsDir, 'optimizer.json'), 'utf8'));
    ref.cases[1].steps[2].param_after.data[4] += 1e-3;
    ref.cases[2].steps.pop();
    writeFileSync(join(d, 'optimizer.json'), JSON.stringify(ref));
    const lines = formatReport(runConformance(d, { ops }));
    expect(lines[0]).toBe(`PASS optimizer/${ref.cases[0].name}`);
    expect(lines[1]).toMatch(new RegExp(`^FAIL optimizer/${ref.cases[1].name}: step 3 param_after max abs err 0\\.00(099|100)\\d+ at index 4$`));
    // the handler takes one step per reference step, so a shorter case still passes
    expect(lines[2]).toBe(`PASS optimizer/${ref.cases[2].name}`);
    expect(lines.at(-1)).toBe('2 passed, 1 failed, 0 skipped');
  });

  it('runConformance still reports skipped ops when asked to', () => {
    const r = runConformance(vectorsDir, { ops, skip: { optimizer: 'not today' } });
    expect(r.skipped).toBe(3);
    expect(r.results.filter((c) => c.status === 'skip').map((c) => `${c.op}: ${c.detail}`)).toEqual(Array(3).fill('optimizer: not today'));
  });

  it('a stepped handler that returns too few steps fails the case', () => {
    const d = tmp();
    const ref = JSON.parse(readFileSync(join(vectorsDir, 'optimizer.json'), 'utf8'));
    writeFileSync(join(d, 'optimizer.json'), JSON.stringify({ ...ref, cases: [ref.cases[0]] }));
    const r = runConformance(d, { ops: { optimizer: (x) => ({ outputs: {}, steps: [x.param] }) } });
    expect(formatReport(r)[0]).toBe(`FAIL optimizer/${ref.cases[0].name}: expected a value after each of 4 steps, got 1`);
  });

  it('runConformance reports a case whose reference value was changed, with the index', () => {
    const d = tmp();
    const ref = JSON.parse(readFileSync(join(vectorsDir, 'softmax.json'), 'utf8'));
    ref.cases[1].outputs.y.data[3] += 1e-3;
    ref.cases[2].grads.x.data[5] += 1e-3;
    writeFileSync(join(d, 'softmax.json'), JSON.stringify(ref));
    const r = runConformance(d, { ops: coreOps });
    expect(r.failed).toBe(2);
    const lines = formatReport(r);
    expect(lines).toContain(`PASS softmax/${ref.cases[0].name}`);
    expect(lines.find((l) => l.startsWith(`FAIL softmax/${ref.cases[1].name}: y max abs err`))).toMatch(/at index 3$/);
    expect(lines.find((l) => l.startsWith(`FAIL softmax/${ref.cases[2].name}: grad x max abs err`))).toMatch(/at index 5$/);
    expect(lines.at(-1)).toBe(`${ref.cases.length - 2} passed, 2 failed, 0 skipped`);
  });

  it('runConformance reports unknown ops and malformed files as errors', () => {
    const d = tmp();
    writeFileSync(join(d, 'a.json'), JSON.stringify({ op: 'flash_attention', cases: [] }));
    writeFileSync(join(d, 'b.json'), '{ "op": "softmax", ');
    const r = runConformance(d, { ops: coreOps });
    expect(r.errors[0]).toMatch(/^a\.json: unknown op 'flash_attention' \(known: .*softmax/);
    expect(r.errors[1]).toMatch(/^b\.json: not valid JSON/);
  });

  it('the CLI exits 1 on an unknown op and 2 without a folder', () => {
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const d = tmp();
    writeFileSync(join(d, 'x.json'), JSON.stringify({ op: 'nope', cases: [] }));
    const bad = spawnSync(process.execPath, [cli, d], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("ERROR x.json: unknown op 'nope'");
    expect(bad.stdout.trim().split('\n').at(-1)).toBe('0 passed, 0 failed, 0 skipped');
    const usage = spawnSync(process.execPath, [cli], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^usage: pnpm conformance DIR/);
  });
});

describe('compare', () => {
  it('compare(got, want) uses atol + rtol·|want| and reports the worst element', () => {
    const tol = { atol: 1e-8, rtol: 1e-6 };
    expect(compare(tensor([1000 + 5e-4]), { shape: [1], data: [1000] }, tol)).toBeNull();
    expect(compare(tensor([1, 2.1]), { shape: [2], data: [1, 2] }, tol)).toMatch(/^max abs err 0\.1000\d+ at index 1$/);
    expect(compare(tensor([1, 2]), { shape: [1, 2], data: [1, 2] }, tol)).toBe('shape [2], expected [1,2]');
    expect(compare(tensor([NaN]), { shape: [1], data: [0] }, tol)).toBe('max abs err Infinity at index 0');
  });
});
