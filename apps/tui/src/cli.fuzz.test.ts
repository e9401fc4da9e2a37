// Fuzzing the command line: argv drawn from every command and flag with hostile values (empty,
// negative, huge, NaN, unicode, very long, special files, repeated). Whatever the line, attn
// exits 0, or exits 2 with one line on stderr, or is still working when we stop it — never a
// stack trace, never a hang before its first output. Fixed seed; ATTN_FUZZ_RUNS for more.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PLAYGROUND_FLAGS } from './commands/playground.js';
import { PLOT_FLAGS } from './commands/plot.js';
import { TRAIN_FLAGS } from './commands/train.js';
import { TUTORIAL_FLAGS } from './commands/tutorial.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const RUNS = Number(process.env.ATTN_FUZZ_RUNS ?? 30);
const cwd = mkdtempSync(join(tmpdir(), 'attn-fuzz-')); // relative --out folders land here
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const VALUES = ['', ' ', '-1', '0', '1', '3', '1.5', '-0', '1e308', '-1e308', '1e-320', 'NaN', 'Infinity', '0x10', '3;5', '3 5', '3,5', '２', 'é',
  'x'.repeat(5000), '--', '-', '/dev/zero', '/proc/attn-fuzz', '/nonexistent/file', '.', 'out', 'sort', 'add-two', 'digits-add', 'nope'];
// the flags that read or write files come up more often: that is where hangs hide
const FLAGS = ['plugin', 'resume', 'checkpoint', 'out', ...new Set([...Object.keys(TRAIN_FLAGS), ...Object.keys(PLAYGROUND_FLAGS), ...Object.keys(PLOT_FLAGS), ...Object.keys(TUTORIAL_FLAGS), 'plugin', 'help'])];
const argv = fc.tuple(
  fc.constantFrom('tutorial', 'train', 'playground', 'tasks', 'plot', 'fly', ''),
  fc.array(fc.tuple(fc.constantFrom(...FLAGS), fc.option(fc.constantFrom(...VALUES), { nil: undefined }), fc.boolean()), { maxLength: 4 }),
).map(([command, flags]) => [
  ...(command ? [command] : []),
  ...flags.flatMap(([f, v, eq]) => (v === undefined ? [`--${f}`] : eq ? [`--${f}=${v}`] : [`--${f}`, v])),
]);

/** Runs attn; a run still going after its first output plus a moment is stopped (valid, long work). */
function attn(args: string[]): Promise<{ code: number | null; stderr: string; stopped: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, CI: '1' } });
    let stderr = '';
    let stopped = false;
    child.stderr.on('data', (d) => { stderr += d; });
    const stop = () => { stopped = true; child.kill('SIGKILL'); };
    // nothing may block before the first output: 10 s is far beyond what any check takes
    let timer = setTimeout(stop, 10_000);
    child.stdout.once('data', () => { clearTimeout(timer); timer = setTimeout(stop, 1_000); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stderr, stopped }); });
  });
}

describe('attn under fuzzing', () => {
  it('every command line ends in exit 0, or exit 2 with one line, or runs; never a stack trace or a hang', async () => {
    const seen: string[][] = [];
    await fc.assert(fc.asyncProperty(argv, async (args) => {
      seen.push(args);
      const r = await attn(args);
      expect(r.stderr, args.join(' ')).not.toMatch(/^\s+at /m); // no stack trace
      if (r.stopped) {
        expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('attn: warning:')), args.join(' ')).toEqual([]);
        return;
      }
      expect([0, 2], `${args.join(' ')} → ${r.code}: ${r.stderr}`).toContain(r.code);
      if (r.code === 2) expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }), { seed: 20261204, numRuns: RUNS });
    expect(seen.length).toBe(RUNS);
  }, 60_000 + RUNS * 12_000);
});
