// Every `@example` in the TSDoc of src and the example of README.md run, with every export of
// @attn/core, @attn/train (the README trains a model) and @attn/heads in scope, and every `expr; // value` line in them holds: a comment
// that starts like a literal (a number, 'string', [array], true/false/null) is the expected
// value, exact, or within 1e-9 after `≈`; any other comment is prose.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@attn/core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as heads from '../src/index.js';
import * as trainer from '@attn/train';

const root = fileURLToPath(new URL('..', import.meta.url));
const LOOKS_LIKE_VALUE = /^(?:≈|[-−+\d.[{'"]|(?:true|false|null|Infinity|NaN)(?![\w$]))/;

interface Example { where: string; code: string }

function tsdocExamples(): Example[] {
  const dir = join(root, 'src');
  return readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort().flatMap((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    return [...text.matchAll(/@example\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)].map((m) => ({
      where: `src/${file}:${text.slice(0, m.index).split('\n').length}`,
      code: m[1].split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n'),
    }));
  });
}

function readmeExamples(): Example[] {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => ({
    where: `README.md:${text.slice(0, m.index).split('\n').length}`,
    code: m[1].replace(/^import .* from '@attn\/(core|heads|train)';$/gm, ''),
  }));
}

/** Turns `expr; // value` lines into checks; returns the code and how many checks it holds. */
function instrument(code: string): { code: string; checks: number } {
  let checks = 0;
  const lines = code.split('\n').map((line, n) => {
    const m = /^(\s*)([^/].*?);\s*\/\/ (.+)$/.exec(line);
    if (!m || /^(const|let|for|if)\b/.test(m[2]) || !LOOKS_LIKE_VALUE.test(m[3])) return line;
    checks++;
    const approx = m[3].startsWith('≈');
    const expected = approx ? m[3].slice(1).trim() : m[3];
    return `${m[1]}__check(${m[2]}, ${expected}, ${approx}, ${n + 1});`;
  });
  return { code: lines.join('\n'), checks };
}

const scope: Record<string, unknown> = { ...core, ...trainer, ...heads };
const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<void>;
const examples = [...tsdocExamples(), ...readmeExamples()];

describe('the examples of @attn/heads run and hold', () => {
  it('there is an example for every export that is a function, and the README has one', () => {
    const documented = tsdocExamples().map((e) => e.code).join('\n');
    for (const name of Object.keys(heads)) expect(documented, name).toContain(name);
    expect(readmeExamples().length).toBeGreaterThan(0);
  });

  for (const example of examples) {
    it(example.where, async () => {
      const { code, checks } = instrument(example.code);
      expect(checks, 'an example without a checked value').toBeGreaterThan(0);
      const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
      let ran = 0;
      const check = (actual: unknown, expected: unknown, approx: boolean, line: number) => {
        ran++;
        if (approx) expect(actual, `line ${line}`).toBeCloseTo(expected as number, 9);
        else expect(actual, `line ${line}`).toEqual(expected);
      };
      await new AsyncFunction(...Object.keys(scope), '__check', `'use strict';\n${js}`)(...Object.values(scope), check);
      expect(ran).toBe(checks);
    });
  }
});
