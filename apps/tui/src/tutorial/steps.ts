// The seed tutorial's eight steps, read off a Trace of TutorialAttention. Pure data: the text
// renderer (and later the Ink screens) only lay it out.
import { tensorRows, type Trace, type TraceTensor } from '@attn/core';
import { num } from './render-text.js';

/** A labelled matrix to show: rows × cols values. */
export interface Table {
  name: string;
  rows: string[];
  cols: string[];
  values: number[][];
}

/** One step of the tutorial. */
export interface Step {
  n: number;
  title: string;
  formula: string;
  explain: string;
  tables: Table[];
}

/** The answer to "what is the model paying attention to?": per query token, the weights on each key. */
export interface Focus {
  query: string;
  weights: { key: string; weight: number }[];
}

export interface Tutorial {
  input: number[];
  expected: number;
  output: number;
  scale: number;
  steps: Step[];
  focus: Focus[];
}

const dims = (d: number) => Array.from({ length: d }, (_, i) => `d${i}`);
const round = (v: number) => Number(v.toPrecision(6));

/** At most this many hidden units per row of the hidden-layer table, so that it fits 80 columns. */
const UNITS_PER_ROW = 8;

/**
 * Step 8: the attended vectors summed, then the network layer by layer, as far as the trace
 * recorded it (`mlp.layers.0`, `mlp.activation.0`): the hidden layer's units after the
 * activation, a row per 8 units, and in words how many the activation let through.
 */
function network(trace: Trace, d: number, sum: number[]): Step {
  const tables: Table[] = [{ name: 'sum', rows: ['Σ'], cols: dims(d), values: [sum] }];
  const pre = trace.values['mlp.layers.0']?.data;
  const post = trace.values['mlp.activation.0']?.data;
  if (!pre || !post || trace.values['mlp.layers.2']) {
    return { n: 8, title: 'Sum, network, answer', formula: 'output = network(Σ attended)',
      explain: 'The attended vectors are added up over positions, and a small neural network turns that sum into one number.', tables };
  }
  const hidden = pre.length / trace.output.data.length; // units per example; the first example's
  const units = Array.from(post.slice(0, hidden));
  const relu = units.every((v, i) => v === Math.max(0, pre[i]));
  const active = units.filter((v) => v !== 0).length;
  // rows of equal length: the largest divisor of the layer's size up to UNITS_PER_ROW
  let perRow = Math.min(UNITS_PER_ROW, hidden);
  while (hidden % perRow !== 0) perRow--;
  const rows = Array.from({ length: hidden / perRow }, (_, r) => units.slice(r * perRow, (r + 1) * perRow));
  tables.push({
    name: 'hidden',
    rows: rows.map((_, r) => (perRow === 1 ? `h${r + 1}` : `h${r * perRow + 1}–${(r + 1) * perRow}`)),
    cols: Array.from({ length: perRow }, (_, c) => String(c + 1)),
    values: rows,
  });
  return {
    n: 8, title: 'Sum, network, answer', formula: `output = W₂ · ${relu ? 'relu' : 'act'}(W₁ · Σ + b₁) + b₂`,
    explain: `The attended vectors are added up over positions (Σ). A small neural network turns that sum into one number: a layer of ${hidden} units (W₁ · Σ + b₁), `
      + (relu ? `then ReLU, which sets the negative ones to 0 (${active} of ${hidden} stay), ` : 'then the activation, ')
      + 'and one output unit that weighs them (W₂, b₂).',
    tables,
  };
}

