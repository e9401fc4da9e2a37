import { describe, expect, it } from 'vitest';
import { commandFor, HELP, hintsFor, splitKeys, type KeyContext } from './keys.js';

const ctx = (over: Partial<KeyContext> = {}): KeyContext => ({
  screen: 'tutorial', help: false, settings: false, tutorialEditing: false, tutorialPhase: 'untrained', trainStatus: 'picking', trainViews: 1, inspectStatus: 'none', inspectAblation: true,
  trainText: false, generateModel: false, generateEditing: false, generateStatus: 'idle', ...over,
});

describe('commandFor', () => {
  it('commandFor switches screens with 1 2 3 4 and tab, opens help with ? and quits with q', () => {
    expect(commandFor(ctx(), '2', {})).toEqual({ type: 'app', action: { type: 'go', screen: 'train' } });
    expect(commandFor(ctx(), '', { tab: true })).toEqual({ type: 'app', action: { type: 'cycle', by: 1 } });
    expect(commandFor(ctx(), '', { tab: true, shift: true })).toEqual({ type: 'app', action: { type: 'cycle', by: -1 } });
    expect(commandFor(ctx(), '?', {})).toEqual({ type: 'app', action: { type: 'help' } });
    expect(commandFor(ctx({ screen: 'train' }), 'q', {})).toEqual({ type: 'quit' });
  });

  it('commandFor closes the help with ? or esc and ignores other keys while it is open', () => {
    const help = ctx({ help: true });
    expect(commandFor(help, '', { escape: true })).toEqual({ type: 'app', action: { type: 'help', open: false } });
    expect(commandFor(help, '?', {})).toEqual({ type: 'app', action: { type: 'help', open: false } });
    expect(commandFor(help, '', { rightArrow: true })).toBeNull();
    expect(commandFor(help, 'q', {})).toEqual({ type: 'quit' });
  });

  it('commandFor opens the visual settings with o on every screen (not while typing in the tutorial input); there c turns colour on/off, p changes the palette, o or esc closes, other keys do nothing', () => {
    for (const screen of ['tutorial', 'train', 'playground', 'inspect', 'generate'] as const) expect(commandFor(ctx({ screen }), 'o', {}), screen).toEqual({ type: 'app', action: { type: 'settings' } });
    expect(commandFor(ctx({ tutorialEditing: true }), 'o', {})).toEqual({ type: 'tutorial', action: { type: 'line', edit: { type: 'type', text: 'o' } } });
    const settings = ctx({ settings: true, screen: 'train', trainStatus: 'running' });
    expect(commandFor(settings, 'c', {})).toEqual({ type: 'app', action: { type: 'theme', change: 'color' } });
    expect(commandFor(settings, 'p', {})).toEqual({ type: 'app', action: { type: 'theme', change: 'palette' } });
    expect(commandFor(settings, 'o', {})).toEqual({ type: 'app', action: { type: 'settings', open: false } });
    expect(commandFor(settings, '', { escape: true })).toEqual({ type: 'app', action: { type: 'settings', open: false } });
    expect(commandFor(settings, 'q', {})).toEqual({ type: 'quit' });
    expect(commandFor(settings, '?', {})).toEqual({ type: 'app', action: { type: 'help' } });
    for (const k of [' ', 'x', '1', 'f']) expect(commandFor(settings, k, {}), k).toBeNull();
    expect(hintsFor(settings).map((h) => h.key)).toEqual(['c', 'p', 'o', 'q']);
  });

  it('commandFor steps through the tutorial with the arrows and starts or stops training with t and x', () => {
    expect(commandFor(ctx(), '', { rightArrow: true })).toEqual({ type: 'tutorial', action: { type: 'step', by: 1 } });
    expect(commandFor(ctx(), '', { leftArrow: true })).toEqual({ type: 'tutorial', action: { type: 'step', by: -1 } });
    expect(commandFor(ctx(), '', { end: true })).toEqual({ type: 'tutorial', action: { type: 'stepTo', step: 7 } });
    expect(commandFor(ctx(), 't', {})).toEqual({ type: 'tutorial-run', run: 'train' });
    expect(commandFor(ctx({ tutorialPhase: 'training' }), 't', {})).toBeNull();
    expect(commandFor(ctx({ tutorialPhase: 'training' }), 'x', {})).toEqual({ type: 'tutorial-run', run: 'stop' });
    expect(commandFor(ctx(), 's', {})).toEqual({ type: 'tutorial', action: { type: 'scale' } });
    expect(commandFor(ctx(), 'w', {})).toEqual({ type: 'tutorial-run', run: 'slow' });
    expect(commandFor(ctx({ tutorialPhase: 'training' }), 'w', {})).toEqual({ type: 'tutorial-run', run: 'slow' });
  });

  it('commandFor sends every key to the input line while the tutorial input is edited, q and digits too', () => {
    const editing = ctx({ tutorialEditing: true });
    const edit = (e: object) => ({ type: 'tutorial', action: { type: 'line', edit: e } });
    expect(commandFor(editing, 'q', {})).toEqual(edit({ type: 'type', text: 'q' }));
    expect(commandFor(editing, '2', {})).toEqual(edit({ type: 'type', text: '2' }));
    expect(commandFor(editing, '', { return: true })).toEqual({ type: 'tutorial', action: { type: 'submit' } });
    expect(commandFor(editing, '', { delete: true })).toEqual(edit({ type: 'backspace' }));
    expect(commandFor(editing, '', { escape: true })).toEqual({ type: 'tutorial', action: { type: 'cancel' } });
    expect(commandFor(editing, 'u', { ctrl: true })).toEqual(edit({ type: 'clearBefore' }));
    expect(commandFor(editing, 'w', { ctrl: true })).toEqual(edit({ type: 'deleteWord' }));
    // readline's keys move the cursor: ←/→, home/end and ctrl-a/ctrl-e; ctrl-d and ctrl-k delete forward
    expect(commandFor(editing, '', { leftArrow: true })).toEqual(edit({ type: 'left' }));
    expect(commandFor(editing, '', { rightArrow: true })).toEqual(edit({ type: 'right' }));
    expect(commandFor(editing, '', { home: true })).toEqual(edit({ type: 'home' }));
    expect(commandFor(editing, 'a', { ctrl: true })).toEqual(edit({ type: 'home' }));
    expect(commandFor(editing, 'e', { ctrl: true })).toEqual(edit({ type: 'end' }));
    expect(commandFor(editing, 'd', { ctrl: true })).toEqual(edit({ type: 'delete' }));
    expect(commandFor(editing, 'k', { ctrl: true })).toEqual(edit({ type: 'clearAfter' }));
    // a raw control character in a chunk of input is the same key
    expect(splitKeys('\x01', {})).toEqual([['\x01', {}]]);
    expect(splitKeys('9\x01', {})).toEqual([['9', {}], ['a', { ctrl: true }]]);
    const playground = ctx({ screen: 'playground' });
    expect(commandFor(playground, 'u', { ctrl: true })).toEqual({ type: 'playground', action: { type: 'line', edit: { type: 'clearBefore' } } });
    expect(commandFor(playground, '', { escape: true })).toEqual({ type: 'playground', action: { type: 'clear' } });
    // in the playground ←/→ move the cursor too, and [ ] choose the head
    expect(commandFor(playground, '', { leftArrow: true })).toEqual({ type: 'playground', action: { type: 'line', edit: { type: 'left' } } });
    expect(commandFor(playground, ']', {})).toEqual({ type: 'playground', action: { type: 'head', by: 1 } });
    expect(commandFor(playground, '[', {})).toEqual({ type: 'playground', action: { type: 'head', by: -1 } });
  });

  it('commandFor on the Train screen: ↑/↓ and enter pick a task; space pauses or resumes; x, c, r, n by status', () => {
    expect(commandFor(ctx({ screen: 'train' }), '', { downArrow: true })).toEqual({ type: 'train', action: { type: 'select', by: 1 } });
    expect(commandFor(ctx({ screen: 'train' }), '', { return: true })).toEqual({ type: 'train-run', run: 'start' });
    const running = ctx({ screen: 'train', trainStatus: 'running' });
    expect(commandFor(running, ' ', {})).toEqual({ type: 'train-run', run: 'pause' });
    expect(commandFor(ctx({ screen: 'train', trainStatus: 'paused' }), ' ', {})).toEqual({ type: 'train-run', run: 'resume' });
    expect(commandFor(running, 'x', {})).toEqual({ type: 'train-run', run: 'stop' });
    expect(commandFor(running, 'c', {})).toEqual({ type: 'train-run', run: 'save' });
    expect(commandFor(running, 'w', {})).toEqual({ type: 'train-run', run: 'slow' });
    expect(commandFor(running, 'r', {})).toBeNull();
    expect(commandFor(running, '', { rightArrow: true })).toEqual({ type: 'train', action: { type: 'head', by: 1 } });
    expect(commandFor(running, 'v', {})).toBeNull(); // only one view
    expect(commandFor({ ...running, trainViews: 3 }, 'v', {})).toEqual({ type: 'train', action: { type: 'view', by: 1, count: 3 } });
    const done = ctx({ screen: 'train', trainStatus: 'done' });
    expect(commandFor(done, 'r', {})).toEqual({ type: 'train-run', run: 'again' });
    expect(commandFor(done, 'n', {})).toEqual({ type: 'train', action: { type: 'pick' } });
    expect(commandFor(done, 'x', {})).toBeNull();
  });

  it('commandFor in the playground types digits (not screen numbers), reports letters, and keeps tab, ? and q', () => {
    const play = ctx({ screen: 'playground' });
    expect(commandFor(play, '3', {})).toEqual({ type: 'playground', action: { type: 'line', edit: { type: 'type', text: '3' } } });
    expect(commandFor(play, '2.5, -1', {})).toEqual({ type: 'playground', action: { type: 'line', edit: { type: 'type', text: '2.5, -1' } } });
    expect(commandFor(play, 'x', {})).toEqual({ type: 'playground', action: { type: 'line', edit: { type: 'type', text: 'x' } } });
    expect(commandFor(play, 't', {})).toEqual({ type: 'playground-run', run: 'retrain' });
    expect(commandFor(play, '', { escape: true })).toEqual({ type: 'playground', action: { type: 'clear' } });
    expect(commandFor(play, '', { tab: true })).toEqual({ type: 'app', action: { type: 'cycle', by: 1 } });
    expect(commandFor(play, 'q', {})).toEqual({ type: 'quit' });
    expect(commandFor(play, '', { upArrow: true })).toEqual({ type: 'playground', action: { type: 'task', by: -1 } });
  });
});

