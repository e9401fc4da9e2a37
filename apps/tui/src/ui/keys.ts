// The keyboard: which key does what on which screen, as one pure function from a key press to a
// command, and the same bindings as text for the footer and the help overlay.
import type { AppAction, ScreenName } from './state/app.js';
import type { GenerateAction, GenerateStatus } from './state/generate.js';
import type { InspectAction, InspectStatus } from './state/inspect.js';
import type { LineEdit } from './state/line.js';
import type { PlaygroundAction } from './state/playground.js';
import type { TrainingAction, TrainStatus } from './state/training.js';
import type { TutorialAction, TutorialPhase } from './state/tutorial.js';

/** The parts of Ink's `Key` the bindings look at. */
export interface KeyPress {
  leftArrow?: boolean;
  rightArrow?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  return?: boolean;
  escape?: boolean;
  tab?: boolean;
  shift?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  backspace?: boolean;
  delete?: boolean;
  home?: boolean;
  end?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
}

/** What the bindings depend on. */
export interface KeyContext {
  screen: ScreenName;
  help: boolean;
  /** The visual settings overlay is open. */
  settings: boolean;
  tutorialEditing: boolean;
  tutorialPhase: TutorialPhase;
  trainStatus: TrainStatus;
  /** Panels the Train screen can show beside the loss curve (attention, then plugin views). */
  trainViews: number;
  /** Whether the Inspect screen has a model open (`ready`), or none to open yet (`none`). */
  inspectStatus: InspectStatus;
  /** Whether the inspected model's heads can be knocked out (its attention is MultiHeadAttention). */
  inspectAblation: boolean;
  /** Whether the Train screen's run is on text (its model writes: the Generate screen). */
  trainText: boolean;
  /** Whether the Generate screen has a text model to write with. */
  generateModel: boolean;
  /** Whether the Generate screen's input line is open (on the prompt or a setting). */
  generateEditing: boolean;
  generateStatus: GenerateStatus;
}

/** What a key press asks for: a reducer action, or something a session does (train, save …). */
export type Command =
  | { type: 'quit' }
  | { type: 'app'; action: AppAction }
  | { type: 'tutorial'; action: TutorialAction }
  | { type: 'tutorial-run'; run: 'train' | 'stop' | 'slow' }
  | { type: 'train'; action: TrainingAction }
  | { type: 'train-run'; run: 'start' | 'pause' | 'resume' | 'stop' | 'save' | 'again' | 'slow' }
  | { type: 'playground'; action: PlaygroundAction }
  | { type: 'playground-run'; run: 'retrain' }
  | { type: 'inspect'; action: InspectAction }
  | { type: 'inspect-run'; run: 'zero' | 'mean' | 'clear' | 'measure' | 'train' }
  | { type: 'generate'; action: GenerateAction }
  /** Stop the generation under way, or (with no text model yet) train the text task. */
  | { type: 'generate-run'; run: 'stop' | 'train' }
  /** Save the shown screen's figures (SVG, PNG) and Trace (JSON). */
  | { type: 'save-figures' };

const app = (action: AppAction): Command => ({ type: 'app', action });
const tut = (action: TutorialAction): Command => ({ type: 'tutorial', action });
const trn = (action: TrainingAction): Command => ({ type: 'train', action });
const play = (action: PlaygroundAction): Command => ({ type: 'playground', action });
const insp = (run: (Command & { type: 'inspect-run' })['run']): Command => ({ type: 'inspect-run', run });
const gen = (action: GenerateAction): Command => ({ type: 'generate', action });

const NAMED: Record<string, [string, KeyPress]> = {
  '\x7f': ['', { delete: true }], '\b': ['', { backspace: true }], '\r': ['', { return: true }], '\n': ['', { return: true }], '\t': ['', { tab: true }],
  '\x01': ['a', { ctrl: true }], '\x04': ['d', { ctrl: true }], '\x05': ['e', { ctrl: true }], '\x0b': ['k', { ctrl: true }],
  '\x15': ['u', { ctrl: true }], '\x17': ['w', { ctrl: true }],
};

/**
 * The single key presses in one chunk of input: Ink hands over a run of plain characters as one
 * `input` (fast typing, pasting, or keys sent together), control characters such as backspace
 * included, so each is split off here and given its key flags.
 *
 * @example
 * ```ts
 * splitKeys('\x7f9', {}); // [['', { delete: true }], ['9', {}]]
 * ```
 */
