// Every public function of @attn/heads refuses bad input with an AttnError that has a code and
// names the function: one row per export, each with calls that must be refused. A new export
// without a row (or a reason in NO_INPUT) fails the first test.
import { AttnError, DecoderOnly, tensor } from '@attn/core';
import { describe, expect, it } from 'vitest';
import * as heads from './index.js';

/** Exports that take no user input, each with the reason. */
const NO_INPUT: Record<string, string> = {
  ROLE_THRESHOLDS: 'a frozen constant',
  IMPORTANCE_THRESHOLD: 'a constant number',
};

const bad = (v: unknown) => v as never;
const model = () => new DecoderOnly({ vocabSize: 4, maxLen: 6, dModel: 4, heads: 2, layers: 1, seed: 0 });
const tokens = tensor([[0, 1, 2, 0, 1, 2]]);
const task = { evaluate: () => ({ testAccuracy: 1 }), metric: { name: 'testAccuracy', higherIsBetter: true } };

/** name → calls that must each throw an AttnError whose message starts with `op: ` (or one of `a|b`). */
const ROWS: Record<string, { op: string; calls: (() => unknown)[] }> = {
  headMetrics: { op: 'headMetrics|layersOf', calls: [() => heads.headMetrics(bad(null)), () => heads.headMetrics(bad({ attention: [] })), () => heads.headMetrics(heads.analyzeHeads(model(), tokens).trace, bad({ key: -1 }))] },
  headRoles: { op: 'headRoles', calls: [() => heads.headRoles(bad(null)), () => heads.headRoles([], bad({ induction: 'high' }))] },
  analyzeHeads: { op: 'analyzeHeads|traceForward|headMetrics', calls: [() => heads.analyzeHeads(bad(null), tokens), () => heads.analyzeHeads(model(), bad([[0, 1]]))] },
  repeatedTokens: { op: 'repeatedTokens', calls: [() => heads.repeatedTokens(bad(null)), () => heads.repeatedTokens({ vocabSize: 0, length: 4 }), () => heads.repeatedTokens({ vocabSize: 4, length: bad('4') })] },
  headImportance: { op: 'headImportance|ablation|traceForward', calls: [() => heads.headImportance(bad(null), bad(task)), () => heads.headImportance(model(), bad(null), { inputs: tokens }), () => heads.headImportance(model(), bad(task), { inputs: bad([1]) })] },
  patchHead: { op: 'patchHead|ablation', calls: [() => heads.patchHead(model(), bad(null), tokens, tokens), () => heads.patchHead(model(), { layer: 5, head: 0 }, tokens, tokens), () => heads.patchHead(bad(null), { layer: 0, head: 0 }, tokens, tokens)] },
  headsOverTraining: { op: 'headsOverTraining', calls: [() => heads.headsOverTraining(bad(null)), () => heads.headsOverTraining({ every: 0 })] },
  roleFormation: { op: 'roleFormation', calls: [() => heads.roleFormation(bad(null)), () => heads.roleFormation(bad([{ step: 'x' }]))] },
  attentionModules: { op: 'attentionModules', calls: [() => heads.attentionModules(bad(null), bad(null)), () => heads.attentionModules(model(), bad({ attention: [] }))] },
  clearHeadOverrides: { op: 'clearHeadOverrides', calls: [() => heads.clearHeadOverrides(bad(null)), () => heads.clearHeadOverrides(bad({}))] },
  headMean: { op: 'headMean', calls: [() => heads.headMean(bad(null), 0), () => heads.headMean({ layer: 0, module: '', attention: bad(null), attended: [] }, 0)] },
  tokenNames: { op: 'tokenNames', calls: [() => heads.tokenNames(bad(null)), () => heads.tokenNames(bad([1, 2]))] },
  describeFocus: { op: 'describeFocus|tokenNames', calls: [() => heads.describeFocus([[1]], bad(null)), () => heads.describeFocus(bad([[1, 0]]), ['a', 'b'])] },
  summarizeFocus: { op: 'summarizeFocus', calls: [() => heads.summarizeFocus([[1]], bad(null)), () => heads.summarizeFocus([[1]], [1], bad(null)), () => heads.summarizeFocus(bad('w'), [1, 2])] },
  inductionPhaseChange: { op: 'inductionPhaseChange', calls: [() => heads.inductionPhaseChange(bad(null)), () => heads.inductionPhaseChange([], bad('0.4'))] },
};

function refusal(call: () => unknown): unknown {
  try {
    call();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('every export of @attn/heads refuses bad input with an AttnError', () => {
  it('every export has a row or a reason to take no input', () => {
    const covered = new Set([...Object.keys(ROWS), ...Object.keys(NO_INPUT)]);
    expect(Object.keys(heads).filter((name) => !covered.has(name))).toEqual([]);
    expect([...covered].filter((name) => !(name in heads))).toEqual([]);
  });

  for (const [name, { op, calls }] of Object.entries(ROWS)) {
    it(`${name} refuses ${calls.length} bad call${calls.length > 1 ? 's' : ''} with an AttnError naming '${op}'`, () => {
      for (const [i, call] of calls.entries()) {
        const e = refusal(call);
        expect(e, `${name} call ${i}: ${String(call)} → ${String(e)}`).toBeInstanceOf(AttnError);
        expect((e as AttnError).code, `${name} call ${i}`).toMatch(/^[A-Z]+$/);
        expect(op.split('|').some((o) => (e as AttnError).message.startsWith(`${o}: `)), `${name} call ${i}: ${(e as Error).message}`).toBe(true);
      }
    });
  }
});
