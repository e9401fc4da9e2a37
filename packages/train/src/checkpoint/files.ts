import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
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
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new AttnError('ARGUMENT', `loadCheckpoint: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return decodeCheckpoint(bytes);
  } catch (e) {
    throw new AttnError('FORMAT', `loadCheckpoint: ${path}: ${(e as Error).message.replace(/^decodeCheckpoint: /, '')}`);
  }
}
