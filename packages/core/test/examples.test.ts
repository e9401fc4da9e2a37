// Every `@example` in the TSDoc of packages/core/src runs, with every export of
// `src/index.ts` in scope, and every `expr; // value` line in it holds.
//
// Both forms are found: a fenced ```ts block on the lines after `@example`, and an
// inline one-liner `@example \`expr; // value\``. The code is transpiled with
// TypeScript (so annotations and class fields are fine) and run in strict mode.
//
// A line comment after an expression statement (or after `const x = …;`) is the
// expected value when it reads as a literal: numbers, `Infinity`, `-Infinity`, `NaN`,
// 'strings', true/false/null, arrays and `{ key: value }` objects of those. Exact
// by default; `// ≈ value` compares numbers within 1e-9. A comment that starts like a
// literal but does not parse fails the test, so a typo cannot turn a check into prose.
// Any other comment (`// a number in [0, 1)`, `// in Python: …`) is prose: the line
// still runs, but nothing is checked. Every check must run at least once.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

const srcDir = fileURLToPath(new URL('../src', import.meta.url));
const TOLERANCE = 1e-9;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return sourceFiles(p);
      return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
    })
    .sort();
}

// ---------------------------------------------------------------------------
// Finding the examples

interface Example {
  /** Path under src, e.g. `ops/softmax.ts`. */
  file: string;
  /** The documented declaration, e.g. `softmax` or `init.xavierUniform`. */
  owner: string;
  /** Source line of the first line of `code`. */
  line: number;
  code: string;
  /** Set when the `@example` could not be read; the test then fails with it. */
  error?: string;
}

const NAMED_DECLARATION = (n: ts.Node): boolean =>
  ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isInterfaceDeclaration(n) ||
  ts.isTypeAliasDeclaration(n) || ts.isEnumDeclaration(n) || ts.isVariableStatement(n) ||
  ts.isVariableDeclaration(n) || ts.isMethodDeclaration(n) || ts.isPropertyDeclaration(n) ||
  ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n) || ts.isConstructorDeclaration(n) ||
  ts.isPropertyAssignment(n) || ts.isPropertySignature(n) || ts.isMethodSignature(n);

function nameOf(n: ts.Node): string | undefined {
  if (ts.isVariableStatement(n)) return n.declarationList.declarations.map((d) => d.name.getText()).join(', ');
  if (ts.isConstructorDeclaration(n)) return 'constructor';
  const name = (n as { name?: ts.Node }).name;
  return name && NAMED_DECLARATION(n) ? name.getText() : undefined;
}

/** `Tensor.backward`, `init.xavierUniform`, `softmax`: the names of n and its named ancestors. */
function qualifiedName(n: ts.Node): string {
  const parts: string[] = [];
  for (let m: ts.Node | undefined = n; m && !ts.isSourceFile(m); m = m.parent) {
    if (m !== n && ts.isVariableStatement(m)) continue; // its VariableDeclaration named it already
    const name = nameOf(m);
    if (name) parts.unshift(name);
  }
  return parts.join('.') || '(file)';
}

/** Every `/** … *\/` comment of a file, with the declaration it documents. */
function docComments(sf: ts.SourceFile): { pos: number; end: number; owner: string }[] {
  const text = sf.text;
  const found = new Map<number, { pos: number; end: number; owner: string }>();
  const visit = (node: ts.Node): void => {
    const ranges = [...(ts.getLeadingCommentRanges(text, node.pos) ?? []), ...(ts.getTrailingCommentRanges(text, node.end) ?? [])];
    for (const r of ranges) {
      if (r.kind !== ts.SyntaxKind.MultiLineCommentTrivia || !text.startsWith('/**', r.pos)) continue;
      const existing = found.get(r.pos);
      // The outermost declaration whose leading trivia holds the comment owns it.
      if (existing && existing.owner !== '(file)') continue;
      const owns = NAMED_DECLARATION(node) && r.end <= node.getStart(sf);
      if (existing && !owns) continue;
      found.set(r.pos, { pos: r.pos, end: r.end, owner: owns ? qualifiedName(node) : '(file)' });
    }
    node.getChildren(sf).forEach(visit);
  };
  visit(sf);
  return [...found.values()].sort((a, b) => a.pos - b.pos);
}