export function splitKeys(input: string, key: KeyPress): [string, KeyPress][] {
  if (input.length <= 1 || key.ctrl || key.meta) return [[input, key]];
  return [...input].map((ch) => NAMED[ch] ?? [ch, {}]);
}

/** A printable key (not a control sequence). */
const printable = (input: string, key: KeyPress) => input.length > 0 && !key.ctrl && !key.meta && !/[\x00-\x1f\x7f]/.test(input);
/** Characters typed into the playground's input line without any mode switch. */
const PLAYGROUND_TYPING = /^[0-9 .,+\-]+$/;

/**
 * The shell's line editing (readline's keys): ←/→ and home/end (ctrl-a/ctrl-e) move the cursor,
 * backspace and delete (ctrl-d) delete, ctrl-w the word before the cursor, ctrl-u everything
 * before it, ctrl-k everything after it; printable keys (those matching `typing`) are typed.
 */
function lineEditFor(input: string, key: KeyPress, typing?: RegExp): LineEdit | null {
  if (key.leftArrow) return { type: 'left' };
  if (key.rightArrow) return { type: 'right' };
  if (key.home || (key.ctrl && input === 'a')) return { type: 'home' };
  if (key.end || (key.ctrl && input === 'e')) return { type: 'end' };
  // most terminals send DEL (0x7f) for the Backspace key, which Ink reports as delete
  if (key.backspace || key.delete) return { type: 'backspace' };
  if (key.ctrl && input === 'd') return { type: 'delete' };
  if (key.ctrl && input === 'w') return { type: 'deleteWord' };
  if (key.ctrl && input === 'u') return { type: 'clearBefore' };
  if (key.ctrl && input === 'k') return { type: 'clearAfter' };
  if (printable(input, key) && (typing === undefined || typing.test(input))) return { type: 'type', text: input };
  return null;
}

/**
 * The command for a key press in a context, or null when the key does nothing there.
 * Ctrl-C is not here: Ink handles it (it always quits and restores the terminal).
 *
 * @example
 * ```ts
 * commandFor(ctx, '', { rightArrow: true }); // on the tutorial: { type: 'tutorial', action: { type: 'step', by: 1 } }
 * ```
 */
export function commandFor(ctx: KeyContext, input: string, key: KeyPress): Command | null {
  if (ctx.help) {
    if (input === '?' || key.escape) return app({ type: 'help', open: false });
    if (input === 'q') return { type: 'quit' };
    return null;
  }
  if (ctx.settings) {
    if (input === 'o' || key.escape) return app({ type: 'settings', open: false });
    if (input === 'c') return app({ type: 'theme', change: 'color' });
    if (input === 'p') return app({ type: 'theme', change: 'palette' });
    if (input === '?') return app({ type: 'help' });
    if (input === 'q') return { type: 'quit' };
    return null;
  }
  if (ctx.screen === 'tutorial' && ctx.tutorialEditing) {
    if (key.return) return tut({ type: 'submit' });
    if (key.escape) return tut({ type: 'cancel' });
    const edit = lineEditFor(input, key);
    return edit ? tut({ type: 'line', edit }) : null;
  }
  if (ctx.screen === 'generate' && ctx.generateEditing) {
    if (key.return) return gen({ type: 'submit' });
    if (key.escape) return gen({ type: 'cancel' });
    const edit = lineEditFor(input, key);
    return edit ? gen({ type: 'line', edit }) : null;
  }
  if (ctx.screen === 'playground') {
    if (key.escape) return play({ type: 'clear' });
    if (key.return) return play({ type: 'submit' });
    const edit = lineEditFor(input, key, PLAYGROUND_TYPING);
    if (edit) return play({ type: 'line', edit });
  }
  // everywhere else
  if (key.tab) return app({ type: 'cycle', by: key.shift ? -1 : 1 });
  if (input === '?') return app({ type: 'help' });
  if (input === 'q') return { type: 'quit' };
  if (input === 'f') return { type: 'save-figures' };
  if (input === 'o') return app({ type: 'settings' });
  if (ctx.screen !== 'playground') {
    if (input === '1') return app({ type: 'go', screen: 'tutorial' });
    if (input === '2') return app({ type: 'go', screen: 'train' });
    if (input === '3') return app({ type: 'go', screen: 'playground' });
    if (input === '4') return app({ type: 'go', screen: 'inspect' });
    if (input === '5') return app({ type: 'go', screen: 'generate' });
  }
  switch (ctx.screen) {
    case 'tutorial':
      return tutorialKey(ctx, input, key);
    case 'train':
      return trainKey(ctx, input, key);
    case 'playground':
      return playgroundKey(input, key);
    case 'inspect':
      return inspectKey(ctx, input, key);
    case 'generate':
      return generateKey(ctx, input, key);
  }
}

