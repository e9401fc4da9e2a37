import { describe, expect, it } from 'vitest';
import { Linear, noGrad, Tensor, tensor, TutorialAttention, type StateDict } from '@attn/core';
import { expectAttnError } from '../../test/helpers.js';
import { addTwo } from '../tasks/add-two.js';
import { sort } from '../tasks/sort.js';
import type { Task } from '../tasks/task.js';
import { train } from '../trainer/train.js';
import { checkpointModel } from './checkpoint.js';
import { decodeModelLink, encodeModelLink, MODEL_LINK_PREFIX, type ModelLink } from './link.js';

/** The link of a model trained on `task` for `steps` steps. */
async function trainedLink(task: Task<any, any>, steps: number): Promise<ModelLink> {
  const run = train({ task, seed: 3, steps });
  const result = await run;
  return { task: task.name, seed: 3, step: result.steps, metrics: result.metrics, modelConfig: run.model.modelConfig(), model: run.model.stateDict() };
}

/** The raw bytes of a tensor's storage: equal bytes are equal bits, NaN payloads and -0 included. */
const bitsOf = (t: Tensor) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);

function expectSameWeights(back: StateDict, original: StateDict): void {
  expect(Object.keys(back).sort()).toEqual(Object.keys(original).sort());
  for (const [name, t] of Object.entries(original)) {
    expect(back[name].dtype, name).toBe(t.dtype);
    expect(back[name].shape, name).toEqual(t.shape);
    expect(bitsOf(back[name]), name).toEqual(bitsOf(t));
    expect(Array.from(t.data.keys()).filter((i) => !Object.is(back[name].data[i], t.data[i])), name).toEqual([]);
  }
}

