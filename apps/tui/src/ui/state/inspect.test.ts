import { describe, expect, it } from 'vitest';
import { ablationText, type InspectAction, type InspectHead, initialInspect, inspectReducer, type InspectState } from './inspect.js';

const head = (layer: number, h: number, role = 'content'): InspectHead => ({
  layer, head: h, role, sentence: `head ${layer}.${h} does things`,
  scores: { entropyFraction: 0.7, sink: 0.2, previous: 0.1, self: 0.1, duplicate: null, induction: null },
});
const probe = { tokens: ['3', '1'], maps: [{ layer: 0, head: 0, weights: [[1, 0], [0.5, 0.5]] }] };
const loaded = (over: Partial<InspectAction & { type: 'loaded' }> = {}): InspectState => inspectReducer(initialInspect(), {
  type: 'loaded', task: 'sort', source: 'trained in Train', metric: { name: 'testAccuracy', higherIsBetter: true }, baseline: 0.99,
  heads: [head(0, 0), head(0, 1), head(1, 0)], probe, noAblation: null, ...over,
});
const run = (s: InspectState, ...actions: InspectAction[]) => actions.reduce(inspectReducer, s);

describe('inspectReducer', () => {
  it('select moves through the heads and wraps around at both ends', () => {
    expect(run(loaded(), { type: 'select', by: 1 }).selected).toBe(1);
    expect(run(loaded(), { type: 'select', by: -1 }).selected).toBe(2);
    expect(run(loaded(), { type: 'select', by: 1 }, { type: 'select', by: 1 }, { type: 'select', by: 1 }).selected).toBe(0);
  });

  it('ablate knocks out the selected head, the same key again puts it back, the other mode switches it', () => {
    const zeroed = run(loaded(), { type: 'select', by: 1 }, { type: 'ablate', mode: 'zero' });
    expect(zeroed.ablations).toEqual({ '0.1': 'zero' });
    expect(zeroed.evaluating).toBe(true);
    expect(run(zeroed, { type: 'ablate', mode: 'mean' }).ablations).toEqual({ '0.1': 'mean' });
    expect(run(zeroed, { type: 'ablate', mode: 'zero' }).ablations).toEqual({});
    const two = run(zeroed, { type: 'select', by: 1 }, { type: 'ablate', mode: 'mean' });
    expect(ablationText(two)).toBe('0.1 zeroed, 1.0 mean-ablated');
  });

  it('evaluated shows the metric of the ablations it measured and drops one measured for an older set', () => {
    const once = run(loaded(), { type: 'ablate', mode: 'zero' });
    const twice = run(once, { type: 'select', by: 1 }, { type: 'ablate', mode: 'zero' });
    const stale = run(twice, { type: 'evaluated', version: once.version, metric: 0.5, probe });
    expect(stale.current).toBeNull();
    expect(stale.evaluating).toBe(true);
    const fresh = run(twice, { type: 'evaluated', version: twice.version, metric: 0.12, probe });
    expect(fresh.current).toBe(0.12);
    expect(fresh.evaluating).toBe(false);
  });

  it('clear and restored put every head back; clear with nothing knocked out changes nothing', () => {
    const s = run(loaded(), { type: 'ablate', mode: 'zero' });
    const ablatedProbe = { tokens: ['3', '1'], maps: [] };
    const evaluated = run(s, { type: 'evaluated', version: s.version, metric: 0.1, probe: ablatedProbe });
    expect(run(evaluated, { type: 'clear' }).ablations).toEqual({});
    const restored = run(evaluated, { type: 'restored' });
    expect(restored).toMatchObject({ ablations: {}, current: null, evaluating: false, probe });
    const l = loaded();
    expect(inspectReducer(l, { type: 'clear' })).toBe(l);
  });

  it('a model without MultiHeadAttention refuses ablate and measuring with the reason, and keeps every head', () => {
    const s = loaded({ noAblation: "ablation needs MultiHeadAttention; add-two's model is TutorialAttention" });
    const a = run(s, { type: 'ablate', mode: 'zero' });
    expect(a.ablations).toEqual({});
    expect(a.message).toContain('ablation needs MultiHeadAttention');
    expect(run(s, { type: 'measuring' }).importance.status).toBe('none');
  });

  it('measured fills in each head\'s knocked-out metric and its new sentence; measureFailed says why', () => {
    const m = run(loaded(), { type: 'measuring' });
    expect(m.importance.status).toBe('measuring');
    const done = run(m, { type: 'measured', heads: { '0.0': { zero: 0.12, mean: 0.2, important: true } }, sentences: { '0.0': 'head 0.0 matters' }, threshold: 0.1 });
    expect(done.importance).toEqual({ status: 'done', heads: { '0.0': { zero: 0.12, mean: 0.2, important: true } }, threshold: 0.1 });
    expect(done.heads.map((h) => h.sentence)).toEqual(['head 0.0 matters', 'head 0.1 does things', 'head 1.0 does things']);
    const failed = run(m, { type: 'measureFailed', message: 'boom' });
    expect(failed.importance.status).toBe('none');
    expect(failed.message).toBe('could not measure importance: boom');
  });

  it('loading a new model forgets the old one\'s heads, ablations and importance', () => {
    const s = run(loaded(), { type: 'ablate', mode: 'zero' }, { type: 'measuring' }, { type: 'loading', task: 'reverse', source: 'trained in Train' });
    expect(s).toMatchObject({ status: 'loading', task: 'reverse', heads: [], ablations: {}, importance: { status: 'none' } });
    expect(s.version).toBeGreaterThan(loaded().version);
  });
});
