import { AttnError, check, describe, fmt, need } from '../errors.js';
import { pow2 } from '../math/index.js';
import { sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/storage.js';
import type { StateDict } from '../nn/module.js';

/** Options of {@link encodeSafetensors}. */
export interface SafetensorsOptions {
  /** Element type written to the file: `'F64'` keeps every bit, `'F32'` halves the size. Default: each tensor's own dtype. */
  dtype?: 'F32' | 'F64';
  /** String key/values stored under `__metadata__`. */
  metadata?: Record<string, string>;
}

/** A decoded safetensors file. */
export interface SafetensorsFile {
  tensors: StateDict;
  metadata: Record<string, string>;
}

const BYTES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

/**
 * Serializes tensors to the safetensors format (8-byte little-endian header length, a JSON
 * header with `dtype`, `shape` and `data_offsets` per tensor, then raw little-endian data),
 * the format PyTorch's and Hugging Face's `safetensors` read.
 *
 * @example
 * ```ts
 * const bytes = encodeSafetensors(new Linear(2, 3).stateDict());
 * decodeSafetensors(bytes).tensors.weight.shape; // [3, 2]
 * // in Python: safetensors.torch.load(bytes) gives the same 'bias' [3] and 'weight' [3, 2]
 * ```
 */
export function encodeSafetensors(tensors: StateDict, options: SafetensorsOptions = {}): Uint8Array {
  need(tensors !== null && typeof tensors === 'object', 'encodeSafetensors', 'expected an object of tensors', tensors);
  const { dtype, metadata } = options;
  need(dtype === undefined || dtype === 'F32' || dtype === 'F64', 'encodeSafetensors', "dtype must be 'F32' or 'F64'", dtype);
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    need(metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata), 'encodeSafetensors', 'metadata must be an object of strings', metadata);
    for (const [k, v] of Object.entries(metadata)) {
      check(typeof v === 'string', 'ARGUMENT', () => `encodeSafetensors: metadata values must be strings, got ${describe(v)} for '${k}'`);
    }
    header.__metadata__ = metadata;
  }
  // Sorted by name so the same tensors give the same bytes.
  const names = Object.keys(tensors).sort();
  let offset = 0;
  const plan: [Tensor, 'F32' | 'F64', number][] = [];
  for (const name of names) {
    const t = tensors[name];
    need(t instanceof Tensor, 'encodeSafetensors', `'${name}' is not a Tensor`, t);
    check(name !== '__metadata__', 'ARGUMENT', () => `encodeSafetensors: '__metadata__' is reserved and cannot name a tensor`);
    const dt = dtype ?? (t.dtype === 'float32' ? 'F32' : 'F64');
    const bytes = t.size * BYTES[dt];
    header[name] = { dtype: dt, shape: t.shape.slice(), data_offsets: [offset, offset + bytes] };
    plan.push([t, dt, offset]);
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
  const enc = new TextEncoder();
  let headerBytes = enc.encode(json);
  const pad = (8 - (headerBytes.length % 8)) % 8;
  if (pad) {
    json += ' '.repeat(pad);
    headerBytes = enc.encode(json);
  }
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  const base = 8 + headerBytes.length;
  for (const [t, dt, off] of plan) {
    const d = t.data;
    if (dt === 'F64') for (let i = 0; i < d.length; i++) view.setFloat64(base + off + i * 8, d[i], true);
    else for (let i = 0; i < d.length; i++) view.setFloat32(base + off + i * 4, d[i], true);
  }
  return out;
}

/**
 * Reads a safetensors file. F64 and F32 tensors become float64 and float32 tensors; F16,
 * BF16 and integer tensors become float64. A truncated file, a malformed header, overlapping
 * or out-of-range offsets, or a shape that does not fit its bytes is refused with a clear error.
 *
 * @example
 * ```ts
 * const saved = new Linear(2, 3, { seed: 1 });
 * const { tensors } = decodeSafetensors(encodeSafetensors(saved.stateDict()));
 * Object.keys(tensors); // ['bias', 'weight']
 * const model = new Linear(2, 3, { seed: 2 });
 * model.loadStateDict(tensors);
 * model.weight.sub(saved.weight).abs().max().item(); // 0
 * ```
 * In the browser, `await (await fetch(url)).arrayBuffer()` can be passed as it is. A `torch.save`
 * file (a zip or a pickle) is refused with a message that says so.
 */
