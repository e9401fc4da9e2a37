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
      { text: 'Guides', link: '/guide/tensors' },
    ],
    sidebar: [
      { text: 'Learn', items: [{ text: 'Tutorial: attention in eight steps', link: '/tutorial' }] },
      {
        text: 'Guides',
        items: [
          { text: 'Tensors and autograd', link: '/guide/tensors' },
          { text: 'Training', link: '/guide/training' },
          { text: 'Plotting', link: '/guide/plotting' },
          { text: 'Weights from PyTorch', link: '/guide/pytorch' },
          { text: 'Writing a plugin', link: '/guide/plugins' },
        ],
      },
    ],
    search: { provider: 'local' },
    outline: { level: [2, 3] },
  },
  vite: {
    // @attn/core compiles its WebAssembly kernel from bytes at run time; nothing to tell Vite.
    build: { chunkSizeWarningLimit: 2000 },
  },
});
