import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  AttnError, DecoderOnly, Embedding, LayerNorm, Linear, loadModel, MLP, Module, MultiHeadAttention, RMSNorm,
  randn, saveModel, tensor, TransformerEncoderLayer, TutorialAttention, decodeSafetensors, encodeSafetensors,
  type Tensor,
} from '../index.js';

// Each class built with non-default options, and an input it accepts.
const cases: [string, () => Module, (m: Module) => Tensor][] = [
  ['Linear', () => new Linear(3, 2, { bias: false, seed: 1 }), (m) => (m as Linear).forward(randn([2, 3], { seed: 9 }))],
  ['Embedding', () => new Embedding(7, 3, { seed: 1 }), (m) => (m as Embedding).forward(tensor([[6, 0, 2]]))],
  ['MLP', () => new MLP([3, 5, 4, 2], { activation: 'tanh', seed: 1 }), (m) => (m as MLP).forward(randn([2, 3], { seed: 9 }))],
  ['LayerNorm', () => new LayerNorm(4, { eps: 0.5 }), (m) => (m as LayerNorm).forward(randn([2, 4], { seed: 9 }))],
  ['RMSNorm', () => new RMSNorm(4, { eps: 0.5 }), (m) => (m as RMSNorm).forward(randn([2, 4], { seed: 9 }))],
  ['MultiHeadAttention', () => new MultiHeadAttention(8, 4, { bias: false, scale: 0.3, rotary: true, seed: 1 }),
    (m) => (m as MultiHeadAttention).forward(randn([1, 5, 8], { seed: 9 }))],
  ['TransformerEncoderLayer', () => new TransformerEncoderLayer(8, 2, { ff: 12, normFirst: true, activation: 'gelu_tanh', eps: 0.1, causal: true, rotary: true, seed: 1 }),
    (m) => (m as TransformerEncoderLayer).forward(randn([1, 5, 8], { seed: 9 }))],
  ['DecoderOnly', () => new DecoderOnly({ vocabSize: 6, maxLen: 5, dModel: 8, heads: 2, layers: 3, ff: 12, positional: 'sinusoidal', activation: 'relu', seed: 1 }),
    (m) => (m as DecoderOnly).forward(tensor([[1, 5, 0, 2]]))],
  ['TutorialAttention', () => new TutorialAttention({ d: 3, hidden: 5, scale: 'sqrt', activation: 'sigmoid', seed: 1 }),
    (m) => (m as TutorialAttention).forward(tensor([[3, 1, 4]]))],
];

// Mutates every parameter so that the random init of the rebuilt model (seed 0) cannot match by chance.
function perturbed(m: Module): Module {
  for (const [, p] of m.namedParameters()) p.data.forEach((v, i) => (p.data[i] = v + 0.01 * (i + 1)));
  return m;
}

