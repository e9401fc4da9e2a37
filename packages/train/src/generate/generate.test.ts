import { DecoderOnly, headWeights, noGrad, tensor, traceForward, type DecoderOnlyOptions } from '@attn/core';
import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/helpers.js';
import { generate, generateAll, generateTraced, tokenProbabilities } from './generate.js';

/** softmax(logits / temperature) over the tokens `kept`, 0 elsewhere, by Math.exp. */
function softmaxOver(logits: number[], kept: number[], temperature = 1): number[] {
  const e = logits.map((l, i) => (kept.includes(i) ? Math.exp(l / temperature) : 0));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

function expectProbabilities(got: Float64Array, want: number[]): void {
  expect(got).toHaveLength(want.length);
  want.forEach((w, i) => {
    if (w === 0) expect(got[i], `token ${i}`).toBe(0);
    else expect(got[i], `token ${i}`).toBeCloseTo(w, 14);
  });
}

const model = (options: Partial<DecoderOnlyOptions> = {}) =>
  new DecoderOnly({ vocabSize: 7, maxLen: 8, dModel: 8, heads: 2, layers: 2, ff: 16, seed: 3, ...options });

/** The next token's logits after `tokens`, from a forward pass over them (the last maxLen of them). */
function lastLogits(m: DecoderOnly, tokens: number[]): number[] {
  const window = tokens.slice(-m.config.maxLen);
  const logits = noGrad(() => m.forward(tensor([window])));
  return Array.from(logits.data.subarray((window.length - 1) * m.config.vocabSize));
}

describe('tokenProbabilities', () => {
  const logits = [1, 3, 2, 0, 2.5];

  it('tokenProbabilities(logits) is the softmax of the logits, and of logits / temperature', () => {
    expectProbabilities(tokenProbabilities(logits), softmaxOver(logits, [0, 1, 2, 3, 4]));
    expectProbabilities(tokenProbabilities(logits, { temperature: 0.5 }), softmaxOver(logits, [0, 1, 2, 3, 4], 0.5));
    expectProbabilities(tokenProbabilities(logits, { temperature: 4 }), softmaxOver(logits, [0, 1, 2, 3, 4], 4));
  });

  it('tokenProbabilities(logits, { temperature: 0 }) puts everything on the most likely token, the first of equals', () => {
    expect(Array.from(tokenProbabilities(logits, { temperature: 0 }))).toEqual([0, 1, 0, 0, 0]);
    expect(Array.from(tokenProbabilities([0, 2, 1, 2], { temperature: 0, topP: 0.1 }))).toEqual([0, 1, 0, 0]);
  });

  it('tokenProbabilities(logits, { topK }) keeps the k most likely tokens, renormalized', () => {
    expectProbabilities(tokenProbabilities(logits, { topK: 1 }), [0, 1, 0, 0, 0]);
    expectProbabilities(tokenProbabilities(logits, { topK: 2 }), softmaxOver(logits, [1, 4]));
    expectProbabilities(tokenProbabilities(logits, { topK: 3, temperature: 2 }), softmaxOver(logits, [1, 2, 4], 2));
    expectProbabilities(tokenProbabilities(logits, { topK: 5 }), softmaxOver(logits, [0, 1, 2, 3, 4]));
    expectProbabilities(tokenProbabilities(logits, { topK: 50 }), softmaxOver(logits, [0, 1, 2, 3, 4]));
  });

  it('tokenProbabilities(logits, { topK }) keeps every token equal to the k-th, as Hugging Face does', () => {
    const tied = [3, 1, 3, 3, 0];
    expectProbabilities(tokenProbabilities(tied, { topK: 2 }), [1 / 3, 0, 1 / 3, 1 / 3, 0]);
    expectProbabilities(tokenProbabilities(tied, { topK: 4 }), softmaxOver(tied, [0, 1, 2, 3]));
  });

  it('tokenProbabilities(logits, { topP }) keeps the fewest most likely tokens whose probability reaches topP', () => {
    // probabilities 0.5, 0.2, 0.15, 0.1, 0.05, in a shuffled order
    const p = [0.15, 0.5, 0.05, 0.2, 0.1];
    const fromP = p.map(Math.log);
    expectProbabilities(tokenProbabilities(fromP, { topP: 0.45 }), [0, 1, 0, 0, 0]);
    expectProbabilities(tokenProbabilities(fromP, { topP: 0.69 }), [0, 0.5 / 0.7, 0, 0.2 / 0.7, 0]);
    expectProbabilities(tokenProbabilities(fromP, { topP: 0.71 }), [0.15 / 0.85, 0.5 / 0.85, 0, 0.2 / 0.85, 0]);
    expectProbabilities(tokenProbabilities(fromP, { topP: 0.9 }), [0.15 / 0.95, 0.5 / 0.95, 0, 0.2 / 0.95, 0.1 / 0.95]);
    expectProbabilities(tokenProbabilities(fromP, { topP: 1 }), p);
  });

  it('tokenProbabilities applies temperature, then topK, then topP to what topK left', () => {
    const p = [0.15, 0.5, 0.05, 0.2, 0.1];
    const fromP = p.map(Math.log);
    // top 3 renormalized: 0.5/0.85 ≈ 0.588, 0.2/0.85 ≈ 0.235, 0.15/0.85 ≈ 0.176: the first two reach 0.72 (0.824),
    // while of all five they do not (0.7)
    expectProbabilities(tokenProbabilities(fromP, { topK: 3, topP: 0.72 }), [0, 0.5 / 0.7, 0, 0.2 / 0.7, 0]);
    expectProbabilities(tokenProbabilities(fromP, { topP: 0.72 }), [0.15 / 0.85, 0.5 / 0.85, 0, 0.2 / 0.85, 0]);
    expectProbabilities(tokenProbabilities(fromP, { topK: 3, topP: 0.83 }), [0.15 / 0.85, 0.5 / 0.85, 0, 0.2 / 0.85, 0]);
    expectProbabilities(tokenProbabilities(fromP, { topK: 3, topP: 0.55 }), [0, 1, 0, 0, 0]);
    // temperature 2 flattens: √p renormalized, top 2 of those
    const sq = p.map(Math.sqrt);
    expectProbabilities(tokenProbabilities(fromP, { temperature: 2, topK: 2 }), [0, sq[1] / (sq[1] + sq[3]), 0, sq[3] / (sq[1] + sq[3]), 0]);
  });

  it('tokenProbabilities gives tokens with logit -Infinity probability 0 and takes typed arrays', () => {
    expectProbabilities(tokenProbabilities(Float64Array.from([0, -Infinity, Math.log(3)])), [0.25, 0, 0.75]);
  });

  it('tokenProbabilities refuses bad options and logits, naming what it got', () => {
    expectAttnError(() => tokenProbabilities(logits, { temperature: -1 }), 'ARGUMENT', 'tokenProbabilities: temperature must be a finite number ≥ 0, got -1');
    expectAttnError(() => tokenProbabilities(logits, { temperature: NaN }), 'ARGUMENT', 'tokenProbabilities: temperature must be a finite number ≥ 0, got NaN');
    expectAttnError(() => tokenProbabilities(logits, { topK: 0 }), 'ARGUMENT', 'tokenProbabilities: topK must be an integer ≥ 1, got 0');
    expectAttnError(() => tokenProbabilities(logits, { topK: 1.5 }), 'ARGUMENT', 'tokenProbabilities: topK must be an integer ≥ 1, got 1.5');
    expectAttnError(() => tokenProbabilities(logits, { topP: 0 }), 'ARGUMENT', 'tokenProbabilities: topP must be a number in (0, 1], got 0');
    expectAttnError(() => tokenProbabilities(logits, { topP: 1.5 }), 'ARGUMENT', 'tokenProbabilities: topP must be a number in (0, 1], got 1.5');
    expectAttnError(() => tokenProbabilities([]), 'ARGUMENT', 'tokenProbabilities: logits must be a non-empty array of numbers, got []');
    expectAttnError(() => tokenProbabilities([1, NaN]), 'ARGUMENT', 'tokenProbabilities: logits[1] must be a finite number or -Infinity, got NaN');
    expectAttnError(() => tokenProbabilities([Infinity]), 'ARGUMENT', 'tokenProbabilities: logits[0] must be a finite number or -Infinity, got Infinity');
    expectAttnError(() => tokenProbabilities(logits, null as never), 'ARGUMENT', 'tokenProbabilities: options must be an object, got null');
  });
});

describe('generate', () => {
  it('generate(model, prompt, { temperature: 0 }) is greedy: each token is the argmax of a forward pass over the sequence so far', () => {
    for (const m of [model(), model({ positional: 'rotary', tieWeights: true })]) {
      const tokens = generateAll(m, [1, 2, 3], { maxTokens: 5, temperature: 0 });
      const seq = [1, 2, 3];
      for (const t of tokens) {
        const l = lastLogits(m, seq);
        expect(t).toBe(l.indexOf(Math.max(...l)));
        seq.push(t);
      }
      expect(tokens).toHaveLength(5);
    }
  });

  it('generate slides the window once the context is full: each further token comes from the last maxLen tokens', () => {
    const m = model({ maxLen: 4 });
    const tokens = generateAll(m, [5, 1, 2], { maxTokens: 6, temperature: 0 });
    const seq = [5, 1, 2];
    for (const t of tokens) {
      const l = lastLogits(m, seq); // the last 4 tokens once there are more
      expect(t).toBe(l.indexOf(Math.max(...l)));
      seq.push(t);
    }
  });

  for (const positional of ['learned', 'sinusoidal', 'rotary'] as const) {
    it(`generate (${positional}) gives the same tokens with and without the cache, token for token, also past a full context`, () => {
      const m = model({ positional, maxLen: 6 });
      for (const sampling of [{ temperature: 0 }, { temperature: 1.5 }, { temperature: 0.8, topK: 3 }, { topP: 0.9 }]) {
        for (const seed of [0, 1, 2]) {
          const options = { maxTokens: 12, seed, ...sampling };
          const withCache = generateAll(m, [4, 0], options);
          expect(generateAll(m, [4, 0], { ...options, cache: false }), JSON.stringify(options)).toEqual(withCache);
        }
      }
    });
  }

  it('generate draws each token with the probabilities of tokenProbabilities: allowed tokens only, at their frequencies', () => {
    const m = model({ vocabSize: 5 });
    const prompt = [1, 4, 2];
    const options = { temperature: 2, topK: 3 };
    const p = tokenProbabilities(lastLogits(m, prompt), options);
    expect(p.filter((v) => v > 0)).toHaveLength(3);
    const n = 3000;
    const counts = new Array(5).fill(0);
    for (let seed = 0; seed < n; seed++) counts[generateAll(m, prompt, { ...options, maxTokens: 1, seed })[0]]++;
    p.forEach((pi, i) => {
      if (pi === 0) expect(counts[i], `token ${i}`).toBe(0);
      else expect(Math.abs(counts[i] / n - pi), `token ${i}`).toBeLessThan(4 * Math.sqrt((pi * (1 - pi)) / n));
    });
  });

  it('generate is reproducible: the same seed gives the same tokens, other seeds others', () => {
    const m = model();
    const run = (seed: number) => generateAll(m, [2], { maxTokens: 7, temperature: 3, seed });
    expect(run(5)).toEqual(run(5));
    expect(new Set([5, 6, 7, 8].map((s) => run(s).join(' '))).size).toBeGreaterThan(1);
    expect(generateAll(m, [2], { maxTokens: 7, temperature: 3 })).toEqual(run(0)); // seed 0 by default
  });

  it('generate streams: the first token comes out before the rest are drawn, and maxTokens: 0 gives none', () => {
    const m = model();
    const all = generateAll(m, [1, 2], { maxTokens: 4, seed: 9 });
    const it = generate(m, [1, 2], { maxTokens: 4, seed: 9 });
    expect(it.next()).toEqual({ value: all[0], done: false });
    expect([...it]).toEqual(all.slice(1));
    expect(generateAll(m, [1, 2], { maxTokens: 0 })).toEqual([]);
  });

  it('generate records no gradients and leaves the prompt as it was', () => {
    const m = model();
    const prompt = [1, 2, 3];
    generateAll(m, prompt, { maxTokens: 3 });
    expect(prompt).toEqual([1, 2, 3]);
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('generate refuses bad options, prompts and models when called, before the first token', () => {
    const m = model();
    const call = (prompt: number[], options: object) => () => generate(m, prompt, { maxTokens: 3, ...options });
    expectAttnError(call([1], { temperature: -0.5 }), 'ARGUMENT', 'generate: temperature must be a finite number ≥ 0, got -0.5');
    expectAttnError(call([1], { topK: 0 }), 'ARGUMENT', 'generate: topK must be an integer ≥ 1, got 0');
    expectAttnError(call([1], { topK: 2.5 }), 'ARGUMENT', 'generate: topK must be an integer ≥ 1, got 2.5');
    expectAttnError(call([1], { topP: 0 }), 'ARGUMENT', 'generate: topP must be a number in (0, 1], got 0');
    expectAttnError(call([1], { topP: 1.01 }), 'ARGUMENT', 'generate: topP must be a number in (0, 1], got 1.01');
    expectAttnError(call([1], { maxTokens: -1 }), 'ARGUMENT', 'generate: maxTokens must be an integer ≥ 0, got -1');
    expectAttnError(call([1], { maxTokens: undefined }), 'ARGUMENT', 'generate: maxTokens must be an integer ≥ 0, got undefined');
    expectAttnError(call([1], { cache: 'yes' }), 'ARGUMENT', 'generate: cache must be a boolean, got "yes"');
    expectAttnError(call([1], { seed: 'x' }), 'ARGUMENT', 'Rng: seed must be a finite number, got "x"');
    expectAttnError(call([], {}), 'ARGUMENT', 'generate: prompt must be a non-empty array of tokens, got []');
    expectAttnError(call([1, 7], {}), 'ARGUMENT', 'generate: prompt token 1 must be an integer in [0, 7), got 7');
    expectAttnError(call([-1], {}), 'ARGUMENT', 'generate: prompt token 0 must be an integer in [0, 7), got -1');
    expectAttnError(call([1, 2.5], {}), 'ARGUMENT', 'generate: prompt token 1 must be an integer in [0, 7), got 2.5');
    expectAttnError(call([1, 2, 3, 4, 5, 6, 0, 1, 2], {}), 'ARGUMENT', "generate: prompt length must be at most the model's context (maxLen 8), got 9");
    expectAttnError(() => generate({ forward: () => tensor([1]) } as never, [1], { maxTokens: 1 }), 'ARGUMENT', 'generate: model must be a DecoderOnly, got object');
    expectAttnError(() => generate(m, [1], null as never), 'ARGUMENT', 'generate: options must be an object, got null');
  });
});

describe('generateTraced', () => {
  it('generateTraced draws the same tokens as generate, with and without the cache', () => {
    const m = model({ maxLen: 6 });
    for (const cache of [true, false]) {
      const options = { maxTokens: 10, seed: 4, temperature: 1.2, cache };
      expect([...generateTraced(m, [3, 1], options)].map((s) => s.token)).toEqual(generateAll(m, [3, 1], options));
    }
  });

  for (const cache of [true, false]) {
    it(`generateTraced (cache ${cache}): each token's trace holds, in its last query row, the attention of a full uncached forward over the tokens before it`, () => {
      const m = model({ maxLen: 6 });
      const seq = [3, 1, 4];
      for (const { token, start, trace } of generateTraced(m, seq, { maxTokens: 7, seed: 2, cache })) {
        const window = seq.slice(-m.config.maxLen); // the sequence so far; once it fills the context, the last maxLen tokens
        expect(start).toBe(seq.length - window.length);
        const full = noGrad(() => traceForward(m, tensor([window])).trace);
        expect(trace.attention.map((a) => `${a.layer}.${a.head}`)).toEqual(['0.0', '0.1', '1.0', '1.1']);
        for (const layer of [0, 1]) {
          for (const head of [0, 1]) {
            const got = headWeights(trace, { layer, head }).at(-1)!;
            const want = headWeights(full, { layer, head }).at(-1)!;
            expect(got).toHaveLength(window.length);
            got.forEach((w, k) => expect(w, `layer ${layer} head ${head} key ${k}`).toBeCloseTo(want[k], 12));
          }
        }
        seq.push(token);
      }
      expect(seq).toHaveLength(10); // past the context of 6: the window slid
    });
  }

  it('generateTraced refuses bad arguments when called, naming itself', () => {
    expectAttnError(() => generateTraced(model(), [], { maxTokens: 1 }), 'ARGUMENT', 'generateTraced: prompt must be a non-empty array of tokens, got []');
    expectAttnError(() => generateTraced(model(), [1], { maxTokens: 1, topP: 0 }), 'ARGUMENT', 'generateTraced: topP must be a number in (0, 1], got 0');
  });
});
