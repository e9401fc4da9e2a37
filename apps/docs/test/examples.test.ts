// Every example the guides include runs here, and what it prints must be what the page shows:
// each `console.log` in an example is followed by a `// → …` comment with its output. Browser
// examples (`*-browser.ts`, which draw into the page's global `document`) get linkedom's.
import { readdirSync, readFileSync } from 'node:fs';
import { format } from 'node:util';
import { createDocument } from '@attn/plot/node';
import { afterEach, describe, expect, it, vi } from 'vitest';

const dir = new URL('../examples/', import.meta.url);
const files = readdirSync(dir).filter((f) => /\.(ts|mjs)$/.test(f)).sort();

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('docs examples', () => {
  it('there are examples to run', () => { expect(files.length).toBeGreaterThan(0); });

  it.each(files)('examples/%s prints what its → comments say', async (file) => {
    const source = readFileSync(new URL(file, dir), 'utf8');
    const expected = [...source.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1].trim());
    const printed: string[] = [];
    if (file.endsWith('-browser.ts')) vi.stubGlobal('document', createDocument());
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { printed.push(format(...args)); });
    await import(new URL(file, dir).href);
    expect(printed).toEqual(expected);
    expect(expected.length, `${file} has no // → comments`).toBeGreaterThan(0);
  }, 60_000);
});
