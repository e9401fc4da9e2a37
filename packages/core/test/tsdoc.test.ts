// Every public name of @attn/core is documented (STYLE.md: "TSDoc on every export: a
// first sentence that stands alone, the shapes in and out, and a short `@example` that
// actually runs"). The names come from the export lists of src/index.ts; each is looked
// up in the file it is exported from. Types and interfaces need a TSDoc comment whose
// first sentence ends with a period; functions and classes need an `@example` too
// (examples.test.ts runs them).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../src', import.meta.url));
const indexFile = join(srcDir, 'index.ts');

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    parsed.set(file, sf);
  }
  return sf;
}

interface PublicName {
  /** The name as exported from index.ts. */
  name: string;
  /** The name in the file it comes from (differs for `export { a as b }`). */
  local: string;
  /** Path of that file under src, e.g. `ops/softmax.ts`. */
  file: string;
}

/** The names index.ts exports, with the source file of each. */
function publicNames(): PublicName[] {
  const sf = parse(indexFile);
  const out: PublicName[] = [];
  for (const st of sf.statements) {
    if (!ts.isExportDeclaration(st)) continue;
    const spec = st.moduleSpecifier;
    if (!spec || !ts.isStringLiteral(spec)) throw new Error(`index.ts: every export needs a module specifier, got \`${st.getText(sf)}\``);
    if (!st.exportClause || !ts.isNamedExports(st.exportClause)) {
      throw new Error(`index.ts: export names explicitly, got \`${st.getText(sf)}\``);
    }
    const target = join(dirname(indexFile), spec.text.replace(/\.js$/, '.ts'));
    const file = relative(srcDir, target).split('\\').join('/');
    for (const el of st.exportClause.elements) {
      out.push({ name: el.name.text, local: (el.propertyName ?? el.name).getText(sf), file });
    }
  }
  return out;
}

type Kind = 'function' | 'class' | 'interface' | 'type' | 'enum' | 'const';

interface Declaration {
  kind: Kind;
  node: ts.Node;
}

/** The exported top-level declaration of `name` in `sf`, following `export { x } from` re-exports. */
function findDeclaration(sf: ts.SourceFile, name: string, depth = 0): Declaration | undefined {
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name?.text === name && exported(st)) return { kind: 'function', node: st };
    if (ts.isClassDeclaration(st) && st.name?.text === name && exported(st)) return { kind: 'class', node: st };
    if (ts.isInterfaceDeclaration(st) && st.name.text === name && exported(st)) return { kind: 'interface', node: st };
    if (ts.isTypeAliasDeclaration(st) && st.name.text === name && exported(st)) return { kind: 'type', node: st };
    if (ts.isEnumDeclaration(st) && st.name.text === name && exported(st)) return { kind: 'enum', node: st };
    if (ts.isVariableStatement(st) && exported(st)) {
      const d = st.declarationList.declarations.find((v) => ts.isIdentifier(v.name) && v.name.text === name);
      if (d) {
        const init = d.initializer;
        const fn = init !== undefined && (ts.isArrowFunction(init) || ts.isFunctionExpression(init));
        return { kind: fn ? 'function' : 'const', node: st };
      }
    }
    if (ts.isExportDeclaration(st) && depth < 5 && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) && st.exportClause && ts.isNamedExports(st.exportClause)) {
      const el = st.exportClause.elements.find((e) => e.name.text === name);
      if (el) {
        const next = join(dirname(sf.fileName), st.moduleSpecifier.text.replace(/\.js$/, '.ts'));
        return existsSync(next) ? findDeclaration(parse(next), (el.propertyName ?? el.name).text, depth + 1) : undefined;
      }
    }
  }
  return undefined;
}

/** The last `/** … *\/` comment right before a declaration, without its delimiters and ` * `. */
function tsdocOf(sf: ts.SourceFile, node: ts.Node): string | undefined {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
  const last = ranges[ranges.length - 1];
  if (!last || last.kind !== ts.SyntaxKind.MultiLineCommentTrivia || !sf.text.startsWith('/**', last.pos)) return undefined;
  return sf.text
    .slice(last.pos + 3, last.end - 2)
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

/** The text before the first block tag (`@example`, `@internal`, …); `{@link X}` stays. */
const descriptionOf = (doc: string) => doc.split(/(?:^|\s)@[a-zA-Z]+/)[0].trim();

/** The description up to the first `.`, `!` or `?` followed by a space or the end, or all of it. */
function firstSentence(description: string): string {
  const flat = description.replace(/\s+/g, ' ');
  const end = /[.!?](?=\s|$)/.exec(flat);
  return end ? flat.slice(0, end.index + 1) : flat;
}

/** Problems with the docs of one public name; empty when it is fine. */
function problemsOf(p: PublicName): string[] {
  const where = `${p.file}: ${p.name}`;
  const path = join(srcDir, p.file);
  if (!existsSync(path)) return [`${where}: file not found`];
  const sf = parse(path);
  const decl = findDeclaration(sf, p.local);
  if (!decl) return [`${where}: no exported declaration found`];
  const doc = tsdocOf(sf, decl.node);
  if (doc === undefined) return [`${where}: no TSDoc comment`];
  const out: string[] = [];
  if (/(?:^|\s)@internal\b/.test(doc)) out.push(`${where}: marked @internal but exported from index.ts`);
  const description = descriptionOf(doc);
  const first = firstSentence(description);
  if (description === '') out.push(`${where}: TSDoc has no description`);
  else if (!first.endsWith('.')) out.push(`${where}: first sentence does not end with a period: "${first}"`);
  if ((decl.kind === 'function' || decl.kind === 'class') && !/(?:^|\s)@example\b/.test(doc)) {
    out.push(`${where}: ${decl.kind} has no @example`);
  }
  return out;
}

describe('TSDoc of the public API', () => {
  const names = publicNames();

  it('index.ts exports names', () => {
    expect(names.length).toBeGreaterThan(0);
  });

  it('every export has TSDoc with a first sentence ending in a period, and functions and classes an @example', () => {
    const problems = names.flatMap(problemsOf);
    expect(problems, `Exports with missing or incomplete TSDoc:\n${problems.join('\n')}\n`).toEqual([]);
  });

  it('the checker catches an undocumented export and a missing @example', () => {
    const sf = ts.createSourceFile('x.ts', [
      '/** Documented. @example `f(); // 1` */ export function f() { return 1; }',
      'export function g() {}',
      '/** No example */ export class C {}',
      '/** A type. */ export type T = number;',
    ].join('\n'), ts.ScriptTarget.Latest, true);
    const doc = (n: string) => tsdocOf(sf, findDeclaration(sf, n)!.node);
    expect(doc('f')).toContain('@example');
    expect(doc('g')).toBeUndefined();
    expect(firstSentence(descriptionOf(doc('C')!))).toBe('No example');
    expect(firstSentence(descriptionOf(doc('T')!))).toBe('A type.');
  });
});
