import { AttnError, decodeSafetensors, encodeSafetensors, Tensor, type ModelConfig, type StateDict } from '@attn/core';
import { need } from '../check.js';
import { checksum } from './checkpoint.js';

/**
 * A trained model as a link carries it: the task it was trained on, how far and how well, its
 * class and options, and its weights. {@link checkpointModel} rebuilds the model from it.
 */
export interface ModelLink {
  /** The task's name, e.g. `add-two`; the app that opens the link needs that task (a plugin's, with its plugin). */
  task: string;
  /** Seed of the run that trained it. */
  seed: number;
  /** Steps it was trained for. */
  step: number;
  /** The task's held-out metrics of this model, as `evaluate` returned them. */
  metrics: Record<string, number>;
  /** The model's class and options (`model.modelConfig()`), which rebuild it. */
  modelConfig: ModelConfig;
  /** The model's parameters (`model.stateDict()`); float32 tensors travel as float32, the others as float64. */
  model: StateDict;
}

/** What a model link's fragment starts with (after the `#`): VitePress's heading anchors never do. */
export const MODEL_LINK_PREFIX = 'model=';

const VERSION = 1;
const KEY = 'attn.link';
const CHECKSUM_KEY = 'attn.checksum';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
const isMetrics = (v: unknown) => isObject(v) && Object.values(v).every(Number.isFinite);

/** Bytes as base64url (RFC 4648 §5, no padding): the characters a URL fragment keeps as they are. */
function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string, fail: (why: string) => never): Uint8Array {
  const bad = text.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) fail(`the model's text has ${JSON.stringify(text[bad])} at character ${bad + 1}, which base64url does not use (was the link cut or changed?)`);
  if (text.length % 4 === 1) fail(`the model's text has ${text.length} characters, which no whole number of bytes encodes: the link is truncated`);
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Encodes a trained model as the fragment of a link, `model=v1.` then base64url: the bytes are
 * a safetensors file (as checkpoints and `saveModel` write) of the weights, each tensor in its
 * own dtype, with the task, seed, step, metrics and model configuration as JSON metadata and a
 * checksum of all of it, like a checkpoint's. No server is involved: put it after a page's `#`
 * and the page (or `attn open`) rebuilds the model from it, bit for bit. Synchronous, and not
 * compressed: deflate saves 8% on the sort model and 22% on add-two's (trained float64 weights
 * are close to random bytes), and the browser's `CompressionStream` is asynchronous only.
 *
 * @example
 * ```ts
 * const run = train({ task: addTwo(), seed: 0 });
 * const result = await run;
 * const fragment = encodeModelLink({
 *   task: 'add-two', seed: 0, step: result.steps, metrics: result.metrics,
 *   modelConfig: run.model.modelConfig(), model: run.model.stateDict(),
 * });
 * const url = `https://example.org/tutorial#${fragment}`;
 * ```
 */
export function encodeModelLink(link: ModelLink): string {
  const op = 'encodeModelLink';
  need(isObject(link), op, 'the link', 'an object', link);
  need(typeof link.task === 'string' && link.task !== '', op, 'link.task', 'a task name', link.task);
  need(Number.isFinite(link.seed), op, 'link.seed', 'a finite number', link.seed);
  need(isCount(link.step), op, 'link.step', 'a step count', link.step);
  need(isMetrics(link.metrics), op, 'link.metrics', 'an object of finite numbers', link.metrics);
  need(isObject(link.modelConfig) && typeof link.modelConfig.class === 'string' && isObject(link.modelConfig.options), op, 'link.modelConfig',
    "the model's class and options (model.modelConfig(); a custom module that records none cannot travel in a link)", link.modelConfig);
  need(isObject(link.model) && Object.values(link.model).every((t) => t instanceof Tensor), op, 'link.model', 'a state dict (an object of tensors)', link.model);
  const { task, seed, step, metrics, modelConfig } = link;
  const meta = JSON.stringify({ task, seed, step, metrics, model: modelConfig });
  const bytes = encodeSafetensors(link.model, { metadata: { [KEY]: meta, [CHECKSUM_KEY]: String(checksum(meta, link.model)) } });
  return `${MODEL_LINK_PREFIX}v${VERSION}.${toBase64Url(bytes)}`;
}

/**
 * Reads the model a link holds. It takes the whole URL, the fragment with or without its `#`,
 * with whitespace around it (as read from a file). A text that is not a model link, one cut
 * short or changed (the checksum covers the metadata and every weight), or one of another
 * version is refused with a FORMAT error that says which.
 *
 * @example
 * ```ts
 * const link = decodeModelLink(location.href);
 * const model = checkpointModel(link); // the trained model, its weights bit for bit
 * link.metrics.testMse; // as measured when the link was made
 * ```
 */
