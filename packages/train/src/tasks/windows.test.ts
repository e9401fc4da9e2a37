import { Rng } from '@attn/core';
import { describe, expect, it } from 'vitest';
import { textTask } from './text.js';
import { tokenWindows } from './windows.js';

describe('tokenWindows', () => {
  it('tokenWindows(tokens, starts, T) holds tokens s … s+T−1 as inputs and s+1 … s+T as targets, one row per start', () => {
    const tokens = Int32Array.from({ length: 20 }, (_, i) => 100 + i);
    const { inputs, targets } = tokenWindows(tokens, [0, 7, 16], 3);
    expect(inputs.shape).toEqual([3, 3]);
    expect(inputs.toArray()).toEqual([[100, 101, 102], [107, 108, 109], [116, 117, 118]]);
    expect(targets.toArray()).toEqual([[101, 102, 103], [108, 109, 110], [117, 118, 119]]);
  });

  it("textTask's training batches are tokenWindows of its training tokens at the starts its generator draws", () => {
    const task = textTask({ text: 'abcdefghij'.repeat(20), context: 8 });
    const batch = task.sample(new Rng(3), 4);
    const rng = new Rng(3);
    const starts = Array.from({ length: 4 }, () => rng.int(task.trainTokens.length - 8));
    const want = tokenWindows(task.trainTokens, starts, 8);
    expect(batch.inputs.toArray()).toEqual(want.inputs.toArray());
    expect(batch.targets.toArray()).toEqual(want.targets.toArray());
  });

  it('tokenWindows refuses a start without room for a window and its targets, naming it and the range', () => {
    expect(() => tokenWindows([1, 2, 3, 4, 5], [0, 2], 3)).toThrow('tokenWindows: starts[1] must be an integer in [0, 1] (context 3 of 5 tokens), got 2');
    expect(() => tokenWindows([1, 2, 3], [0], 3)).toThrow('tokenWindows: starts[0] must be a start, but 3 tokens hold no window of context + 1 = 4, got 0');
    expect(() => tokenWindows([1, 2, 3], [], 1)).toThrow('tokenWindows: starts must be a non-empty array of positions, got []');
  });
});
