import { need } from '../check.js';
import type { Task } from './task.js';

/**
 * What one of a task's metrics means and how to write its value, as a task declares it in
 * `Task.metrics`.
 *
 * @example
 * ```ts
 * const info: MetricInfo = { label: 'held-out accuracy', description: 'held-out problems answered exactly', format: 'percent' };
 * ```
 */
export interface MetricInfo {
  /** A short label a learner reads, e.g. `test MSE` or `held-out accuracy`. */
  label: string;
  /** One sentence on what the value measures. */
  description: string;
  /**
   * How the value is written: `percent` for fractions in [0, 1] (`0.973` → `97.3%`), `number`
   * (the default) in significant digits, switching to exponent notation below 1e-3 and from
   * 1e5 on (`7.12e-7`, `0.0123`, `8.01`).
   */
  format?: 'percent' | 'number';
  /** Significant digits of a `number` (3 by default), decimals of a `percent` (1 by default); trailing zeros are dropped. */
  digits?: number;
}

/** What {@link metricInfo} and {@link formatMetric} read of a task: its declared metrics, if any. */
export type MetricSource = Pick<Task<any, any>, 'metrics'>;

/**
 * What the metric `key` of `task` means, with every field filled in. A key the task does not
 * declare (a plugin task that declares nothing, say) is labelled with the key itself and
 * written as a number.
 *
 * @example
 * ```ts
 * metricInfo(sort(), 'testAccuracy').label; // 'held-out accuracy'
 * metricInfo(sort(), 'focus').label;        // 'focus' (not declared)
 * ```
 */
export function metricInfo(task: MetricSource, key: string): Required<MetricInfo> {
  need(task !== null && typeof task === 'object', 'metricInfo', 'task', 'a task (an object)', task);
  need(typeof key === 'string', 'metricInfo', 'key', 'a metric name (a string)', key);
  const declared = task.metrics && Object.hasOwn(task.metrics, key) ? task.metrics[key] : undefined;
  const format = declared?.format ?? 'number';
  return {
    label: declared?.label ?? key,
    description: declared?.description ?? '',
    format,
    digits: declared?.digits ?? (format === 'percent' ? 1 : 3),
  };
}

/**
 * The value of the metric `key` of `task` written as the task declares it (see
 * {@link MetricInfo.format}); NaN and infinities as `NaN`, `∞` and `-∞`.
 *
 * @example
 * ```ts
 * formatMetric(sort(), 'testAccuracy', 0.973); // '97.3%'
 * formatMetric(addTwo(), 'testMse', 7.1234e-7); // '7.12e-7'
 * formatMetric(addTwo(), 'someKey', 0.123456);  // '0.123' (undeclared: a number)
 * ```
 */
export function formatMetric(task: MetricSource, key: string, value: number): string {
  need(typeof value === 'number', 'formatMetric', 'value', 'a number', value);
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const { format, digits } = metricInfo(task, key);
  if (format === 'percent') return `${String(Number((value * 100).toFixed(digits)))}%`;
  const a = Math.abs(value);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return value.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(Math.max(1, digits))));
}
