import { describe, expect, it } from 'vitest';
import { AttnError } from '@attn/core';
import { train, type StepEvent } from '@attn/train';
import { lossSpikeAlarm } from './loss-spike.js';
import { maxTwo } from './max-two.js';

/** A synthetic step event with the given loss; the alarm reads only `step` and `loss`. */
const stepEvent = (step: number, loss: number): StepEvent => ({
  type: 'step', step, totalSteps: 1000, loss, gradNorm: 1, lr: 0.01, stepsPerSecond: 1000, seconds: step / 1000,
});

/** Feeds `losses` to a fresh alarm as steps 1, 2, …; returns the alarm and what it wrote. */
function feed(losses: number[], options: Parameters<typeof lossSpikeAlarm>[0] = {}) {
  const lines: string[] = [];
  const alarm = lossSpikeAlarm({ ...options, write: (m) => lines.push(m) });
  alarm.onTrainStart();
  losses.forEach((loss, i) => alarm.onStepEnd(stepEvent(i + 1, loss)));
  alarm.onTrainEnd();
  return { alarm, lines };
}

/** A smooth, noisy, decaying loss curve: 2·e^(−i/300) with ±30% wiggle. */
const smooth = (n: number) => Array.from({ length: n }, (_, i) => 2 * Math.exp(-i / 300) * (1 + 0.3 * Math.sin(i * 1.7)));

describe('lossSpikeAlarm', () => {
  it('lossSpikeAlarm() stays silent on a smooth decaying curve and says so at the end', () => {
    const { alarm, lines } = feed(smooth(1000));
    expect(alarm.spikes).toEqual([]);
    expect(lines).toEqual(['lossSpikeAlarm: no loss spikes in 1000 steps']);
  });

  it('lossSpikeAlarm() reports an injected spike with its step, loss and the running mean', () => {
    const losses = smooth(1000);
    const before = losses.slice(550, 600);
    const mean = before.reduce((a, b) => a + b) / before.length;
    losses[600] = 20 * mean; // step 601
    const { alarm, lines } = feed(losses);
    expect(alarm.spikes).toEqual([{ step: 601, loss: 20 * mean, mean }]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^loss spike at step 601: loss \S+ is 20\.0× the mean \S+ of the previous 50 steps$/);
    expect(lines[1]).toBe('lossSpikeAlarm: 1 loss spike in 1000 steps (step 601)');
  });

  it('lossSpikeAlarm({ factor }) fires only above factor × the mean', () => {
    const losses = [...Array(50).fill(1), 9, ...Array(50).fill(1)];
    expect(feed(losses).alarm.spikes).toEqual([]);
    expect(feed(losses, { factor: 8 }).alarm.spikes.map((s) => s.step)).toEqual([51]);
  });

  it('lossSpikeAlarm({ window }) compares with the mean of the last `window` losses only', () => {
    // 100 steps at 10, then 10 at 0.1, then 1: against the last 10 steps (0.1) it is a spike,
    // against the last 50 (mostly 10) it is not
    const losses = [...Array(100).fill(10), ...Array(10).fill(0.1), 1.5];
    expect(feed(losses, { window: 10 }).alarm.spikes.map((s) => s.step)).toEqual([111]);
    expect(feed(losses, { window: 50 }).alarm.spikes).toEqual([]);
  });

  it('lossSpikeAlarm() ignores losses below 1/100 of the first loss (noise near a solution), unless given minLoss', () => {
    const losses = [1, ...Array(60).fill(1e-6), 1e-3, ...Array(10).fill(1e-6)];
    expect(feed(losses).alarm.spikes).toEqual([]);
    expect(feed(losses, { minLoss: 0 }).alarm.spikes.map((s) => s.step)).toEqual([62]);
  });

  it('lossSpikeAlarm() starts afresh at every onTrainStart, so one object can watch several runs', () => {
    const { alarm } = feed([...Array(60).fill(1), 50]);
    expect(alarm.spikes).toHaveLength(1);
    alarm.onTrainStart();
    expect(alarm.spikes).toEqual([]);
    alarm.onStepEnd(stepEvent(1, 100)); // the first loss of the new run is never a spike
    expect(alarm.spikes).toEqual([]);
  });

  it('lossSpikeAlarm() rejects a factor ≤ 1, a non-integer window and a negative minLoss, naming the value', () => {
    expect(() => lossSpikeAlarm({ factor: 1 })).toThrow(new AttnError('ARGUMENT', 'lossSpikeAlarm: factor must be a finite number above 1, got 1'));
    expect(() => lossSpikeAlarm({ window: 2.5 })).toThrow('lossSpikeAlarm: window must be a positive integer, got 2.5');
    expect(() => lossSpikeAlarm({ minLoss: -1 })).toThrow('lossSpikeAlarm: minLoss must be a number >= 0, got -1');
  });

  it('lossSpikeAlarm() in train(): silent on a healthy max-two run, loud when lr 0.3 makes it diverge', async () => {
    const healthy: string[] = [];
    await train({ task: maxTwo(), seed: 0, plugins: [lossSpikeAlarm({ write: (m) => healthy.push(m) })] });
    expect(healthy).toEqual(['lossSpikeAlarm: no loss spikes in 3000 steps']);

    const alarm = lossSpikeAlarm({ write: () => {} });
    const result = await train({ task: maxTwo(), seed: 0, lr: 0.3, plugins: [alarm] });
    expect(result.metrics.testMse).toBeGreaterThan(1); // the run really went wrong
    expect(alarm.spikes.length).toBeGreaterThan(5);
    expect(alarm.spikes.every((s) => s.loss > 10 * s.mean)).toBe(true);
  });
});
