import { describe, expect, it } from 'vitest';
import { tensor, traceForward, TutorialAttention } from '@attn/core';
import { tutorialSteps } from '../../tutorial/steps.js';
import { initialTutorial, NEXT_STEPS_PAGE, shownTutorial, tutorialReducer, type TutorialAction, type TutorialState } from './tutorial.js';

const run = (s: TutorialState, ...actions: TutorialAction[]) => actions.reduce(tutorialReducer, s);
const steps = (seed: number) => tutorialSteps(traceForward(new TutorialAttention({ seed }), tensor([[3, 5]])).trace);

describe('tutorialReducer', () => {
  it('tutorialReducer moves between the eight steps and stops at both ends', () => {
    const s = initialTutorial();
    expect(s).toMatchObject({ step: 0, input: [3, 5], seed: 0, d: 4, scale: 'none', phase: 'untrained' });
    expect(run(s, { type: 'step', by: -1 }).step).toBe(0);
    expect(run(s, { type: 'step', by: 1 }, { type: 'step', by: 1 }).step).toBe(2);
    // after step 8 (index 7) comes the next-steps page, and nothing after it
    expect(run(s, { type: 'stepTo', step: 99 }).step).toBe(NEXT_STEPS_PAGE);
    expect(run(s, { type: 'stepTo', step: 7 }, { type: 'step', by: 1 }).step).toBe(8);
    expect(run(s, { type: 'stepTo', step: 7 }, { type: 'step', by: 2 }).step).toBe(8);
    // editing the input from the next-steps page goes back to step 8, where the input line is
    expect(run(s, { type: 'stepTo', step: 8 }, { type: 'edit' })).toMatchObject({ step: 7, editing: { text: '3, 5' } });
  });

  it('tutorialReducer edits the input: typed text is read on enter, and a bad line stays open with its error', () => {
    let s = run(initialTutorial(), { type: 'edit' });
    expect(s.editing).toEqual({ text: '3, 5', cursor: 4, error: null });
    s = run(s, { type: 'line', edit: { type: 'backspace' } }, { type: 'line', edit: { type: 'backspace' } }, { type: 'line', edit: { type: 'backspace' } }, { type: 'line', edit: { type: 'type', text: ' x' } }, { type: 'submit' });
    expect(s.editing).toEqual({ text: '3 x', cursor: 3, error: "tutorial: expected a number, got 'x'" });
    expect(s.input).toEqual([3, 5]);
    s = run(s, { type: 'line', edit: { type: 'backspace' } }, { type: 'line', edit: { type: 'type', text: '7 1' } }, { type: 'submit' });
    expect(s.editing).toBeNull();
    expect(s.input).toEqual([3, 7, 1]);
    s = run(s, { type: 'edit' }, { type: 'line', edit: { type: 'type', text: ' 1 1 1 1 1 1' } }, { type: 'submit' });
    expect(s.editing?.error).toBe('tutorial: reads 1 to 8 numbers, got 9');
    expect(run(s, { type: 'cancel' })).toMatchObject({ editing: null, input: [3, 7, 1] });
  });

  it('tutorialReducer edits the line as a shell does: ctrl-w deletes the last word, ctrl-u the whole line', () => {
    const s = run(initialTutorial(), { type: 'edit' }, { type: 'line', edit: { type: 'type', text: ', 12' } });
    expect(s.editing?.text).toBe('3, 5, 12');
    expect(run(s, { type: 'line', edit: { type: 'deleteWord' } }).editing?.text).toBe('3, 5, ');
    expect(run(s, { type: 'line', edit: { type: 'deleteWord' } }, { type: 'line', edit: { type: 'deleteWord' } }).editing?.text).toBe('3, ');
    expect(run(s, { type: 'line', edit: { type: 'clearBefore' } }).editing).toEqual({ text: '', cursor: 0, error: null });
    expect(run(initialTutorial(), { type: 'line', edit: { type: 'clearBefore' } }).editing).toBeNull();
  });

  it('tutorialReducer moves the cursor: typing, deleting and ctrl-u act where it is; the error stays until the text changes', () => {
    const left = { type: 'line', edit: { type: 'left' } } as const;
    // '3, 5': put a 4 before the 5, then read it
    let s = run(initialTutorial(), { type: 'edit' }, left, { type: 'line', edit: { type: 'type', text: '4 ' } });
    expect(s.editing).toMatchObject({ text: '3, 4 5', cursor: 5 });
    expect(run(s, { type: 'submit' }).input).toEqual([3, 4, 5]);
    // ctrl-u deletes only what is before the cursor, ctrl-k what is after it
    expect(run(s, { type: 'line', edit: { type: 'clearBefore' } }).editing).toMatchObject({ text: '5', cursor: 0 });
    expect(run(s, { type: 'line', edit: { type: 'clearAfter' } }).editing).toMatchObject({ text: '3, 4 ', cursor: 5 });
    s = run(s, { type: 'line', edit: { type: 'home' } }, { type: 'line', edit: { type: 'type', text: 'x' } }, { type: 'submit' });
    expect(s.editing).toMatchObject({ text: 'x3, 4 5', cursor: 1, error: "tutorial: expected a number, got 'x3'" });
    s = run(s, { type: 'line', edit: { type: 'end' } });
    expect(s.editing).toMatchObject({ cursor: 7, error: "tutorial: expected a number, got 'x3'" });
    s = run(s, { type: 'line', edit: { type: 'home' } }, { type: 'line', edit: { type: 'delete' } });
    expect(s.editing).toMatchObject({ text: '3, 4 5', cursor: 0, error: null });
  });

  it('tutorialReducer reads 1e200 as too large, and warns (but reads) numbers outside the [0, 10) that t trains on', () => {
    const typed = (text: string) => run(initialTutorial(), { type: 'edit' }, { type: 'line', edit: { type: 'clearBefore' } }, { type: 'line', edit: { type: 'type', text } }, { type: 'submit' });
    expect(typed('1e200 1e200').editing?.error).toBe("tutorial: numbers must be at most 1e6 in size, got '1e200'");
    expect(typed('0x10 1').editing?.error).toBe("tutorial: expected a number, got '0x10'");
    expect(typed('12 5')).toMatchObject({ input: [12, 5], editing: null, note: 'warning: 12 is outside the training range [0, 10)' });
    expect(typed('1 2 3')).toMatchObject({ input: [1, 2, 3], note: 'warning: trained on 2 numbers, got 3' });
    expect(typed('3 5')).toMatchObject({ input: [3, 5], note: null });
  });

  it('tutorialReducer goes from untrained to training to trained, and shows the trained steps after training', () => {
    const before = steps(0);
    const after = steps(9);
    let s = run(initialTutorial(), { type: 'traces', before, after: null });
    expect(shownTutorial(s)).toBe(before);
    expect(run(s, { type: 'view' }).note).toBe('there is no trained model yet: press t to train one');
    s = run(s, { type: 'trainStart', totalSteps: 2000 });
    expect(s).toMatchObject({ phase: 'training', view: 'after', trainedScale: 'none', training: { step: 0, totalSteps: 2000 } });
    s = run(s, { type: 'trainProgress', step: 500, totalSteps: 2000, loss: 0.25 }, { type: 'traces', after });
    expect(s.training).toEqual({ step: 500, totalSteps: 2000, loss: 0.25 });
    expect(shownTutorial(s)).toBe(after);
    expect(run(s, { type: 'reinit' }).seed).toBe(0); // not while training
    s = run(s, { type: 'trainEnd', reason: 'done' });
    expect(s.phase).toBe('trained');
    expect(shownTutorial(run(s, { type: 'view' }))).toBe(before);
  });

  it('tutorialReducer toggles the scaling, and a new initialization forgets the trained model', () => {
    let s = run(initialTutorial(), { type: 'trainStart', totalSteps: 10 }, { type: 'trainEnd', reason: 'done' }, { type: 'scale' });
    expect(s.scale).toBe('sqrt');
    expect(s.trainedScale).toBe('none');
    s = run(s, { type: 'reinit' });
    expect(s).toMatchObject({ seed: 1, phase: 'untrained', view: 'before', trainedScale: null, after: null, note: 'new random initialization (seed 1)' });
  });

  it('tutorialReducer reports a failed training run and goes back to untrained', () => {
    const s = run(initialTutorial(), { type: 'trainStart', totalSteps: 10 }, { type: 'failed', message: 'train: step 3: the loss is NaN' });
    expect(s).toMatchObject({ phase: 'untrained', error: 'train: step 3: the loss is NaN' });
  });

  it('tutorialReducer replays the recorded training: [ steps back, ] on, past the last recording to the end of training', () => {
    const trained = run(initialTutorial(), { type: 'trainStart', totalSteps: 200 }, { type: 'recorded', steps: [0, 50, 100, 150] }, { type: 'trainEnd', reason: 'done' });
    expect(trained).toMatchObject({ at: null, recorded: [0, 50, 100, 150] });
    const back = run(trained, { type: 'replay', by: -1 });
    expect(back).toMatchObject({ at: 3, view: 'after' });
    expect(run(back, { type: 'replay', by: -1 }, { type: 'replay', by: -1 }, { type: 'replay', by: -1 }, { type: 'replay', by: -1 }).at).toBe(0);
    expect(run(back, { type: 'replay', by: 1 }).at).toBeNull();
    // nothing to replay before training, nor while it runs; training again starts a new recording
    expect(run(initialTutorial(), { type: 'replay', by: -1 })).toMatchObject({ at: null, note: expect.stringContaining('t trains the model') });
    expect(run(initialTutorial(), { type: 'trainStart', totalSteps: 200 }, { type: 'replay', by: -1 }).note).toContain('once it has finished');
    expect(run(back, { type: 'trainStart', totalSteps: 200 })).toMatchObject({ at: null, recorded: [] });
    expect(run(back, { type: 'reinit' })).toMatchObject({ at: null, recorded: [] });
  });

  it('tutorialReducer d steps the size of Q, K and V through 2, 4, 8 and 16, each time an untrained model', () => {
    const trained = run(initialTutorial(), { type: 'trainStart', totalSteps: 10 }, { type: 'trainEnd', reason: 'done' });
    const bigger = run(trained, { type: 'size' });
    expect(bigger).toMatchObject({ d: 8, phase: 'untrained', after: null, note: 'd = 8: Q, K and V have 8 numbers per token now (an untrained model, seed 0)' });
    expect([1, 2, 3].map((n) => run(bigger, ...Array<TutorialAction>(n).fill({ type: 'size' })).d)).toEqual([16, 2, 4]);
    expect(run(initialTutorial(), { type: 'trainStart', totalSteps: 10 }, { type: 'size' })).toMatchObject({ d: 4, note: 'training is running; wait for it to finish' });
  });
});
