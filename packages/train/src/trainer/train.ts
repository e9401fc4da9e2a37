import { AttnError, noGrad, Rng, stateToJSON, Tensor, type ModelConfig, type Module, type StateJSON } from '@attn/core';
import { checkpointModel, modelDifference, type Checkpoint } from '../checkpoint/checkpoint.js';
import { gradNorm, clipGradNorm } from '../optim/clip.js';
import { createOptimizer, type OptimizerSpec } from '../optim/create.js';
import type { Optimizer } from '../optim/optimizer.js';
import { checkSchedule, lrAt, type Schedule } from '../schedule/schedule.js';
import type { Evaluate, Task } from '../tasks/task.js';
import type { TrainConfig } from './config.js';
import { nextTask } from './next-task.js';
import type { EndEvent, EvalEvent, EvalProgressEvent, EvalStartEvent, TrainerPlugin, StartEvent, StepEvent, TrainContext, TrainEvent, TrainResult } from './events.js';

/** Options of {@link train}; everything but `task` has a default (mostly from the task). */
export interface TrainOptions<M extends Module = Module> {
  task: Task<M>;
  /**
   * The model to train; `task.createModel` from the seed by default, or with `resume` the model
   * the checkpoint records. Given with `resume`, its class and options must be the checkpoint's.
   */
  model?: M;
  /** Optimizer steps to run (in total, counting steps before a resume). */
  steps?: number;
  /** Alternative to `steps` for tasks with a finite training set: passes over it. */
  epochs?: number;
  batchSize?: number;
  /** Seed of the model's initialization and of the training data. Default 0. */
  seed?: number;
  /** The optimizer; the task's default otherwise. */
  optimizer?: OptimizerSpec;
  /** Shortcut to override the optimizer's learning rate. */
  lr?: number;
  schedule?: Schedule;
  /** Clip gradients to this global norm; `null` to turn off the task's default. */
  clip?: number | null;
  /** Evaluate on the held-out set every this many steps (and at the end). */
  evalEvery?: number;
  /** Attach a trace of the probe input to every this many step events. */
  traceEvery?: number | null;
  /**
   * Attach a copy of the model's weights (`StateJSON`, as `stateToJSON` writes it) to every this
   * many step events, to the start event (the untrained weights) and to the end event (the final
   * ones): snapshots a view can scrub through. `null` (the default) for none.
   */
  weightsEvery?: number | null;
  /** Stops the run (reason `aborted`) when aborted. */
  signal?: AbortSignal;
  plugins?: readonly TrainerPlugin[];
  /**
   * Continue from this checkpoint (same task): the model is rebuilt from the checkpoint's model
   * configuration and loaded with its weights, or `model` is loaded (a custom module's
   * checkpoint records no configuration and needs `model`).
   */
  resume?: Checkpoint;
  /**
   * Let other work run (UI updates, timers) at least this often, in milliseconds: between steps,
   * between the passes of a slow step (forward, backward, update) and between evaluation chunks.
   * Default 50.
   */
  yieldEvery?: number;
}

function bad(message: string): never {
  throw new AttnError('ARGUMENT', `train: ${message}`);
}

const posInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