function tutorialKey(ctx: KeyContext, input: string, key: KeyPress): Command | null {
  if (key.rightArrow || key.downArrow || key.pageDown || input === 'l' || input === 'n' || input === ' ') return tut({ type: 'step', by: 1 });
  if (key.leftArrow || key.upArrow || key.pageUp || input === 'h' || input === 'p') return tut({ type: 'step', by: -1 });
  if (key.home) return tut({ type: 'stepTo', step: 0 });
  if (key.end) return tut({ type: 'stepTo', step: 7 });
  if (input === 't') return ctx.tutorialPhase === 'training' ? null : { type: 'tutorial-run', run: 'train' };
  if (input === 'x') return ctx.tutorialPhase === 'training' ? { type: 'tutorial-run', run: 'stop' } : null;
  if (input === 'w') return { type: 'tutorial-run', run: 'slow' };
  if (input === 's') return tut({ type: 'scale' });
  if (input === 'b') return tut({ type: 'view' });
  if (input === 'e' || key.return) return tut({ type: 'edit' });
  if (input === 'r') return tut({ type: 'reinit' });
  if (input === 'd') return tut({ type: 'size' });
  if (input === '[') return tut({ type: 'replay', by: -1 });
  if (input === ']') return tut({ type: 'replay', by: 1 });
  return null;
}

function trainKey(ctx: KeyContext, input: string, key: KeyPress): Command | null {
  const s = ctx.trainStatus;
  if (s === 'picking') {
    if (key.upArrow || input === 'k') return trn({ type: 'select', by: -1 });
    if (key.downArrow || input === 'j') return trn({ type: 'select', by: 1 });
    if (key.return) return { type: 'train-run', run: 'start' };
    return null;
  }
  const active = s === 'starting' || s === 'running' || s === 'paused' || s === 'stopping';
  if (input === ' ' || input === 'p') {
    if (s === 'running') return { type: 'train-run', run: 'pause' };
    if (s === 'paused') return { type: 'train-run', run: 'resume' };
    return null;
  }
  if (input === 'x') return active ? { type: 'train-run', run: 'stop' } : null;
  if (input === 'w') return { type: 'train-run', run: 'slow' };
  if (input === 'c') return { type: 'train-run', run: 'save' };
  if (input === 'r') return active ? null : { type: 'train-run', run: 'again' };
  if (input === 'n' || (key.return && !active)) return active ? null : trn({ type: 'pick' });
  if (key.rightArrow) return trn({ type: 'head', by: 1 });
  if (key.leftArrow) return trn({ type: 'head', by: -1 });
  if (input === 'v') return ctx.trainViews > 1 ? trn({ type: 'view', by: 1, count: ctx.trainViews }) : null;
  return null;
}

function playgroundKey(input: string, key: KeyPress): Command | null {
  // ←/→ move the cursor in the input line: the heads are on ] and [
  if (input === ']') return play({ type: 'head', by: 1 });
  if (input === '[') return play({ type: 'head', by: -1 });
  if (key.downArrow) return play({ type: 'task', by: 1 });
  if (key.upArrow) return play({ type: 'task', by: -1 });
  if (input === 't') return { type: 'playground-run', run: 'retrain' };
  if (input.length === 1 && /[a-z]/i.test(input)) return play({ type: 'line', edit: { type: 'type', text: input } }); // shown as "not a number"
  return null;
}

function inspectKey(ctx: KeyContext, input: string, key: KeyPress): Command | null {
  if (ctx.inspectStatus === 'none') return input === 't' ? insp('train') : null;
  if (key.upArrow || input === 'k') return { type: 'inspect', action: { type: 'select', by: -1 } };
  if (key.downArrow || input === 'j') return { type: 'inspect', action: { type: 'select', by: 1 } };
  if (ctx.inspectStatus !== 'ready') return null;
  if (input === 'a') return insp('zero');
  if (input === 'm') return insp('mean');
  if (input === '0') return insp('clear');
  if (input === 'i') return insp('measure');
  return null;
}

/** The keys of the Generate screen: t k p s n open a setting on the input line, e (enter) the prompt. */
const SETTING_KEYS: Record<string, GenerateAction & { type: 'edit' }> = {
  e: { type: 'edit', field: 'prompt' }, t: { type: 'edit', field: 'temperature' }, k: { type: 'edit', field: 'topK' },
  p: { type: 'edit', field: 'topP' }, s: { type: 'edit', field: 'seed' }, n: { type: 'edit', field: 'tokens' },
};

