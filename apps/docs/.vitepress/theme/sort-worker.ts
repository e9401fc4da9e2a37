// Trains sort or reverse off the page's main thread. The held-out evaluation decodes 1,000
// sequences greedily in one go (a few hundred milliseconds); in a worker that costs the page
// nothing. The worker reports every step, a trace of the probe input now and then, each
// evaluation, and at the end the result and the weights. At the `watchable` speed it waits
// after each step, so that a run lasts about half a minute and the attention can be seen forming.
import { noGrad, type Trace } from '@attn/core';
import { reverse, sort, train, type SequenceTask } from '@attn/train';
import { type FromWorker, type Speed, type ToWorker, type WireTensor } from './sort-protocol';

const tasks: Record<string, () => SequenceTask> = { sort, reverse };
/** Evaluations per run: enough to see the held-out accuracy climb. */
const EVALS = 8;
/** Probe traces per run at full speed (at the watchable speed: one per step). */
const TRACES = 30;
/** How long the steps of a run take at the watchable speed (the evaluations come on top). */
const WATCH_SECONDS = 25;

let controller: AbortController | null = null;
let busy = false;
let speed: Speed = 'full';

// `self` is typed as a window here (the theme compiles with the DOM library): post as a worker does
const scope = self as unknown as { postMessage(message: FromWorker, transfer: Transferable[]): void };
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(name: string, seed: number): Promise<void> {
  const task = tasks[name]();
  controller = new AbortController();
  const steps = task.defaults.steps;
  const evalEvery = Math.ceil(steps / EVALS);
  const traceEvery = Math.ceil(steps / TRACES);
  // yieldEvery: the trainer lets this worker read its messages (Stop, speed) every 20 ms
  const training = train({ task, seed, evalEvery, signal: controller.signal, yieldEvery: 20 });
  const probe = (): Trace => noGrad(() => task.probe!(training.model));
  let stepStarted = performance.now();
  for await (const e of training) {
    if (e.type === 'start') {
      post({ type: 'start', totalSteps: e.totalSteps, parameters: e.parameters, evalEvery });
      post({ type: 'trace', step: 0, trace: probe() }); // the untrained model
    }
    else if (e.type === 'step') {
      post({ type: 'step', step: e.step, totalSteps: e.totalSteps, loss: e.loss, lr: e.lr, seconds: e.seconds });
      if (speed === 'watchable' || e.step % traceEvery === 0) post({ type: 'trace', step: e.step, trace: probe() });
      // the trainer evaluates right after this event when the step is due
      if (e.step % evalEvery === 0 || e.step === e.totalSteps) post({ type: 'evaluating', step: e.step });
      if (speed === 'watchable') await sleep(stepStarted + (1000 * WATCH_SECONDS) / steps - performance.now());
      stepStarted = performance.now();
    } else if (e.type === 'eval') post({ type: 'eval', step: e.step, metrics: e.metrics });
    else {
      const state: Record<string, WireTensor> = {};
      for (const [key, t] of Object.entries(training.model.stateDict())) state[key] = { shape: t.shape.slice(), data: Float64Array.from(t.data) };
      post({ type: 'end', result: e.result, state, trace: probe() }, Object.values(state).map((t) => t.data.buffer));
    }
  }
}

self.onmessage = (m: MessageEvent<ToWorker>) => {
  const message = m.data;
  if (message.type === 'speed') speed = message.speed;
  else if (message.type === 'stop') {
    controller?.abort(); // the run evaluates the model as it is, then ends as usual
  } else if (message.type === 'train') {
    if (busy) return; // one run at a time
    busy = true;
    speed = message.speed;
    run(message.task, message.seed)
      .catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }))
      .finally(() => { busy = false; controller = null; });
  }
};
