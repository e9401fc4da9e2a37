// The public API of @attn/heads: every exported name is listed here.
export { headMetrics, type HeadMetrics, type HeadMetricsOptions, type TokenRows } from './metrics.js';
export { headRoles, ROLE_THRESHOLDS, type HeadRole, type Role, type RoleThresholds } from './roles.js';
export { analyzeHeads, type AnalyzeHeadsOptions, type HeadAnalysis } from './analyze.js';
export { repeatedTokens, type RepeatedTokensOptions } from './repeated.js';
export {
  attentionModules, clearHeadOverrides, headImportance, headMean, IMPORTANCE_THRESHOLD, patchHead,
  type AblatableAttention, type AblatedMetrics, type AttentionModule, type AblationTask, type HeadAblation, type HeadImportance, type HeadImportanceOptions, type HeadPatch,
} from './ablate.js';
export {
  headsOverTraining, roleFormation, inductionPhaseChange,
  type HeadsOverTrainingOptions, type HeadsOverTrainingPlugin, type HeadsSnapshot, type RoleFormation,
} from './over-training.js';
export { describeFocus, summarizeFocus, tokenNames, type SummarizeFocusOptions, type WeightRows } from './words.js';