function generateKey(ctx: KeyContext, input: string, key: KeyPress): Command | null {
  if (!ctx.generateModel) return input === 't' && !isTraining(ctx) ? { type: 'generate-run', run: 'train' } : null;
  if (key.return) return gen(SETTING_KEYS.e);
  if (SETTING_KEYS[input]) return gen(SETTING_KEYS[input]);
  if (key.leftArrow) return gen({ type: 'cursor', by: -1 });
  if (key.rightArrow) return gen({ type: 'cursor', by: 1 });
  if (key.home) return gen({ type: 'cursorTo', at: 'first' });
  if (key.end) return gen({ type: 'cursorTo', at: 'last' });
  if (key.upArrow) return gen({ type: 'heads', by: -1 });
  if (key.downArrow) return gen({ type: 'heads', by: 1 });
  if (input === 'g') return gen({ type: 'generate' });
  if (input === 'x') return ctx.generateStatus === 'generating' ? { type: 'generate-run', run: 'stop' } : null;
  return null;
}

const isTraining = (ctx: KeyContext) => ctx.trainStatus === 'starting' || ctx.trainStatus === 'running' || ctx.trainStatus === 'paused' || ctx.trainStatus === 'stopping';

/** A key and what it does, for the footer. */
export interface Hint {
  key: string;
  label: string;
}

/** The footer's hints for a context, most useful first. */
export function hintsFor(ctx: KeyContext): Hint[] {
  if (ctx.help) return [{ key: '?', label: 'close help' }, { key: 'q', label: 'quit' }];
  if (ctx.settings) return [{ key: 'c', label: 'colour on/off' }, { key: 'p', label: 'palette' }, { key: 'o', label: 'close' }, { key: 'q', label: 'quit' }];
  switch (ctx.screen) {
    case 'tutorial':
      if (ctx.tutorialEditing) return [{ key: 'enter', label: 'use this input' }, { key: 'esc', label: 'cancel' }, { key: '←/→', label: 'move' }, { key: 'backspace', label: 'delete' }, { key: 'ctrl-u', label: 'clear' }];
      return [
        { key: '←/→', label: 'step' },
        ...(ctx.tutorialPhase === 'training' ? [{ key: 'x', label: 'stop training' }, { key: 'w', label: 'slow/full speed' }]
          : [{ key: 't', label: ctx.tutorialPhase === 'trained' ? 'train again' : 'train it' }, { key: 'w', label: 'watch it train' }]),
        ...(ctx.tutorialPhase === 'untrained' ? [] : [{ key: 'b', label: 'before/after' }]),
        { key: 's', label: 'scaled/unscaled' },
        { key: 'e', label: 'edit input' },
        { key: 'r', label: 're-init' },
        { key: 'tab', label: 'next screen' },
      ];
    case 'train':
      switch (ctx.trainStatus) {
        case 'picking':
          return [{ key: '↑/↓', label: 'choose a task' }, { key: 'enter', label: 'train it' }, { key: 'tab', label: 'next screen' }];
        case 'running':
        case 'starting':
          return [{ key: 'space', label: 'pause' }, { key: 'x', label: 'stop' }, { key: 'w', label: 'slow/full speed' }, { key: 'c', label: 'save checkpoint' }, { key: '←/→', label: 'head' }, ...views(ctx)];
        case 'paused':
          return [{ key: 'space', label: 'resume' }, { key: 'x', label: 'stop' }, { key: 'c', label: 'save checkpoint' }, { key: '←/→', label: 'head' }, ...views(ctx)];
        case 'stopping':
          return [{ key: 'q', label: 'quit' }];
        default:
          return [
            { key: 'r', label: 'run again' }, { key: 'n', label: 'new task' }, { key: 'c', label: 'save checkpoint' },
            ctx.trainText ? { key: '5', label: 'write with it' } : { key: '3', label: 'try it in the playground' }, { key: '←/→', label: 'head' },
          ];
      }
    case 'playground':
      return [{ key: '0-9', label: 'type' }, { key: 'esc', label: 'clear' }, { key: '[/]', label: 'head' }, { key: '↑/↓', label: 'task' }, { key: 't', label: 'retrain' }, { key: 'tab', label: 'next screen' }];
    case 'inspect':
      if (ctx.inspectStatus === 'none') {
        return [...(isTraining(ctx) ? [] : [{ key: 't', label: 'train the selected task' }]), { key: '2', label: 'Train screen' }, { key: 'tab', label: 'next screen' }];
      }
      if (ctx.inspectStatus !== 'ready' || !ctx.inspectAblation) return [{ key: '↑/↓', label: 'head' }, { key: 'tab', label: 'next screen' }];
      return [
        { key: '↑/↓', label: 'head' }, { key: 'a', label: 'zero it' }, { key: 'm', label: 'mean' }, { key: '0', label: 'restore all' },
        { key: 'i', label: 'importance' }, { key: 'tab', label: 'next screen' },
      ];
    case 'generate':
      if (ctx.generateEditing) return [{ key: 'enter', label: 'use it and write' }, { key: 'esc', label: 'cancel' }, { key: '←/→', label: 'move' }, { key: 'ctrl-u', label: 'clear' }];
      if (!ctx.generateModel) return [...(isTraining(ctx) ? [] : [{ key: 't', label: 'train the text task' }]), { key: '2', label: 'Train screen' }, { key: 'tab', label: 'next screen' }];
      return [
        { key: '←/→', label: 'token' }, ...(ctx.generateStatus === 'generating' ? [{ key: 'x', label: 'stop' }] : [{ key: 'g', label: 'again' }]),
        { key: 'e', label: 'prompt' }, { key: 't k p s n', label: 'settings' }, { key: '↑/↓', label: 'heads' }, { key: 'tab', label: 'next screen' },
      ];
  }
}

