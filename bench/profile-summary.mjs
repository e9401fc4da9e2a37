#!/usr/bin/env node
// The self time of a .cpuprofile (from node --cpu-prof) by function, largest first, and the
// total time under each of core's functions (self + callees):
//   node bench/profile-summary.mjs <file.cpuprofile> [rows]
import { readFileSync } from 'node:fs';

const [file, rowsArg = '25'] = process.argv.slice(2);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const keyOf = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-3).join('/')}:${n.callFrame.lineNumber + 1}`;

const selfBy = new Map();
for (const [id, t] of self) {
  const k = keyOf(byId.get(id));
  selfBy.set(k, (selfBy.get(k) ?? 0) + t);
}
// inclusive time: every sample counts once for each distinct function on its stack
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (const [id, t] of self) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = keyOf(byId.get(cur));
    if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + t); }
  }
}
const pct = (t) => `${(100 * t / total).toFixed(1).padStart(5)}%`;
const rows = Number(rowsArg);
console.log(`self time (${(total / 1e6).toFixed(1)} s sampled):`);
for (const [k, t] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${pct(t)}  ${k}`);
console.log('\ntotal time (self + callees):');
for (const [k, t] of [...incl].sort((a, b) => b[1] - a[1]).filter(([k]) => !k.startsWith('(root)')).slice(0, rows)) console.log(`${pct(t)}  ${k}`);
