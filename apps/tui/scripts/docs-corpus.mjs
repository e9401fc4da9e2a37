// Gathers attn's documentation (the tutorial, the guide, the "beyond" pages) into
// generated/docs-corpus.txt: the text `attn train --text` learns when given no file. Run by
// the build; the file is generated, not committed.
//
//   node scripts/docs-corpus.mjs
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The prose of one VitePress page: no front matter, no <script>/<style> blocks, no Vue
 * component tags (PascalCase, such as `<StepWidget step="all" />`; what they enclose stays),
 * no `<<< @/…` code imports; runs of blank lines left by them become one.
 */
export function pageText(markdown) {
  return markdown
    .replace(/\r\n?/g, '\n')
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<\/?[A-Z][\w-]*(\s[^<>]*?)?\/?>/g, '')
    .replace(/^<<< @\/.*$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The pages of the corpus, in reading order: the tutorial, then the guide's and the beyond pages by name. */
export function docsPages(docs) {
  const folder = (name) => readdirSync(join(docs, name)).filter((f) => f.endsWith('.md')).sort().map((f) => join(docs, name, f));
  return [join(docs, 'tutorial.md'), ...folder('guide'), ...folder('beyond')];
}

/**
 * The whole corpus: every page's prose, separated by a blank line. The docs site's text page
 * trains on it too (apps/docs/.vitepress/theme/docs-corpus.data.ts).
 * @param {string} docs the docs app's folder
 * @returns {string}
 */
export function docsCorpus(docs) {
  return `${docsPages(docs).map((p) => pageText(readFileSync(p, 'utf8'))).join('\n\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const out = join(here, '..', 'generated', 'docs-corpus.txt');
  mkdirSync(dirname(out), { recursive: true });
  // written then renamed: a reader never sees half a corpus
  writeFileSync(`${out}.tmp`, docsCorpus(join(here, '..', '..', 'docs')));
  renameSync(`${out}.tmp`, out);
}