const views = (ctx: KeyContext): Hint[] => (ctx.trainViews > 1 ? [{ key: 'v', label: 'next view' }] : []);

/** A titled list of keys for the help overlay. */
export interface HelpSection {
  title: string;
  keys: Hint[];
  /** Shown on the overlay's title line rather than as a column section (the keys that work everywhere). */
  line?: boolean;
}

/** Every binding, by screen, for the help overlay. */
export const HELP: readonly HelpSection[] = [
  {
    title: 'Everywhere',
    line: true,
    keys: [
      { key: '1-5', label: 'screens' },
      { key: 'tab', label: 'next' },
      { key: 'f', label: 'save figures' },
      { key: 'o', label: 'colours' },
      { key: 'q', label: 'quit' },
    ],
  },
  {
    title: 'Tutorial',
    keys: [
      { key: '←/→', label: 'previous / next step' },
      { key: 't w x', label: 'train (w: slow motion), stop' },
      { key: 'b', label: 'before / after training' },
      { key: 's', label: 'scaled / unscaled scores' },
      { key: 'e', label: 'edit the input' },
      { key: 'r d', label: 'new init · d: size of Q K V' },
      { key: '[ ]', label: 'step back through training' },
    ],
  },
  {
    title: 'Train',
    keys: [
      { key: '↑/↓ enter', label: 'choose a task, train it' },
      { key: 'space', label: 'pause / resume' },
      { key: 'x w', label: 'stop; w: slow motion / full' },
      { key: 'c', label: 'save a checkpoint' },
      { key: '←/→', label: 'attention layer and head' },
      { key: 'v', label: 'attention / plugin views' },
      { key: 'r n', label: 'run again · new task' },
    ],
  },
  {
    title: 'Playground',
    keys: [
      { key: '0-9 , .', label: 'type an input (1 2 3 too)' },
      { key: '←/→', label: 'move in the input' },
      { key: 'backspace', label: 'delete (esc: clear all)' },
      { key: '[ ]', label: 'attention layer and head' },
      { key: '↑/↓', label: 'another task' },
      { key: 't', label: 'train the model again' },
    ],
  },
  {
    title: 'Inspect',
    keys: [
      { key: '↑/↓', label: 'choose a head' },
      { key: 'a', label: 'zero the head (again: undo)' },
      { key: 'm', label: 'mean-ablate the head' },
      { key: '0', label: 'every head back' },
      { key: 'i', label: 'measure every head (seconds)' },
      { key: 't', label: 'train a model, if none yet' },
    ],
  },
  {
    title: 'Generate',
    keys: [
      { key: 'e enter', label: 'edit the prompt, then write' },
      { key: 't k p s n', label: 'temp, top-k/p, seed, tokens' },
      { key: '←/→', label: 'choose a token (home, end)' },
      { key: '↑/↓', label: 'heads that do not fit' },
      { key: 'g x', label: 'write again · stop' },
    ],
  },
];
