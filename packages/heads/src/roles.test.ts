import { describe, expect, it } from 'vitest';
import { expectAttnError, oneHot, REPEATED, traceOf, uniform } from '../test/helpers.js';
import { headMetrics } from './metrics.js';
import { headRoles, ROLE_THRESHOLDS, type Role } from './roles.js';

const T = 8;

/** The role of a single causal head with this pattern over REPEATED. */
function roleOf(pattern: number[][], tokens = REPEATED): Role {
  return headRoles(headMetrics(traceOf([[[pattern]]], { causal: true, tokens })))[0].role;
}

describe('headRoles names each kind of head', () => {
  it('headRoles calls the token after the earlier occurrence an induction head', () => {
    expect(roleOf(oneHot(T, (p) => (p < 4 ? 0 : p - 3)))).toBe('induction');
  });

  it('headRoles calls attention on the earlier same token a duplicate-token head', () => {
    expect(roleOf(oneHot(T, (p) => (p < 4 ? 0 : p - 4)))).toBe('duplicate');
  });

  it('headRoles calls the shifted identity a previous-token head', () => {
    expect(roleOf(oneHot(T, (p) => Math.max(p - 1, 0)))).toBe('previous-token');
  });

  it('headRoles calls the identity a self head', () => {
    expect(roleOf(oneHot(T, (p) => p))).toBe('self');
  });

  it('headRoles calls attention on the first token a sink head', () => {
    expect(roleOf(oneHot(T, () => 0))).toBe('sink');
  });

  it('headRoles calls a fixed offset of −2 a positional head', () => {
    expect(roleOf(oneHot(T, (p) => Math.max(p - 2, 0)))).toBe('positional');
  });

  it('headRoles calls uniform attention diffuse, even over two keys where one gets 0.5', () => {
    expect(roleOf(uniform(T, true))).toBe('diffuse');
    expect(roleOf(uniform(2, true), [[1, 2]])).toBe('diffuse');
  });

  it('headRoles calls focused attention that follows no position a content head', () => {
    // each query attends the largest token so far: where that is depends on the tokens alone
    const tokens = [[3, 1, 4, 0, 5, 9, 2, 6]];
    const largest = (p: number) => tokens[0].slice(0, p + 1).indexOf(Math.max(...tokens[0].slice(0, p + 1)));
    expect(roleOf(oneHot(T, largest), tokens)).toBe('content');
  });
});

describe('headRoles says what each head does', () => {
  it('headRoles gives each head one sentence with its score', () => {
    const trace = traceOf([[oneHot(T, (p) => (p < 4 ? 0 : p - 3)), oneHot(T, (p) => Math.max(p - 2, 0)), uniform(T, true)].map((p) => [p])], { causal: true, tokens: REPEATED });
    // three heads of layer 0 built as three patterns of one batch each
    const roles = headRoles(headMetrics(trace));
    expect(roles.map((r) => [r.layer, r.head, r.role])).toEqual([[0, 0, 'induction'], [0, 1, 'positional'], [0, 2, 'diffuse']]);
    expect(roles.map((r) => r.sentence)).toEqual([
      'head 0.0 copies the token after the earlier occurrence of the current one: induction score 1.00',
      'head 0.1 attends by position, to the token 2 tokens back: positional score 1.00',
      'head 0.2 spreads its attention almost evenly over the keys it may see: 100% of the uniform entropy',
    ]);
    expect(roles[0].scores.induction).toBe(1);
  });
});

describe('headRoles thresholds', () => {
  it('ROLE_THRESHOLDS is frozen, and overriding one changes the role', () => {
    expect(Object.isFrozen(ROLE_THRESHOLDS)).toBe(true);
    // 55% on the previous token, 45% on the first: previous-token by default, sink when previous needs 0.7
    const rows = Array.from({ length: T }, (_, i) => Array.from({ length: T }, (_, j) => (i === 0 ? (j === 0 ? 1 : 0) : i === 1 ? (j === 0 ? 1 : 0) : j === i - 1 ? 0.55 : j === 0 ? 0.45 : 0)));
    const metrics = headMetrics(traceOf([[[rows]]], { causal: true }));
    expect(headRoles(metrics)[0].role).toBe('previous-token');
    expect(headRoles(metrics, { previous: 0.7 })[0].role).toBe('sink');
  });

  it('headRoles rejects unknown or out-of-range thresholds', () => {
    const metrics = headMetrics(traceOf([[[uniform(4, false)]]]));
    expectAttnError(() => headRoles(metrics, { sink: 2 }), 'RANGE', 'headRoles: threshold sink must be a number in [0, 1], got 2');
    expectAttnError(() => headRoles(metrics, { sinks: 0.5 } as never), 'ARGUMENT',
      'headRoles: thresholds may name diffuse, induction, duplicate, previous, self, sink, positional, got "sinks"');
    expectAttnError(() => headRoles([{}] as never), 'ARGUMENT', 'headRoles: metrics must be HeadMetrics from headMetrics, got object');
  });
});