describe('encodeModelLink / decodeModelLink', () => {
  it('decodeModelLink(encodeModelLink(link)) gives back a trained add-two model, every float64 weight bit for bit', async () => {
    const link = await trainedLink(addTwo(), 300);
    const fragment = encodeModelLink(link);
    expect(fragment).toMatch(/^model=v1\.[A-Za-z0-9_-]+$/);
    const back = decodeModelLink(fragment);
    expect({ ...back, model: null }).toEqual({ ...link, model: null });
    expectSameWeights(back.model, link.model);
    // the rebuilt model answers exactly as the one that made the link
    const original = checkpointModel(link) as TutorialAttention;
    const rebuilt = checkpointModel(back) as TutorialAttention;
    const x = tensor([[3, 5], [0.25, 9.5]]);
    expect(Array.from(noGrad(() => rebuilt.forward(x)).data)).toEqual(Array.from(noGrad(() => original.forward(x)).data));
  });

  it('decodeModelLink round-trips a sort transformer (2,779 weights) bit for bit', async () => {
    const link = await trainedLink(sort(), 20);
    const back = decodeModelLink(encodeModelLink(link));
    expect(back.modelConfig).toEqual(link.modelConfig);
    expectSameWeights(back.model, link.model);
  });

  it('float32 weights travel as float32, their bits kept (negative zero, subnormals and NaN included)', () => {
    const weight = tensor([[1 / 3, -0, 1e-40], [Math.PI, Number.NaN, -2.5e38]], { dtype: 'float32' });
    const bias = tensor([0.1, -7], { dtype: 'float32' });
    const link: ModelLink = {
      task: 'line', seed: 0, step: 1, metrics: { testMse: 0.5 },
      modelConfig: { class: 'Linear', options: { inFeatures: 3, outFeatures: 2, bias: true } }, model: { weight, bias },
    };
    const back = decodeModelLink(encodeModelLink(link));
    expect(back.model.weight.data).toBeInstanceOf(Float32Array);
    expectSameWeights(back.model, link.model);
    // a float32 weight takes 4 bytes: the link is shorter than the same weights in float64
    const as64: StateDict = { weight: tensor([[1 / 3, -0, 1e-40], [Math.PI, 1, -2.5e38]]), bias: tensor([0.1, -7]) };
    expect(encodeModelLink(link).length).toBeLessThan(encodeModelLink({ ...link, model: as64 }).length);
  });

  it('decodeModelLink reads the whole URL, the fragment with its # and text around it, as a file holds it', async () => {
    const link = await trainedLink(addTwo(), 10);
    const fragment = encodeModelLink(link);
    for (const text of [`https://attn.example/tutorial#${fragment}`, `http://localhost:5173/guide/plugins.html?x=1#${fragment}`, `#${fragment}`, `  ${fragment}\n`]) {
      expectSameWeights(decodeModelLink(text).model, link.model);
    }
  });

  it('encodeModelLink refuses a custom module (no configuration), non-finite metrics and non-tensors, naming the field', () => {
    const link: ModelLink = { task: 't', seed: 0, step: 0, metrics: {}, modelConfig: new Linear(1, 1).modelConfig(), model: new Linear(1, 1).stateDict() };
    expectAttnError(() => encodeModelLink({ ...link, modelConfig: null as never }), 'ARGUMENT', /^encodeModelLink: link\.modelConfig must be the model's class and options \(.*custom module.*\), got null$/);
    expectAttnError(() => encodeModelLink({ ...link, metrics: { testMse: Number.NaN } }), 'ARGUMENT', 'encodeModelLink: link.metrics must be an object of finite numbers, got object');
    expectAttnError(() => encodeModelLink({ ...link, model: { weight: [1] as never } }), 'ARGUMENT', 'encodeModelLink: link.model must be a state dict (an object of tensors), got object');
    expectAttnError(() => encodeModelLink({ ...link, step: 1.5 }), 'ARGUMENT', 'encodeModelLink: link.step must be a step count, got 1.5');
  });
});

describe('decodeModelLink refuses what is not a whole model link, saying what it got', () => {
  const good = () => encodeModelLink({ task: 'line', seed: 0, step: 2, metrics: {}, modelConfig: new Linear(2, 1).modelConfig(), model: new Linear(2, 1, { seed: 1 }).stateDict() });

  it('a page link without a model, or another fragment', () => {
    expectAttnError(() => decodeModelLink('https://attn.example/tutorial#step-5'), 'FORMAT',
      `decodeModelLink: not a model link: expected a URL whose fragment starts with '#${MODEL_LINK_PREFIX}', or the fragment itself, got "https://attn.example/tutorial#step-5"`);
    expectAttnError(() => decodeModelLink(''), 'FORMAT', /^decodeModelLink: not a model link: .*, got ""$/);
    expectAttnError(() => decodeModelLink(null as never), 'FORMAT', 'decodeModelLink: expected the text of a link, got null');
  });

  it('a link of another version, or none', () => {
    const body = good().slice('model=v1.'.length);
    expectAttnError(() => decodeModelLink(`model=v2.${body}`), 'FORMAT', 'decodeModelLink: this link was made by a newer attn (link version 2); this one reads version 1');
    expectAttnError(() => decodeModelLink(`model=v0.${body}`), 'FORMAT', 'decodeModelLink: this link was made by an older attn (link version 0); this one reads version 1');
    expectAttnError(() => decodeModelLink(`model=${body}`), 'FORMAT', /^decodeModelLink: expected 'model=v1\.' and the model, got "model=/);
  });

  it('a truncated link', () => {
    const link = good();
    expectAttnError(() => decodeModelLink(link.slice(0, -40)), 'FORMAT', /^decodeModelLink: the link is truncated or corrupted \(decodeSafetensors: .*truncated/);
    expectAttnError(() => decodeModelLink(link.slice(0, 'model=v1.'.length + 5)), 'FORMAT', 'decodeModelLink: the model\'s text has 5 characters, which no whole number of bytes encodes: the link is truncated');
    expectAttnError(() => decodeModelLink('model=v1.'), 'FORMAT', /^decodeModelLink: the link is truncated or corrupted \(decodeSafetensors: file is truncated/);
  });

  it('a changed character: in a weight (checksum) or one base64url does not use', () => {
    const link = good();
    const at = link.length - 10; // inside the last weight's bytes
    const changed = `${link.slice(0, at)}${link[at] === 'A' ? 'B' : 'A'}${link.slice(at + 1)}`;
    expectAttnError(() => decodeModelLink(changed), 'FORMAT', 'decodeModelLink: checksum mismatch: the link was changed or corrupted');
    expectAttnError(() => decodeModelLink(`${link.slice(0, 20)}%${link.slice(21)}`), 'FORMAT',
      "decodeModelLink: the model's text has \"%\" at character 12, which base64url does not use (was the link cut or changed?)");
  });
});
