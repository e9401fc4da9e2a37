import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mul, sum, type Tensor } from '@attn/core';
import { parseRefFile, toTensor, type RefCase, type RefTensor } from './format.js';
import type { OpHandler } from './ops.js';

export interface CaseResult {
  op: string;
  name: string;
  status: 'pass' | 'fail' | 'skip';
  /** Why it failed or was skipped. */
  detail?: string;
}

export interface ConformanceReport {
  results: CaseResult[];
  passed: number;
  failed: number;
  skipped: number;
  /** Problems that are not a case: unreadable files, unknown ops. */
  errors: string[];
}

export interface RunOptions {
  /** Handlers by op name. */
  ops: Record<string, OpHandler>;
  /** Ops reported as skipped (with the reason) instead of run. */
  skip?: Record<string, string>;
}

/** Compares `got` with `want` elementwise: pass iff |got − want| ≤ atol + rtol·|want|. */
export function compare(got: Tensor | null | undefined, want: RefTensor, tol: { atol: number; rtol: number }): string | null {
  if (!got) return 'missing (no value or gradient was produced)';
  if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i])) {
    return `shape [${got.shape.join(',')}], expected [${want.shape.join(',')}]`;
  }
  let worst = 0;
  let at = 0;
  let bad = false;
  for (let i = 0; i < want.data.length; i++) {
    const g = got.data[i];
    const w = want.data[i];
    const err = Number.isNaN(g) !== Number.isNaN(w) ? Infinity : Number.isNaN(g) ? 0 : Math.abs(g - w);
    if (!(err <= tol.atol + tol.rtol * Math.abs(w))) bad = true;
    if (err > worst) {
      worst = err;
      at = i;
    }
  }
  return bad ? `max abs err ${worst} at index ${at}` : null;
}

function runCase(c: RefCase, handler: OpHandler, tol: { atol: number; rtol: number }): string | null {
  const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, t]) => [k, toTensor(k, t, true)]));
  const stepGrads = (c.steps ?? []).map((s, i) => toTensor(`step ${i + 1} grad`, s.grad));
  const result = handler(inputs, c.params ?? {}, stepGrads);
  for (const [name, want] of Object.entries(c.outputs ?? {})) {
    const problem = compare(result.outputs[name], want, tol);
    if (problem) return `${name} ${problem}`;
  }
  if (c.steps) {
    const got = result.steps ?? [];
    if (got.length !== c.steps.length) return `expected a value after each of ${c.steps.length} steps, got ${got.length}`;
    for (let i = 0; i < c.steps.length; i++) {
      const problem = compare(got[i], c.steps[i].param_after, tol);
      if (problem) return `step ${i + 1} param_after ${problem}`;
    }
  }
  const upstream = Object.entries(c.upstream ?? {});
  if (upstream.length === 0) return null;
  // Backward from every output that has an upstream at once: L = Σ sum(out · upstream).
  let loss: Tensor | null = null;
  for (const [name, up] of upstream) {
    const out = result.outputs[name];
    if (!out) return `${name} missing, cannot apply its upstream gradient`;
    const term = sum(mul(out, toTensor(`upstream ${name}`, up)));
    loss = loss ? loss.add(term) : term;
  }
  loss!.backward();
  const grads = result.grads?.() ?? {};
  for (const [name, want] of Object.entries(c.grads ?? {})) {
    const problem = compare(grads[name], want, tol);
    if (problem) return `grad ${name} ${problem}`;
  }
  return null;
}

/** Runs every `*.json` file of `dir` (sorted by name) and returns one result per case. */
export function runConformance(dir: string, options: RunOptions): ConformanceReport {
  const report: ConformanceReport = { results: [], passed: 0, failed: 0, skipped: 0, errors: [] };
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    report.errors.push(`cannot read folder ${dir}: ${(e as Error).message}`);
    return report;
  }
  if (files.length === 0) report.errors.push(`no *.json reference files in ${dir}`);
  for (const file of files) {
    let ref;
    try {
      ref = parseRefFile(file, readFileSync(join(dir, file), 'utf8'));
    } catch (e) {
      report.errors.push((e as Error).message);
      continue;
    }
    const tol = ref.tolerance ?? { atol: 1e-8, rtol: 1e-6 };
    const skip = options.skip?.[ref.op];
    const handler = options.ops[ref.op];
    if (!handler && skip === undefined) {
      report.errors.push(`${file}: unknown op '${ref.op}' (known: ${Object.keys(options.ops).sort().join(', ')})`);
      continue;
    }
    for (const c of ref.cases) {
      if (skip !== undefined) {
        report.results.push({ op: ref.op, name: c.name, status: 'skip', detail: skip });
        report.skipped++;
        continue;
      }
      let problem: string | null;
      try {
        problem = runCase(c, handler, tol);
      } catch (e) {
        problem = `threw ${(e as Error).message}`;
      }
      report.results.push({ op: ref.op, name: c.name, status: problem ? 'fail' : 'pass', detail: problem ?? undefined });
      if (problem) report.failed++;
      else report.passed++;
    }
  }
  return report;
}

/** The report as lines: `PASS op/name`, `FAIL op/name: …`, `SKIP op/name: …`, then the totals. */
export function formatReport(r: ConformanceReport): string[] {
  const lines = r.results.map((c) =>
    c.status === 'pass' ? `PASS ${c.op}/${c.name}` : `${c.status === 'fail' ? 'FAIL' : 'SKIP'} ${c.op}/${c.name}: ${c.detail}`);
  for (const e of r.errors) lines.push(`ERROR ${e}`);
  lines.push(`${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  return lines;
}
