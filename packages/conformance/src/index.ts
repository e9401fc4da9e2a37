export { runConformance, formatReport, compare, type ConformanceReport, type CaseResult, type RunOptions } from './runner.js';
export { coreOps, type OpHandler, type OpResult } from './ops.js';
export { trainOps } from './train-ops.js';
export { parseRefFile, toTensor, type RefFile, type RefCase, type RefTensor } from './format.js';
export { vectorsDir } from './vectors.js';
