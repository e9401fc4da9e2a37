import { AttnError, loadModel, type Module } from '@attn/core';
import type { TrainEvent, TrainResult } from '../trainer/events.js';
import { checkPace, checkStepCount } from '../trainer/train.js';
import { endpoint, need, optionsOf } from '../check.js';
import type { Control, FromWorker, MessageEndpoint, RemoteTrainOptions, ToWorker } from './protocol.js';

let nextId = 1;

/**
 * A training run in a worker, driven like a {@link TrainingRun}: iterate it for the trainer's
 * events, or await it for the result; pause, resume, step, pace and stop it. Once it has ended,
 * `model` is the trained model, rebuilt on this side from the weights the worker sent.
 */
export class RemoteRun implements AsyncIterable<TrainEvent>, PromiseLike<TrainResult> {
  private readonly id = nextId++;
  private readonly queue: TrainEvent[] = [];
  private wakeReader: (() => void) | null = null;
  private consumer: 'iterator' | 'promise' | null = null;
  private failure: Error | null = null;
  private ended = false;
  private started = false;
  private held: boolean;
  private bytes: Uint8Array | null = null;
  private built: Module | null = null;
  private readonly result: Promise<TrainResult>;
  private settle!: [(r: TrainResult) => void, (e: Error) => void];
  private readonly listener = (event: MessageEvent) => this.receive(event.data as FromWorker);
  private readonly onWorkerError = (event: { message?: string }) => this.fail(new AttnError('STATE', `trainInWorker: the worker failed: ${event.message || 'it could not start'}`));

  constructor(private readonly endpoint: MessageEndpoint, options: RemoteTrainOptions) {
    this.held = options.paused === true;
    this.result = new Promise<TrainResult>((resolve, reject) => {
      this.settle = [resolve, reject];
    });
    this.result.catch(() => undefined); // a failure reaches whoever consumes the run
    endpoint.addEventListener('message', this.listener);
    (endpoint as { addEventListener(type: string, l: (e: { message?: string }) => void): void }).addEventListener('error', this.onWorkerError);
    endpoint.start?.();
    endpoint.postMessage({ kind: 'attn.train', id: this.id, options } satisfies ToWorker);
  }

  /** The trained model, once the run has ended (rebuilt with `loadModel` from the worker's weights). */
  get model(): Module {
    if (!this.ended) throw new AttnError('STATE', 'RemoteRun.model: the model arrives when the run ends; await or iterate the run first');
    if (!this.bytes) throw new AttnError('STATE', 'RemoteRun.model: the worker trained a custom module that records no configuration, so it sent no model');
    this.built ??= loadModel(this.bytes);
    return this.built;
  }

  /** True while the run holds between steps (after `pause()` or `step(n)`). */
  get paused(): boolean {
    return this.held;
  }

  /** Where the run is: not started, running, paused between steps, or ended. */
  get state(): 'idle' | 'running' | 'paused' | 'ended' {
    if (this.ended) return 'ended';
    if (this.held) return 'paused';
    return this.started ? 'running' : 'idle';
  }

  /** Holds the run before its next step, as `TrainingRun.pause`. */
  pause(): void {
    this.held = true;
    this.send({ action: 'pause' });
  }

  resume(): void {
    this.held = false;
    this.send({ action: 'resume' });
  }

  /** Runs `n` more steps, then holds. */
  step(n = 1): void {
    checkStepCount(n);
    this.held = true;
    this.send({ action: 'step', n });
  }

  /** At most this many steps per second, or `null` for full speed. */
  pace(stepsPerSecond: number | null): void {
    checkPace(stepsPerSecond);
    this.send({ action: 'pace', stepsPerSecond });
  }

  /** Ends the run before its next step (reason `stopped`); the worker still evaluates and sends the model. */
  stop(): void {
    this.send({ action: 'stop' });
  }

  private send(control: Control): void {
    if (!this.ended) this.endpoint.postMessage({ kind: 'attn.control', id: this.id, ...control } satisfies ToWorker);
  }

  private receive(m: FromWorker): void {
    if (m?.id !== this.id) return;
    if (m.kind === 'attn.model') this.bytes = m.bytes;
    else if (m.kind === 'attn.error') this.fail(new AttnError((m.code as never) ?? 'STATE', m.message));
    else {
      for (const e of m.events) {
        if (e.type === 'start') this.started = true;
        if (this.consumer !== 'promise') this.queue.push(e);
        if (e.type === 'end') {
          this.finish();
          this.settle[0](e.result);
        }
      }
      this.wakeReader?.();
    }
  }

  private finish(): void {
    this.ended = true;
    this.endpoint.removeEventListener?.('message', this.listener);
    (this.endpoint as { removeEventListener?(type: string, l: unknown): void }).removeEventListener?.('error', this.onWorkerError);
  }

  private fail(error: Error): void {
    if (this.ended) return;
    this.failure = error;
    this.finish();
    this.settle[1](error);
    this.wakeReader?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<TrainEvent> {
    if (this.consumer !== null) throw new AttnError('ARGUMENT', 'RemoteRun: this run is already being consumed; iterate it once, or await it');
    this.consumer = 'iterator';
    return {
      next: async () => {
        for (;;) {
          const e = this.queue.shift();
          if (e) return { done: false, value: e };
          if (this.failure) throw this.failure;
          if (this.ended) return { done: true, value: undefined };
          await new Promise<void>((resolve) => { this.wakeReader = resolve; });
          this.wakeReader = null;
        }
      },
      return: async () => {
        // leaving the loop early stops the run, as with a TrainingRun
        this.stop();
        await this.result.catch(() => undefined);
        return { done: true, value: undefined };
      },
    };
  }

  // biome-ignore lint/suspicious/noThenProperty: a remote run is awaitable on purpose, like a TrainingRun
  then<A = TrainResult, B = never>(onFulfilled?: ((r: TrainResult) => A | PromiseLike<A>) | null, onRejected?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    if (this.consumer === null) {
      this.consumer = 'promise';
      this.queue.length = 0;
    }
    return this.result.then(onFulfilled, onRejected);
  }
}

/**
 * Starts a training run in a worker that calls {@link serveTraining}, and returns it to drive
 * from here. The task is named, with `taskOptions` for its factory (the worker builds it); the
 * other options are `train()`'s.
 *
 * @example
 * ```ts
 * const worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' });
 * const run = trainInWorker(worker, { task: 'sort', seed: 0, traceEvery: 50 });
 * for await (const e of run) if (e.type === 'step') draw(e);
 * run.model; // the trained DecoderOnly
 * ```
 */
export function trainInWorker(worker: MessageEndpoint, options: RemoteTrainOptions): RemoteRun {
  endpoint('trainInWorker', worker);
  need(typeof optionsOf('trainInWorker', options).task === 'string', 'trainInWorker', 'options.task', 'the name of a task the worker serves', options.task);
  return new RemoteRun(worker, options);
}
