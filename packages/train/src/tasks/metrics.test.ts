import { describe, expect, it } from 'vitest';
import { Rng } from '@attn/core';
import { line } from '../../test/helpers.js';
import { addTwo } from './add-two.js';
import { digitsAdd } from './digits-add.js';
import { formatMetric, metricInfo } from './metrics.js';
import { reverse } from './reverse.js';
import { sort } from './sort.js';
import { sumN } from './sum-n.js';
import type { Task } from './task.js';

const builtIns: [string, () => Task<any, any>][] = [
  ['add-two', addTwo], ['sum-n', sumN], ['sort', sort], ['reverse', reverse], ['digits-add', digitsAdd],
];

describe('Task.metrics of the built-in tasks', () => {
  it.each(builtIns)('%s declares every key its evaluate returns, in that order, the headline metric among them', (_name, make) => {
    const task = make();
    const model = task.createModel(new Rng(0));
    model.eval();
    const keys = Object.keys(task.evaluate(model));
    expect(Object.keys(task.metrics ?? {}).sort()).toEqual([...keys].sort());
    expect(keys).toContain(task.metric.name);
    for (const key of keys) {
      const info = metricInfo(task, key);
      expect(info.label).not.toBe(key); // a label a learner reads, not the key
      expect(info.description.length).toBeGreaterThan(10);
    }
  });

  it('sum-n labels each longer length it evaluates', () => {
    const task = sumN({ lengths: [2, 3], maxEvalLength: 5 });
    expect(Object.keys(task.metrics!)).toEqual(['testMse', 'mse@4', 'mse@5', 'longMse']);
    expect(metricInfo(task, 'mse@5').label).toBe('MSE at length 5');
  });

  it('a sequence task writes its accuracies as percents and its loss as a number', () => {
    expect(formatMetric(sort(), 'testAccuracy', 0.973)).toBe('97.3%');
    expect(formatMetric(sort(), 'tokenAccuracy', 1)).toBe('100%');
    expect(formatMetric(sort(), 'testLoss', 0.0123456)).toBe('0.0123');
    expect(formatMetric(sort(), sort().metric.name, sort().metric.target!)).toBe('95%');
  });
});

describe('formatMetric', () => {
  const task = addTwo();

  it('formatMetric(task, key, v) writes numbers in 3 significant digits, tiny and huge ones with an exponent', () => {
    expect(formatMetric(task, 'testMse', 7.1234e-7)).toBe('7.12e-7');
    expect(formatMetric(task, 'testMse', 1e-5)).toBe('1e-5');
    expect(formatMetric(task, 'testMse', 0.001)).toBe('0.001');
    expect(formatMetric(task, 'error35', 8.0149)).toBe('8.01');
    expect(formatMetric(task, 'error35', 123456)).toBe('1.23e+5');
    expect(formatMetric(task, 'testMse', 0)).toBe('0');
    expect(formatMetric(task, 'testMse', -0.5)).toBe('-0.5');
  });

  it('formatMetric(task, key, v) honours declared digits, and writes NaN and infinities as words and signs', () => {
    const t = { metrics: { a: { label: 'a', description: 'a', digits: 5 }, p: { label: 'p', description: 'p', format: 'percent' as const, digits: 0 } } };
    expect(formatMetric(t, 'a', Math.PI)).toBe('3.1416');
    expect(formatMetric(t, 'p', 0.876)).toBe('88%');
    expect(formatMetric(t, 'a', Number.NaN)).toBe('NaN');
    expect(formatMetric(t, 'p', Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatMetric(t, 'a', Number.NEGATIVE_INFINITY)).toBe('-∞');
  });

  it('a key the task does not declare is labelled by itself and written as a number', () => {
    const plain = line(); // a task that declares no metrics, like a plugin's may
    expect(plain.metrics).toBeUndefined();
    expect(metricInfo(plain, 'mse')).toEqual({ label: 'mse', description: '', format: 'number', digits: 3 });
    expect(formatMetric(plain, 'mse', 0.000123)).toBe('1.23e-4');
    expect(metricInfo(task, 'toString').label).toBe('toString'); // not Object.prototype's
  });
});
