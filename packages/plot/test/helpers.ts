// Shared by the tests of @attn/plot: seeded traces and reading figures back from SVG.
import { expect } from 'vitest';
import { DOMParser } from 'linkedom';
import type { HeadMetrics } from '@attn/heads';
import { AttnError, DecoderOnly, tensor, traceForward, TutorialAttention, type AttnErrorCode, type Trace } from '@attn/core';

/** The tutorial model (seeded, untrained) traced on one input, `[3, 5]` by default. */
export function tutorialTrace(input: number[] = [3, 5], seed = 0): Trace {
  return traceForward(new TutorialAttention({ seed }), tensor([input])).trace;
}

/** A causal DecoderOnly with `layers × heads` heads traced on T tokens (ids 0–10). */
export function decoderTrace(T: number, options: { layers?: number; heads?: number; seed?: number } = {}): Trace {
  const model = new DecoderOnly({ vocabSize: 11, dModel: 12, heads: options.heads ?? 2, layers: options.layers ?? 2, maxLen: T, seed: options.seed ?? 0 });
  return traceForward(model, tensor([Array.from({ length: T }, (_, i) => (i * 7) % 11)])).trace;
}

/** Parses an SVG string into a document to query. */
export function parseSvg(svg: string): Document {
  return new DOMParser().parseFromString(svg, 'image/svg+xml') as unknown as Document;
}

/** Texts of the elements matching `selector`, in document order. */
export function texts(root: ParentNode, selector: string): string[] {
  return Array.from(root.querySelectorAll(selector)).map((e) => e.textContent ?? '');
}

/** The (x, y) of an element's `transform="translate(x,y)"`. */
export function translateOf(el: Element): [number, number] {
  const m = /translate\(([-\d.]+),\s*([-\d.]+)\)/.exec(el.getAttribute('transform') ?? '');
  if (!m) throw new Error(`no translate in ${el.outerHTML.slice(0, 80)}`);
  return [Number(m[1]), Number(m[2])];
}

/** Runs `fn` and checks that it throws an AttnError with this code and exact message. */
export function expectAttnError(fn: () => unknown, code: AttnErrorCode, message: string | RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}: ${message}`).toBeInstanceOf(AttnError);
  if (typeof message === 'string') expect((caught as AttnError).message).toBe(message);
  else expect((caught as AttnError).message).toMatch(message);
  expect((caught as AttnError).code).toBe(code);
}

/** Hand-built metrics of one head: nothing in particular (entropy fraction 0.5, scores 0) but what `scores` sets. */
export function metricsOf(layer: number, head: number, scores: Partial<HeadMetrics> = {}): HeadMetrics {
  return {
    layer, head, module: `blocks.${layer}.attn`, causal: true, queries: 7,
    entropy: 1, entropyFraction: 0.5, sink: 0, keyAttention: null, offset: -2,
    previous: 0, self: 0, positional: 0.2, positionalOffset: -2, duplicate: 0, induction: 0,
    ...scores,
  };
}
