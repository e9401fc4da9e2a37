import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
  // @attn/core and @attn/train are peers: the host (the attn CLI, your app) provides them.
  external: ['@attn/core', '@attn/train'],
});