export function decodeModelLink(text: string): ModelLink {
  const fail = (why: string): never => {
    throw new AttnError('FORMAT', `decodeModelLink: ${why}`);
  };
  if (typeof text !== 'string') fail(`expected the text of a link, got ${text === null ? 'null' : typeof text}`);
  const trimmed = text.trim();
  const fragment = trimmed.includes('#') ? trimmed.slice(trimmed.indexOf('#') + 1) : trimmed;
  if (!fragment.startsWith(MODEL_LINK_PREFIX)) {
    fail(`not a model link: expected a URL whose fragment starts with '#${MODEL_LINK_PREFIX}', or the fragment itself, got ${JSON.stringify(trimmed.slice(0, 60))}${trimmed.length > 60 ? '…' : ''}`);
  }
  const body = fragment.slice(MODEL_LINK_PREFIX.length);
  const version = /^v(\d+)\./.exec(body);
  if (!version) fail(`expected '${MODEL_LINK_PREFIX}v${VERSION}.' and the model, got ${JSON.stringify(fragment.slice(0, 24))}`);
  if (Number(version![1]) !== VERSION) {
    fail(`this link was made by ${Number(version![1]) > VERSION ? 'a newer' : 'an older'} attn (link version ${version![1]}); this one reads version ${VERSION}`);
  }
  const bytes = fromBase64Url(body.slice(version![0].length), fail);
  let file;
  try {
    file = decodeSafetensors(bytes);
  } catch (e) {
    return fail(`the link is truncated or corrupted (${(e as Error).message})`);
  }
  const raw = file.metadata[KEY];
  const stored = file.metadata[CHECKSUM_KEY];
  if (raw === undefined || stored === undefined) fail(`the link holds no '${KEY}' metadata and checksum: it was not made by encodeModelLink`);
  if (String(checksum(raw, file.tensors)) !== stored) fail('checksum mismatch: the link was changed or corrupted');
  let meta;
  try {
    meta = JSON.parse(raw);
  } catch (e) {
    return fail(`its metadata is not valid JSON (${(e as Error).message})`);
  }
  const field = (ok: boolean, name: string, want: string) => {
    if (!ok) fail(`metadata field '${name}' must be ${want}, got ${JSON.stringify(meta?.[name] ?? null).slice(0, 80)}`);
  };
  if (!isObject(meta)) fail(`its metadata must be a JSON object, got ${JSON.stringify(meta).slice(0, 80)}`);
  field(typeof meta.task === 'string' && meta.task !== '', 'task', 'a task name');
  field(Number.isFinite(meta.seed), 'seed', 'a finite number');
  field(isCount(meta.step), 'step', 'a step count');
  field(isMetrics(meta.metrics), 'metrics', 'an object of finite numbers');
  field(isObject(meta.model) && typeof meta.model.class === 'string' && isObject(meta.model.options), 'model', '{ class, options }');
  return { task: meta.task, seed: meta.seed, step: meta.step, metrics: meta.metrics, modelConfig: meta.model, model: file.tensors };
}
