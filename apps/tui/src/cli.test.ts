import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSafetensors, loadModel, noGrad, tensor, type Module } from '@attn/core';
import { addTwo, checkpointModel, decodeCheckpoint, encodeModelLink, formatMetric, train, type Task } from '@attn/train';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const tmp = mkdtempSync(join(tmpdir(), 'attn-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('attn tutorial', () => {
  it('the commands attn suggests are `pnpm attn …` when it runs through pnpm start or pnpm attn (a clone has no attn on its PATH)', () => {
    const via = (event: string | undefined) => spawnSync(process.execPath, [cli, 'tutorial'], { encoding: 'utf8', env: { ...process.env, npm_lifecycle_event: event } }).stdout.replace(/\s+/g, ' ');
    expect(via('start')).toContain('Train it with: pnpm attn train --task add-two');
    expect(via('attn')).toContain('Train it with: pnpm attn train --task add-two');
    expect(via('test')).toContain('Train it with: attn train --task add-two');
  });

  it('attn prints the eight steps for [3, 5] by default', () => {
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('for the input [3, 5]');
    expect(r.stdout).toContain('Step 8 · Sum, network, answer');
    expect(r.stdout).toContain('expected 8.000');
  });
  it('attn tutorial --a 2 --b 7 --scale sqrt uses the given input and scaling', () => {
    const r = run('tutorial', '--a', '2', '--b', '7', '--scale', 'sqrt');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('for the input [2, 7]');
    expect(r.stdout).toContain('expected 9.000');
    expect(r.stdout).toContain('scores = Q · Kᵀ / √4');
    expect(r.stdout).toMatch(/Q·Kᵀ +2 +7/); // the raw scores, then the scaled ones softmax takes
  });
  it('attn tutorial warns on stderr about inputs outside what t trains on, and refuses --a 1e200 like --input does', () => {
    const r = run('tutorial', '--input', '12 5');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('for the input [12, 5]');
    expect(r.stderr).toBe('attn: warning: 12 is outside the training range [0, 10)\n');
    const huge = run('tutorial', '--a', '1e200');
    expect(huge.status).toBe(2);
    expect(huge.stderr).toContain('--a/--b: tutorial: numbers must be at most 1e6 in size');
  });
  it('attn --a 2 --b 7 (flags before any command) is the tutorial for [2, 7]', () => {
    const r = run('--a', '2', '--b', '7');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('for the input [2, 7]');
  });
  it('attn tutorial --input "1, 2, 3" runs the tutorial model on three numbers', () => {
    const r = run('tutorial', '--input', '1, 2, 3');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('for the input [1, 2, 3]');
    expect(r.stdout).toContain('expected 6.000');
    expect(r.stdout).toMatch(/Token 3 puts \d+\.\d% on 1, \d+\.\d% on 2, \d+\.\d% on 3\./);
  });
  it('attn tutorial --json prints the Trace', () => {
    const r = run('tutorial', '--json');
    const trace = JSON.parse(r.stdout);
    expect(trace).toMatchObject({ format: 'attn.trace', model: 'TutorialAttention', input: { shape: [1, 2], data: [3, 5] } });
    expect(trace.attention[0].weights.shape).toEqual([1, 2, 2]);
  });
});