describe('saveModel / loadModel', () => {
  it.each(cases)('%s: the file alone rebuilds the model, outputs equal bit for bit', (name, make, run) => {
    const model = perturbed(make()).eval();
    const back = loadModel(saveModel(model)).eval();
    expect(back).toBeInstanceOf(model.constructor);
    expect(back.modelConfig()).toEqual(model.modelConfig());
    expect(back.modelConfig().class).toBe(name);
    expect(run(back).toArray()).toEqual(run(model).toArray());
  });

  it('a DecoderOnly with tied weights round-trips: the file holds tok_emb.weight once and no head, and rebuilds a tied model', () => {
    const model = perturbed(new DecoderOnly({ vocabSize: 6, maxLen: 5, dModel: 8, heads: 2, layers: 1, tieWeights: true, seed: 1 }));
    const bytes = saveModel(model);
    expect(Object.keys(decodeSafetensors(bytes).tensors).filter((n) => n.startsWith('head.') || n === 'tok_emb.weight')).toEqual(['tok_emb.weight']);
    const back = loadModel(bytes) as DecoderOnly;
    expect(back.config.tieWeights).toBe(true);
    expect(back.head).toBeNull();
    const tokens = tensor([[1, 5, 0, 2]]);
    expect(back.forward(tokens).toArray()).toEqual((model as DecoderOnly).forward(tokens).toArray());
  });

  it('attention-only models (ff: 0) round-trip: the file rebuilds them without feed-forward weights', () => {
    for (const model of [
      new DecoderOnly({ vocabSize: 6, maxLen: 5, dModel: 8, heads: 2, layers: 2, ff: 0, seed: 1 }),
      new TransformerEncoderLayer(8, 2, { ff: 0, seed: 1 }),
    ]) {
      perturbed(model);
      const back = loadModel(saveModel(model));
      expect(back.modelConfig()).toEqual(model.modelConfig());
      expect(back.modelConfig().options.ff).toBe(0);
      expect(Object.keys(back.stateDict())).toEqual(Object.keys(model.stateDict()));
      const run = (m: Module) => (m instanceof DecoderOnly ? m.forward(tensor([[1, 5, 0, 2]])) : (m as TransformerEncoderLayer).forward(randn([1, 4, 8], { seed: 9 })));
      expect(run(back).toArray()).toEqual(run(model).toArray());
    }
  });

  it('without the metadata a model with the default heads loads the same weights silently and computes other logits', () => {
    const saved = new DecoderOnly({ vocabSize: 6, maxLen: 5, dModel: 8, heads: 2, layers: 1, seed: 1 });
    const bytes = saveModel(saved);
    const guess = new DecoderOnly({ vocabSize: 6, maxLen: 5, dModel: 8, layers: 1 }); // heads 4 by default: same shapes
    guess.loadStateDict(decodeSafetensors(bytes).tensors);
    const tokens = tensor([[1, 5, 0, 2, 3]]);
    expect(guess.forward(tokens).sub(saved.forward(tokens)).abs().max().item()).toBeGreaterThan(1e-3);
    expect((loadModel(bytes) as DecoderOnly).forward(tokens).toArray()).toEqual(saved.forward(tokens).toArray());
  });

  it('keeps caller metadata and accepts an ArrayBuffer', () => {
    const bytes = saveModel(new Linear(2, 2, { seed: 0 }), { metadata: { note: 'hi' } });
    const copy = bytes.slice().buffer;
    expect(decodeSafetensors(copy).metadata.note).toBe('hi');
    expect(loadModel(copy)).toBeInstanceOf(Linear);
  });

  it('refuses a file without config, an unknown class, invalid options and weights that do not fit', () => {
    const weights = new Linear(2, 2, { seed: 0 }).stateDict();
    const withModel = (json: string) => encodeSafetensors(weights, { metadata: { 'attn.model': json } });
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(AttnError);
        expect((e as AttnError).code).toBe('FORMAT');
        return (e as Error).message;
      }
      throw new Error('did not throw');
    };
    expect(err(() => loadModel(encodeSafetensors(weights)))).toMatch(/^loadModel: the file does not record its model \(no 'attn.model' metadata\)/);
    expect(err(() => loadModel(withModel('{')))).toMatch(/^loadModel: 'attn.model' is not valid JSON/);
    expect(err(() => loadModel(withModel('{"class":"Conv2d","options":{}}')))).toMatch(/^buildModel: unknown model class "Conv2d", expected one of Linear, /);
    expect(err(() => loadModel(withModel('{"class":"toString","options":{}}')))).toMatch(/unknown model class "toString"/);
    expect(err(() => loadModel(withModel('{"class":"Linear","options":{"inFeatures":-1,"outFeatures":2}}'))))
      .toMatch(/^buildModel: the options of Linear do not validate \(Linear: inFeatures must be/);
    expect(err(() => loadModel(withModel('{"class":"Linear","options":{"inFeatures":3,"outFeatures":2}}'))))
      .toMatch(/^loadModel: the weights do not fit the recorded Linear .*weight has shape \[2,2\], expected \[2,3\]/);
  });

  it('a custom module cannot be saved: it does not record its configuration', () => {
    class Custom extends Module {}
    expect(() => saveModel(new Custom())).toThrow(/modelConfig: Custom does not record its configuration/);
  });
});

describe('decodeSafetensors and PyTorch pickles', () => {
  const pickleMessage = /^decodeSafetensors: this is a PyTorch pickle \(torch\.save\), not safetensors.*safetensors\.torch\.save_file\(model\.state_dict\(\)/;

  it('names a zip header (torch.save since 1.6) and a legacy pickle header', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => decodeSafetensors(zip)).toThrow(pickleMessage);
    expect(() => decodeSafetensors(zip)).toThrow(/'PK\\x03\\x04' \(zip\)/);
    const legacy = new Uint8Array([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8]);
    expect(() => decodeSafetensors(legacy.buffer)).toThrow(/0x80 0x02 \(pickle\)/);
  });

  const torch = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
  it.runIf(torch)('recognises real torch.save bytes, both formats', () => {
    const script = `
import io, sys, torch
for legacy in (False, True):
    buf = io.BytesIO()
    torch.save(torch.nn.Linear(2, 3).state_dict(), buf, _use_new_zipfile_serialization=not legacy)
    print(buf.getvalue().hex())`;
    const out = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    const [zip, legacy] = out.stdout.trim().split('\n').map((hex) => Uint8Array.from(Buffer.from(hex, 'hex')));
    expect(() => decodeSafetensors(zip)).toThrow(pickleMessage);
    expect(() => decodeSafetensors(legacy)).toThrow(pickleMessage);
  });
});