/** Checks the options that are not part of the run's configuration: plugins, signal, yieldEvery. */
function checkRunOptions(o: TrainOptions<any>): void {
  const { plugins, signal, yieldEvery } = o;
  if (plugins !== undefined) {
    if (!Array.isArray(plugins)) bad(`plugins must be an array of plugin objects, got ${plugins === null ? 'null' : typeof plugins}`);
    plugins.forEach((p, i) => {
      if (p === null || typeof p !== 'object' || typeof p.name !== 'string') bad(`plugins[${i}] must be a plugin object with a name, got ${p === null ? 'null' : typeof p}`);
    });
  }
  if (signal !== undefined && !(signal !== null && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function')) {
    bad(`signal must be an AbortSignal, got ${signal === null ? 'null' : typeof signal}`);
  }
  if (yieldEvery !== undefined && !(typeof yieldEvery === 'number' && yieldEvery >= 0 && Number.isFinite(yieldEvery))) {
    bad(`yieldEvery must be a number of milliseconds >= 0, got ${yieldEvery}`);
  }
}

/** Resolves options against the task's defaults (and a resumed run's config), checking each. */
function resolveConfig<M extends Module>(o: TrainOptions<M>): TrainConfig {
  const d = o.task.defaults;
  const base = o.resume?.config;
  let steps = o.steps ?? base?.steps ?? d.steps;
  if (o.epochs !== undefined) {
    if (o.steps !== undefined) bad('give steps or epochs, not both');
    if (!(o.epochs > 0)) bad(`epochs must be > 0, got ${o.epochs}`);
    if (!o.task.trainSize) bad(`task '${o.task.name}' draws fresh examples every step and has no epochs; use steps`);
    steps = Math.ceil((o.epochs * o.task.trainSize) / (o.batchSize ?? base?.batchSize ?? d.batchSize));
  }
  if (!posInt(steps)) bad(`steps must be a positive integer, got ${steps}`);
  const batchSize = o.batchSize ?? base?.batchSize ?? d.batchSize;
  if (!posInt(batchSize)) bad(`batchSize must be a positive integer, got ${batchSize}`);
  if (o.optimizer !== undefined && (o.optimizer === null || typeof o.optimizer !== 'object')) {
    bad(`optimizer must be an optimizer spec such as { kind: 'adam', lr: 0.01 }, got ${o.optimizer === null ? 'null' : typeof o.optimizer}`);
  }
  const optimizer = { ...(o.optimizer ?? base?.optimizer ?? d.optimizer) } as OptimizerSpec;
  if (o.lr !== undefined) {
    if (!(o.lr > 0 && Number.isFinite(o.lr))) bad(`lr must be a positive number, got ${o.lr}`);
    optimizer.lr = o.lr;
  }
  const schedule = checkSchedule(o.schedule ?? base?.schedule ?? d.schedule ?? { kind: 'constant' });
  const clip = o.clip !== undefined ? o.clip : base?.clip ?? d.clip ?? null;
  if (clip !== null && !(clip > 0 && Number.isFinite(clip))) bad(`clip must be a positive number or null, got ${clip}`);
  const evalEvery = o.evalEvery ?? base?.evalEvery ?? d.evalEvery ?? Math.max(1, Math.ceil(steps / 10));
  if (!posInt(evalEvery)) bad(`evalEvery must be a positive integer, got ${evalEvery}`);
  const traceEvery = o.traceEvery ?? base?.traceEvery ?? null;
  if (traceEvery !== null && !posInt(traceEvery)) bad(`traceEvery must be a positive integer or null, got ${traceEvery}`);
  if (traceEvery !== null && !o.task.probe) bad(`task '${o.task.name}' has no probe input to trace`);
  const weightsEvery = o.weightsEvery ?? base?.weightsEvery ?? null;
  if (weightsEvery !== null && !posInt(weightsEvery)) bad(`weightsEvery must be a positive integer or null, got ${weightsEvery}`);
  return { steps, batchSize, optimizer, schedule, clip, evalEvery, traceEvery, weightsEvery };
}

/** The first parameter whose gradient holds NaN or ±Infinity, with its name. */
function badGradient(model: Module): string | null {
  for (const [name, p] of model.namedParameters()) {
    const g = p.grad?.data;
    if (!g) continue;
    for (let i = 0; i < g.length; i++) if (!Number.isFinite(g[i])) return `gradient of '${name}' holds ${g[i]} at index ${i}`;
  }
  return null;
}

/** The model's configuration, or null for a custom module that records none. */
function configOf(model: Module): ModelConfig | null {
  try {
    return model.modelConfig();
  } catch (e) {
    if (e instanceof AttnError) return null;
    throw e;
  }
}

/** The model a resumed run trains: the checkpoint's own, or `given` if it is the same model. */
function resumedModel<M extends Module>(resume: Checkpoint, given: M | undefined): M {
  if (given === undefined) {
    if (resume.modelConfig === null) {
      throw new AttnError('STATE', 'train: the checkpoint holds a custom module that records no configuration; pass the model to continue as `model`');
    }
    return checkpointModel(resume) as M;
  }
  const own = configOf(given);
  const diff = resume.modelConfig && modelDifference(resume.modelConfig, own, 'the model given');
  if (diff) throw new AttnError('STATE', `train: the checkpoint does not fit this run: ${diff}`);
  return given;
}

/** The checkpoint's optimizer state with its buffers in the order of `model`'s parameters. */
function inModelOrder(resume: Checkpoint, model: Module): Checkpoint['optimizer'] {
  const index = new Map(Object.keys(resume.model).map((n, i) => [n, i]));
  const order = model.namedParameters().map(([n]) => index.get(n)!);
  const buffers = Object.fromEntries(Object.entries(resume.optimizer.buffers).map(([k, list]) => [k, order.map((i) => list[i] ?? null)]));
  return { ...resume.optimizer, buffers };
}

const now = () => globalThis.performance.now();
/** What the generator shares with its {@link TrainingRun}: the controls, and the result once there is one. */
interface RunState {
  result?: TrainResult;
  model?: Module;
  checkpoint?: () => Checkpoint;
  paused: boolean;
  /** Steps still to run while paused (from `step(n)`). */
  credits: number;
  stopRequested: boolean;
  /** Steps per second to hold the run to, or null for as fast as it goes. */
  pace: number | null;
  /** Wakes the run when it waits for a control. */
  wake: (() => void) | null;
}

async function* run<M extends Module>(options: TrainOptions<M>, out: RunState): AsyncGenerator<TrainEvent> {
  const { task, resume, signal } = options;
  if (task === null || typeof task !== 'object' || typeof task.sample !== 'function') bad(`task must be a Task object, got ${String(task)}`);
  if (resume && resume.task !== task.name) {
    throw new AttnError('STATE', `train: the checkpoint is for task '${resume.task}', not '${task.name}'`);
  }
  if (resume && JSON.stringify(resume.tokenizer ?? null) !== JSON.stringify(task.tokenizer?.toJSON() ?? null)) {
    throw new AttnError('STATE', `train: the checkpoint's tokenizer is not the task's: ${resume.tokenizer ? 'make the task with tokenizerFromJSON(checkpoint.tokenizer)' : 'the checkpoint has none'}`);
  }
  checkRunOptions(options);
  const seed = options.seed ?? resume?.seed ?? 0;
  if (!Number.isFinite(seed)) bad(`seed must be a finite number, got ${seed}`);
  const config = resolveConfig(options);
  const root = new Rng(seed);
  const modelRng = root.split();
  const dataRng = resume ? Rng.fromState(resume.rng) : root.split();
  const model = resume ? resumedModel(resume, options.model) : options.model ?? task.createModel(modelRng);
  out.model = model;
  const modelConfig = configOf(model);
  const optimizer: Optimizer = createOptimizer(config.optimizer, model.parameters());
  const baseLr = optimizer.lr;
  let step = 0;
  if (resume) {
    try {
      model.loadStateDict(resume.model);
      optimizer.loadState(inModelOrder(resume, model));
    } catch (e) {
      // say that the checkpoint is what does not fit, not only which tensor
      throw new AttnError('STATE', `train: the checkpoint of step ${resume.step} does not fit this run: ${(e as Error).message}`);
    }
    optimizer.lr = baseLr;
    step = resume.step;
  }
  const plugins = options.plugins ?? [];
  const tokenizer = task.tokenizer?.toJSON();
  const snapshot = (): Checkpoint => ({
    task: task.name, seed, step, config, rng: dataRng.state(), modelConfig,
    // copies: stateDict() shares storage with the model, which the next steps keep changing
    model: Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, new Tensor(t.data.slice(), t.shape)])),
    optimizer: optimizer.state(),
    ...(tokenizer && { tokenizer }),
  });
  out.checkpoint = snapshot;
  // stateToJSON copies every value into plain arrays: later steps leave the snapshot as it was
  const weights = (): StateJSON => stateToJSON(model.stateDict());
  const ctx: TrainContext<M> = { model, optimizer, task, checkpoint: snapshot, stop: () => { out.stopRequested = true; } };
  const hooks = async <E>(name: 'onTrainStart' | 'onStepEnd' | 'onEvalStart' | 'onEvalEnd' | 'onTrainEnd', event: E) => {
    for (const p of plugins) await (p[name] as ((e: E, c: TrainContext) => void | Promise<void>) | undefined)?.call(p, event, ctx as TrainContext);
  };

  // Waits until a control (resume, step, stop, pace), the signal or `ms` wakes the run.
  const wait = (ms?: number) => new Promise<void>((resolve) => {
    const done = () => { clearTimeout(timer); signal?.removeEventListener('abort', done); out.wake = null; resolve(); };
    const timer = ms === undefined ? undefined : setTimeout(done, ms);
    signal?.addEventListener('abort', done);
    out.wake = done;
  });
  let started = now();
  let lastYield = started;
  const yieldEvery = options.yieldEvery ?? 50;
  const yieldDue = () => now() - lastYield >= yieldEvery;
  const yieldNow = async () => {
    await nextTask();
    lastYield = now();
  };
  // The held-out metrics, in eval mode; in chunks with time for other work between them when the
  // task can, reporting how far it has got each time it lets other work in.
  async function* evaluating(): AsyncGenerator<EvalProgressEvent, Record<string, number>> {
    model.eval();
    const inChunks = (task.evaluate as Evaluate<M>).chunks; // set by evaluateInChunks
    if (!inChunks) return noGrad(() => task.evaluate(model));
    const chunks = inChunks(model);
    for (;;) {
      const chunk = noGrad(() => chunks.next());
      if (chunk.done) return chunk.value;
      if (!yieldDue()) continue;
      if (typeof chunk.value === 'number') yield { type: 'evalProgress', step, done: chunk.value };
      await yieldNow();
    }
  }
  // The same, for where no event can be sent (after the consumer has left).
  const evaluate = async (): Promise<Record<string, number>> => {
    const evaluation = evaluating();
    for (;;) {
      const r = await evaluation.next();
      if (r.done) return r.value;
    }
  };
  let lastStepAt = -Infinity;
  let lastLoss = NaN;
  let metrics: Record<string, number> = {};
  let reason: TrainResult['reason'] = 'done';
  const firstStep = step;
  let failed = false;
  try {
    const start: StartEvent = { type: 'start', step, totalSteps: config.steps, task: task.name, seed, parameters: model.numParameters(), config };
    if (config.traceEvery !== null) start.trace = noGrad(() => task.probe!(model));
    if (config.weightsEvery !== null) start.weights = weights();
    await hooks('onTrainStart', start);
    yield start;
    // let a view draw the start before the first (slowest, not yet optimized) steps
    await yieldNow();
    model.train();
    while (step < config.steps && !out.stopRequested) {
      if (out.paused && out.credits === 0 && !signal?.aborted) {
        const pausedAt = now();
        await wait();
        started += now() - pausedAt; // reported time excludes paused time
        continue;
      }
      const due = out.pace === null ? 0 : lastStepAt + 1000 / out.pace - now();
      if (due > 0 && !signal?.aborted) {
        await wait(due);
        lastYield = now();
        continue;
      }
      lastStepAt = now();
      if (out.credits > 0) out.credits--;
      if (signal?.aborted) {
        reason = 'aborted';
        break;
      }
      const lr = lrAt(config.schedule, step, config.steps, baseLr);
      optimizer.lr = lr;
      const batch = task.sample(dataRng, config.batchSize);
      const loss = task.loss(model, batch);
      const value = loss.item();
      if (!Number.isFinite(value)) throw new AttnError('NUMERIC', `train: step ${step + 1}: the loss is ${value}; parameters are left as after step ${step}`);
      // A slow step (the first ones, before the engine has optimized them, take 10–20 times as
      // long) lets other work in between its passes too, not only after it.
      if (yieldDue()) await yieldNow();
      optimizer.zeroGrad();
      loss.backward();
      const norm = gradNorm(model.parameters());
      if (!Number.isFinite(norm)) {
        throw new AttnError('NUMERIC', `train: step ${step + 1}: ${badGradient(model) ?? `the gradient norm is ${norm}`}; parameters are left as after step ${step}`);
      }
      if (config.clip !== null) clipGradNorm(model.parameters(), config.clip);
      if (yieldDue()) await yieldNow();
      optimizer.step();
      step++;
      lastLoss = value;
      const seconds = (now() - started) / 1000;
      const event: StepEvent = {
        type: 'step', step, totalSteps: config.steps, loss: value, gradNorm: norm, lr,
        stepsPerSecond: seconds > 0 ? (step - firstStep) / seconds : 0, seconds,
      };
      if (config.traceEvery !== null && step % config.traceEvery === 0) event.trace = noGrad(() => task.probe!(model));
      if (config.weightsEvery !== null && step % config.weightsEvery === 0) event.weights = weights();
      await hooks('onStepEnd', event);
      yield event;
      if (step % config.evalEvery === 0 || step === config.steps) {
        const begin: EvalStartEvent = { type: 'evalStart', step };
        await hooks('onEvalStart', begin);
        yield begin;
        const evalStarted = now();
        metrics = yield* evaluating();
        model.train();
        const ev: EvalEvent = { type: 'eval', step, metrics, seconds: (now() - evalStarted) / 1000 };
        await hooks('onEvalEnd', ev);
        yield ev;
      }
      if (yieldDue()) await yieldNow();
    }
    if (out.stopRequested && reason === 'done') reason = 'stopped';
    model.eval();
    // A run cut short has not evaluated its last step yet.
    if (reason !== 'done' && step > firstStep && step % config.evalEvery !== 0) metrics = yield* evaluating();
    const result: TrainResult = { task: task.name, seed, steps: step, seconds: (now() - started) / 1000, finalLoss: lastLoss, metrics, reason };
    out.result = result;
    await hooks('onTrainEnd', result);
    const end: EndEvent = { type: 'end', result };
    if (config.weightsEvery !== null) end.weights = weights();
    yield end;
  } catch (e) {
    failed = true;
    const error = e instanceof Error ? e : new Error(String(e));
    for (const p of plugins) await p.onError?.(error, ctx as TrainContext);
    throw error;
  } finally {
    // The consumer left the loop early (break): the run ends as stopped, and plugins hear of it
    // as they would of ctx.stop() — e.g. the checkpoints plugin saves the last step.
    if (!failed && out.result === undefined) {
      if (step > firstStep) metrics = await evaluate();
      out.result = { task: task.name, seed, steps: step, seconds: (now() - started) / 1000, finalLoss: lastLoss, metrics, reason: 'stopped' };
      await hooks('onTrainEnd', out.result);
    }
  }
}