/** The comment text without `/**`, `*\/` and the leading ` * ` of each line (line count kept). */
function commentBody(raw: string): string {
  return raw
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n');
}

const INLINE = /^[ \t]*`([^`\n]+)`/;
const FENCED = /^[ \t]*\n[ \t]*```(?:ts|typescript|js|javascript)?[ \t]*\n([\s\S]*?)\n[ \t]*```/;

function examplesOf(file: string): Example[] {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const rel = relative(srcDir, file).split('\\').join('/');
  const out: Example[] = [];
  for (const c of docComments(sf)) {
    const body = commentBody(text.slice(c.pos, c.end));
    const firstLine = sf.getLineAndCharacterOfPosition(c.pos).line + 1;
    for (const m of body.matchAll(/@example\b/g)) {
      const after = body.slice(m.index + m[0].length);
      const lineAt = (offset: number) => firstLine + body.slice(0, offset).split('\n').length - 1;
      const inline = INLINE.exec(after);
      const fenced = FENCED.exec(after);
      if (inline) {
        out.push({ file: rel, owner: c.owner, line: lineAt(m.index), code: inline[1] });
      } else if (fenced) {
        const codeStart = m.index + m[0].length + fenced[0].indexOf(fenced[1]);
        out.push({ file: rel, owner: c.owner, line: lineAt(codeStart), code: fenced[1] });
      } else {
        out.push({
          file: rel, owner: c.owner, line: lineAt(m.index), code: '',
          error: `${rel}:${lineAt(m.index)}: @example must be followed by \`code\` on the same line or a \`\`\`ts block on the next line`,
        });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Expected values

type Expected = { kind: 'prose' } | { kind: 'value'; value: unknown; approx: boolean };

// Comments that start like this must be a literal; anything else is prose.
const LOOKS_LIKE_VALUE = /^(?:≈|[-−+\d.[{'"]|(?:true|false|null|undefined|Infinity|NaN)(?![\w$]))/;

/** Parses a JSON-like literal strictly: the whole text must be one value. */
function parseLiteral(src: string): unknown {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`malformed expected value \`${src}\`: ${why} at column ${i + 1}`);
  };
  const ws = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const string = (): string => {
    const q = src[i++];
    let s = '';
    while (i < src.length && src[i] !== q) {
      if (src[i] === '\\') {
        const e = src[i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
          s += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
          i += 6;
        } else if (e in map) {
          s += map[e];
          i += 2;
        } else fail(`unknown escape \\${e}`);
      } else s += src[i++];
    }
    if (src[i] !== q) fail('unterminated string');
    i++;
    return s;
  };
  const value = (): unknown => {
    ws();
    const c = src[i];
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      for (;;) {
        ws();
        if (src[i] === ']') return i++, out;
        out.push(value());
        ws();
        if (src[i] === ',') i++;
        else if (src[i] !== ']') fail("expected ',' or ']'");
      }
    }
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      for (;;) {
        ws();
        if (src[i] === '}') return i++, out;
        let key: string;
        if (src[i] === "'" || src[i] === '"') key = string();
        else {
          const k = /^[A-Za-z_$][\w$]*/.exec(src.slice(i));
          if (!k) return fail('expected a key');
          key = k[0];
          i += key.length;
        }
        ws();
        if (src[i] !== ':') fail("expected ':'");
        i++;
        out[key] = value();
        ws();
        if (src[i] === ',') i++;
        else if (src[i] !== '}') fail("expected ',' or '}'");
      }
    }
    if (c === "'" || c === '"') return string();
    const word = /^(?:true|false|null|undefined)(?![\w$])/.exec(src.slice(i));
    if (word) {
      i += word[0].length;
      return { true: true, false: false, null: null, undefined }[word[0]];
    }
    const num = /^[-+]?(?:Infinity|NaN|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(?![\w$.])/.exec(src.slice(i));
    if (num) {
      i += num[0].length;
      return Number(num[0]);
    }
    return fail('expected a value');
  };
  const v = value();
  ws();
  if (i < src.length) fail('unexpected text after the value');
  return v;
}

function parseExpected(comment: string): Expected {
  if (!LOOKS_LIKE_VALUE.test(comment)) return { kind: 'prose' };
  const approx = comment.startsWith('≈');
  return { kind: 'value', approx, value: parseLiteral(approx ? comment.slice(1).trim() : comment) };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function matches(actual: unknown, expected: unknown, approx: boolean): boolean {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return false;
    if (actual === expected || Object.is(actual, expected)) return true;
    return approx && Number.isFinite(expected) && Math.abs(actual - expected) <= TOLERANCE;
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, k) => matches(actual[k], e, approx));
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return false;
    const ka = Object.keys(actual).sort();
    const ke = Object.keys(expected).sort();
    return ka.length === ke.length && ke.every((k, j) => k === ka[j] && matches(actual[k], expected[k], approx));
  }
  return Object.is(actual, expected);
}

