import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/nn-testing.js';
import { DecoderOnly, parseTrace, stringifyTrace, tensor, traceForward, TutorialAttention } from '../index.js';

const tutorialTrace = () => traceForward(new TutorialAttention({ seed: 0 }), tensor([[3, 5]])).trace;

describe('stringifyTrace and parseTrace', () => {
  it('parseTrace(stringifyTrace(trace)) gives every number back bit for bit, masks included', () => {
    const model = new DecoderOnly({ vocabSize: 6, maxLen: 5, dModel: 8, heads: 2, layers: 2, ff: 8, seed: 1 });
    for (const trace of [tutorialTrace(), traceForward(model, tensor([[1, 2, 3]])).trace]) {
      const back = parseTrace(stringifyTrace(trace));
      expect(back).toEqual(trace); // numbers compared with Object.is: exactly
    }
    const causal = traceForward(model, tensor([[1, 2, 3]])).trace;
    expect(causal.attention[0].mask).toBeDefined();
    expect(parseTrace(stringifyTrace(causal)).attention[0].mask).toEqual(causal.attention[0].mask);
  });

  it('stringifyTrace refuses NaN and Infinity, which JSON.stringify would write as null', () => {
    const trace = tutorialTrace();
    trace.attention[0].weights.data[1] = Number.NaN;
    expect(thrown(() => stringifyTrace(trace))).toMatchObject({
      code: 'FORMAT', message: "stringifyTrace: 'attention[0].weights' has a non-finite or non-number NaN at index 1",
    });
    const out = tutorialTrace();
    out.output.data[0] = Number.POSITIVE_INFINITY;
    expect(thrown(() => stringifyTrace(out))!.message).toBe("stringifyTrace: 'output' has a non-finite or non-number Infinity at index 0");
  });

  it('parseTrace names the field and what it held when the JSON is not a Trace', () => {
    const text = stringifyTrace(tutorialTrace());
    const edit = (f: (t: any) => void) => {
      const t = JSON.parse(text);
      f(t);
      return JSON.stringify(t);
    };
    const cases: [string, string][] = [
      ['not json', 'parseTrace: not JSON: '],
      ['{"format":"attn.state","version":1}', `parseTrace: expected an object with format 'attn.trace', got "attn.state"`],
      [edit((t) => { t.version = 2; }), 'parseTrace: unsupported version 2, this reader knows version 1'],
      [edit((t) => { t.model = 3; }), "parseTrace: 'model' must be a string, got 3"],
      [edit((t) => { t.attention[0].weights.data.pop(); }), "parseTrace: 'attention[0].weights' has 3 values for shape [1,2,2]"],
      [edit((t) => { t.attention[0].q.data[0] = null; }), "parseTrace: 'attention[0].q' has a non-finite or non-number null at index 0"],
      [edit((t) => { delete t.attention[0].attended; }), "parseTrace: 'attention[0].attended' must be { shape, data }, got undefined"],
      [edit((t) => { t.attention[0].layer = -1; }), "parseTrace: 'attention[0].layer' must be an integer ≥ 0, got -1"],
      [edit((t) => { t.attention[0].causal = 'no'; }), `parseTrace: 'attention[0].causal' must be a boolean, got "no"`],
      [edit((t) => { t.values.sum.shape = [1.5]; }), "parseTrace: 'values.sum' has a malformed shape [1.5]"],
      [edit((t) => { t.attention = {}; }), "parseTrace: 'attention' must be an array, got object"],
    ];
    for (const [bad, message] of cases) {
      const e = thrown(() => parseTrace(bad));
      expect(e?.code, bad).toBe('FORMAT');
      expect(e!.message.startsWith(message), `${e!.message}\n  should start with\n${message}`).toBe(true);
    }
    expect(thrown(() => parseTrace(JSON.parse(text) as never))!.message).toBe('parseTrace: expected JSON text, got object');
  });
});