describe('attn train', () => {
  it('attn train --task add-two --json prints exactly one JSON object with the report, [3, 5] among the examples', () => {
    const r = run('train', '--task', 'add-two', '--steps', '400', '--seed', '2', '--json');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['task', 'seed', 'steps', 'seconds', 'finalLoss', 'metrics', 'examples']));
    expect(report).toMatchObject({ task: 'add-two', seed: 2, steps: 400 });
    expect(report.metrics.testMse).toBeLessThan(0.05);
    expect(Object.keys(report.metrics)).toEqual(['testMse', 'error35']); // JSON keeps the task's keys
    const ex = report.examples.find((e: { input: number[] }) => e.input[0] === 3 && e.input[1] === 5);
    expect(ex.target).toBe(8);
    expect(Math.abs(ex.prediction - 8)).toBeLessThan(0.5);
    for (const row of report.attention.weights) expect(row[0] + row[1]).toBeCloseTo(1, 12);
  });

  it('attn train prints progress lines and a summary that answers what the model attends to', () => {
    const r = run('train', '--task', 'add-two', '--steps', '300', '--every', '100');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => /^step \d+\/300 {2}loss /.test(l)).map((l) => l.split(' ')[1])).toEqual(['100/300', '200/300', '300/300']);
    expect(r.stdout).toMatch(/^done: 300 steps in /m);
    expect(r.stdout).toMatch(/^held-out: test MSE [\d.e+-]+, error on \[3, 5\] [\d.e+-]+$/m);
    expect(r.stdout).toContain('what is the model paying attention to? For the input [3,5]:');
    expect(r.stdout).toMatch(/Token 3 puts \d+\.\d% on 3, \d+\.\d% on 5\./);
  });

  it('attn train --out DIR saves a checkpoint and weights; after Ctrl-C, --resume ends with the weights of an uninterrupted run', async () => {
    const a = join(tmp, 'a');
    const b = join(tmp, 'b');
    const steps = '20000';
    expect(run('train', '--task', 'add-two', '--steps', steps, '--seed', '4', '--out', a, '--json').status).toBe(0);
    // the same run, interrupted with SIGINT once it reports progress
    const child = spawn(process.execPath, [cli, 'train', '--task', 'add-two', '--steps', steps, '--seed', '4', '--out', b, '--every', '500']);
    let stdout = '';
    let sent = false;
    child.stdout.on('data', (d) => {
      stdout += d;
      if (!sent && /^step 500\//m.test(stdout)) sent = child.kill('SIGINT');
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stdout).toMatch(/interrupted after step \d+ of 20000; continue with: attn train --resume .*last\.ckpt/);
    const stoppedAt = decodeCheckpoint(readFileSync(join(b, 'last.ckpt'))).step;
    expect(stoppedAt).toBeGreaterThanOrEqual(500);
    expect(stoppedAt).toBeLessThan(20000);
    const resumed = run('train', '--resume', join(b, 'last.ckpt'), '--out', b, '--json');
    expect(resumed.status).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ task: 'add-two', steps: 20000, seed: 4, reason: 'done' });
    const wa = decodeSafetensors(readFileSync(join(a, 'model.safetensors'))).tensors;
    const wb = decodeSafetensors(readFileSync(join(b, 'model.safetensors'))).tensors;
    for (const name of Object.keys(wa)) expect(Array.from(wb[name].data), name).toEqual(Array.from(wa[name].data));
  }, 60_000);

  it('attn train --resume takes the model from the checkpoint and refuses flags that contradict it, naming each', () => {
    const dir = join(tmp, 'sized');
    expect(run('train', '--task', 'sort', '--steps', '20', '--d', '8', '--heads', '2', '--layers', '1', '--seed', '3', '--out', dir, '--json').status).toBe(0);
    const ckpt = join(dir, 'last.ckpt');
    const refused = run('train', '--resume', ckpt, '--heads', '4', '--layers', '2', '--d', '8', '--steps', '30');
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe("attn: --resume: the checkpoint's model has heads 2, but --heads 4 was given; the checkpoint's model has layers 1, but --layers 2 was given");
    expect(run('train', '--resume', ckpt, '--seed', '4').stderr.trim()).toBe("attn: --resume: the checkpoint's run has seed 3, but --seed 4 was given");
    // flags that agree are accepted; without flags the checkpoint's model (not the task's default size) goes on training
    expect(run('train', '--resume', ckpt, '--heads', '2', '--seed', '3', '--steps', '25', '--json').status).toBe(0);
    const resumed = run('train', '--resume', ckpt, '--steps', '30', '--out', dir, '--json');
    expect(resumed.status).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ task: 'sort', steps: 30, seed: 3 });

    // model.safetensors alone rebuilds the trained model: the same logits as the checkpoint's model
    const fromWeights = loadModel(readFileSync(join(dir, 'model.safetensors')));
    const fromCheckpoint = checkpointModel(decodeCheckpoint(readFileSync(ckpt)));
    expect(fromWeights.modelConfig()).toMatchObject({ class: 'DecoderOnly', options: { dModel: 8, heads: 2, layers: 1 } });
    const logits = (m: Module) => noGrad(() => Array.from((m as Module & { forward(x: unknown): { data: Float64Array } }).forward(tensor([[3, 1, 4, 1, 5, 10]])).data));
    expect(logits(fromWeights)).toEqual(logits(fromCheckpoint));
  }, 60_000);

  it('attn train warns before a run that would take hours, with its estimate of time and memory', async () => {
    const child = spawn(process.execPath, [cli, 'train', '--task', 'sort', '--steps', '100000000', '--plain']);
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const warned = await new Promise<boolean>((resolve) => {
      child.stdout.on('data', () => resolve(stderr.length > 0)); // the warning comes before the first line of training
      child.on('close', () => resolve(false));
    });
    child.kill('SIGKILL');
    expect(warned).toBe(true);
    expect(stderr).toMatch(/^attn: warning: 100,000,000 steps of sort at about \d+\.\d ms a step take about \d+(\.\d)? (days|hours), with \d+\.\d MB for the model and its optimizer/);
  }, 60_000);

  it.each([
    [['train'], 'attn: train needs --task NAME (one of: add-two, sum-n, sort, reverse, digits-add'],
    [['train', '--task', 'nope'], "attn: unknown task 'nope' (one of: add-two, sum-n"],
    [['train', '--task', 'add-two', '--steps', 'many'], "attn: --steps must be a number, got 'many'"],
    [['train', '--task', 'add-two', '--steps', '0'], "attn: --steps must be between 1 and 100,000,000 (split a longer run with --resume), got '0'"],
    [['plot', '--train', '--steps', '1e308'], "attn: --steps must be between 1 and 100,000,000 (split a longer run with --resume), got '1e308'"],
    [['train', '--task', 'add-two', '--batch-size', '1e9'], "attn: --batch-size must be between 1 and 65,536 (a bigger batch does not fit in memory with these models), got '1e9'"],
    [['tutorial', '--seed', '-1e308'], "attn: --seed must be between 0 and 4,294,967,295, got '-1e308'"],
    [['train', '--task', 'add-two', '--lr', '-1'], 'attn: --lr must be positive, got -1'],
    [['train', '--task', 'add-two', '--bogus'], "attn: unknown option '--bogus'"],
    [['train', '--resume', '/nonexistent/last.ckpt'], 'attn: --resume: cannot read /nonexistent/last.ckpt: ENOENT'],
    [['train', '--resume', '/dev/zero'], 'attn: --resume: cannot read /dev/zero: it is a character device, not a regular file'],
    [['playground', '--checkpoint', '/dev/zero'], 'attn: --checkpoint: cannot read /dev/zero: it is a character device, not a regular file'],
    [['train', '--task', 'add-two', '--out', '/proc/attn-out'], "attn: --out: cannot write to '/proc/attn-out': /proc is on the kernel's proc filesystem, which holds no files of ours"],
    [['fly'], "attn: unknown command 'fly' (try: attn tutorial, attn train, attn playground, attn open, attn inspect, attn tasks, attn plot, attn --help)"],
    [['open'], 'attn: open needs a link or a file holding one: attn open LINK'],
    [['open', 'https://attn.example/tutorial#step-5'], "attn: open: 'https://attn.example/tutorial#step-5' is neither a model link (a URL ending in #model=v1.…, or that fragment) nor a file"],
    [['open', '/dev/zero'], 'attn: open: cannot read /dev/zero: it is a character device, not a regular file'],
    [['open', 'package.json'], 'attn: open: package.json: not a model link: expected a URL whose fragment starts with \'#model=\', or the fragment itself, got "{'],
    [['open', 'https://attn.example/tutorial#model=v2.AAAA'], 'attn: open: this link was made by a newer attn (link version 2); this one reads version 1'],
    [['open', '#model=v1.AAAAAAAA'], 'attn: open: the link is truncated or corrupted (decodeSafetensors: '],
    [['playground', 'extra'], "attn: unexpected argument 'extra'"],
    [['tutorial', '--d', '0'], 'attn: --d must be between 1 and 64, got 0'],
    [['tutorial', '--input', '3 five'], "attn: --input: tutorial: expected a number, got 'five'"],
    [['tutorial', '--input', '3', '--a', '1'], 'attn: give --input or --a/--b, not both'],
    [['playground', '--task', 'sort', '--input', '3 1 4'], "attn: --input: type exactly 5 digits, got 3"],
    [['playground', '--task', 'sort', '--input', '3 1 4 1 5 9'], "attn: --input: sort: reads exactly 5 digits, got 6"],
    [['playground', '--input', '1 2 3'], "attn: --input: add-two: reads 2 numbers, got 3"],
    [['playground', '--checkpoint', '/nonexistent/last.ckpt'], 'attn: --checkpoint: cannot read /nonexistent/last.ckpt: ENOENT'],
    [['train', '--task', 'add-two', '--heads', '2'], "attn: add-two uses the tutorial's model (one attention head, no layers): only --d applies, not --heads or --layers"],
    [['train', '--task', 'sort', '--layers', '0'], 'attn: --layers must be between 1 and 1024, got 0'],
    [['train', '--task', 'sort', '--d', '7', '--heads', '2'], 'attn: --d, --heads: MultiHeadAttention: dModel must be divisible by heads, got dModel 7 and heads 2'],
    [['--plugin', '/nonexistent/plugin.js', 'tasks'], "attn: --plugin: cannot load '/nonexistent/plugin.js'"],
    [['--plugin', '/dev/zero', 'tasks'], "attn: --plugin: cannot load '/dev/zero': it is not a regular file (a device or socket)"],
    [['--plugin', '/tmp', 'tasks'], "attn: --plugin: cannot load '/tmp': it is not a regular file (a directory)"],
  ])('attn %j exits 2 with one line on stderr', (args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('attn train --out refuses a folder it cannot create before training', () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const r = run('train', '--task', 'add-two', '--out', join(file, 'sub'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^attn: --out: cannot write to '.*a-file\/sub': ENOTDIR\n$/);
  });

  it('attn train --resume refuses a corrupted checkpoint with a clear message', () => {
    const dir = join(tmp, 'c');
    expect(run('train', '--task', 'add-two', '--steps', '20', '--out', dir, '--json').status).toBe(0);
    const path = join(dir, 'last.ckpt');
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 10));
    const r = run('train', '--resume', path);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^attn: --resume: .*last\.ckpt: not a readable checkpoint/);
    expect(existsSync(join(dir, 'model.safetensors'))).toBe(true);
  });
});