describe('splitKeys', () => {
  it('commandFor saves the figures with f on every screen, but types f into the tutorial input and does nothing in the help', () => {
    for (const screen of ['tutorial', 'train', 'playground', 'inspect'] as const) {
      for (const trainStatus of ['picking', 'running', 'done'] as const) expect(commandFor(ctx({ screen, trainStatus }), 'f', {}), screen).toEqual({ type: 'save-figures' });
    }
    expect(commandFor(ctx({ tutorialEditing: true }), 'f', {})).toEqual({ type: 'tutorial', action: { type: 'line', edit: { type: 'type', text: 'f' } } });
    expect(commandFor(ctx({ help: true }), 'f', {})).toBeNull();
  });

  it('splitKeys splits a chunk of typed keys, backspace and enter included, into single presses', () => {
    expect(splitKeys('\x7f\x7f9', {})).toEqual([['', { delete: true }], ['', { delete: true }], ['9', {}]]);
    expect(splitKeys('2 7\r', {})).toEqual([['2', {}], [' ', {}], ['7', {}], ['', { return: true }]]);
    expect(splitKeys('q', {})).toEqual([['q', {}]]);
    // ctrl-u and ctrl-w in a chunk (a key sent right after another) stay ctrl keys
    expect(splitKeys('e\x15', {})).toEqual([['e', {}], ['u', { ctrl: true }]]);
    expect(splitKeys('1\x17', {})).toEqual([['1', {}], ['w', { ctrl: true }]]);
    expect(splitKeys('', { rightArrow: true })).toEqual([['', { rightArrow: true }]]);
  });
});