/** @internal Refuses a step count that is not a positive integer (`TrainingRun.step`). */
export function checkStepCount(n: number): void {
  if (!posInt(n)) bad(`step: n must be a positive integer, got ${n}`);
}

/** @internal Refuses a pace that is neither a positive number nor null (`TrainingRun.pace`). */
export function checkPace(stepsPerSecond: number | null): void {
  if (stepsPerSecond !== null && !(stepsPerSecond > 0 && Number.isFinite(stepsPerSecond))) {
    bad(`pace: steps per second must be a positive number or null, got ${stepsPerSecond}`);
  }
}

function stoppedBeforeStart(o: TrainOptions<any>): TrainResult {
  return { task: o.task?.name, seed: o.seed ?? 0, steps: 0, seconds: 0, finalLoss: NaN, metrics: {}, reason: 'stopped' };
}

/**
 * A training run: iterate it for events (`for await (const e of run)`), or await it for the
 * result — plugins see every event either way.
 */
export class TrainingRun<M extends Module = Module> implements AsyncIterable<TrainEvent>, PromiseLike<TrainResult> {
  private readonly gen: AsyncGenerator<TrainEvent>;
  private readonly out: RunState = { paused: false, credits: 0, stopRequested: false, pace: null, wake: null };
  private consumer: 'iterator' | 'promise' | null = null;
  private done: Promise<TrainResult> | null = null;
  private settle!: [(r: TrainResult) => void, (e: unknown) => void];

