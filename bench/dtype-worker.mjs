// One dtype of a core-only float64-vs-float32 row, in its own worker (its own V8 isolate), so
// each dtype runs with the JIT feedback it would have in a program that uses only that dtype
// (in one isolate the second dtype would make the kernels polymorphic, slowing both).
// The main thread drives the alternation: it sends {cmd} messages, the worker answers.
import { parentPort, workerData } from 'node:worker_threads';
import { loadCore, sample, warmAndCalibrate } from './lib.mjs';

const core = await loadCore();
const { dtype, workload, settings } = workerData;

const WORKLOADS = {
  matmul: ({ n }) => {
    const a = core.randn([n, n], { seed: 1, dtype });
    const b = core.randn([n, n], { seed: 2, dtype });
    return () => core.matmul(a, b).data;
  },
  attention: ({ n, d }) => {
    const [q, k, v] = [3, 4, 5].map((seed) => core.randn([n, d], { seed, dtype }));
    return () => core.attention(q, k, v).output.data;
  },
};
const f = WORKLOADS[workload.kind](workload);

parentPort.on('message', (msg) => {
  if (msg.cmd === 'result') parentPort.postMessage(Array.from(f()));
  else if (msg.cmd === 'calibrate') parentPort.postMessage(warmAndCalibrate(f, settings));
  else if (msg.cmd === 'sample') parentPort.postMessage(sample(f, msg.n));
  else if (msg.cmd === 'exit') parentPort.close();
});
parentPort.postMessage('ready');