describe('commandFor on the Inspect screen', () => {
  const inspect = (over: Partial<KeyContext> = {}) => ctx({ screen: 'inspect', inspectStatus: 'ready', ...over });
  it('commandFor goes to the Inspect screen with 4, except in the playground where 4 is typed', () => {
    expect(commandFor(ctx({ screen: 'train' }), '4', {})).toEqual({ type: 'app', action: { type: 'go', screen: 'inspect' } });
    expect(commandFor(ctx({ screen: 'playground' }), '4', {})).toEqual({ type: 'playground', action: { type: 'line', edit: { type: 'type', text: '4' } } });
  });

  it('commandFor on Inspect: ↑/↓ choose a head, a and m knock it out, 0 puts every head back, i measures', () => {
    expect(commandFor(inspect(), '', { downArrow: true })).toEqual({ type: 'inspect', action: { type: 'select', by: 1 } });
    expect(commandFor(inspect(), 'k', {})).toEqual({ type: 'inspect', action: { type: 'select', by: -1 } });
    expect(commandFor(inspect(), 'a', {})).toEqual({ type: 'inspect-run', run: 'zero' });
    expect(commandFor(inspect(), 'm', {})).toEqual({ type: 'inspect-run', run: 'mean' });
    expect(commandFor(inspect(), '0', {})).toEqual({ type: 'inspect-run', run: 'clear' });
    expect(commandFor(inspect(), 'i', {})).toEqual({ type: 'inspect-run', run: 'measure' });
    expect(commandFor(inspect(), 't', {})).toBeNull();
  });

  it('commandFor on Inspect without a model: t trains one, the ablation keys do nothing', () => {
    expect(commandFor(inspect({ inspectStatus: 'none' }), 't', {})).toEqual({ type: 'inspect-run', run: 'train' });
    expect(commandFor(inspect({ inspectStatus: 'none' }), 'a', {})).toBeNull();
    expect(commandFor(inspect({ inspectStatus: 'loading' }), 'a', {})).toBeNull();
    expect(hintsFor(inspect({ inspectStatus: 'none' }))[0]).toEqual({ key: 't', label: 'train the selected task' });
    expect(hintsFor(inspect({ inspectAblation: false })).map((h) => h.key)).not.toContain('a');
  });
});