describe('attn playground', () => {
  it('attn playground --input "2 7" (no terminal) trains add-two, answers once and prints the attention', () => {
    const r = run('playground', '--input', '2 7');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^add-two: \[2, 7\] → 9\.0\d\d {3}\(expected 9\)$/);
    expect(lines[1]).toMatch(/^off by [\d.e-]+$/);
    expect(r.stdout).toMatch(/^model: trained now: 2000 steps in [\d.]+ s, seed 0, test MSE [\d.e-]+$/m);
    expect(r.stdout).toContain('attention weights (rows read, columns are read):');
  });

  it('attn playground --task sort --checkpoint FILE --json answers with the checkpoint\'s model, every head in one JSON object', () => {
    const dir = join(tmp, 'sort');
    expect(run('train', '--task', 'sort', '--steps', '30', '--out', dir, '--json').status).toBe(0);
    const r = run('playground', '--checkpoint', join(dir, 'last.ckpt'), '--input', '31415', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ task: 'sort', input: [3, 1, 4, 1, 5], expected: '1 1 3 4 5', model: `checkpoint ${join(dir, 'last.ckpt')} (step 30)` });
    expect(out.tokens).toEqual(['3', '1', '4', '1', '5', '→', ...out.answer.split(' ').slice(0, 4)]);
    expect(out.attention.map((a: { layer: number; head: number }) => [a.layer, a.head])).toEqual([[0, 0], [0, 1]]);
  });
});

