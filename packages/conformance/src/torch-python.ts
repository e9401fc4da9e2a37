// For the tests that run PyTorch: the first Python that can import torch. Debian's
// python3-torch installs into the system Python, which another python3 on PATH may shadow.
import { spawnSync } from 'node:child_process';

const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);

/** The Python that imports torch, or null (with the reason in `torchMissing`). */
export const torchPython: string | null = candidates.find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) ?? null;

/** Why the PyTorch tests are skipped, for the test log. */
export const torchMissing = `none of ${candidates.join(', ')} can 'import torch' (apt-get install python3-torch python3-numpy)`;
