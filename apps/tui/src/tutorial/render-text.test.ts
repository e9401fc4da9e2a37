import { describe, expect, it } from 'vitest';
import { wrap } from './render-text.js';

describe('wrap', () => {
  it('wrap(text, width, indent) fills lines greedily to width columns, indent included', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('one two three', 9, '  ')).toEqual(['  one two', '  three']);
  });

  it('wrap counts terminal columns, so CJK text (two columns a character) wraps earlier, and never splits a word', () => {
    expect(wrap('注意力 is attention', 8)).toEqual(['注意力', 'is', 'attention']);
  });
});
