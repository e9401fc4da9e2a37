// The public API of @attn/plot (browser-safe: figures need only a `document`; renderToSvg
// serializes one as a standalone SVG file here too). A document for Node and rendering to PNG
// live in '@attn/plot/node'.

// Building blocks: marks, color scales, figures
export { heatmap, heatmapCells, heatmapLayout, tokenAxes, MIN_CELL_FOR_VALUES, type HeatmapCell, type HeatmapOptions, type HeatmapLayout, type HeatmapLayoutOptions, type TokenAxesOptions } from './marks/heatmap.js';
export { weightsColor, signedColor, colorScale, readableColor, SERIES_COLORS, ROLE_COLORS, type HeatmapColor } from './marks/colors.js';
export { plotFigure, plotLabels, combineFigures, PLOT_CLASS, FIGURE_STYLE, type FigureOptions, type Labels, type PlotLabels, type FigureRow, type CombineOptions } from './marks/figure.js';
export { panelsPlot, type Panel, type PanelSpec } from './marks/heatmap-plot.js';
export { renderToSvg } from './marks/svg.js';

// The seed tutorial's views of a Trace
export type { TraceViewOptions } from './tutorial/options.js';
export { inputPlot, inputFigure } from './tutorial/input.js';
export { qkvPlot, qkvFigure } from './tutorial/qkv.js';
export { scoresPlot, scoresFigure, type ScoresOptions } from './tutorial/scores.js';
export { weightsPlot, weightsFigure } from './tutorial/weights.js';
export { attendedPlot, attendedFigure } from './tutorial/attended.js';
export { outputPlot, outputFigure, type OutputOptions } from './tutorial/output.js';
export { tutorialPlots, stepByStepFigure, type TutorialStep, type StepByStepOptions } from './tutorial/step-by-step.js';

// Many heads and layers
export { headsPlot, headsFigure, type HeadsOptions } from './heads/heads.js';

// What each head attends to: roles and metrics measured by @attn/heads
export { headRolesPlot, headRolesFigure, ROLE_SCORES, type HeadRolesOptions, type HeadImportance } from './heads/head-roles.js';
export {
  headsOverTrainingPlot, headsOverTrainingFigure,
  type HeadsAtStep, type HeadMetricName, type HeadsOverTrainingOptions, type StepMarker,
} from './heads/heads-over-training.js';

// Training
export { evalMetricOf, type TrainingHistory, type TrainingStep, type TrainingEval } from './training/history.js';
export { lossPlot, lossFigure, type LossOptions } from './training/loss.js';
export { lrPlot, lrFigure } from './training/lr.js';
export { gradNormPlot, gradNormFigure, type GradNormOptions } from './training/grad-norm.js';
export {
  attentionOverTrainingPlot, attentionOverTrainingFigure, pickSnapshots,
  type TraceSnapshot, type AttentionOverTrainingOptions,
} from './training/attention-over-training.js';
