#!/usr/bin/env node
// pnpm conformance DIR — runs every reference file in DIR; exits 1 on any failure or unknown op.
import { coreOps } from './ops.js';
import { trainOps } from './train-ops.js';
import { formatReport, runConformance } from './runner.js';

const args = process.argv.slice(2);
if (args.length !== 1 || args[0].startsWith('-')) {
  console.error('usage: pnpm conformance DIR   (a folder of PyTorch reference *.json files)');
  process.exit(2);
}
const report = runConformance(args[0], { ops: { ...coreOps, ...trainOps } });
for (const line of formatReport(report)) console.log(line);
process.exit(report.failed > 0 || report.errors.length > 0 ? 1 : 0);
