import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

describe('attn (built command)', () => {
  it('attn prints the eight steps for [3, 5] by default', () => {
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('for the input [3, 5]');
    expect(r.stdout).toContain('Step 8 · Sum, network, answer');
    expect(r.stdout).toContain('expected 8.000');
  });
  it('attn tutorial --a 2 --b 7 --scale sqrt uses the given input and scaling', () => {
    const r = run('tutorial', '--a', '2', '--b', '7', '--scale', 'sqrt');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('for the input [2, 7]');
    expect(r.stdout).toContain('expected 9.000');
    expect(r.stdout).toContain('(1/√d) first');
  });
  it.each([
    [['--a', 'x'], "attn: --a must be a number, got 'x'\n"],
    [['fly'], "attn: unknown command 'fly' (try: attn tutorial, attn --help)\n"],
    [['--d', '0'], 'attn: --d must be between 1 and 64, got 0\n'],
  ])('attn %j exits 2 with one line on stderr', (args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(message);
    expect(r.stdout).toBe('');
  });
});
