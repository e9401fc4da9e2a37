// Runs after tsup: @observablehq/plot is ESM only, so in the CommonJS declarations (dist/*.d.cts)
// its import must say it resolves as an ES module. Without that, a CommonJS consumer type-checking
// with `module: node16` gets TS1479 ("…the referenced file is an ECMAScript module and cannot be
// imported with 'require'") for types alone (at run time, require(esm) loads Plot).
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const plotImport = /^import (?:type )?(.+) from '@observablehq\/plot';$/gm;

for (const file of readdirSync(dist).filter((f) => f.endsWith('.d.cts'))) {
  const url = new URL(file, dist);
  const source = readFileSync(url, 'utf8');
  const fixed = source.replace(plotImport, "import type $1 from '@observablehq/plot' with { 'resolution-mode': 'import' };");
  if (fixed === source) continue;
  const partial = new URL(`${file}.partial`, dist); // written whole, then renamed over the file
  writeFileSync(partial, fixed);
  renameSync(partial, url);
}
