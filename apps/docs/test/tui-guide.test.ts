// The terminal app's guide (guide/tui.md) shows real output. Every ```console block is run,
// command by command, against the built `attn` (apps/tui/dist/cli.js), and must print what the
// page shows; every ```text block under a `<!-- tmux: COMMAND; keys: KEY… -->` comment is a
// screen of the app, started in tmux at 80×24 with those keys sent, and must be what
// capture-pane sees. Speeds and durations (`… steps/s`, `in 0.40 s`) differ from run to run and
// are compared as placeholders. Needs the build (`pnpm test` builds first) and tmux.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'apps/tui/dist/cli.js');
const guide = readFileSync(new URL('../guide/tui.md', import.meta.url), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'attn-docs-tui-'));
const socket = `attn-docs-${process.pid}`;

/** What varies between runs: speeds and durations. */
const normalize = (text: string) => text.split('\n')
  .map((l) => l.replace(/\s+$/, ''))
  .map((l) => l.replace(/\d+ steps\/s/g, 'N steps/s').replace(/\bin \d+(\.\d+)? s\b/g, 'in N s'))
  .join('\n').replace(/\n+$/, '');

/** Splits a command line the way a shell would for these examples: words, and "quoted words". */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);

interface Session { command: string; output: string }
const consoleBlocks = [...guide.matchAll(/```console\n([\s\S]*?)```/g)].map((m) => {
  const sessions: Session[] = [];
  for (const line of m[1].replace(/\n$/, '').split('\n')) {
    if (line.startsWith('$ ')) sessions.push({ command: line.slice(2), output: '' });
    else sessions.at(-1)!.output += `${line}\n`;
  }
  return sessions;
});
const screens = [...guide.matchAll(/<!-- tmux: (.*?) -->\n```text\n([\s\S]*?)```/g)].map((m) => {
  const [command, ...options] = m[1].split(';').map((s) => s.trim());
  const keys = options.find((o) => o.startsWith('keys:'))?.slice(5).trim().split(/\s+/) ?? [];
  const env = options.find((o) => o.startsWith('env:'))?.slice(4).trim().split(/\s+/) ?? [];
  return { directive: m[1], command, env, keys, screen: m[2] };
});

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing; run \`pnpm build\` first (\`pnpm test\` does)`);
  // the examples name the example plugin by its path from the repository root
  symlinkSync(join(root, 'plugins'), join(tmp, 'plugins'));
  // A session that lives as long as the file: each test kills its own session, and a server
  // whose last session goes away exits, racing the next test's new-session ("server exited
  // unexpectedly"). With this one, the server stays up until afterAll kills it.
  execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'keep', 'sleep 3600']);
});
afterAll(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  rmSync(tmp, { recursive: true, force: true });
});

describe('guide/tui.md', () => {
  it('has commands and screens to check', () => {
    expect(consoleBlocks.flat().length).toBeGreaterThanOrEqual(6);
    expect(screens.length).toBeGreaterThanOrEqual(3);
  });

  it.each(consoleBlocks.map((b) => [b.map((s) => s.command).join(' && '), b] as const))('$ %s prints what the page shows', (_, sessions) => {
    let status: number | null = null;
    for (const { command, output } of sessions) {
      let printed: string;
      if (command === 'echo $?') {
        printed = `${status}\n`;
      } else {
        const [program, ...args] = words(command);
        expect(program, command).toBe('attn');
        const r = spawnSync(process.execPath, [cli, ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
        status = r.status;
        printed = r.stdout + r.stderr;
      }
      expect(normalize(printed), command).toBe(normalize(output));
    }
  }, 120_000);

  it.each(screens.map((s) => [s.directive, s] as const))('the screen of <!-- tmux: %s --> is what the app shows', async (_, { command, env, keys, screen }) => {
    const [program, ...args] = words(command);
    expect(program).toBe('attn');
    const name = `s${screens.findIndex((s) => s.screen === screen)}`;
    const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
    const shell = `env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR -u FORCE_COLOR TERM=xterm-256color ${env.map(quote).join(' ')} ${quote(process.execPath)} ${quote(cli)} ${args.map(quote).join(' ')}; sleep 600`;
    const tmux = (...a: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], { encoding: 'utf8' });
    tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '24', '-c', tmp, shell);
    const capture = () => normalize(tmux('capture-pane', '-p', '-t', name).split('\n').map((l) => (l.includes('steps/s') ? '<speed>' : l)).join('\n'));
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const until = async (done: (s: string) => boolean, timeout: number) => {
      const t0 = Date.now();
      let s = capture();
      while (!done(s) && Date.now() - t0 < timeout) {
        await sleep(100);
        s = capture();
      }
      return s;
    };
    await until((s) => s.startsWith('attn  1 Tutorial'), 20_000);
    for (const key of keys) {
      tmux('send-keys', '-t', name, key);
      await sleep(100);
    }
    const expected = normalize(screen.split('\n').map((l) => (l.includes('steps/s') ? '<speed>' : l)).join('\n'));
    const shown = await until((s) => s === expected, 60_000);
    tmux('kill-session', '-t', name);
    expect(shown).toBe(expected);
  }, 90_000);
});