describe('attn open', () => {
  const plugin = fileURLToPath(new URL('../../../plugins/example/dist/index.js', import.meta.url));

  /** A model trained here, in Node, its link, and its own answer to `input` (as the task gives it). */
  async function linked(task: Task<any, any>, input: string) {
    const trained = train({ task, seed: 1, steps: 400 });
    const result = await trained;
    const link = encodeModelLink({
      task: task.name, seed: 1, step: result.steps, metrics: result.metrics, modelConfig: trained.model.modelConfig(), model: trained.model.stateDict(),
    });
    return { link, result, answer: task.answer!(trained.model, task.input!.parse(input).values) };
  }

  it('attn open URL --json answers exactly as the model that made the link, with the metrics it recorded', async () => {
    const { link, result, answer } = await linked(addTwo(), '2 7');
    const r = run('open', `https://attn.example/tutorial#${link}`, '--input', '2 7', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ task: 'add-two', input: [2, 7], answer: answer.answer, expected: answer.expected, model: 'link (step 400)', metrics: result.metrics });
    // the answer's digits are rounded for reading: the attention weights are the trace's, every bit
    expect(out.attention[0].weights.flat()).toEqual(Array.from(answer.trace.attention[0].weights.data));
  });

  it('attn open FILE --plain reads the link (or its bare fragment) from a file and prints the answer and the metrics', async () => {
    const { link, result, answer } = await linked(addTwo(), '3 5');
    for (const text of [`http://localhost:5173/tutorial.html#${link}\n`, link]) {
      const file = join(tmp, 'model.link');
      writeFileSync(file, text);
      const r = run('open', file, '--input', '3 5', '--plain');
      expect(r.status).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toBe(`add-two: [3, 5] → ${answer.answer}   (expected 8)`);
      expect(r.stdout).toContain(`model: link in ${file} (step 400)\n`);
      expect(r.stdout).toContain(`metrics when the link was made: test MSE ${formatMetric(addTwo(), 'testMse', result.metrics.testMse)}`);
    }
  });

  it('attn --plugin FILE open LINK opens a link of the example plugin\'s max-two; without the plugin it says which task is missing', async () => {
    const { maxTwo } = await import(plugin);
    const { link, answer } = await linked(maxTwo(), '8 2');
    const r = run('--plugin', plugin, 'open', link, '--input', '8 2', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ task: 'max-two', answer: answer.answer, expected: answer.expected });
    const without = run('open', link);
    expect(without.status).toBe(2);
    expect(without.stderr).toBe("attn: link: its model was trained on task 'max-two', which attn does not have (tasks: add-two, sum-n, sort, reverse, digits-add, induction, text); a plugin's task needs its plugin: attn --plugin FILE …\n");
  }, 60_000);

  it('attn open refuses a link with a changed character (checksum), with one line and exit 2', async () => {
    const { link } = await linked(addTwo(), '3 5');
    const at = link.length - 10;
    const r = run('open', `${link.slice(0, at)}${link[at] === 'A' ? 'B' : 'A'}${link.slice(at + 1)}`);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('attn: open: checksum mismatch: the link was changed or corrupted\n');
  });
});

