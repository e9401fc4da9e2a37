// Fuzzing the model-link reader: arbitrary text, real links with a character changed, and
// re-signed links (any metadata, with a checksum that fits) are read or refused with an
// AttnError, never another error; a changed link never reads as another model. Fixed seed in CI;
// ATTN_FUZZ_RUNS for more.
import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { AttnError, decodeSafetensors, encodeSafetensors, Linear } from '@attn/core';
import { checksum } from './checkpoint.js';
import { decodeModelLink, encodeModelLink, type ModelLink } from './link.js';

const RUNS = Number(process.env.ATTN_FUZZ_RUNS ?? 1000);
const SEED = 20261207;
/** Generous: the budget is a number of cases, not a time (a long run on demand takes minutes). */
const TIMEOUT = 60_000 + RUNS * 10;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function fuzz<T extends unknown[]>(property: fc.IProperty<T>): void {
  // biome-ignore lint/nursery/noFloatingPromises: a synchronous property: fc.assert returns nothing to await
  fc.assert(property, { seed: SEED, numRuns: RUNS });
}

function readOrRefuse(text: string): ModelLink | 'refused' {
  try {
    return decodeModelLink(text);
  } catch (e) {
    if (e instanceof AttnError) return 'refused';
    throw e;
  }
}

const model = new Linear(3, 2, { seed: 4 });
const original: ModelLink = { task: 'line', seed: 4, step: 9, metrics: { testMse: 0.25 }, modelConfig: model.modelConfig(), model: model.stateDict() };
const link = encodeModelLink(original);
const PREFIX = 'model=v1.';

/** The bytes of a link. */
const bytesOf = (text: string) => Uint8Array.from(atob(text.slice(PREFIX.length).replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));

describe('decodeModelLink under fuzzing', () => {
  it('arbitrary text, and text after the prefix, is read or refused with an AttnError', () => {
    fuzz(fc.property(fc.string({ maxLength: 300 }), (s) => { readOrRefuse(s); }));
    fuzz(fc.property(fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 400 }), (s) => { readOrRefuse(`#${PREFIX}${s}`); }));
  });

  it('a real link with any character changed is refused, or reads as the very same model', () => {
    fuzz(fc.property(fc.integer({ min: PREFIX.length, max: link.length - 1 }), fc.constantFrom(...BASE64URL), (i, c) => {
      const back = readOrRefuse(`${link.slice(0, i)}${c}${link.slice(i + 1)}`);
      if (back === 'refused') return;
      // a change that leaves the model as it was: the unused bits of the last character, or the header's spaces
      expect({ ...back, model: null }).toEqual({ ...original, model: null });
      for (const [name, t] of Object.entries(original.model)) expect(Array.from(back.model[name].data), name).toEqual(Array.from(t.data));
    }));
  }, TIMEOUT);

  it('re-signed metadata of any shape (a forged link with a checksum that fits) is read or refused with an AttnError', () => {
    const { tensors, metadata } = decodeSafetensors(bytesOf(link));
    const real = JSON.parse(metadata['attn.link']);
    const forged = fc.oneof(
      fc.tuple(fc.constantFrom(...Object.keys(real)), fc.anything()).map(([k, v]) => ({ ...real, [k]: v })),
      fc.tuple(fc.constantFrom('class', 'options'), fc.anything()).map(([k, v]) => ({ ...real, model: { ...real.model, [k]: v } })),
      fc.anything(),
    );
    const resign = (meta: string) => {
      const bytes = encodeSafetensors(tensors, { metadata: { 'attn.link': meta, 'attn.checksum': String(checksum(meta, tensors)) } });
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return `${PREFIX}${btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}`;
    };
    expect(readOrRefuse(resign(JSON.stringify(real)))).not.toBe('refused');
    fuzz(fc.property(forged, (meta) => { readOrRefuse(resign(JSON.stringify(meta) ?? 'null')); }));
  }, TIMEOUT);
});