describe('hintsFor and HELP', () => {
  it('hintsFor names the keys that work in each state, and every key in HELP does something', () => {
    expect(hintsFor(ctx()).map((h) => h.key)).toEqual(['←/→', 't', 'w', 's', 'e', 'r', 'tab']);
    expect(hintsFor(ctx({ tutorialPhase: 'training' })).map((h) => h.key)).toContain('x');
    expect(hintsFor(ctx({ screen: 'train', trainStatus: 'paused' }))[0]).toEqual({ key: 'space', label: 'resume' });
    const states: Record<string, Partial<KeyContext>[]> = {
      Everywhere: [{}],
      Tutorial: [{ tutorialPhase: 'trained' }, { tutorialPhase: 'training' }],
      Train: ['done', 'running'].map((s) => ({ screen: 'train', trainStatus: s as KeyContext['trainStatus'], trainViews: 2 })),
      Playground: [{ screen: 'playground' }],
      Inspect: [{ screen: 'inspect', inspectStatus: 'ready' }, { screen: 'inspect', inspectStatus: 'none' }],
      Generate: [{ screen: 'generate', generateModel: true }, { screen: 'generate', generateModel: true, generateStatus: 'generating' }],
    };
    for (const section of HELP) {
      for (const { key } of section.keys) {
        // named keys (arrows, enter, …) are checked above; '1 2 3' and '0-9 , .' are lists
        for (const k of key.split(' ').filter((x) => x.length === 1)) {
          const works = states[section.title].some((c) => commandFor(ctx(c), k, {}) !== null);
          expect(works, `${section.title}: ${k}`).toBe(true);
        }
      }
    }
  });
});

