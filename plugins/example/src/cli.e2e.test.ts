// Runs the built `attn` command with the built plugin, as a user would. It builds nothing:
// run `pnpm -r build` first (the root `pnpm test` does).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../../../apps/tui/dist/cli.js', import.meta.url));
const plugin = fileURLToPath(new URL('../dist/index.js', import.meta.url));

async function attn(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  for (const file of [cli, plugin]) {
    if (!existsSync(file)) throw new Error(`${file} is missing; run \`pnpm -r build\` first`);
  }
  return promisify(execFile)(process.execPath, [cli, '--plugin', plugin, ...args], { encoding: 'utf8' });
}

describe('attn --plugin plugins/example/dist/index.js', () => {
  it('attn --plugin … tasks lists max-two as contributed by the plugin', async () => {
    const { stdout } = await attn('tasks');
    const line = stdout.split('\n').find((l) => l.startsWith('max-two '));
    expect(line).toMatch(/^max-two +the larger of two numbers in \[0, 10\).* \[test MSE ≤ 0\.05\] \(plugin example\)$/);
  });

  it('attn --plugin … train --task max-two --steps 300 --json prints one JSON object, and the alarm’s summary on stderr', async () => {
    const { stdout, stderr } = await attn('train', '--task', 'max-two', '--steps', '300', '--json');
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ task: 'max-two', seed: 0, steps: 300 });
    expect(report.metrics.testMse).toBeLessThan(1); // not solved in 300 steps, but learning (untrained: > 10)
    expect(report.examples.map((e: { input: number[] }) => e.input)).toEqual([[3, 5], [8, 2], [0.5, 9.5], [6, 6.5]]);
    expect(stderr).toContain('lossSpikeAlarm: no loss spikes in 300 steps');
  });
});
