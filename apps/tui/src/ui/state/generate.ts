// The Generate screen's state: a text model's prompt and sampling settings (each edited on the
// shared input line, checked when entered), the tokens it writes as they stream in, and which
// of them the learner looks at, with what every head attended to when the model wrote it.
import type { Trace } from '@attn/core';
import { editLine, type Line, type LineEdit, lineOf } from './line.js';

/** The sampling settings the learner can change, in the order the screen lists them. */
export const SETTINGS = ['temperature', 'topK', 'topP', 'seed', 'tokens'] as const;
export type Setting = (typeof SETTINGS)[number];
/** What the input line edits: the prompt, or one setting. */
export type Field = 'prompt' | Setting;

/** How the tokens are drawn (see `generate` of @attn/train) and how many. */
export interface Sampling {
  temperature: number;
  /** null: every token (no top-k cut). */
  topK: number | null;
  topP: number;
  seed: number;
  tokens: number;
}

/** The settings a generation starts with: those of the Train screen's samples (temperature 0.8, seed 0), 64 tokens. */
export const DEFAULT_SAMPLING: Sampling = { temperature: 0.8, topK: null, topP: 1, seed: 0, tokens: 64 };
/** The most tokens one generation may ask for. */
export const MAX_TOKENS = 2000;

/** What one head attended to when the model wrote a token: a weight per token before it, from the token's `start`. */
export interface HeadAttention {
  layer: number;
  head: number;
  weights: number[];
}

/** A generated token and the attention of the forward pass that chose it. */
export interface GeneratedToken {
  token: number;
  /** The position in the sequence (prompt, then tokens) of the first token the model read for it. */
  start: number;
  heads: HeadAttention[];
  /** The Trace of the forward pass that chose it: what `f` saves, with its figure. */
  trace: Trace;
}

/** The text model the screen writes with. */
export interface GenerateModel {
  task: string;
  /** Where it comes from, e.g. `trained in Train, 1,000 steps, validation loss 1.52`. */
  source: string;
  /** Tokens it reads at most (its `maxLen`). */
  context: number;
  /** Each token id's label, whitespace made visible (`␣`, `↵`). */
  labels: readonly string[];
  /** Each token id's text as the running text shows it: spaces kept, newlines and tabs visible. */
  texts: readonly string[];
}

export type GenerateStatus = 'idle' | 'generating' | 'done' | 'stopped';

export interface GenerateState {
  model: GenerateModel | null;
  sampling: Sampling;
  /** The prompt generated from (the last one entered). */
  prompt: string;
  /** What the input line is editing, if anything. */
  editing: Field | null;
  line: Line;
  status: GenerateStatus;
  /** The prompt's tokens of the shown generation. */
  promptTokens: number[];
  tokens: GeneratedToken[];
  /** The generated token looked at. */
  cursor: number;
  /** The first head listed (↑/↓ scroll the heads that do not fit). */
  headOffset: number;
  /** A value or prompt refused, or a generation that failed: shown until the next edit or generation. */
  message: string | null;
  /** Bumped to ask for a generation; the session tags what it hands back with it. */
  request: number;
}

export type GenerateAction =
  | { type: 'model'; model: GenerateModel | null; prompt?: string }
  | { type: 'edit'; field: Field }
  | { type: 'line'; edit: LineEdit }
  | { type: 'submit' }
  | { type: 'cancel' }
  | { type: 'generate' }
  /** A generation began, with the weights `source` names (a run still training: the step they are from). */
  | { type: 'started'; request: number; promptTokens: number[]; source: string }
  | { type: 'tokens'; request: number; tokens: GeneratedToken[]; done: boolean }
  | { type: 'stopped'; request: number }
  | { type: 'failed'; request: number; message: string }
  | { type: 'cursor'; by: number }
  | { type: 'cursorTo'; at: 'first' | 'last' }
  | { type: 'heads'; by: number };