describe('the Generate screen\'s keys', () => {
  const ready = (over: Partial<KeyContext> = {}) => ctx({ screen: 'generate', generateModel: true, ...over });

  it('5 shows it; ←/→ choose a token, ↑/↓ scroll the heads, home/end the first and last token', () => {
    expect(commandFor(ctx(), '5', {})).toEqual({ type: 'app', action: { type: 'go', screen: 'generate' } });
    expect(commandFor(ready(), '', { leftArrow: true })).toEqual({ type: 'generate', action: { type: 'cursor', by: -1 } });
    expect(commandFor(ready(), '', { rightArrow: true })).toEqual({ type: 'generate', action: { type: 'cursor', by: 1 } });
    expect(commandFor(ready(), '', { end: true })).toEqual({ type: 'generate', action: { type: 'cursorTo', at: 'last' } });
    expect(commandFor(ready(), '', { downArrow: true })).toEqual({ type: 'generate', action: { type: 'heads', by: 1 } });
  });

  it('e and enter open the prompt, t k p s n a setting, g writes again and x stops only while writing', () => {
    expect(commandFor(ready(), 'e', {})).toEqual({ type: 'generate', action: { type: 'edit', field: 'prompt' } });
    expect(commandFor(ready(), '', { return: true })).toEqual({ type: 'generate', action: { type: 'edit', field: 'prompt' } });
    expect(['t', 'k', 'p', 's', 'n'].map((k) => (commandFor(ready(), k, {}) as { action: { field: string } }).action.field)).toEqual(['temperature', 'topK', 'topP', 'seed', 'tokens']);
    expect(commandFor(ready(), 'g', {})).toEqual({ type: 'generate', action: { type: 'generate' } });
    expect(commandFor(ready(), 'x', {})).toBeNull();
    expect(commandFor(ready({ generateStatus: 'generating' }), 'x', {})).toEqual({ type: 'generate-run', run: 'stop' });
  });

  it('while the line is open every printable key is typed (q and 1 too), enter submits and esc cancels', () => {
    const editing = ready({ generateEditing: true });
    expect(commandFor(editing, 'q', {})).toEqual({ type: 'generate', action: { type: 'line', edit: { type: 'type', text: 'q' } } });
    expect(commandFor(editing, '1', {})).toEqual({ type: 'generate', action: { type: 'line', edit: { type: 'type', text: '1' } } });
    expect(commandFor(editing, '', { return: true })).toEqual({ type: 'generate', action: { type: 'submit' } });
    expect(commandFor(editing, '', { escape: true })).toEqual({ type: 'generate', action: { type: 'cancel' } });
    expect(commandFor(editing, '', { leftArrow: true })).toEqual({ type: 'generate', action: { type: 'line', edit: { type: 'left' } } });
  });

  it('with no text model, t trains the text task unless a run is training, and the footer says so', () => {
    const none = ctx({ screen: 'generate' });
    expect(commandFor(none, 't', {})).toEqual({ type: 'generate-run', run: 'train' });
    expect(commandFor({ ...none, trainStatus: 'running' }, 't', {})).toBeNull();
    expect(hintsFor(none)[0]).toEqual({ key: 't', label: 'train the text task' });
    expect(commandFor(none, '', { leftArrow: true })).toBeNull();
  });

  it('a finished text run on the Train screen points to the Generate screen instead of the playground', () => {
    const keys = (c: KeyContext) => hintsFor(c).map((h) => h.key);
    expect(keys(ctx({ screen: 'train', trainStatus: 'done', trainText: true }))).toContain('5');
    expect(keys(ctx({ screen: 'train', trainStatus: 'done' }))).toContain('3');
  });
});
