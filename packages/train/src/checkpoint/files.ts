import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statfsSync, statSync, writeSync, type Stats } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { AttnError } from '@attn/core';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './checkpoint.js';

/**
 * Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed to disk,
 * then renamed over `path`. Readers see the old file or the new one, never a part; a failed
 * write leaves any existing file untouched.
 *
 * @example
 * ```ts
 * writeFileAtomic('run/last.ckpt', bytes);
 * ```
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  if (typeof path !== 'string' || path === '') throw new AttnError('ARGUMENT', `writeFileAtomic: path must be a non-empty string, got ${describeValue(path)}`);
  if (!(bytes instanceof Uint8Array)) throw new AttnError('ARGUMENT', `writeFileAtomic: bytes must be a Uint8Array, got ${describeValue(bytes)}`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx');
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new AttnError('ARGUMENT', `writeFileAtomic: cannot write ${path}: ${(e as Error).message}`);
  }
}

const describeValue = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : v === null ? 'null' : v instanceof Object ? v.constructor.name : typeof v);

/** The largest file {@link readRegularFile} reads by default: 1 GiB (attn's checkpoints are a few MB). */
export const MAX_READ_BYTES = 2 ** 30;

/** What a file that is not a regular one is, in words. */
function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a whole file, refusing what would hang or exhaust memory: only regular files are
 * read (not devices such as `/dev/zero`, FIFOs or directories), and their size is checked
 * against `maxBytes` (default {@link MAX_READ_BYTES}) before reading.
 *
 * @example
 * ```ts
 * const bytes = readRegularFile('run/model.safetensors');
 * ```
 */
export function readRegularFile(path: string, options: { maxBytes?: number; op?: string } = {}): Uint8Array {
  const { maxBytes = MAX_READ_BYTES, op = 'readRegularFile' } = options;
  if (typeof path !== 'string' || path === '') throw new AttnError('ARGUMENT', `${op}: path must be a non-empty string, got ${describeValue(path)}`);
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (e) {
    throw new AttnError('ARGUMENT', `${op}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!stats.isFile()) throw new AttnError('ARGUMENT', `${op}: cannot read ${path}: it is ${kindOf(stats)}, not a regular file`);
  if (stats.size > maxBytes) throw new AttnError('RESOURCE', `${op}: ${path} has ${stats.size} bytes, more than the ${maxBytes} this reads`);
  try {
    return readFileSync(path);
  } catch (e) {
    throw new AttnError('ARGUMENT', `${op}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

// statfs types of kernel filesystems no file of ours belongs in (writes there hang or mean something else)
const SPECIAL_FILESYSTEMS: Record<number, string> = {
  0x9fa0: 'proc', 0x62656572: 'sysfs', 0x1cd1: 'devpts', 0x27e0eb: 'cgroup', 0x63677270: 'cgroup2', 0x64626720: 'debugfs', 0x73636673: 'securityfs',
};

/**
 * Makes sure `dir` is a folder this process can write files into, creating it (and missing
 * parents) if needed; refuses a path that is a file, on a kernel filesystem (`/proc`, `/sys`),
 * or not writable, with an error naming the folder and the problem. Call it before a run
 * starts, so that a run never fails (or hangs) after the training.
 *
 * @example
 * ```ts
 * ensureWritableDir('runs/add-two');
 * ```
 */
export function ensureWritableDir(dir: string): void {
  if (typeof dir !== 'string' || dir === '') throw new AttnError('ARGUMENT', `ensureWritableDir: dir must be a non-empty string, got ${describeValue(dir)}`);
  const fail = (why: string): never => {
    throw new AttnError('ARGUMENT', `ensureWritableDir: cannot write to '${dir}': ${why}`);
  };
  // the nearest folder that exists, and the ones to create below it
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    let stats: Stats | null = null;
    try {
      stats = statSync(at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') fail(code ?? (e as Error).message);
    }
    if (stats) {
      if (!stats.isDirectory()) fail(`${at} is ${stats.isFile() ? 'a file' : kindOf(stats)}, not a folder`);
      break;
    }
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  const special = SPECIAL_FILESYSTEMS[statfsSync(at).type];
  if (special) fail(`${at} is on the kernel's ${special} filesystem, which holds no files of ours`);
  try {
    for (const d of missing) mkdirSync(d); // one at a time: a recursive mkdir can loop on kernel filesystems
    const probe = join(resolve(dir), `.attn-write-test.${process.pid}.${randomBytes(4).toString('hex')}`);
    closeSync(openSync(probe, 'wx'));
    rmSync(probe);
  } catch (e) {
    fail((e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
}

/**
 * Saves a training checkpoint to a file, atomically.
 *
 * @example
 * ```ts
 * saveCheckpoint('run/step-1000.ckpt', ctx.checkpoint());
 * ```
 */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  writeFileAtomic(path, encodeCheckpoint(checkpoint));
}

/**
 * Reads a checkpoint file; a missing, truncated, corrupted or foreign file is refused with an
 * error naming the file and the problem.
 *
 * @example
 * ```ts
 * const resume = loadCheckpoint('run/last.ckpt');
 * await train({ task: addTwo(), resume });
 * ```
 */
export function loadCheckpoint(path: string): Checkpoint {
  const bytes = readRegularFile(path, { op: 'loadCheckpoint' });
  try {
    return decodeCheckpoint(bytes);
  } catch (e) {
    throw new AttnError('FORMAT', `loadCheckpoint: ${path}: ${(e as Error).message.replace(/^decodeCheckpoint: /, '')}`);
  }
}
