import { defineConfig } from 'vitepress';

export default defineConfig({
  title: 'attn',
  description: 'Learn attention by building it: tensors, autograd, attention and transformers that run in your browser.',
  cleanUrls: false,
  lastUpdated: false,
  head: [['link', { rel: 'icon', href: 'data:,' }]],
  themeConfig: {
    nav: [
      { text: 'Tutorial', link: '/tutorial' },
    ],
    sidebar: [
      { text: 'Learn', items: [{ text: 'Tutorial: attention in eight steps', link: '/tutorial' }] },
    ],
    search: { provider: 'local' },
    outline: { level: [2, 3] },
  },
  vite: {
    // @attn/core compiles its WebAssembly kernel from bytes at run time; nothing to tell Vite.
    build: { chunkSizeWarningLimit: 2000 },
  },
});
