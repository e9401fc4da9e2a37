// A bounded, evenly downsampled history of one number per training step (the loss curve):
// each point is the mean over `stride` consecutive steps; when the points would exceed `max`,
// neighbours are merged and the stride doubles. Memory and chart cost stay constant however
// long the run.

/** One point of a series: the last step of its bucket, and the mean value over the bucket. */
export interface Point {
  step: number;
  value: number;
}

export interface Series {
  readonly points: readonly Point[];
  /** Steps per point. */
  readonly stride: number;
  /** Most points kept (even). */
  readonly max: number;
  /** The bucket being filled: its sum, how many values, and its last step. */
  readonly pending: { sum: number; count: number; step: number } | null;
}

export function emptySeries(max = 256): Series {
  return { points: [], stride: 1, max: Math.max(2, max - (max % 2)), pending: null };
}

/**
 * The series with `values` appended (pure: `series` is not changed). Non-finite values are
 * skipped, so one NaN does not erase a chart.
 *
 * @example
 * ```ts
 * pushValues(emptySeries(4), [{ step: 1, value: 2 }, { step: 2, value: 4 }]).points; // [{1, 2}, {2, 4}]
 * ```
 */
export function pushValues(series: Series, values: readonly Point[]): Series {
  if (values.length === 0) return series;
  let points = series.points.slice();
  let { stride } = series;
  let pending = series.pending ? { ...series.pending } : null;
  for (const { step, value } of values) {
    if (!Number.isFinite(value)) continue;
    pending = pending ? { sum: pending.sum + value, count: pending.count + 1, step } : { sum: value, count: 1, step };
    if (pending.count < stride) continue;
    points.push({ step: pending.step, value: pending.sum / pending.count });
    pending = null;
    if (points.length >= series.max) {
      points = merge(points);
      stride *= 2;
    }
  }
  return { points, stride, max: series.max, pending };
}

/** Pairs of neighbours averaged into one (each holds as many steps as the other). */
function merge(points: Point[]): Point[] {
  const out: Point[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) out.push({ step: points[i + 1].step, value: (points[i].value + points[i + 1].value) / 2 });
  return out;
}

/** The points to draw: the complete ones and, if any, the partial bucket's mean so far. */
export function seriesPoints(series: Series): Point[] {
  const { pending } = series;
  return pending ? [...series.points, { step: pending.step, value: pending.sum / pending.count }] : series.points.slice();
}
