import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeSafetensors, Rng } from '@attn/core';
import { expectAttnError } from '../../test/helpers.js';
import { addTwo } from '../tasks/add-two.js';
import type { TrainContext } from '../trainer/events.js';
import { train } from '../trainer/train.js';
import type { Checkpoint } from './checkpoint.js';
import { ensureWritableDir, loadCheckpoint, readRegularFile, saveCheckpoint, writeFileAtomic } from './files.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'attn-ckpt-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function checkpointAfter(steps: number): Promise<Checkpoint> {
  let c: Checkpoint | null = null;
  await train({ task: addTwo(), steps, plugins: [{ name: 'grab', onTrainEnd: (_r, ctx: TrainContext) => { c = ctx.checkpoint(); } }] });
  return c!;
}

describe('saveCheckpoint / loadCheckpoint', () => {
  it('loadCheckpoint reads back what saveCheckpoint wrote', async () => {
    const d = tmp();
    const c = await checkpointAfter(4);
    saveCheckpoint(join(d, 'a.ckpt'), c);
    const back = loadCheckpoint(join(d, 'a.ckpt'));
    expect(back.step).toBe(4);
    expect(back.optimizer).toEqual(c.optimizer);
    expect(Object.fromEntries(Object.entries(back.model).map(([k, t]) => [k, Array.from(t.data)])))
      .toEqual(Object.fromEntries(Object.entries(c.model).map(([k, t]) => [k, Array.from(t.data)])));
    expect(readdirSync(d)).toEqual(['a.ckpt']);
  });

  it('loadCheckpoint names the file and the problem: missing, truncated, corrupted, or a weights file', async () => {
    const d = tmp();
    const path = join(d, 'a.ckpt');
    expectAttnError(() => loadCheckpoint(path), 'ARGUMENT', `loadCheckpoint: cannot read ${path}: ENOENT`);
    saveCheckpoint(path, await checkpointAfter(2));
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 1));
    expectAttnError(() => loadCheckpoint(path), 'FORMAT',
      new RegExp(`^loadCheckpoint: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a readable checkpoint \\(decodeSafetensors: .*\\(truncated file\\)\\)$`));
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 5] ^= 0xff;
    writeFileSync(path, flipped);
    expectAttnError(() => loadCheckpoint(path), 'FORMAT', `loadCheckpoint: ${path}: checksum mismatch: the file is corrupted`);
    writeFileSync(path, encodeSafetensors(addTwo().createModel(new Rng(0)).stateDict()));
    expectAttnError(() => loadCheckpoint(path), 'FORMAT',
      `loadCheckpoint: ${path}: the file has no 'attn.checkpoint' metadata: it is a weights file, not a training checkpoint`);
  });

  it('saveCheckpoint is atomic: a failed save throws, leaves the existing file byte-identical and no temp files', async () => {
    const d = tmp();
    const path = join(d, 'last.ckpt');
    saveCheckpoint(path, await checkpointAfter(2));
    const before = readFileSync(path);
    const later = await checkpointAfter(5);

    // into a folder that does not exist
    const missing = join(d, 'nope', 'last.ckpt');
    expectAttnError(() => saveCheckpoint(missing, later), 'ARGUMENT', new RegExp(`^writeFileAtomic: cannot write .*nope.*last\\.ckpt: ENOENT`));
    // onto a path that is a folder (the rename fails after the temp file was written)
    const folder = join(d, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'keep'), 'x');
    expectAttnError(() => saveCheckpoint(folder, later), 'ARGUMENT', /^writeFileAtomic: cannot write .*folder: E(ISDIR|NOTEMPTY|EXIST)/);
    // a checkpoint that cannot be encoded never touches the file
    const broken = { ...later, model: { ...later.model, w_q: 'not a tensor' } } as unknown as Checkpoint;
    expectAttnError(() => saveCheckpoint(path, broken), 'ARGUMENT', `encodeSafetensors: 'model.w_q' is not a Tensor, got "not a tensor"`);

    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(d).sort()).toEqual(['folder', 'last.ckpt']);
    expect(readdirSync(folder)).toEqual(['keep']);
    expect(loadCheckpoint(path).step).toBe(2);
  });

  it('saveCheckpoint replaces an existing file in one piece and leaves no temp files', async () => {
    const d = tmp();
    const path = join(d, 'last.ckpt');
    saveCheckpoint(path, await checkpointAfter(2));
    saveCheckpoint(path, await checkpointAfter(6));
    expect(loadCheckpoint(path).step).toBe(6);
    expect(readdirSync(d)).toEqual(['last.ckpt']);
  });

  it('writeFileAtomic writes the exact bytes', () => {
    const d = tmp();
    const bytes = Uint8Array.from([0, 1, 2, 255]);
    writeFileAtomic(join(d, 'f.bin'), bytes);
    expect(Array.from(readFileSync(join(d, 'f.bin')))).toEqual([0, 1, 2, 255]);
    expect(existsSync(join(d, 'f.bin'))).toBe(true);
  });
});