export function initialGenerate(): GenerateState {
  return {
    model: null, sampling: DEFAULT_SAMPLING, prompt: '', editing: null, line: lineOf(''), status: 'idle', promptTokens: [], tokens: [],
    cursor: 0, headOffset: 0, message: null, request: 0,
  };
}

/** A setting as the screen shows it and as the input line starts: `all` for no top-k cut. */
export function settingText(field: Setting, s: Sampling): string {
  const v = s[field];
  return v === null ? 'all' : String(v);
}

/** How each setting is named on screen. */
export const SETTING_NAMES: Record<Setting, string> = { temperature: 'temperature', topK: 'top-k', topP: 'top-p', seed: 'seed', tokens: 'tokens' };

const NUMBER = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Reads a typed setting: the new settings, or a message naming the setting, what it must be and
 * what was typed.
 *
 * @example
 * ```ts
 * readSetting('topP', '0.9', DEFAULT_SAMPLING);  // { ok: true, sampling: { …, topP: 0.9 } }
 * readSetting('topP', '1.5', DEFAULT_SAMPLING);  // { ok: false, message: "top-p must be a number above 0 and at most 1, got '1.5'" }
 * ```
 */
export function readSetting(field: Setting, text: string, s: Sampling): { ok: true; sampling: Sampling } | { ok: false; message: string } {
  const t = text.trim();
  const n = NUMBER.test(t) ? Number(t) : Number.NaN;
  const whole = Number.isSafeInteger(n);
  const bad = (must: string) => ({ ok: false as const, message: `${SETTING_NAMES[field]} must be ${must}, got '${text}'` });
  const ok = (v: number | null) => ({ ok: true as const, sampling: { ...s, [field]: v } });
  switch (field) {
    case 'temperature':
      return Number.isFinite(n) ? ok(n) : bad('a number ≥ 0');
    case 'topK':
      if (t === 'all') return ok(null);
      return whole && n >= 1 ? ok(n) : bad("a whole number ≥ 1, or 'all'");
    case 'topP':
      return n > 0 && n <= 1 ? ok(n) : bad('a number above 0 and at most 1');
    case 'seed':
      return whole ? ok(n) : bad('a whole number ≥ 0');
    case 'tokens':
      return whole && n >= 1 && n <= MAX_TOKENS ? ok(n) : bad(`a whole number from 1 to ${MAX_TOKENS}`);
  }
}

/** Asks for a generation when there is a model and a prompt. */
const ask = (s: GenerateState): GenerateState => (s.model && s.prompt !== '' ? { ...s, request: s.request + 1, message: null } : s);

export function generateReducer(state: GenerateState, action: GenerateAction): GenerateState {
  switch (action.type) {
    case 'model': {
      const prompt = state.prompt === '' && action.prompt !== undefined ? action.prompt : state.prompt;
      // tokens of another model are not this one's: they go, and so does a generation under way
      return { ...state, model: action.model, prompt, status: 'idle', promptTokens: [], tokens: [], cursor: 0, headOffset: 0, request: state.request + 1 };
    }
    case 'edit':
      return { ...state, editing: action.field, line: lineOf(action.field === 'prompt' ? state.prompt : settingText(action.field, state.sampling)), message: null };
    case 'line':
      return state.editing === null ? state : { ...state, line: editLine(state.line, action.edit) };
    case 'cancel':
      return { ...state, editing: null, message: null };
    case 'submit': {
      const field = state.editing;
      if (field === null) return state;
      if (field === 'prompt') {
        if (state.line.text === '') return { ...state, message: 'the prompt is empty: type the text the model goes on from' };
        return ask({ ...state, prompt: state.line.text, editing: null });
      }
      const read = readSetting(field, state.line.text, state.sampling);
      return read.ok ? ask({ ...state, sampling: read.sampling, editing: null }) : { ...state, message: read.message };
    }
    case 'generate':
      return ask(state);
    case 'started':
      if (action.request !== state.request) return state;
      return {
        ...state, status: 'generating', promptTokens: action.promptTokens, tokens: [], cursor: 0, message: null,
        model: state.model && { ...state.model, source: action.source },
      };
    case 'tokens': {
      if (action.request !== state.request) return state;
      const tokens = [...state.tokens, ...action.tokens];
      // the cursor follows the newest token until the learner moves it back
      const follow = state.cursor >= state.tokens.length - 1;
      return { ...state, tokens, cursor: follow ? Math.max(0, tokens.length - 1) : state.cursor, status: action.done ? 'done' : state.status };
    }
    case 'stopped':
      return action.request === state.request && state.status === 'generating' ? { ...state, status: 'stopped' } : state;
    case 'failed':
      return action.request === state.request ? { ...state, status: 'idle', message: action.message } : state;
    case 'cursor': {
      const n = state.tokens.length;
      return n === 0 ? state : { ...state, cursor: Math.max(0, Math.min(n - 1, state.cursor + action.by)) };
    }
    case 'cursorTo':
      return state.tokens.length === 0 ? state : { ...state, cursor: action.at === 'first' ? 0 : state.tokens.length - 1 };
    case 'heads': {
      const n = state.tokens[0]?.heads.length ?? 0;
      return { ...state, headOffset: Math.max(0, Math.min(n - 1, state.headOffset + action.by)) };
    }
  }
}

