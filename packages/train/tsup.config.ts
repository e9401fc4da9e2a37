import { defineConfig } from 'tsup';

export default defineConfig({
  // index: platform-neutral (Node and browsers); node: file system helpers (atomic checkpoint files).
  entry: ['src/index.ts', 'src/node.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
});
