import { describe, expect, it } from 'vitest';
import { expectAttnError } from '../../test/helpers.js';
import { checkSchedule, lrAt, type Schedule } from './schedule.js';

const at = (s: Schedule, steps: number[], total: number, lr: number) => steps.map((step) => lrAt(s, step, total, lr));

describe('lrAt', () => {
  it("lrAt({ kind: 'constant' }) is the base rate at every step", () => {
    expect(at({ kind: 'constant' }, [0, 5, 99], 100, 0.01)).toEqual([0.01, 0.01, 0.01]);
  });

  it("lrAt({ kind: 'warmup', steps: 4 }) rises by lr/4 per step, reaching lr at step 3, then stays", () => {
    // step s (0-based) uses lr·(s+1)/4 while s < 4
    const want = [0.025, 0.05, 0.075, 0.1, 0.1, 0.1];
    at({ kind: 'warmup', steps: 4 }, [0, 1, 2, 3, 4, 50], 100, 0.1).forEach((v, i) => expect(v).toBeCloseTo(want[i], 16));
    expect(at({ kind: 'warmup', steps: 0 }, [0, 1], 100, 0.1)).toEqual([0.1, 0.1]);
  });

  it("lrAt({ kind: 'cosine' }) falls from lr to 0 along half a cosine over the run", () => {
    // 11 steps: progress = s/10; lr·½(1 + cos(π·s/10))
    const got = at({ kind: 'cosine' }, [0, 2, 5, 8, 10], 11, 1);
    const want = [1, 0.5 * (1 + Math.cos(0.2 * Math.PI)), 0.5, 0.5 * (1 + Math.cos(0.8 * Math.PI)), 0];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 15));
    expect(want[1]).toBeCloseTo(0.9045084971874737, 15); // ½(1 + cos 36°)
    expect(lrAt({ kind: 'cosine' }, 30, 11, 1)).toBeCloseTo(0, 15); // past the end it stays at the floor
  });

  it("lrAt({ kind: 'cosine', minFactor }) ends at minFactor·lr", () => {
    const s: Schedule = { kind: 'cosine', minFactor: 0.1 };
    expect(lrAt(s, 0, 11, 2)).toBeCloseTo(2, 15);
    expect(lrAt(s, 5, 11, 2)).toBeCloseTo(2 * (0.1 + 0.9 * 0.5), 15); // 1.1
    expect(lrAt(s, 10, 11, 2)).toBeCloseTo(0.2, 15);
  });

  it("lrAt({ kind: 'cosine', warmup: 2 }) warms up linearly, then decays over the remaining steps", () => {
    const s: Schedule = { kind: 'cosine', warmup: 2 };
    // 12 steps: steps 0, 1 warm up (0.5, 1); the cosine spans steps 2..11 (9 intervals)
    expect(lrAt(s, 0, 12, 1)).toBe(0.5);
    expect(lrAt(s, 1, 12, 1)).toBe(1);
    expect(lrAt(s, 2, 12, 1)).toBe(1);
    expect(lrAt(s, 5, 12, 1)).toBeCloseTo(0.5 * (1 + Math.cos(Math.PI / 3)), 15); // 0.75
    expect(lrAt(s, 11, 12, 1)).toBeCloseTo(0, 15);
  });

  it("lrAt({ kind: 'step', every: 3, gamma: 0.5 }) halves the rate every 3 steps", () => {
    expect(at({ kind: 'step', every: 3, gamma: 0.5 }, [0, 2, 3, 5, 6, 9], 100, 0.8)).toEqual([0.8, 0.8, 0.4, 0.4, 0.2, 0.1]);
  });
});

describe('checkSchedule', () => {
  it('checkSchedule returns a valid schedule unchanged', () => {
    const s: Schedule = { kind: 'cosine', warmup: 10, minFactor: 0.05 };
    expect(checkSchedule(s)).toBe(s);
  });

  it('checkSchedule refuses bad schedules, naming the field and the value', () => {
    const bad = (s: unknown, message: string) => expectAttnError(() => checkSchedule(s as Schedule), 'ARGUMENT', message);
    bad(null, "schedule: expected an object with a 'kind', got null");
    bad('cosine', "schedule: expected an object with a 'kind', got cosine");
    bad({ kind: 'linear' }, `schedule: kind must be 'constant', 'warmup', 'cosine' or 'step', got "linear"`);
    bad({}, "schedule: kind must be 'constant', 'warmup', 'cosine' or 'step', got undefined");
    bad({ kind: 'warmup', steps: -1 }, 'schedule: warmup steps must be an integer >= 0, got -1');
    bad({ kind: 'warmup' }, 'schedule: warmup steps must be an integer >= 0, got undefined');
    bad({ kind: 'cosine', warmup: 1.5 }, 'schedule: cosine warmup must be an integer >= 0, got 1.5');
    bad({ kind: 'cosine', minFactor: 2 }, 'schedule: cosine minFactor must be in [0, 1], got 2');
    bad({ kind: 'step', every: 0, gamma: 0.5 }, "schedule: step 'every' must be a positive integer, got 0");
    bad({ kind: 'step', every: 2, gamma: 0 }, 'schedule: step gamma must be a positive number, got 0');
  });
});
