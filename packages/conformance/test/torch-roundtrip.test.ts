// attn's layers and PyTorch's torch.nn modules, through safetensors files, in both directions:
// attn's weights loaded strictly into torch, and torch-initialised weights loaded strictly into
// attn; the same inputs and upstream gradients run on both sides, and the outputs and every
// gradient (inputs and parameters) agree in float64. Then a model trained by `attn train` is
// opened in torch and its predictions are reproduced.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeSafetensors, DecoderOnly, encodeSafetensors, LayerNorm, Linear, mul, MultiHeadAttention, noGrad, randn, Rng, sum, tensor,
  Tensor, TransformerEncoderLayer, type Activation, type Module, type StateDict,
} from '@attn/core';
import { runPython, torchSkipReason } from './python.js';

const BRIDGE = fileURLToPath(new URL('./torch_bridge.py', import.meta.url));
const CLI = fileURLToPath(new URL('../../../apps/tui/dist/cli.js', import.meta.url));
const skip = torchSkipReason('torch-roundtrip.test.ts');
const TOL = 1e-12;

/** Inputs that are indices or masks: no gradient flows into them. */
const NOT_DIFFERENTIABLE = new Set(['tokens', 'mask', 'keyPadding']);

interface Case {
  name: string;
  /** The torch.nn module (or the guide's DecoderOnly) the bridge builds, and its arguments. */
  module: 'Linear' | 'LayerNorm' | 'MultiHeadAttention' | 'TransformerEncoderLayer' | 'DecoderOnly';
  config: Record<string, unknown>;
  create(): Module;
  inputs: Record<string, Tensor>;
  forward(m: Module, x: Record<string, Tensor>): Record<string, Tensor>;
}

const rng = new Rng(7);
const normal = (...shape: number[]) => randn(shape, { rng });
const padding = tensor([[1, 1, 1, 1, 0], [1, 1, 1, 0, 0]]);

function mha(name: string, inputs: Record<string, Tensor>, config: { causal?: boolean } = {}): Case {
  return {
    name, module: 'MultiHeadAttention', config: { dModel: 8, heads: 2, ...config }, inputs,
    create: () => new MultiHeadAttention(8, 2, { rng }),
    forward: (m, x) => {
      const r = (m as MultiHeadAttention).attend(x.x, { context: x.context, mask: x.mask, keyPadding: x.keyPadding, causal: config.causal });
      return { out: r.output, weights: r.weights };
    },
  };
}

function encoder(normFirst: boolean, activation: Activation, mask: 'causal' | 'keyPadding' | null): Case {
  const config = { dModel: 8, heads: 2, ff: 16, activation, normFirst, causal: mask === 'causal' };
  return {
    name: `TransformerEncoderLayer ${normFirst ? 'pre' : 'post'}-norm ${activation}${mask ? ` ${mask}` : ''}`,
    module: 'TransformerEncoderLayer', config,
    inputs: { x: normal(2, 5, 8), ...(mask === 'keyPadding' ? { keyPadding: padding } : {}) },
    create: () => new TransformerEncoderLayer(8, 2, { rng, ff: 16, activation, normFirst }),
    forward: (m, x) => ({ out: (m as TransformerEncoderLayer).forward(x.x, { causal: config.causal, keyPadding: x.keyPadding }) }),
  };
}

function decoder(config: { vocabSize: number; maxLen: number; dModel: number; heads: number; layers: number; ff: number; activation: Activation }): Case {
  const tokens = tensor(Array.from({ length: 2 }, () => Array.from({ length: config.maxLen - 1 }, () => rng.int(config.vocabSize))));
  return {
    name: `DecoderOnly ${config.layers} layers ${config.activation}`, module: 'DecoderOnly', config, inputs: { tokens },
    create: () => new DecoderOnly({ ...config, rng }),
    forward: (m, x) => ({ out: (m as DecoderOnly).forward(x.tokens) }),
  };
}

const cases: Case[] = [
  {
    name: 'Linear', module: 'Linear', config: { inFeatures: 5, outFeatures: 3 }, inputs: { x: normal(2, 4, 5) },
    create: () => new Linear(5, 3, { rng }), forward: (m, x) => ({ out: (m as Linear).forward(x.x) }),
  },
  {
    name: 'LayerNorm', module: 'LayerNorm', config: { dim: 6 }, inputs: { x: normal(2, 3, 6) },
    create: () => new LayerNorm(6), forward: (m, x) => ({ out: (m as LayerNorm).forward(x.x) }),
  },
  mha('MultiHeadAttention self, key padding', { x: normal(2, 5, 8), keyPadding: padding }),
  mha('MultiHeadAttention self, causal', { x: normal(2, 5, 8) }, { causal: true }),
  mha('MultiHeadAttention cross (Tq 3, Tk 6), [Tq, Tk] mask', {
    x: normal(2, 3, 8), context: normal(2, 6, 8), mask: tensor([[1, 1, 0, 1, 1, 0], [0, 1, 1, 1, 0, 1], [1, 0, 0, 0, 1, 1]]),
  }),
  encoder(false, 'relu', null),
  encoder(false, 'gelu', 'causal'),
  encoder(true, 'relu', 'keyPadding'),
  encoder(true, 'gelu', 'causal'),
  decoder({ vocabSize: 11, maxLen: 8, dModel: 16, heads: 4, layers: 2, ff: 32, activation: 'gelu' }),
  decoder({ vocabSize: 11, maxLen: 10, dModel: 16, heads: 2, layers: 1, ff: 32, activation: 'relu' }),
];

