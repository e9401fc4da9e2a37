// The Playground's state: the task, the line the learner types (read on every key), and the
// trained model's answer and attention, which the session computes and hands in (`result`).
import type { Trace } from '@attn/core';
import type { TaskInput } from '@attn/train';
import { editLine, type Line, type LineEdit, lineOf } from './line.js';
import { readInput, type Parsed } from './parse-input.js';

/** What the playground knows about a task: how to read an input for it. */
export interface PlaygroundTask {
  name: string;
  /** The task's own reader of typed lines; absent when the task is unsupported. */
  input?: TaskInput;
  /** One line telling the learner what to type. */
  hint: string;
  /** An input to start with. */
  example: string;
  /** Why the playground cannot run this task, if it cannot. */
  unsupported?: string;
}

/** One attention map of the answer: a layer and head, weights `[queries][keys]`. */
export interface AttentionMap {
  layer: number;
  head: number;
  weights: number[][];
  /** 1 where a query may attend a key, 0 where it is masked (e.g. causal); absent when all may. */
  mask?: number[][];
}

/** The model's answer to an input, with the tokens its attention runs over. */
export interface PlaygroundResult {
  input: number[];
  answer: string;
  expected: string | null;
  correct: boolean | null;
  /** Labels of the attention maps' rows and columns. */
  tokens: string[];
  attention: AttentionMap[];
  /** A sentence about the answer (e.g. how digits-add writes its sum). */
  note?: string;
  /** The Trace the attention maps are read from (what `f` saves). */
  trace?: Trace;
}

export type ModelStatus = 'none' | 'training' | 'ready' | 'failed';

export interface PlaygroundState {
  tasks: readonly PlaygroundTask[];
  index: number;
  /** The input line: its text and cursor. */
  text: string;
  cursor: number;
  parsed: Parsed;
  /** Show an incomplete input's message as an error (after Enter). */
  insist: boolean;
  result: PlaygroundResult | null;
  head: number;
  model: { status: ModelStatus; source: string | null; step: number; totalSteps: number; message: string | null; version: number };
}

export type PlaygroundAction =
  | { type: 'init'; tasks: readonly PlaygroundTask[]; task?: string; text?: string }
  | { type: 'task'; by: number }
  | { type: 'show'; task: string }
  | { type: 'line'; edit: LineEdit }
  | { type: 'clear' }
  | { type: 'submit' }
  | { type: 'head'; by: number }
  | { type: 'result'; result: PlaygroundResult | null; error?: string }
  | { type: 'modelNone' }
  | { type: 'modelTraining'; step: number; totalSteps: number }
  | { type: 'modelReady'; source: string }
  | { type: 'modelFailed'; message: string };

const noModel = (version: number): PlaygroundState['model'] => ({ status: 'none', source: null, step: 0, totalSteps: 0, message: null, version });

function withLine(state: PlaygroundState, { text, cursor }: Line): PlaygroundState {
  const task = state.tasks[state.index];
  return { ...state, text, cursor, parsed: readInput(task?.input, text), insist: false };
}

export function initialPlayground(tasks: readonly PlaygroundTask[], task?: string, text?: string): PlaygroundState {
  const index = Math.max(0, tasks.findIndex((t) => t.name === task));
  const base: PlaygroundState = {
    tasks, index, text: '', cursor: 0, parsed: { ok: false, incomplete: true, message: '' }, insist: false, result: null, head: 0, model: noModel(0),
  };
  return withLine(base, lineOf(text ?? tasks[index]?.example ?? ''));
}

export function playgroundReducer(state: PlaygroundState, action: PlaygroundAction): PlaygroundState {
  switch (action.type) {
    case 'init':
      return { ...initialPlayground(action.tasks, action.task, action.text), model: noModel(state.model.version + 1) };
    case 'task': {
      if (state.tasks.length <= 1) return state;
      const index = (state.index + action.by + state.tasks.length) % state.tasks.length;
      return withLine({ ...state, index, result: null, head: 0, model: noModel(state.model.version + 1) }, lineOf(state.tasks[index].example));
    }
    case 'show': {
      const index = state.tasks.findIndex((t) => t.name === action.task);
      if (index < 0 || index === state.index) return state;
      return withLine({ ...state, index, result: null, head: 0, model: noModel(state.model.version + 1) }, lineOf(state.tasks[index].example));
    }
    case 'line': {
      const line = editLine(state, action.edit);
      return line.text === state.text ? { ...state, cursor: line.cursor } : withLine(state, line);
    }
    case 'clear':
      return withLine(state, lineOf(''));
    case 'submit':
      return state.parsed.ok ? state : { ...state, insist: true };
    case 'head': {
      const n = state.result?.attention.length ?? 0;
      return n === 0 ? state : { ...state, head: (state.head + action.by + n) % n };
    }
    case 'result': {
      const n = action.result?.attention.length ?? 0;
      return {
        ...state, result: action.result, head: state.head < n ? state.head : 0,
        model: action.error ? { ...state.model, message: action.error } : state.model.message && state.model.status === 'ready' ? { ...state.model, message: null } : state.model,
      };
    }
    case 'modelNone':
      return { ...state, model: noModel(state.model.version) };
    case 'modelTraining':
      return { ...state, model: { ...state.model, status: 'training', step: action.step, totalSteps: action.totalSteps, message: null } };
    case 'modelReady':
      return { ...state, model: { status: 'ready', source: action.source, step: 0, totalSteps: 0, message: null, version: state.model.version + 1 } };
    case 'modelFailed':
      return { ...state, model: { ...state.model, status: 'failed', message: action.message } };
  }
}

/** The message to show under the input line, and how: an error, a hint, a warning, or nothing. */
export function inputMessage(s: PlaygroundState): { text: string; kind: 'error' | 'hint' | 'warning' } | null {
  if (s.parsed.ok) return s.parsed.warnings.length ? { text: s.parsed.warnings.join('; '), kind: 'warning' } : null;
  return { text: s.parsed.message, kind: s.parsed.incomplete && !s.insist ? 'hint' : 'error' };
}
