import { addTwo, formatMetric, metricInfo, sort, train } from '@attn/train';

// A task says what each of its metrics means and how to write it: views
// show labels and formatted values, never raw keys.
const task = addTwo();
const result = await train({ task, seed: 0 });
for (const [key, value] of Object.entries(result.metrics)) {
  console.log(`${key} → ${metricInfo(task, key).label}: ${formatMetric(task, key, value)}`);
}
// → testMse → test MSE: 7.13e-7
// → error35 → error on [3, 5]: 5.44e-5

// The headline metric, its direction and target; accuracies are percents.
const { name, higherIsBetter, target } = sort().metric;
console.log(metricInfo(sort(), name).label, higherIsBetter ? '≥' : '≤', formatMetric(sort(), name, target!));
// → held-out accuracy ≥ 95%

// A key a task does not describe (a plugin's task may describe none) reads as itself.
console.log(metricInfo(task, 'focus').label, formatMetric(task, 'focus', 0.98765));
// → focus 0.988
