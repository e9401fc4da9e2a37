import { describe, expect, it } from 'vitest';
import { encodeSafetensors, Rng, Tensor } from '@attn/core';
import { expectAttnError, line } from '../../test/helpers.js';
import { addTwo } from '../tasks/add-two.js';
import type { TrainContext } from '../trainer/events.js';
import { train } from '../trainer/train.js';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './checkpoint.js';

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
    const c: Checkpoint = {
      task: 't', seed: 1, step: 0, rng: new Rng(1).state(), model: { w },
      config: { steps: 1, batchSize: 1, optimizer: { kind: 'sgd', lr: 1, momentum: 0.9 }, schedule: { kind: 'constant' }, clip: null, evalEvery: 1, traceEvery: null },
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

  it('train({ resume }) refuses a checkpoint whose model shapes do not match, naming the tensors', async () => {
    const c = decodeCheckpoint(encodeCheckpoint(await checkpointAfter(2, addTwo({ model: { d: 8 } }))));
    let caught: unknown;
    try {
      await train({ task: addTwo(), resume: c });
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({
      code: 'STATE',
      message: 'train: the checkpoint of step 2 does not fit this run: loadStateDict: state does not fit TutorialAttention: '
        + 'mlp.layers.0.weight has shape [16,8], expected [16,4]; w_k has shape [1,8], expected [1,4]; '
        + 'w_q has shape [1,8], expected [1,4]; w_v has shape [1,8], expected [1,4]',
    });
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
