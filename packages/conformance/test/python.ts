// The Python with PyTorch that the torch tests run: `python3` from PATH, else Debian's (where
// `apt-get install python3-torch` puts torch), or null when neither imports torch.
import { execFileSync, spawnSync } from 'node:child_process';

const CANDIDATES = ['python3', '/usr/bin/python3'];

/** The first Python that imports torch, or null. */
export const python: string | null = CANDIDATES.find((p) => spawnSync(p, ['-c', 'import torch']).status === 0) ?? null;

/** Why the torch tests are skipped here, printed once per file (null when they run). */
export function torchSkipReason(file: string): string | null {
  if (python) return null;
  const why = `${file}: skipped, \`python3 -c "import torch"\` fails here (install PyTorch: apt-get install python3-torch python3-numpy)`;
  console.log(why);
  return why;
}

/** Runs a Python script with `stdin` as its input and returns what it printed; throws with its stderr. */
export function runPython(script: string, args: string[], stdin = ''): string {
  return execFileSync(python!, [script, ...args], { input: stdin, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['pipe', 'pipe', 'pipe'] });
}
