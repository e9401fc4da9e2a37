// @attn/core must run unchanged in browsers and bundlers: no Node built-ins, no
// Node globals, no runtime dependencies, tree-shakeable.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const coreDir = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(coreDir, 'src');

const BUILTINS = new Set([
  'fs', 'path', 'os', 'crypto', 'child_process', 'url', 'util', 'zlib',
  'stream', 'buffer', 'events', 'worker_threads',
]);
// Module specifiers in `from '…'`, `import '…'`, `import('…')`, `require('…')`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])([^'"]+)\1/g;
const NODE_GLOBAL = /\bprocess\.|\bBuffer\b/;

const isBuiltin = (spec: string) => spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.[cm]?[jt]sx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

// Blank out comments (so prose mentioning e.g. `process.` is fine) and, for the
// globals check, '…' / "…" string contents. Newlines are kept so line numbers
// still match. Template literals are kept: `${process.env.X}` is real code.
function strip(src: string, strings: boolean): string {
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  let out = '';
  let i = 0;
  while (i < src.length) {
    const two = src.slice(i, i + 2);
    if (two === '//' || two === '/*') {
      const close = two === '//' ? src.indexOf('\n', i) : src.indexOf('*/', i + 2);
      const stop = close < 0 ? src.length : two === '//' ? close : close + 2;
      out += blank(src.slice(i, stop));
      i = stop;
    } else if (src[i] === "'" || src[i] === '"' || src[i] === '`') {
      const q = src[i];
      let j = i + 1;
      while (j < src.length && src[j] !== q && (q === '`' || src[j] !== '\n')) j += src[j] === '\\' ? 2 : 1;
      const body = src.slice(i + 1, j);
      out += q + (strings && q !== '`' ? blank(body) : body) + (src[j] ?? '');
      i = j + 1;
    } else {
      out += src[i++];
    }
  }
  return out;
}

describe('@attn/core stays platform-neutral', () => {
  it('src imports no Node built-ins and uses no Node globals', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(srcDir)) {
      const src = readFileSync(file, 'utf8');
      const rel = relative(coreDir, file);
      const code = strip(src, false);
      for (const m of code.matchAll(SPECIFIER)) {
        if (!isBuiltin(m[2])) continue;
        const line = code.slice(0, m.index).split('\n').length;
        offenders.push(`${rel}:${line}: imports '${m[2]}'`);
      }
      const lines = src.split('\n');
      strip(src, true).split('\n').forEach((text, i) => {
        if (NODE_GLOBAL.test(text)) offenders.push(`${rel}:${i + 1}: ${lines[i].trim()}`);
      });
    }
    expect(offenders, `Node-only code in packages/core/src:\n${offenders.join('\n')}\n`).toEqual([]);
  });

  it('package.json has no runtime dependencies and declares sideEffects: false', () => {
    const pkg = JSON.parse(readFileSync(join(coreDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg, 'packages/core/package.json must not have "dependencies"').not.toHaveProperty('dependencies');
    expect(pkg.sideEffects, 'packages/core/package.json needs "sideEffects": false').toBe(false);
  });
});
