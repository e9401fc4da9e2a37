import type { View } from '@attn/train';

/**
 * A Train-screen view for max-two: how much attention each number of the probe input puts on
 * the larger number, as it trains, and the held-out `focus` metric. Press `v` on the Train
 * screen to show it (`attn --plugin plugins/example/dist/index.js train --task max-two`).
 * It reads the trace; it computes nothing but shares of the weights it is given.
 *
 * @example
 * ```ts
 * focusView().render({ task: 'max-two', trace, metrics: {}, step: 10, totalSteps: 100, loss: 1, losses: [], width: 40, height: 8 });
 * // ['probe [3, 5]: weight on 5, the larger', '3 ████████████████░░░░ 82.0%', …]
 * ```
 */
export function focusView(): View {
  return {
    name: 'focus',
    title: 'attention on the larger number',
    render(v) {
      if (v.task !== 'max-two') return [`this view follows max-two runs, not ${v.task}`];
      const a = v.trace?.attention[0];
      if (!v.trace || !a) return ['waiting for the first probe trace…'];
      const xs = v.trace.input.data;
      const T = xs.length;
      const larger = xs.indexOf(Math.max(...xs));
      const barWidth = Math.max(4, Math.min(30, v.width - 14));
      const lines = [`probe [${xs.join(', ')}]: weight on ${xs[larger]}, the larger`];
      for (let q = 0; q < T; q++) {
        const w = a.weights.data[q * T + larger];
        const full = Math.round(w * barWidth);
        lines.push(`${String(xs[q]).padStart(3)} ${'█'.repeat(full)}${'░'.repeat(barWidth - full)} ${(100 * w).toFixed(1)}%`);
      }
      const focus = v.metrics.focus;
      lines.push('', `held-out focus ${focus === undefined ? '– (after the first evaluation)' : focus.toFixed(3)}`, '(1: all weight on the larger number)');
      return lines;
    },
  };
}