describe('attn tasks and --help', () => {
  it('attn tasks lists the built-in tasks with their metric', () => {
    const r = run('tasks');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^add-two +add two numbers .*\[test MSE ≤ 0\.001\]$/m);
    expect(r.stdout).toMatch(/^sum-n +/m);
    for (const name of ['sort', 'reverse', 'digits-add']) expect(r.stdout).toMatch(new RegExp(`^${name} +.*\\[held-out accuracy ≥ 95%\\]$`, 'm'));
  });
  it.each([[['--help'], 'Commands:'], [['train', '--help'], '--resume FILE'], [['tasks', '--help'], 'attn tasks —'], [['tutorial', '--help'], '--scale'], [['playground', '--help'], '--checkpoint'], [['open', '--help'], 'attn open —']])(
    'attn %j prints help', (args, text) => {
      const r = run(...args);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(text);
    });
});

describe('what the model is paying attention to, in words', () => {
  it('attn train --plain says add-two attends to both numbers equally and the example plugin\'s max-two to the larger one', () => {
    const sum = run('train', '--task', 'add-two', '--plain');
    expect(sum.status).toBe(0);
    expect(sum.stdout).toContain('It attends to both numbers equally (50.0% each, from every token).');
    const plugin = fileURLToPath(new URL('../../../plugins/example/dist/index.js', import.meta.url));
    const max = run('--plugin', plugin, 'train', '--task', 'max-two', '--plain');
    expect(max.status).toBe(0);
    expect(max.stdout.replace(/\s+/g, ' ')).toMatch(/It looks almost only at 5 \(the largest number\): \d+\.\d% of the attention on average\./);
  }, 120_000);
});

