// Setup file of the `core-wasm` and `conformance-wasm` test projects (root vitest.config.ts):
// every gemm call, whatever its size, runs on the WebAssembly SIMD kernel, so the whole suite —
// PyTorch reference vectors, finite differences, conformance — checks that kernel too.
import { setGemmPath } from '../src/ops/gemm.js';
import { wasmAvailable } from '../src/ops/gemm-wasm.js';

if (!wasmAvailable()) throw new Error('force-wasm: WebAssembly SIMD is not available in this Node');
setGemmPath('wasm');
