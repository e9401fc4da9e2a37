// The text page's default corpus, gathered at build time from the site's own pages by the same
// code that writes the terminal app's (apps/tui/scripts/docs-corpus.mjs): a VitePress data
// loader, so the text ships as a module of its own that the page imports only when it trains.
import { fileURLToPath } from 'node:url';
import { defineLoader } from 'vitepress';
import { docsCorpus } from '../../../tui/scripts/docs-corpus.mjs';

export default defineLoader({
  load: (): string => docsCorpus(fileURLToPath(new URL('../../', import.meta.url))),
});

/** The corpus, as the loader wrote it into this module at build time. */
export declare const data: string;