describe('attn inspect', () => {
  const ROLES = ['diffuse', 'induction', 'duplicate', 'previous-token', 'self', 'sink', 'positional', 'content'];
  interface Ablated { metric: number }
  interface Inspected {
    task: string; metric: { name: string; higherIsBetter: boolean }; threshold: number; ablation: string | null; baseline: Ablated | null;
    heads: { layer: number; head: number; role: string; sentence: string; scores: { entropyFraction: number }; ablation: { zero: Ablated; mean: Ablated; important: boolean } | null }[];
    layers: { layer: number; zero: Ablated; mean: Ablated; important: boolean }[];
  }
  /** How much worse the metric got, relative to the intact model, as the numbers reported say. */
  const harm = (r: Inspected, a: { zero: Ablated; mean: Ablated }) => Math.max(...[a.zero, a.mean].map((x) => {
    const base = r.baseline!.metric;
    const worse = r.metric.higherIsBetter ? base - x.metric : x.metric - base;
    return base === 0 ? worse : worse / Math.abs(base);
  }));

  it.each(['add-two', 'sum-n', 'sort', 'reverse', 'digits-add', 'induction'])('attn inspect --task %s names every head\'s role with its scores, and the ablation numbers back every head it calls important', (task) => {
    const r = run('inspect', '--task', task, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Inspected;
    expect(out.heads.length).toBeGreaterThan(0);
    for (const h of out.heads) {
      expect(ROLES).toContain(h.role);
      expect(h.scores.entropyFraction).toBeGreaterThanOrEqual(0);
      expect(h.scores.entropyFraction).toBeLessThanOrEqual(1 + 1e-9);
      expect(h.sentence.startsWith(`head ${h.layer}.${h.head} `)).toBe(true);
    }
    // every built-in model's heads can be knocked out: TutorialAttention's (add-two, sum-n) is head 0.0
    expect(out.ablation).toBeNull();
    for (const a of [...out.heads.map((h) => h.ablation!), ...out.layers]) {
      expect(a.important).toBe(harm(out, a) >= out.threshold);
    }
    // a trained model needs its attention: knocking out a whole layer's must hurt
    expect(out.layers.some((l) => l.important)).toBe(true);
  }, 120_000);

  it('attn inspect prints the heads, what each does in words and what knocking them out does', () => {
    const r = run('inspect', '--task', 'sort');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}head {2}role +entropy/m);
    expect(r.stdout).toContain('In words:');
    expect(r.stdout).toMatch(/all of layer 0's attention: zero → held-out accuracy/);
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
  }, 120_000);

  it('attn inspect refuses a bad --examples and an unknown task with one line and exit 2', () => {
    for (const [args, message] of [[['--examples', '0'], '--examples must be a whole number from 1 to 1024, got 0'], [['--task', 'nope'], "unknown task 'nope'"]] as const) {
      const r = run('inspect', ...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