/** One key's share of a head's attention, for the list of the largest. */
export interface KeyShare {
  /** The key's position in the sequence. */
  position: number;
  weight: number;
}

/**
 * The `n` keys a head attended to most, largest first (the earlier of equal ones first).
 *
 * @example
 * ```ts
 * topKeys({ layer: 0, head: 0, weights: [0.1, 0.6, 0.3] }, 5, 2); // [{ position: 6, weight: 0.6 }, { position: 7, weight: 0.3 }]
 * ```
 */
export function topKeys(h: HeadAttention, start: number, n: number): KeyShare[] {
  return h.weights.map((weight, k) => ({ position: start + k, weight })).sort((a, b) => b.weight - a.weight || a.position - b.position).slice(0, n);
}

/** A part of the running text on one screen line: a token's text, or the part of it that fits. */
export interface TextRun {
  /** The token's position in the sequence (prompt, then generated tokens). */
  position: number;
  text: string;
}

/**
 * The shown generation as one sequence of token ids, the prompt's then the generated ones, and
 * the position in it of the generated token the cursor is on.
 */
export function sequenceOf(state: Pick<GenerateState, 'promptTokens' | 'tokens' | 'cursor'>): { sequence: number[]; at: number } {
  return { sequence: [...state.promptTokens, ...state.tokens.map((t) => t.token)], at: state.promptTokens.length + state.cursor };
}

/**
 * The sequence's texts (prompt and generated tokens) as lines of at most `width` characters, a
 * token split only when it is wider than a line, and the `rows` lines to show for the token at
 * `focus`: the last ones when it is on them, else those from its line on. `before` and `after`
 * count the lines left out.
 *
 * @example
 * ```ts
 * textWindow(['ab', 'cd', 'e'], 4, 1, 2); // { lines: [[{ position: 2, text: 'e' }]], before: 1, after: 0 }: 'abcd' is the line before
 * ```
 */
export function textWindow(texts: readonly string[], width: number, rows: number, focus: number): { lines: TextRun[][]; before: number; after: number } {
  const lines: TextRun[][] = [[]];
  let used = 0;
  let focusLine = 0;
  texts.forEach((text, position) => {
    let rest = text;
    do {
      if (used > 0 && used + rest.length > width) {
        lines.push([]);
        used = 0;
      }
      if (position === focus && rest === text) focusLine = lines.length - 1;
      const part = rest.slice(0, width - used);
      lines[lines.length - 1].push({ position, text: part });
      used += part.length;
      rest = rest.slice(part.length);
    } while (rest.length > 0);
  });
  const from = Math.max(0, Math.min(focusLine, lines.length - rows));
  return { lines: lines.slice(from, from + rows), before: from, after: Math.max(0, lines.length - from - rows) };
}
