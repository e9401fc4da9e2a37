import { fileURLToPath } from 'node:url';

/**
 * The folder of the repository's PyTorch reference vectors (`packages/conformance/vectors`,
 * written by the `generate.py` there), from the sources and from `dist` alike.
 *
 * @example
 * ```ts
 * import { coreOps, runConformance, trainOps, vectorsDir } from '@attn/conformance';
 * const report = runConformance(vectorsDir, { ops: { ...coreOps, ...trainOps } });
 * console.log(report.passed, report.failed); // 29 0
 * ```
 */
export const vectorsDir = fileURLToPath(new URL('../vectors/', import.meta.url));
