import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const forceWasm = fileURLToPath(new URL('./packages/core/test/force-wasm.ts', import.meta.url));

export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'apps/*',
      'plugins/*',
      // the published packages packed and installed with npm outside the workspace
      'test/consumer',
      // core's tests again with every gemm on the WebAssembly kernel (at every size, not only
      // above its threshold); gemm-wasm.test.ts compares the two kernels itself.
      {
        test: {
          name: 'core-wasm',
          root: './packages/core',
          include: ['src/**/*.test.ts', 'test/examples.test.ts'],
          exclude: ['src/ops/gemm-wasm.test.ts'],
          setupFiles: [forceWasm],
        },
      },
      // the PyTorch conformance suite on core's source, every gemm on the WebAssembly kernel
      {
        resolve: {
          alias: { '@attn/core': fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)) },
        },
        test: {
          name: 'conformance-wasm',
          root: './packages/conformance',
          include: ['src/runner.test.ts'],
          setupFiles: [forceWasm],
        },
      },
    ],
  },
});
