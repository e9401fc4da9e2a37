// @attn/train/node — the parts that need a file system: atomic checkpoint files and the
// periodic checkpoint plugin.
export { saveCheckpoint, loadCheckpoint, writeFileAtomic, readRegularFile, ensureWritableDir, MAX_READ_BYTES } from './checkpoint/files.js';
export { checkpoints, type CheckpointsOptions } from './plugins/checkpoints.js';
export { readTextFile } from './text/read-text-file.js';