export function decodeSafetensors(input: Uint8Array | ArrayBuffer): SafetensorsFile {
  need(input instanceof Uint8Array || input instanceof ArrayBuffer, 'decodeSafetensors', 'expected a Uint8Array or an ArrayBuffer', input);
  const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
  const fail = (why: string): never => {
    throw new AttnError('FORMAT', `decodeSafetensors: ${why}`);
  };
  // torch.save writes a zip (PK\x03\x04) or, in the legacy format, a pickle (0x80, protocol 2–5);
  // those bytes can also start a safetensors header length, whose header then starts with '{'
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if ((zip || (bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5)) && bytes[8] !== 0x7b) {
    fail(`this is a PyTorch pickle (torch.save), not safetensors, got a file starting with ${zip ? "'PK\\x03\\x04' (zip)" : `0x80 0x0${bytes[1]} (pickle)`}; convert it in Python with safetensors.torch.save_file(model.state_dict(), 'model.safetensors')`);
  }
  if (bytes.length < 8) fail(`file is truncated: ${bytes.length} bytes, the header length alone needs 8`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8)) fail(`header length ${n} exceeds the ${bytes.length - 8} bytes after it (truncated or not a safetensors file)`);
  const headerLen = Number(n);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch (e) {
    fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail(`header must be a JSON object, got ${describe(header)}`);
  const base = 8 + headerLen;
  const dataLen = bytes.length - base;
  const tensors: StateDict = {};
  let metadata: Record<string, string> = {};
  const ranges: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry) || Object.values(entry).some((v) => typeof v !== 'string')) {
        fail(`__metadata__ must map strings to strings, got ${describe(entry)}`);
      }
      metadata = { ...(entry as Record<string, string>) };
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e === null || typeof e !== 'object') fail(`entry '${name}' must be an object, got ${describe(entry)}`);
    const dt = e.dtype;
    if (typeof dt !== 'string' || !Object.hasOwn(BYTES, dt)) fail(`tensor '${name}' has unsupported dtype ${describe(dt)}`);
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`tensor '${name}' has a malformed shape ${describe(shape)}`);
    const offs = e.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isInteger(o) && o >= 0) || offs[0] > offs[1]) {
      fail(`tensor '${name}' has malformed data_offsets ${describe(offs)}`);
    }
    const [start, end] = offs as [number, number];
    if (end > dataLen) fail(`tensor '${name}' needs bytes ${start}–${end} but the data section has ${dataLen} (truncated file)`);
    const count = sizeOf(shape as number[]);
    const width = BYTES[dt as string];
    if (end - start !== count * width) fail(`tensor '${name}' of shape ${fmt(shape as number[])} and dtype ${dt} needs ${count * width} bytes, got ${end - start}`);
    ranges.push([start, end, name]);
    // defined, not assigned: a tensor named '__proto__' must not become the object's prototype
    Object.defineProperty(tensors, name, { value: readTensor(view, base + start, dt as string, count, shape as number[]), enumerable: true, writable: true, configurable: true });
  }
  // by start, then end: an empty tensor may share its start with the tensor after it
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  // Like the reference reader: the data section must be covered exactly, without holes.
  let covered = 0;
  for (let i = 0; i < ranges.length; i++) {
    if (i > 0 && ranges[i][0] < ranges[i - 1][1]) fail(`tensors '${ranges[i - 1][2]}' and '${ranges[i][2]}' overlap`);
    if (ranges[i][0] > covered) fail(`bytes ${covered}–${ranges[i][0]} of the data section belong to no tensor (before '${ranges[i][2]}')`);
    covered = Math.max(covered, ranges[i][1]);
  }
  if (covered !== dataLen) fail(`the data section has ${dataLen} bytes but the tensors cover ${covered} (trailing bytes)`);
  return { tensors, metadata };
}

function readTensor(view: DataView, at: number, dt: string, count: number, shape: number[]): Tensor {
  const dtype: DType = dt === 'F32' ? 'float32' : 'float64';
  const out = dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
  for (let i = 0; i < count; i++) {
    switch (dt) {
      case 'F64': out[i] = view.getFloat64(at + i * 8, true); break;
      case 'F32': out[i] = view.getFloat32(at + i * 4, true); break;
      case 'F16': out[i] = half(view.getUint16(at + i * 2, true)); break;
      case 'BF16': out[i] = bfloat(view.getUint16(at + i * 2, true)); break;
      case 'I64': out[i] = Number(view.getBigInt64(at + i * 8, true)); break;
      case 'I32': out[i] = view.getInt32(at + i * 4, true); break;
      case 'I16': out[i] = view.getInt16(at + i * 2, true); break;
      case 'I8': out[i] = view.getInt8(at + i); break;
      default: out[i] = view.getUint8(at + i); // U8, BOOL
    }
  }
  return new Tensor(out, shape);
}

function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  // pow2: an exact power of two, where `2 ** k` would be the engine's pow
  if (e === 0) return s * pow2(-14) * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * pow2(e - 15) * (1 + f / 1024);
}

function bfloat(h: number): number {
  const v = new DataView(new ArrayBuffer(4));
  v.setUint32(0, h << 16);
  return v.getFloat32(0);
}