/** Builds the eight steps for the first example of the batch in `trace`. */
export function tutorialSteps(trace: Trace): Tutorial {
  const a = trace.attention[0];
  if (!a) throw new Error('tutorialSteps: the trace has no attention entry (was it recorded from TutorialAttention?)');
  const input = a.input ? tensorRows(a.input).map((r) => r[0]) : [];
  const tokens = input.map((v) => String(round(v)));
  const d = a.q.shape[2];
  const qkv = (name: string, t: TraceTensor): Table => ({ name, rows: tokens, cols: dims(d), values: tensorRows(t) });
  const byKey = (name: string, t: TraceTensor): Table => ({ name, rows: tokens, cols: tokens, values: tensorRows(t) });
  const sum = trace.values.sum?.data ?? [];
  const output = trace.output.data[0];
  const expected = input.reduce((s, v) => s + v, 0);
  const weights = tensorRows(a.weights);
  // Scaled, step 5 shows Q·Kᵀ and the scores divided by √d, so that step 6 is the softmax of a table on screen.
  const unscaled = a.scale === 1;
  const root = round(1 / a.scale);
  // What each step's numbers mean for this input, said of its first token (and its last, for keys)
  const first = tokens[0];
  const last = tokens.at(-1)!;
  const vec = (t: TraceTensor, i: number) => `[${tensorRows(t)[i].map(num).join(', ')}]`;
  const shown = tensorRows(unscaled ? a.scores : a.scaled)[0];
  const best = shown.indexOf(Math.max(...shown));
  const others = shown.map((v, j) => (j === best ? '' : `${num(v)} for ${tokens[j]}`)).filter(Boolean);
  // scores this close give shares within a few percent of each other: no key is preferred
  const even = Math.max(...shown) - Math.min(...shown) < 0.05;
  const here = {
    input: `Here: ${input.length} tokens, ${tokens.join(' and ').replace(/ and (?=.* and )/g, ', ')}; the right answer is their sum, ${round(expected)}.`,
    q: `Token ${first}: ${first} × W_q = ${vec(a.q, 0)}.`,
    k: `Token ${last}: ${last} × W_k = ${vec(a.k, tokens.length - 1)}.`,
    v: `Token ${first}: ${first} × W_v = ${vec(a.v, 0)}.`,
    scores: tokens.length < 2 ? ''
      : even ? `Row ${first}: its query matches every key about equally (${shown.map(num).join(', ')}).`
        : `Row ${first}: its query matches the key of ${tokens[best]} best (${num(shown[best])}, against ${others.join(', ')}).`,
    weights: tokens.length < 2 ? ''
      : even ? `Row ${first}: nearly equal scores, nearly equal shares.`
        : `Row ${first} puts ${(100 * weights[0][best]).toFixed(1)}% on ${tokens[best]}, its highest score.`,
    attended: `Row ${first} = ${weights[0].slice(0, 2).map((w, j) => `${num(w)} × V(${tokens[j]})`).join(' + ')}${tokens.length > 2 ? ' + …' : ''} = ${vec(a.attended, 0)}.`,
  };
  const withHere = (explain: string, sentence: string) => (sentence ? `${explain} ${sentence}` : explain);
  const scores: Step = unscaled
    ? { n: 5, title: 'Scores', formula: 'scores = Q · Kᵀ',
      explain: withHere('How well each query matches each key: one dot product per pair (rows: queries, columns: keys). Here the scores are used as they are (unscaled, as in the tutorial).', here.scores),
      tables: [byKey('scores', a.scores)] }
    : { n: 5, title: 'Scores', formula: `scores = Q · Kᵀ / √${d}`,
      explain: withHere(`How well each query matches each key: one dot product per pair (rows: queries, columns: keys), then divided by √d = ${root}, so that longer vectors do not make the softmax too sharp.`, here.scores),
      tables: [byKey('Q·Kᵀ', a.scores), byKey('scores', a.scaled)] };
  const steps: Step[] = [
    { n: 1, title: 'Input', formula: `x = [${tokens.join(', ')}]`,
      explain: withHere('Each number is a token: a position in the sequence with one feature, its value.', here.input),
      tables: [{ name: 'x', rows: tokens, cols: ['value'], values: input.map((v) => [v]) }] },
    { n: 2, title: 'Queries', formula: 'Q = x · W_q',
      explain: withHere(`Each token asks a question: its value times a learned row W_q gives a query vector of ${d} numbers.`, here.q),
      tables: [qkv('Q', a.q)] },
    { n: 3, title: 'Keys', formula: 'K = x · W_k',
      explain: withHere('Each token also advertises what it holds: a key vector, compared against the queries.', here.k),
      tables: [qkv('K', a.k)] },
    { n: 4, title: 'Values', formula: 'V = x · W_v',
      explain: withHere('And each token offers content: a value vector, which is what gets mixed together.', here.v),
      tables: [qkv('V', a.v)] },
    scores,
    { n: 6, title: 'Attention weights', formula: 'weights = softmax(scores)',
      explain: withHere('Softmax turns each row of scores into proportions: positive, and each row sums to 1.', here.weights),
      tables: [byKey('weights', a.weights)] },
    { n: 7, title: 'Attended output', formula: 'attended = weights · V',
      explain: withHere('Each token becomes a weighted mix of all value vectors, mixed in the proportions of step 6.', here.attended),
      tables: [qkv('attended', a.attended)] },
    network(trace, d, sum),
  ];
  const focus = weights.map((row, i) => ({ query: tokens[i], weights: row.map((w, j) => ({ key: tokens[j], weight: w })) }));
  return { input, expected, output, scale: a.scale, steps, focus };
}
