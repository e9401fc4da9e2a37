// The public API of @attn/train (platform-neutral). File helpers live in '@attn/train/node'.

// Training
export { train, TrainingRun, type TrainOptions } from './trainer/train.js';
export type { TrainConfig } from './trainer/config.js';
export type {
  TrainerPlugin, TrainContext, TrainEvent, StartEvent, StepEvent, EvalStartEvent, EvalProgressEvent, EvalEvent, EndEvent, TrainResult,
} from './trainer/events.js';
export { forEachFrame, type FrameOptions } from './trainer/frames.js';

// Training in a Web Worker, driven from the page
export { serveTraining } from './worker/host.js';
export { trainInWorker, RemoteRun } from './worker/client.js';
export type { RemoteTrainOptions, MessageEndpoint } from './worker/protocol.js';

// Plugins for attn's apps: trainer hooks, tasks and training-dashboard views
export type { AttnPlugin, View, ViewInput } from './plugin/plugin.js';

// Optimizers, schedules, clipping
export { Optimizer, type OptimizerState } from './optim/optimizer.js';
export { SGD, type SGDOptions } from './optim/sgd.js';
export { Adam, AdamW, type AdamOptions } from './optim/adam.js';
export { createOptimizer, type OptimizerSpec } from './optim/create.js';
export { clipGradNorm, gradNorm } from './optim/clip.js';
export { lrAt, checkSchedule, type Schedule } from './schedule/schedule.js';

// Losses (computed by @attn/core, re-exported here for the training loop's users)
export { mseLoss, crossEntropy, type CrossEntropyOptions } from '@attn/core';

// Tasks
export { evaluateInChunks, type Task, type TaskDefaults, type TaskMetric, type Example, type Evaluate, type TaskInput, type ParsedInput, type TaskAnswer, type WriteOptions, type WrittenSample } from './tasks/task.js';
export { metricInfo, formatMetric, type MetricInfo, type MetricSource } from './tasks/metrics.js';
export {
  numberInput, digitInput, numberAnswer, MAX_INPUT, type NumberInputSpec, type DigitInputSpec,
} from './tasks/input.js';
export { addTwo, type AddTwoOptions, type PairBatch } from './tasks/add-two.js';
export {
  sequenceTask, greedyDecode, IGNORE,
  type SequenceTask, type SequenceTaskSpec, type SequenceItem, type TokenBatch, type SequenceModelOptions, type TokenModel,
} from './tasks/sequence.js';
export { sort, type SortOptions } from './tasks/sort.js';
export { reverse, type ReverseOptions } from './tasks/reverse.js';
export { digitsAdd, type DigitsAddOptions } from './tasks/digits-add.js';
export { sumN, type SumNOptions, type SequenceBatch } from './tasks/sum-n.js';
export { induction, type InductionOptions, type InductionTask } from './tasks/induction.js';
export { textTask, type TextTaskOptions, type TextTask } from './tasks/text.js';
export { tokenWindows } from './tasks/windows.js';

// Tokenizers, for tasks on text
export { tokenizerFromJSON, type Tokenizer, type TokenizerJSON, type CharTokenizerJSON, type BpeTokenizerJSON } from './text/tokenizer.js';
export { charTokenizer } from './text/char.js';
export { bpeTokenizer, MAX_BPE_VOCAB, type BpeOptions } from './text/bpe.js';
export { decodeText } from './text/decode-text.js';

// Generating tokens with a trained model
export { generate, generateAll, generateTraced, tokenProbabilities, type GenerateOptions, type SamplingOptions, type TracedToken } from './generate/generate.js';

// Checkpoints (as bytes; see '@attn/train/node' for files)
export { encodeCheckpoint, decodeCheckpoint, checkpointModel, type Checkpoint } from './checkpoint/checkpoint.js';
// A trained model in a link's fragment (`#model=v1.…`), no server needed
export { encodeModelLink, decodeModelLink, MODEL_LINK_PREFIX, type ModelLink } from './checkpoint/link.js';

// Built-in plugins
export { history, type HistoryPlugin, type HistoryPoint } from './plugins/history.js';
export { progress, type ProgressOptions } from './plugins/progress.js';
export { earlyStopping, type EarlyStoppingOptions } from './plugins/early-stopping.js';
