// The public API of @attn/core: every exported name is listed here.

// Errors
export { AttnError, type AttnErrorCode } from './errors.js';

// Tensors
export { Tensor, type NestedArray, type TensorLike } from './tensor/tensor.js';
export { setMaxAllocation, getMaxAllocation, checkAllocation, type DType, type Storage } from './tensor/storage.js';
export { tensor, zeros, ones, full, arange, eye, rand, randn, type CreateOptions, type RandomOptions } from './tensor/create.js';
export { broadcastShapes } from './tensor/shape.js';
export { Rng, type RngState } from './random/rng.js';

// Autograd
export { noGrad, isGradEnabled } from './autograd/grad-mode.js';
export { gradcheck, type GradcheckOptions, type GradcheckResult } from './autograd/gradcheck.js';

// Ops
export { add, sub, mul, div, pow, neg, exp, log, sqrt, abs, tanh, sigmoid, relu, erf, gelu } from './ops/elementwise.js';
export { eq, ne, lt, le, gt, ge, where, maskedFill } from './ops/compare.js';
export { sum, mean, max, min, variance, argmax, type VarOptions } from './ops/reduce.js';
export { reshape, permute, transpose, slice, index, squeeze, unsqueeze, concat, stack, split, expand } from './ops/shape.js';
export { matmul } from './ops/matmul.js';
export { linear } from './ops/linear.js';
export { gatherRows } from './ops/gather.js';
export { softmax, logSoftmax } from './ops/softmax.js';

// Attention
export { attention, causalMask, type AttentionOptions, type AttentionResult, type AttentionScale } from './attention/attention.js';

// Layers and models
export { Module, type StateDict, type LoadStateOptions, type ModelConfig } from './nn/module.js';
export { init, type Initializer, type RandomInit } from './nn/init.js';
export { activation, type Activation } from './nn/activation.js';
export { Linear, type LinearOptions } from './nn/linear.js';
export { MLP, type MLPOptions } from './nn/mlp.js';
export { LayerNorm, RMSNorm } from './nn/norm.js';
export { Embedding } from './nn/embedding.js';
export { sinusoidalEncoding, RotaryEmbedding } from './nn/positional.js';
export {
  MultiHeadAttention, KVCache, type MultiHeadAttentionOptions, type AttendOptions, type HeadOverride, type HeadOverrides,
} from './nn/multi-head-attention.js';
export {
  TransformerEncoderLayer, DecoderOnly, type DecoderCache,
  type TransformerEncoderLayerOptions, type DecoderOnlyOptions, type DecoderOnlyForwardOptions, type PositionalKind,
} from './nn/transformer.js';
export { mseLoss, crossEntropy, type CrossEntropyOptions } from './nn/loss.js';
export { TutorialAttention, type TutorialAttentionOptions, type TutorialForwardOptions } from './nn/tutorial-attention.js';

// Traces
export {
  TraceRecorder, traceForward, toTraceTensor, fromTraceTensor,
  type Trace, type TraceTensor, type AttentionTrace, type ForwardOptions, type Traceable,
} from './trace/trace.js';
export { tensorRows, attentionOf, headWeights, layersOf, headsOf, type HeadOptions, type HeadRowsOptions } from './trace/read.js';
export { stringifyTrace, parseTrace } from './trace/json.js';

// Weights files
export { encodeSafetensors, decodeSafetensors, type SafetensorsOptions, type SafetensorsFile } from './io/safetensors.js';
export { saveModel, loadModel, buildModel, MODEL_METADATA_KEY } from './io/model.js';
export { stateToJSON, stateFromJSON, type StateJSON } from './io/state-json.js';
export { crc32 } from './io/crc32.js';

// Elementary functions, the same bits in every engine
export { math } from './math/index.js';
