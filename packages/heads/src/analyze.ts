// Metrics and roles of every head of a model, from one traced forward pass.
import { type Tensor, type Trace, type Traceable, traceForward } from '@attn/core';
import { type HeadMetricsOptions, headMetrics } from './metrics.js';
import { type HeadRole, headRoles, type RoleThresholds } from './roles.js';

/** Options of {@link analyzeHeads}: those of {@link headMetrics}, and thresholds for the roles. */
export interface AnalyzeHeadsOptions extends HeadMetricsOptions {
  /** Overrides of {@link ROLE_THRESHOLDS}. */
  thresholds?: Partial<RoleThresholds>;
}

/** What {@link analyzeHeads} found: the forward pass and every head's role and metrics. */
export interface HeadAnalysis {
  /** The model's output for the inputs. */
  output: Tensor;
  /** The trace the metrics were read from. */
  trace: Trace;
  /** One entry per layer and head, in the trace's order. */
  heads: HeadRole[];
}

/**
 * Runs `model` on `inputs` with a trace and names what each of its heads does: the
 * {@link headMetrics} and {@link headRoles} of that trace. Shapes: whatever the model takes,
 * e.g. tokens `[batch, T]` for a `DecoderOnly` (then they are the tokens the duplicate and
 * induction scores read).
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 16, maxLen: 16, dModel: 16, heads: 2, layers: 2, seed: 0 });
 * const { heads } = analyzeHeads(model, repeatedTokens({ vocabSize: 16, length: 6, batch: 4 }));
 * heads.length; // 4
 * heads[3].scores.induction === null; // false
 * ```
 */
export function analyzeHeads(model: Traceable, inputs: Tensor, options: AnalyzeHeadsOptions = {}): HeadAnalysis {
  const { thresholds, ...metricsOptions } = options ?? {};
  const { output, trace } = traceForward(model, inputs);
  return { output, trace, heads: headRoles(headMetrics(trace, metricsOptions), thresholds) };
}