  constructor(private readonly options: TrainOptions<M>) {
    this.gen = run(options, this.out);
  }

  /**
   * The model being trained (the one given in the options, or the task's default model built
   * from the seed); available once the run has started, e.g. after `await run`.
   */
  get model(): M {
    if (!this.out.model) throw new AttnError('STATE', 'TrainingRun.model: the run has not started yet; iterate or await it first');
    return this.out.model as M;
  }

  /** True while the run holds between steps (after `pause()` or `step(n)`). */
  get paused(): boolean {
    return this.out.paused;
  }

  /**
   * The complete state after the last completed step, ready to save (as `ctx.checkpoint()` in
   * a plugin); also after the run has ended.
   */
  checkpoint(): Checkpoint {
    if (!this.out.checkpoint) throw new AttnError('STATE', 'TrainingRun.checkpoint: the run has not started yet; iterate or await it first');
    return this.out.checkpoint();
  }

  /** Where the run is: not started, running, paused between steps, or ended. */
  get state(): 'idle' | 'running' | 'paused' | 'ended' {
    if (this.out.result) return 'ended';
    if (this.out.paused) return 'paused';
    return this.out.model ? 'running' : 'idle';
  }

  /**
   * Holds the run before its next step until `resume()`, `step(n)` or `stop()`; the results
   * are the same as an uninterrupted run's, bit for bit.
   *
   * @example
   * ```ts
   * const run = train({ task: addTwo(), steps: 50 });
   * run.pause();
   * run.step(3); // runs 3 steps, then holds
   * run.resume();
   * await run;
   * ```
   */
  pause(): void {
    this.out.paused = true;
  }