/** Runs a case in attn: outputs, then the gradient of Σ out·upstream for every input and parameter. */
function runAttn(c: Case, m: Module, upstream: Tensor): StateDict {
  const x = Object.fromEntries(Object.entries(c.inputs).map(([k, t]) => [k, NOT_DIFFERENTIABLE.has(k) ? t : new Tensor(Float64Array.from(t.data), t.shape.slice(), true)]));
  const outputs = c.forward(m, x);
  sum(mul(outputs.out, upstream)).backward();
  const result: StateDict = { ...outputs };
  for (const [k, t] of Object.entries(x)) if (t.requiresGrad) result[`grad.${k}`] = t.grad!;
  for (const [k, p] of m.namedParameters()) result[`grad.${k}`] = p.grad!;
  return result;
}

/** The largest |a − b| over every tensor, after checking both sides hold the same names and shapes. */
function maxDiff(attn: StateDict, torch: StateDict): number {
  expect(Object.keys(torch).sort()).toEqual(Object.keys(attn).sort());
  let worst = 0;
  for (const [k, a] of Object.entries(attn)) {
    expect(torch[k].shape, k).toEqual(a.shape);
    for (let i = 0; i < a.size; i++) worst = Math.max(worst, Math.abs(a.data[i] - torch[k].data[i]));
  }
  return worst;
}

const read = (file: string) => decodeSafetensors(new Uint8Array(readFileSync(file))).tensors;
const measured: string[] = [];
let dir = '';
afterAll(() => { if (measured.length) console.log(`max |attn − torch| over outputs and gradients:\n${measured.join('\n')}`); });

describe.skipIf(skip !== null)('attn ⇄ torch.nn through safetensors', () => {
  const prepared: { c: Case; dir: string; attn: StateDict; upstream: Tensor }[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'attn-torch-'));
    cases.forEach((c, i) => {
      const d = join(dir, String(i));
      mkdirSync(d);
      const m = c.create();
      // attn's own initialisation, moved off its zeros and ones so that every weight matters
      for (const [, p] of m.namedParameters()) p.data.set(p.data.map((v) => v + rng.normal(0, 0.1)));
      const upstream = randn(noGrad(() => c.forward(m, c.inputs)).out.shape, { rng });
      writeFileSync(join(d, 'attn.safetensors'), encodeSafetensors(m.stateDict(), { dtype: 'F64' }));
      writeFileSync(join(d, 'inputs.safetensors'), encodeSafetensors({ ...c.inputs, 'upstream.out': upstream }, { dtype: 'F64' }));
      prepared.push({ c, dir: d, attn: runAttn(c, m, upstream), upstream });
    });
    const jobs = prepared.map(({ c, dir: d }, seed) => ({ kind: 'roundtrip', dir: d, module: c.module, config: c.config, seed }));
    runPython(BRIDGE, [], JSON.stringify(jobs));
  }, 120_000);

  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it.each(cases.map((c, i) => [c.name, i] as const))('%s: attn weights in torch (strict) give the same outputs and gradients', (_, i) => {
    const { attn, dir: d } = prepared[i];
    const diff = maxDiff(attn, read(join(d, 'torch-ran-attn.safetensors')));
    measured.push(`  attn → torch  ${prepared[i].c.name}: ${diff.toExponential(2)}`);
    expect(diff).toBeLessThanOrEqual(TOL);
  });

  it.each(cases.map((c, i) => [c.name, i] as const))('%s: torch-initialised weights in attn (strict) give the same outputs and gradients', (_, i) => {
    const { c, dir: d, upstream } = prepared[i];
    const m = c.create();
    const state = read(join(d, 'torch-init.safetensors'));
    m.loadStateDict(state);
    expect(m.namedParameters().map(([k]) => k).sort()).toEqual(Object.keys(state).sort());
    const diff = maxDiff(runAttn(c, m, upstream), read(join(d, 'torch-ran-own.safetensors')));
    measured.push(`  torch → attn  ${c.name}: ${diff.toExponential(2)}`);
    expect(diff).toBeLessThanOrEqual(TOL);
  });
});

describe.skipIf(skip !== null)('a model trained by attn train, in torch', () => {
  it('attn train --task sort: model.safetensors in the torch DecoderOnly reproduces the logits and the predicted answers', () => {
    expect(existsSync(CLI), `${CLI} is built by \`pnpm build\``).toBe(true);
    const out = mkdtempSync(join(tmpdir(), 'attn-trained-'));
    try {
      const report = JSON.parse(execFileSync(process.execPath, [CLI, 'train', '--task', 'sort', '--steps', '200', '--out', out, '--json'], { encoding: 'utf8' })) as {
        examples: { input: number[]; prediction: number[] }[];
      };
      // the sort task's model: separator 10, prompt and answer of 5 digits each
      const config = { vocabSize: 11, maxLen: 10, dModel: 16, heads: 2, layers: 1, ff: 32, activation: 'relu' as const };
      const rows = report.examples.map((e) => [...e.input, 10]);
      const weights = join(out, 'model.safetensors');
      const predicted = join(out, 'torch.safetensors');
      runPython(BRIDGE, [], JSON.stringify([{ kind: 'predict', weights, config, tokens: rows, answer_length: 5, out: predicted }]));
      const torch = read(predicted);
      const answers = Array.from({ length: rows.length }, (_, b) => Array.from(torch.answers.data.subarray(b * 5, b * 5 + 5)));
      expect(answers).toEqual(report.examples.map((e) => e.prediction));
      const model = new DecoderOnly(config);
      model.loadStateDict(read(weights));
      const logits = noGrad(() => model.forward(tensor(rows)));
      const diff = maxDiff({ logits }, { logits: torch.logits });
      measured.push(`  trained sort model, logits: ${diff.toExponential(2)}`);
      expect(diff).toBeLessThanOrEqual(1e-9);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