describe('readRegularFile / ensureWritableDir: nothing hangs on special files', () => {
  it('readRegularFile refuses devices, FIFOs and folders before reading, and files larger than maxBytes', () => {
    const d = tmp();
    const fifo = join(d, 'pipe');
    execFileSync('mkfifo', [fifo]); // reading a FIFO with no writer would block forever
    expectAttnError(() => readRegularFile(fifo), 'ARGUMENT', `readRegularFile: cannot read ${fifo}: it is a FIFO (named pipe), not a regular file`);
    expectAttnError(() => loadCheckpoint('/dev/zero'), 'ARGUMENT', 'loadCheckpoint: cannot read /dev/zero: it is a character device, not a regular file');
    expectAttnError(() => readRegularFile(d), 'ARGUMENT', `readRegularFile: cannot read ${d}: it is a directory, not a regular file`);
    const big = join(d, 'big.bin');
    writeFileSync(big, new Uint8Array(100));
    expectAttnError(() => readRegularFile(big, { maxBytes: 99 }), 'RESOURCE', `readRegularFile: ${big} has 100 bytes, more than the 99 this reads`);
    expect(readRegularFile(big, { maxBytes: 100 }).length).toBe(100);
    expectAttnError(() => readRegularFile(42 as never), 'ARGUMENT', 'readRegularFile: path must be a non-empty string, got number');
  });

  it('ensureWritableDir creates missing folders, and refuses files, kernel filesystems and unwritable places', () => {
    const d = tmp();
    const deep = join(d, 'a', 'b', 'c');
    ensureWritableDir(deep);
    expect(existsSync(deep)).toBe(true);
    expect(readdirSync(deep)).toEqual([]); // the write probe is gone
    const file = join(d, 'file');
    writeFileSync(file, 'x');
    expectAttnError(() => ensureWritableDir(file), 'ARGUMENT', `ensureWritableDir: cannot write to '${file}': ${file} is a file, not a folder`);
    expectAttnError(() => ensureWritableDir(join(file, 'sub')), 'ARGUMENT', `ensureWritableDir: cannot write to '${join(file, 'sub')}': ENOTDIR`);
    // a recursive mkdir under /proc loops forever in Node; this refuses at once
    expectAttnError(() => ensureWritableDir('/proc/attn-test/out'), 'ARGUMENT', "ensureWritableDir: cannot write to '/proc/attn-test/out': /proc is on the kernel's proc filesystem, which holds no files of ours");
    expectAttnError(() => ensureWritableDir(''), 'ARGUMENT', 'ensureWritableDir: dir must be a non-empty string, got ""');
  });

  it('writeFileAtomic refuses a path that is not a string and bytes that are not a Uint8Array', () => {
    expectAttnError(() => writeFileAtomic(42 as never, new Uint8Array(1)), 'ARGUMENT', 'writeFileAtomic: path must be a non-empty string, got number');
    expectAttnError(() => writeFileAtomic(join(tmp(), 'x'), 'text' as never), 'ARGUMENT', 'writeFileAtomic: bytes must be a Uint8Array, got "text"');
  });
});
