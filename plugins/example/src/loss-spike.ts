import { AttnError } from '@attn/core';
import type { StepEvent, TrainerPlugin } from '@attn/train';

/** Options of {@link lossSpikeAlarm}. */
export interface LossSpikeAlarmOptions {
  /** A step's loss is a spike when it exceeds `factor` × the running mean. Default 10. */
  factor?: number;
  /** The running mean covers this many of the most recent steps. Default 50. */
  window?: number;
  /**
   * Losses at or below this never count as spikes. Default: 1/100 of the run's first loss, because
   * near a solution the per-batch loss is mostly noise, and 10× a mean of 1e-5 is no alarm.
   */
  minLoss?: number;
  /** Where alarms and the end-of-run summary go; `console.error` by default (stdout stays clean for `--json`). */
  write?: (message: string) => void;
}

/** One loss spike: the step, its loss, and the running mean it was compared with. */
export interface LossSpike {
  step: number;
  loss: number;
  mean: number;
}

/** The {@link lossSpikeAlarm} plugin: its hooks, plus the spikes of the current (or last) run. */
export interface LossSpikePlugin extends TrainerPlugin {
  /** The spikes seen so far in this run, in step order. */
  readonly spikes: readonly LossSpike[];
  /** Forgets the spikes and losses of an earlier run. */
  onTrainStart(): void;
  /** Compares the step's loss with the running mean of the previous `window` steps. */
  onStepEnd(event: StepEvent): void;
  /** Writes how many spikes the run had, out of the steps this plugin saw. */
  onTrainEnd(): void;
}

const fmt = (v: number) => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toPrecision(3) : v.toExponential(2));

/**
 * Warns when a step's loss jumps above `factor` × the mean loss of the previous `window`
 * steps — the usual sign of a learning rate that is too high — and sums the spikes up when the
 * run ends. Losses at or below `minLoss` are ignored; the spike itself joins the window, as
 * every loss does.
 *
 * @example
 * ```ts
 * await train({ task: maxTwo(), lr: 0.3, plugins: [lossSpikeAlarm()] }); // too high a learning rate
 * // stderr: loss spike at step 617: loss 0.406 is 11.2× the mean 0.0362 of the previous 50 steps
 * // … 16 more lines while the run diverges …
 * // stderr: lossSpikeAlarm: 17 loss spikes in 3000 steps (steps 617, 620, 621, …)
 * ```
 */
export function lossSpikeAlarm(options: LossSpikeAlarmOptions = {}): LossSpikePlugin {
  const { factor = 10, window = 50 } = options;
  const write = options.write ?? ((message: string) => console.error(message));
  if (!(typeof factor === 'number' && factor > 1 && Number.isFinite(factor))) {
    throw new AttnError('ARGUMENT', `lossSpikeAlarm: factor must be a finite number above 1, got ${String(factor)}`);
  }
  if (!(Number.isInteger(window) && window > 0)) {
    throw new AttnError('ARGUMENT', `lossSpikeAlarm: window must be a positive integer, got ${String(window)}`);
  }
  if (options.minLoss !== undefined && !(typeof options.minLoss === 'number' && options.minLoss >= 0)) {
    throw new AttnError('ARGUMENT', `lossSpikeAlarm: minLoss must be a number >= 0, got ${String(options.minLoss)}`);
  }
  if (typeof write !== 'function') throw new AttnError('ARGUMENT', `lossSpikeAlarm: write must be a function, got ${typeof write}`);

  // A ring buffer of the last `window` losses; summed afresh each step (50 additions) so no rounding drifts in.
  const recent = new Float64Array(window);
  let count = 0;
  let minLoss = 0;
  const spikes: LossSpike[] = [];
  return {
    name: 'loss-spike-alarm',
    spikes,
    onTrainStart() {
      count = 0;
      spikes.length = 0;
    },
    onStepEnd(e) {
      if (count === 0) minLoss = options.minLoss ?? e.loss / 100;
      const n = Math.min(count, window);
      if (n > 0 && e.loss > minLoss) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += recent[i];
        const mean = sum / n;
        if (e.loss > factor * mean) {
          spikes.push({ step: e.step, loss: e.loss, mean });
          write(`loss spike at step ${e.step}: loss ${fmt(e.loss)} is ${(e.loss / mean).toFixed(1)}× the mean ${fmt(mean)} of the previous ${n} steps`);
        }
      }
      recent[count % window] = e.loss;
      count++;
    },
    onTrainEnd() {
      const steps = spikes.slice(0, 10).map((s) => s.step).join(', ') + (spikes.length > 10 ? ', …' : '');
      write(spikes.length === 0
        ? `lossSpikeAlarm: no loss spikes in ${count} steps`
        : `lossSpikeAlarm: ${spikes.length} loss spike${spikes.length === 1 ? '' : 's'} in ${count} steps (step${spikes.length === 1 ? '' : 's'} ${steps})`);
    },
  };
}
