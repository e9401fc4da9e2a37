import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTrace } from '@attn/core';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const tmp = mkdtempSync(join(tmpdir(), 'attn-plot-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const VIEWS = ['input', 'qkv', 'scores', 'weights', 'attended', 'output', 'step-by-step'];
const cellsIn = (svg: string) => (svg.match(/<g aria-label="cell"[^>]*>(.*?)<\/g>/s)?.[1].match(/<rect/g) ?? []).length;

describe('attn plot', () => {
  it('attn plot --out DIR writes the six views and the step-by-step figure of the untrained model for [3, 5] and prints their paths', () => {
    const dir = join(tmp, 'untrained');
    const r = run('plot', '--out', dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual(VIEWS.map((v) => join(dir, `${v}.svg`)));
    const steps = readFileSync(join(dir, 'step-by-step.svg'), 'utf8');
    expect(steps.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(steps).toContain('<title id="attn-title">Attention, step by step, for [3, 5]</title>');
    expect(steps).toContain('expected 8');
    expect(cellsIn(readFileSync(join(dir, 'weights.svg'), 'utf8'))).toBe(4);
  });

  it('attn plot draws the model attn tutorial shows for the same seed, and the same files every time', () => {
    const tutorial = JSON.parse(run('tutorial', '--a', '2', '--b', '7', '--seed', '3', '--json').stdout);
    const [a, b] = [join(tmp, 'same-a'), join(tmp, 'same-b')];
    expect(run('plot', '--a', '2', '--b', '7', '--seed', '3', '--out', a).status).toBe(0);
    expect(run('plot', '--a', '2', '--b', '7', '--seed', '3', '--out', b).status).toBe(0);
    const weights = readFileSync(join(a, 'weights.svg'), 'utf8');
    for (const w of tutorial.attention[0].weights.data as number[]) expect(weights).toContain(`<title>${w.toFixed(4)}</title>`);
    for (const v of VIEWS) expect(readFileSync(join(b, `${v}.svg`), 'utf8'), v).toBe(readFileSync(join(a, `${v}.svg`), 'utf8'));
  });

  it('attn plot --trace also writes the Trace the figures draw, which parseTrace reads back with the numbers of the weights figure', () => {
    const dir = join(tmp, 'trace');
    const r = run('plot', '--a', '2', '--b', '7', '--trace', '--out', dir);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([...VIEWS.map((v) => join(dir, `${v}.svg`)), join(dir, 'step-by-step.trace.json')]);
    const trace = parseTrace(readFileSync(join(dir, 'step-by-step.trace.json'), 'utf8'));
    expect(trace.input.data).toEqual([2, 7]);
    const weights = readFileSync(join(dir, 'weights.svg'), 'utf8');
    for (const w of trace.attention[0].weights.data) expect(weights).toContain(`<title>${w.toFixed(4)}</title>`);
  });

  it('attn plot --train --png also writes loss, learning rate, gradient norm and attention over training, each as SVG and PNG', () => {
    const dir = join(tmp, 'trained');
    const r = run('plot', '--train', '--steps', '300', '--png', '--out', dir);
    expect(r.status).toBe(0);
    const files = r.stdout.trim().split('\n');
    const names = [...VIEWS, 'loss', 'lr', 'grad-norm', 'attention-over-training'];
    expect(files).toEqual(names.flatMap((n) => [join(dir, `${n}.svg`), join(dir, `${n}.png`)]));
    for (const f of files.filter((p) => p.endsWith('.png'))) expect(Array.from(readFileSync(f).subarray(0, 4)), f).toEqual([137, 80, 78, 71]);
    const over = readFileSync(join(dir, 'attention-over-training.svg'), 'utf8');
    expect(over).toContain('>step 0<');
    expect(over).toContain('>step 300<');
    // the eval line is named as the task labels the metric, not by its key
    const loss = readFileSync(join(dir, 'loss.svg'), 'utf8');
    expect(loss).toContain('held-out test MSE');
    expect(loss).not.toContain('testMse');
  });

  it('attn plot --task sort draws a head grid too, with the separator shown as →', () => {
    const dir = join(tmp, 'sort');
    const r = run('plot', '--task', 'sort', '--out', dir);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([...VIEWS, 'heads'].map((v) => join(dir, `${v}.svg`)));
    expect(readFileSync(join(dir, 'heads.svg'), 'utf8')).toContain('>→</text>');
  });

  it.each([
    [['plot', '--a', 'three'], "attn: --a must be a number, got 'three'"],
    [['plot', '--task', 'nope'], "attn: unknown task 'nope' (one of: add-two, sum-n"],
    [['plot', '--a', '1'], 'attn: --a and --b go together (or give --input)'],
    [['plot', '--task', 'sort', '--a', '1', '--b', '2'], 'attn: --a/--b: type exactly 5 digits, got 2'],
    [['plot', '--input', '3 x'], "attn: --input: add-two: expected a number, got 'x'"],
    [['plot', '--steps', '10'], 'attn: --steps needs --train'],
    [['plot', '--train', '--steps', '0'], "attn: --steps must be between 1 and 100,000,000 (split a longer run with --resume), got '0'"],
    [['plot', '--png=yes'], "attn: --png takes no value, got 'yes'"],
    [['plot', '--out'], 'attn: --out needs a value'],
  ])('attn %j exits 2 with one line on stderr', (args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('attn plot --out refuses a folder it cannot write, before drawing anything', () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const r = run('plot', '--out', join(file, 'figures'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^attn: --out: cannot write to '.*a-file\/figures': ENOTDIR\n$/);
  });

  it('attn plot --help describes the command', () => {
    const r = run('plot', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('attn plot — draw every step of attention as figures');
    expect(run('--help').stdout).toMatch(/^  plot +draw every step of attention/m);
  });
});
