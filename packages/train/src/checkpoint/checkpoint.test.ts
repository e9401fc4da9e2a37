import { describe, expect, it } from 'vitest';
import { decodeSafetensors, DecoderOnly, encodeSafetensors, Linear, Module, Rng, Tensor, type StateDict } from '@attn/core';
import { expectAttnError, line } from '../../test/helpers.js';
import { addTwo } from '../tasks/add-two.js';
import { sort } from '../tasks/sort.js';
import type { TrainContext } from '../trainer/events.js';
import { train } from '../trainer/train.js';
import type { Task } from '../tasks/task.js';
import { checkpointModel, checksum, decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './checkpoint.js';

/** The checkpoint of an add-two run (Adam) after `steps` steps. */
async function checkpointAfter(steps: number, task = addTwo()): Promise<Checkpoint> {
  let c: Checkpoint | null = null;
  await train({ task, steps, plugins: [{ name: 'grab', onTrainEnd: (_r, ctx: TrainContext) => { c = ctx.checkpoint(); } }] });
  return c!;
}

const headerLength = (bytes: Uint8Array) => Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));

describe('encodeCheckpoint / decodeCheckpoint', () => {
  it('decodeCheckpoint(encodeCheckpoint(c)) gives back every field, weights and buffers bit for bit', async () => {
    const c = await checkpointAfter(7);
    const back = decodeCheckpoint(encodeCheckpoint(c));
    expect(back.task).toBe('add-two');
    expect([back.seed, back.step]).toEqual([0, 7]);
    expect(back.config).toEqual(c.config);
    expect(back.rng).toEqual(c.rng);
    expect(Object.keys(back.model).sort()).toEqual(Object.keys(c.model).sort());
    for (const [k, t] of Object.entries(c.model)) {
      expect(back.model[k].shape).toEqual(t.shape);
      expect(Array.from(back.model[k].data)).toEqual(Array.from(t.data));
    }
    expect(back.optimizer).toEqual(c.optimizer);
    // the optimizer's buffers come back as Float64Arrays
    expect(back.optimizer.buffers.m[0]).toBeInstanceOf(Float64Array);
  });

  it('encodeCheckpoint keeps unset optimizer buffers as null', () => {
    const w = new Tensor(Float64Array.from([1, 2]), [2]);
    const b = new Tensor(Float64Array.from([3]), [1]);
    const c: Checkpoint = {
      task: 't', seed: 1, step: 0, rng: new Rng(1).state(), model: { w, b }, modelConfig: null,
      config: { steps: 1, batchSize: 1, optimizer: { kind: 'sgd', lr: 1, momentum: 0.9 }, schedule: { kind: 'constant' }, clip: null, evalEvery: 1, traceEvery: null, weightsEvery: null },
      optimizer: { kind: 'sgd', step: 0, hyper: { lr: 1 }, buffers: { momentum: [null, Float64Array.from([0.5])] } },
    };
    expect(decodeCheckpoint(encodeCheckpoint(c)).optimizer.buffers).toEqual({ momentum: [null, Float64Array.from([0.5])] });
  });

  it('decodeCheckpoint refuses a truncated file', async () => {
    const bytes = encodeCheckpoint(await checkpointAfter(3));
    expectAttnError(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 10)), 'FORMAT',
      /^decodeCheckpoint: not a readable checkpoint \(decodeSafetensors: tensor '.*' needs bytes \d+–\d+ but the data section has \d+ \(truncated file\)\)$/);
    expectAttnError(() => decodeCheckpoint(bytes.subarray(0, 100)), 'FORMAT',
      /^decodeCheckpoint: not a readable checkpoint \(decodeSafetensors: header length \d+ exceeds the 92 bytes after it/);
    expectAttnError(() => decodeCheckpoint(new Uint8Array(0)), 'FORMAT', /^decodeCheckpoint: not a readable checkpoint \(decodeSafetensors: file is truncated/);
  });

  it('decodeCheckpoint refuses a file with a flipped byte in the data section (checksum)', async () => {
    const bytes = encodeCheckpoint(await checkpointAfter(3));
    const dataStart = 8 + headerLength(bytes);
    for (const at of [dataStart, dataStart + 100, bytes.length - 1]) {
      const b = bytes.slice();
      b[at] ^= 0x10;
      expectAttnError(() => decodeCheckpoint(b), 'FORMAT', 'decodeCheckpoint: checksum mismatch: the file is corrupted');
    }
  });

  it('decodeCheckpoint refuses a file with a flipped byte in the header: step, RNG state, names, anywhere', async () => {
    const bytes = encodeCheckpoint(await checkpointAfter(3));
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength(bytes)));
    // the step: "step\":3 → "step\":2 still parses, and only the checksum can tell
    const stepAt = 8 + text.indexOf('\\"step\\":3') + '\\"step\\":'.length;
    const b = bytes.slice();
    b[stepAt] ^= 0x01;
    expectAttnError(() => decodeCheckpoint(b), 'FORMAT', 'decodeCheckpoint: checksum mismatch: the file is corrupted');
    // every single-bit flip of every header byte is refused
    const accepted: number[] = [];
    for (let at = 0; at < 8 + text.length; at++) {
      const c = bytes.slice();
      c[at] ^= 0x01;
      try {
        decodeCheckpoint(c);
        accepted.push(at);
      } catch (e) {
        expect((e as { code: string }).code).toBe('FORMAT');
      }
    }
    expect(accepted).toEqual([]);
  });

  it('decodeCheckpoint refuses a plain weights file, saying it is not a checkpoint', async () => {
    const model = addTwo().createModel(new Rng(0));
    expectAttnError(() => decodeCheckpoint(encodeSafetensors(model.stateDict())), 'FORMAT',
      "decodeCheckpoint: the file has no 'attn.checkpoint' metadata: it is a weights file, not a training checkpoint");
    expectAttnError(() => decodeCheckpoint(new TextEncoder().encode('hello, this is not a checkpoint')), 'FORMAT',
      /^decodeCheckpoint: not a readable checkpoint \(decodeSafetensors: header length \d+ exceeds/);
  });

  it('decodeCheckpoint refuses checkpoint metadata without its checksum', () => {
    const file = encodeSafetensors({ w: new Tensor(Float64Array.from([1]), [1]) }, {
      metadata: { 'attn.checkpoint': JSON.stringify({ format: 'attn.checkpoint', version: 1 }) },
    });
    expectAttnError(() => decodeCheckpoint(file), 'FORMAT',
      "decodeCheckpoint: the file has no 'attn.checksum' metadata: it is corrupted or was not written by encodeCheckpoint");
  });

  it('train({ resume }) refuses a checkpoint of another task', async () => {
    const c = decodeCheckpoint(encodeCheckpoint(await checkpointAfter(2)));
    let caught: unknown;
    try {
      await train({ task: line(), resume: c });
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'STATE', message: "train: the checkpoint is for task 'add-two', not 'line'" });
  });

  it('records the model: train({ resume }) rebuilds the checkpoint\'s model, whatever the task would build', async () => {
    const c = decodeCheckpoint(encodeCheckpoint(await checkpointAfter(2, addTwo({ model: { d: 8 } }))));
    expect(c.modelConfig).toMatchObject({ class: 'TutorialAttention', options: { d: 8 } });
    const built = checkpointModel(c);
    expect(built.stateDict().w_q.data).toEqual(c.model.w_q.data);
    const run = train({ task: addTwo(), resume: c, steps: 3 });
    expect(await run).toMatchObject({ steps: 3, reason: 'done' });
    expect(run.model.modelConfig()).toEqual(c.modelConfig);
  });

  it('a DecoderOnly with tied weights checkpoints the shared matrix once and resumes as a tied model', async () => {
    const c = decodeCheckpoint(encodeCheckpoint(await checkpointAfter(2, sort({ model: { tieWeights: true } }) as never)));
    expect(c.modelConfig).toMatchObject({ class: 'DecoderOnly', options: { tieWeights: true } });
    expect(Object.keys(c.model).filter((n) => n.startsWith('head.') || n === 'tok_emb.weight')).toEqual(['tok_emb.weight']);
    // one Adam moment per parameter, in the model's order: the shared matrix has one, and it moved
    const names = Object.keys(c.model);
    expect(c.optimizer.buffers.m).toHaveLength(names.length);
    expect(c.optimizer.buffers.m[names.indexOf('tok_emb.weight')]!.some((v) => v !== 0)).toBe(true);
    const built = checkpointModel(c) as DecoderOnly;
    expect(built.head).toBeNull();
    expect(built.tokEmb.weight.data).toEqual(c.model['tok_emb.weight'].data);
    const run = train({ task: sort({ model: { tieWeights: true } }), resume: c, steps: 3 });
    expect(await run).toMatchObject({ steps: 3, reason: 'done' });
    expect((run.model as DecoderOnly).config.tieWeights).toBe(true);
  });

  it('train({ resume, model }) refuses a model whose class or options are not the checkpoint\'s, naming the first difference', async () => {
    const c = await checkpointAfter(2, addTwo({ model: { d: 8 } }));
    const attempt = async (model: Module) => {
      try {
        await train({ task: addTwo() as never, model, resume: c });
      } catch (e) {
        return e;
      }
    };
    expect(await attempt(addTwo().createModel(new Rng(0)))).toMatchObject({
      code: 'STATE', message: "train: the checkpoint does not fit this run: the checkpoint's model has d 8, but the model given has d 4",
    });
    expect(await attempt(new Linear(2, 1))).toMatchObject({
      code: 'STATE', message: "train: the checkpoint does not fit this run: the checkpoint's model is a TutorialAttention, but the model given is a Linear",
    });
    // the same model passes
    await expect(train({ task: addTwo(), model: addTwo({ model: { d: 8 } }).createModel(new Rng(5)), resume: c, steps: 3 })).resolves.toMatchObject({ steps: 3 });
  });

  it('a custom module (no modelConfig) trains and checkpoints; resuming it needs the model', async () => {
    class Scale extends Module {
      w = this.param('w', new Tensor(Float64Array.from([0.5, 0.5]), [2, 1], true));
      forward(x: Tensor) {
        return x.matmul(this.w);
      }
    }
    const base = line();
    const task = { ...base, createModel: () => new Scale() } as unknown as Task<Module>;
    let c: Checkpoint | null = null;
    await train({ task, steps: 2, plugins: [{ name: 'grab', onTrainEnd: (_r, ctx: TrainContext) => { c = ctx.checkpoint(); } }] });
    const back = decodeCheckpoint(encodeCheckpoint(c!));
    expect(back.modelConfig).toBeNull();
    expectAttnError(() => checkpointModel(back), 'STATE', /^checkpointModel: the checkpoint holds a custom module that records no configuration/);
    await expect(train({ task, resume: back })).rejects.toMatchObject({
      code: 'STATE', message: 'train: the checkpoint holds a custom module that records no configuration; pass the model to continue as `model`',
    });
    await expect(train({ task, resume: back, model: new Scale(), steps: 4 })).resolves.toMatchObject({ steps: 4 });
  });

  /** The checkpoint file with its tensors and metadata changed, and a checksum that fits again. */
  const reseal = (bytes: Uint8Array, change: (tensors: StateDict, meta: any) => void) => {
    const file = decodeSafetensors(bytes);
    const meta = JSON.parse(file.metadata['attn.checkpoint']);
    change(file.tensors, meta);
    const raw = JSON.stringify(meta);
    return encodeSafetensors(file.tensors, { dtype: 'F64', metadata: { 'attn.checkpoint': raw, 'attn.checksum': String(checksum(raw, file.tensors)) } });
  };

  it('names optimizer buffers after their parameters, and refuses missing or unexpected ones', async () => {
    const c = await checkpointAfter(2);
    const bytes = encodeCheckpoint(c);
    const names = Object.keys(decodeSafetensors(bytes).tensors).filter((k) => k.startsWith('optimizer.'));
    expect(names.sort()).toEqual(Object.keys(c.model).flatMap((n) => [`optimizer.${n}.m`, `optimizer.${n}.v`]).sort());
    expect(names).toContain('optimizer.mlp.layers.0.weight.m');
    // resealed, so that the checksum does not catch them first
    expectAttnError(() => decodeCheckpoint(reseal(bytes, (t) => { delete t['optimizer.w_q.v']; })), 'FORMAT', 'decodeCheckpoint: missing optimizer.w_q.v');
    expectAttnError(() => decodeCheckpoint(reseal(bytes, (t) => { t['optimizer.w_q.z'] = t['optimizer.w_q.v']; })), 'FORMAT', 'decodeCheckpoint: unexpected optimizer.w_q.z');
    expectAttnError(() => decodeCheckpoint(reseal(bytes, (t) => { t['optimizer.w_q.v'] = new Tensor(Float64Array.from([1]), [1]); })), 'FORMAT',
      "decodeCheckpoint: optimizer buffer 'optimizer.w_q.v' has 1 values, but its parameter has 4");
    expectAttnError(() => encodeCheckpoint({ ...c, optimizer: { ...c.optimizer, buffers: { m: [null] } } }), 'STATE',
      `encodeCheckpoint: optimizer buffer 'm' has 1 entries for ${Object.keys(c.model).length} parameters`);
  });

  it('decodeCheckpoint refuses a version 1 checkpoint (before model configurations) and one without a model entry', async () => {
    const bytes = encodeCheckpoint(await checkpointAfter(1));
    expectAttnError(() => decodeCheckpoint(reseal(bytes, (_t, meta) => { meta.version = 1; })), 'FORMAT',
      'decodeCheckpoint: the file is a version 1 checkpoint, written before checkpoints recorded their model; train it again to get one this version reads');
    expectAttnError(() => decodeCheckpoint(reseal(bytes, (_t, meta) => { delete meta.model; })), 'FORMAT',
      "decodeCheckpoint: the metadata has no 'model' (the model's class and options)");
  });

  it('decodeCheckpoint refuses a tokenizer that tokenizerFromJSON cannot read, naming the field', async () => {
    const bytes = encodeCheckpoint(await checkpointAfter(1));
    expect(decodeCheckpoint(bytes).tokenizer).toBeUndefined(); // a task without one saves none
    const withTokenizer = reseal(bytes, (_t, meta) => { meta.tokenizer = { kind: 'char', version: 1, alphabet: 'ab' }; });
    expect(decodeCheckpoint(withTokenizer).tokenizer).toEqual({ kind: 'char', version: 1, alphabet: 'ab' });
    expectAttnError(() => decodeCheckpoint(reseal(bytes, (_t, meta) => { meta.tokenizer = { kind: 'bpe', version: 1, merges: [[1, 999]] }; })), 'FORMAT',
      "decodeCheckpoint: metadata field 'tokenizer' is not a tokenizer: merge 0 must be a pair of token ids below 256 (bytes and earlier merges), got [1, 999]");
    expectAttnError(() => decodeCheckpoint(reseal(bytes, (_t, meta) => { meta.tokenizer = 'char'; })), 'FORMAT',
      `decodeCheckpoint: metadata field 'tokenizer' must be a tokenizer { kind, version, … }, got "char"`);
  });

  it('decodeCheckpoint takes an ArrayBuffer too', async () => {
    const bytes = encodeCheckpoint(await checkpointAfter(2));
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    expect(decodeCheckpoint(buffer).step).toBe(2);
  });

  it("train({ resume, optimizer }) refuses a checkpoint written by another optimizer", async () => {
    const c = await checkpointAfter(2);
    let caught: unknown;
    try {
      await train({ task: addTwo(), resume: c, optimizer: { kind: 'sgd', lr: 0.1 } });
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({
      code: 'STATE',
      message: "train: the checkpoint of step 2 does not fit this run: SGD.loadState: state was written by 'adam', not 'sgd'",
    });
  });
});
