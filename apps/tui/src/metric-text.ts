// Metrics as a learner reads them: the task says what each key means and how to write it
// (@attn/train's metricInfo and formatMetric); the apps only put label and value together.
import { formatMetric, metricInfo, type MetricSource, type TaskMetric } from '@attn/train';

/**
 * The metric `key` with its value, e.g. `test MSE 7.12e-7` or `held-out accuracy 97.3%`.
 *
 * @example
 * ```ts
 * metricText(sort(), 'testAccuracy', 0.973); // 'held-out accuracy 97.3%'
 * ```
 */
export function metricText(task: MetricSource, key: string, value: number): string {
  return `${metricInfo(task, key).label} ${formatMetric(task, key, value)}`;
}

/**
 * The task's headline metric in `metrics` with its value, or null when they lack it.
 *
 * @example
 * ```ts
 * headline(addTwo(), { testMse: 7.1e-7, error35: 0.001 }); // 'test MSE 7.1e-7'
 * ```
 */
export function headline(task: MetricSource & { metric: TaskMetric }, metrics: Record<string, number>): string | null {
  const value = metrics[task.metric.name];
  return value === undefined ? null : metricText(task, task.metric.name, value);
}

/**
 * What the task counts as solved, e.g. `test MSE ≤ 0.001` or `held-out accuracy ≥ 95%`; the
 * label alone for a task without a target.
 */
export function goal(task: MetricSource & { metric: TaskMetric }): string {
  const { name, target, higherIsBetter } = task.metric;
  const label = metricInfo(task, name).label;
  return target === undefined ? label : `${label} ${higherIsBetter ? '≥' : '≤'} ${formatMetric(task, name, target)}`;
}