  /** Continues a paused run. */
  resume(): void {
    this.out.paused = false;
    this.out.credits = 0;
    this.out.wake?.();
  }

  /** Runs `n` more steps, then holds (the run is paused afterwards). */
  step(n = 1): void {
    checkStepCount(n);
    this.out.paused = true;
    this.out.credits += n;
    this.out.wake?.();
  }

  /** Holds the run to at most this many steps per second (for watching), or `null` for full speed; settable mid-run. */
  pace(stepsPerSecond: number | null): void {
    checkPace(stepsPerSecond);
    this.out.pace = stepsPerSecond;
    this.out.wake?.();
  }

  /** Ends the run before its next step (reason `stopped`), paused or not. */
  stop(): void {
    this.out.stopRequested = true;
    this.out.wake?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<TrainEvent> {
    if (this.consumer !== null) throw new AttnError('ARGUMENT', 'TrainingRun: this run is already being consumed; iterate it once, or await it');
    this.consumer = 'iterator';
    const result = this.result();
    const gen = this.gen;
    const options = this.options;
    return {
      next: async () => {
        try {
          const r = await gen.next();
          if (r.done) this.settle[0](this.out.result!);
          return r;
        } catch (e) {
          this.settle[1](e);
          result.catch(() => undefined); // the iterator's caller sees the error; avoid an unhandled rejection
          throw e;
        }
      },
      return: async () => {
        // The consumer left the loop early (break): the run ends as stopped.
        try {
          await gen.return(undefined);
        } catch (e) {
          this.settle[1](e); // an onTrainEnd hook failed
          result.catch(() => undefined);
          throw e;
        }
        this.settle[0](this.out.result ?? stoppedBeforeStart(options));
        return { done: true, value: undefined };
      },
    };
  }

  private result(): Promise<TrainResult> {
    this.done ??= new Promise<TrainResult>((resolve, reject) => {
      this.settle = [resolve, reject];
    });
    return this.done;
  }

  // biome-ignore lint/suspicious/noThenProperty: a run is awaitable on purpose, `await train(…)` gives its result
  then<A = TrainResult, B = never>(onFulfilled?: ((r: TrainResult) => A | PromiseLike<A>) | null, onRejected?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    if (this.consumer === null) {
      this.consumer = 'promise';
      const result = this.result();
      void (async () => {
        try {
          for await (const _ of { [Symbol.asyncIterator]: () => this.gen }) void _;
          this.settle[0](this.out.result!);
        } catch (e) {
          this.settle[1](e);
        }
      })();
      return result.then(onFulfilled, onRejected);
    }
    return this.result().then(onFulfilled, onRejected);
  }
}

/**
 * Trains a model on a task: one call, with events for any view.
 *
 * @example
 * ```ts
 * const run = train({ task: addTwo(), seed: 1, plugins: [history()] });
 * const result = await run;
 * result.metrics.testMse; // below 1e-3
 * run.model; // the trained TutorialAttention
 *
 * for await (const e of train({ task: addTwo(), steps: 200 })) {
 *   if (e.type === 'step') console.log(e.step, e.loss);
 * }
 * ```
 */
export function train<M extends Module>(options: TrainOptions<M>): TrainingRun<M> {
  if (options === null || typeof options !== 'object') bad(`expected an options object, got ${String(options)}`);
  return new TrainingRun<M>(options);
}
