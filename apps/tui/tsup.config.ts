import { defineConfig } from 'tsup';

export default defineConfig({
  // cli.ts loads the Ink UI (src/ui/run.tsx) with a dynamic import, so text mode (pipes, CI,
  // --json) never loads React: the UI becomes its own chunk.
  entry: ['src/cli.ts'],
  format: ['esm'],
  clean: true,
  target: 'node20',
  platform: 'node',
  banner: {
    // Ink's CommonJS dependencies (React) call require() inside the ESM bundle
    js: "#!/usr/bin/env node\nimport { createRequire as __attnCreateRequire } from 'node:module';\nconst require = __attnCreateRequire(import.meta.url);",
  },
  // Ink, React and their ~60 small modules bundled into the UI chunk: loading one file instead
  // of resolving and parsing each (and React's production build only) halves the time to the
  // first frame. The @attn packages stay external.
  noExternal: [/^(?!@attn\/|react-devtools-core)/],
  external: ['react-devtools-core'],
  define: { 'process.env.NODE_ENV': '"production"' },
});
