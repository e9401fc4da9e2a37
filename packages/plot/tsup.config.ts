import { defineConfig } from 'tsup';

export default defineConfig({
  // index: browser-safe figures (needs only a `document`); node: the DOM shim and SVG/PNG rendering.
  entry: ['src/index.ts', 'src/node.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
});
