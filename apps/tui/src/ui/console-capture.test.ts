import { describe, expect, it } from 'vitest';
import { captureConsole } from './console-capture.js';

describe('captureConsole', () => {
  it('captureConsole catches console messages, formatted, tells subscribers, and restore() puts the console back', () => {
    const calls: unknown[][] = [];
    const fake = { log: (...a: unknown[]) => calls.push(a), info: () => {}, warn: () => {}, error: () => {}, debug: () => {} } as unknown as Console;
    const original = fake.log;
    const c = captureConsole(fake);
    const heard: string[] = [];
    const off = c.subscribe((m) => heard.push(m));
    fake.error('loss spike at step %d: %s', 617, 'loss 0.406');
    fake.log({ a: 1 });
    off();
    fake.warn('late');
    expect(c.messages).toEqual(['loss spike at step 617: loss 0.406', '{ a: 1 }', 'late']);
    expect(heard).toEqual(['loss spike at step 617: loss 0.406', '{ a: 1 }']);
    c.restore();
    expect(fake.log).toBe(original);
    expect(calls).toEqual([]);
  });
});