function show(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (isPlainObject(v)) return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`).join(', ')} }`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name} [${Array.from(v as unknown as ArrayLike<number>).map(show).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `${v.constructor?.name ?? 'object'} ${String(v)}`;
  return String(v);
}

// ---------------------------------------------------------------------------
// Running them

interface Check {
  line: number;
  source: string;
  expected: unknown;
  approx: boolean;
}

/** Single-line comments of `code`, by position. */
function lineComments(sf: ts.SourceFile): Map<number, string> {
  const out = new Map<number, string>();
  const visit = (node: ts.Node): void => {
    for (const r of [...(ts.getLeadingCommentRanges(sf.text, node.pos) ?? []), ...(ts.getTrailingCommentRanges(sf.text, node.end) ?? [])]) {
      if (r.kind === ts.SyntaxKind.SingleLineCommentTrivia) out.set(r.pos, sf.text.slice(r.pos + 2, r.end).trim());
    }
    node.getChildren(sf).forEach(visit);
  };
  visit(sf);
  return out;
}

/** Rewrites `expr; // value` into `__check(id, (expr));` and transpiles the result to JS. */
function instrument(code: string): { js: string; checks: Check[] } {
  const sf = ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const comments = lineComments(sf);
  const used = new Set<number>();
  const checks: Check[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;

  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node) || ts.isVariableStatement(node)) {
      const r = (ts.getTrailingCommentRanges(code, node.end) ?? []).find((c) => c.kind === ts.SyntaxKind.SingleLineCommentTrivia);
      const comment = r && comments.get(r.pos);
      const expected = comment === undefined ? undefined : parseExpected(comment);
      if (r && expected?.kind === 'value') {
        used.add(r.pos);
        const id = checks.length;
        const line = lineOf(node.getStart(sf));
        if (ts.isExpressionStatement(node)) {
          const e = node.expression;
          checks.push({ line, source: e.getText(sf), expected: expected.value, approx: expected.approx });
          edits.push({ start: e.getStart(sf), end: e.end, text: `__check(${id}, (${e.getText(sf)}))` });
        } else {
          const decls = node.declarationList.declarations;
          if (decls.length !== 1 || !ts.isIdentifier(decls[0].name)) {
            throw new Error(`line ${line}: a value comment after a declaration needs exactly one plain name, got \`${node.getText(sf)}\``);
          }
          const name = decls[0].name.text;
          checks.push({ line, source: name, expected: expected.value, approx: expected.approx });
          edits.push({ start: node.end, end: node.end, text: ` __check(${id}, ${name});` });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);

  for (const [pos, text] of comments) {
    if (!used.has(pos) && parseExpected(text).kind === 'value') {
      throw new Error(`line ${lineOf(pos)}: the value comment \`// ${text}\` does not follow an expression statement, so it would check nothing`);
    }
  }
  edits.sort((a, b) => b.start - a.start);
  for (let k = 1; k < edits.length; k++) {
    if (edits[k].end > edits[k - 1].start) throw new Error('value checks must not be nested inside each other');
  }
  let out = code;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);

  const result = ts.transpileModule(out, {
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: false },
  });
  const errors = (result.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (errors.length) throw new Error(`example does not parse: ${errors.join('; ')}`);
  return { js: result.outputText, checks };
}

const api = core as unknown as Record<string, unknown>;
const exportNames = Object.keys(api);

function run(example: Example): { checks: number } {
  const { js, checks } = instrument(example.code);
  const ran = new Array<number>(checks.length).fill(0);
  const failures: string[] = [];
  const where = (c: Check) => `${example.file}:${example.line + c.line - 1}`;
  // Failures are collected rather than thrown, so an example's own try/catch cannot swallow them.
  const check = (id: number, actual: unknown): unknown => {
    const c = checks[id];
    ran[id]++;
    if (!matches(actual, c.expected, c.approx)) {
      failures.push(`${where(c)}: ${c.source}\n  expected ${c.approx ? '≈ ' : ''}${show(c.expected)}\n  got      ${show(actual)}`);
    }
    return actual;
  };
  const body = `"use strict";\n{\n${js}\n}`;
  const fn = new Function(...exportNames, '__check', body) as (...args: unknown[]) => void;
  fn(...exportNames.map((n) => api[n]), check);
  checks.forEach((c, id) => {
    if (ran[id] === 0) failures.push(`${where(c)}: ${c.source} never ran, so its value was not checked`);
  });
  expect(failures, `@example of ${example.owner} in ${example.file}:\n${failures.join('\n')}\n`).toEqual([]);
  return { checks: checks.length };
}

// ---------------------------------------------------------------------------

const files = sourceFiles(srcDir);
const examples = files.flatMap(examplesOf);

describe('@example blocks in packages/core/src', () => {
  const seen = new Map<string, number>();
  for (const ex of examples) {
    const base = `example of ${ex.owner} (${ex.file})`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    it(n === 1 ? base : `${base} #${n}`, () => {
      if (ex.error) throw new Error(ex.error);
      run(ex);
    });
  }

  it('every @example in src is one of the forms the runner reads', () => {
    const raw = files.map((f) => ({ file: relative(srcDir, f), n: readFileSync(f, 'utf8').match(/@example\b/g)?.length ?? 0 }));
    const found = new Map<string, number>();
    for (const ex of examples) if (!ex.error) found.set(ex.file, (found.get(ex.file) ?? 0) + 1);
    const missed = raw
      .filter(({ file, n }) => n !== (found.get(file.split('\\').join('/')) ?? 0))
      .map(({ file, n }) => `${file}: ${n} @example tags, ${found.get(file.split('\\').join('/')) ?? 0} runnable examples found`);
    expect(missed, `@example tags outside TSDoc comments or in an unknown form:\n${missed.join('\n')}\n`).toEqual([]);
    expect(examples.length).toBeGreaterThan(0);
  });
});

describe('the example runner', () => {
  const fails = (code: string) => () => run({ file: 'runner.ts', owner: 'runner', line: 1, code });
  it('checks `expr; // value` exactly, and `// ≈ value` within 1e-9', () => {
    expect(run({ file: 'runner.ts', owner: 'runner', line: 1, code: '1 + 1; // 2\n0.1 + 0.2; // ≈ 0.3\n[NaN, -Infinity]; // [NaN, -Infinity]' }).checks).toBe(3);
    expect(fails('0.1 + 0.2; // 0.3')).toThrow('expected 0.3');
    expect(fails('1 + 1e-6; // ≈ 1')).toThrow('expected ≈ 1');
    expect(fails('tensor([1, 2]).toArray(); // [1, 3]')).toThrow('got      [1, 2]');
  });
  it('refuses a value comment that does not parse, instead of treating it as prose', () => {
    expect(fails('[1, 2]; // [1, 2')).toThrow("malformed expected value `[1, 2`");
    expect(fails('[1, 2]; // [1, 2] and more')).toThrow('unexpected text after the value');
  });
  it('runs prose comments without checking them, and fails on free variables', () => {
    expect(run({ file: 'runner.ts', owner: 'runner', line: 1, code: 'Math.random(); // a number in [0, 1)' }).checks).toBe(0);
    expect(fails('model.forward(x); // [1]')).toThrow('model is not defined');
  });
  it('fails when a check never runs', () => {
    expect(fails('if (false) {\n  1; // 1\n}')).toThrow('never ran');
  });
});
