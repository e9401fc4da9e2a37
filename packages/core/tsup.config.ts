import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // Build from src only (tsconfig.json also includes test/ with Node types).
  tsconfig: 'tsconfig.build.json',
});
