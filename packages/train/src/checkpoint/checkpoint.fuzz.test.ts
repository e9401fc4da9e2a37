// Fuzzing the checkpoint reader: arbitrary bytes, real checkpoints with bytes flipped, and
// re-signed files (any metadata, with a checksum that fits, as a forger would write) are read
// or refused with an AttnError, never another error. Fixed seed in CI; ATTN_FUZZ_RUNS for more.
import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { AttnError, decodeSafetensors, encodeSafetensors } from '@attn/core';
import { line } from '../../test/helpers.js';
import type { TrainContext } from '../trainer/events.js';
import { train } from '../trainer/train.js';
import { checksum, decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './checkpoint.js';

const RUNS = Number(process.env.ATTN_FUZZ_RUNS ?? 1000);
const SEED = 20261204;
/** Generous: the budget is a number of cases, not a time (a long run on demand takes minutes). */
const TIMEOUT = 60_000 + RUNS * 10;

function fuzz<T extends unknown[]>(property: fc.IProperty<T>): void {
  // biome-ignore lint/nursery/noFloatingPromises: a synchronous property: fc.assert returns nothing to await
  fc.assert(property, { seed: SEED, numRuns: RUNS });
}

function readOrRefuse(bytes: Uint8Array): 'read' | 'refused' {
  try {
    decodeCheckpoint(bytes);
    return 'read';
  } catch (e) {
    if (e instanceof AttnError) return 'refused';
    throw e;
  }
}

async function realCheckpoint(): Promise<Uint8Array> {
  let c: Checkpoint | null = null;
  await train({ task: line(), steps: 3, optimizer: { kind: 'adam', lr: 0.01 }, plugins: [{ name: 'grab', onTrainEnd: (_r, ctx: TrainContext) => { c = ctx.checkpoint(); } }] });
  return encodeCheckpoint(c!);
}

/** The file with its checkpoint metadata replaced by `meta` and a checksum that fits it. */
function resigned(bytes: Uint8Array, meta: string): Uint8Array {
  const { tensors } = decodeSafetensors(bytes);
  return encodeSafetensors(tensors, { dtype: 'F64', metadata: { 'attn.checkpoint': meta, 'attn.checksum': String(checksum(meta, tensors)) } });
}

describe('decodeCheckpoint under fuzzing', () => {
  it('arbitrary bytes and a real checkpoint with any byte flipped are refused with an AttnError', async () => {
    const file = await realCheckpoint();
    expect(readOrRefuse(file)).toBe('read');
    fuzz(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => { readOrRefuse(b); }));
    fuzz(fc.property(fc.nat(file.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
      const b = file.slice();
      b[i] ^= x;
      expect(readOrRefuse(b)).toBe('refused'); // the checksum covers every byte that matters
    }));
  }, TIMEOUT);

  it('re-signed metadata of any shape (a forged file with a checksum that fits) is read or refused with an AttnError', async () => {
    const file = await realCheckpoint();
    const real = JSON.parse(decodeSafetensors(file).metadata['attn.checkpoint']);
    // start from the real metadata and replace one field, or a field of its optimizer, by anything
    const field = fc.constantFrom(...Object.keys(real));
    const optimizerField = fc.constantFrom('kind', 'step', 'hyper', 'buffers');
    const forged = fc.oneof(
      fc.tuple(field, fc.anything()).map(([k, v]) => ({ ...real, [k]: v })),
      fc.tuple(optimizerField, fc.anything()).map(([k, v]) => ({ ...real, optimizer: { ...real.optimizer, [k]: v } })),
      fc.tuple(fc.array(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'weight', 'bias'))), fc.anything()).map(([params, buffers]) => ({ ...real, params, optimizer: { ...real.optimizer, buffers } })),
      fc.anything(),
    );
    fuzz(fc.property(forged, (meta) => { readOrRefuse(resigned(file, JSON.stringify(meta) ?? 'null')); }));
  }, TIMEOUT);
});
