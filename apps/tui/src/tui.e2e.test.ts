// End to end in a real terminal: tmux runs the built `attn` in a pane of a fixed size, keys go in
// with send-keys, and what a learner would see comes back with capture-pane. Needs tmux (CI
// installs it: .ci/run) and the build (`pnpm test` builds first).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrace } from '@attn/core';
import { decodeCheckpoint, encodeModelLink, sort, train } from '@attn/train';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const examplePlugin = fileURLToPath(new URL('../../../plugins/example/dist/index.js', import.meta.url));
// a server of our own (-L): never the user's tmux, and all of it killed in afterAll
const socket = `attn-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const tmp = mkdtempSync(join(tmpdir(), 'attn-e2e-'));
let sessions = 0;

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

beforeAll(() => {
  const v = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (v.status !== 0) throw new Error('tmux is not installed: apt-get install tmux (.ci/run installs it)');
  for (const file of [cli, examplePlugin]) {
    if (!existsSync(file)) throw new Error(`${file} is missing; run \`pnpm build\` first (\`pnpm test\` does)`);
  }
});

afterAll(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * Starts `attn ARGS` in a new pane of `width`×`height`, as a learner's terminal would (CI
 * unset: Ink only draws in a terminal that is not CI). When attn exits, the pane prints
 * `attn exited STATUS` and stays, so the test can look at the terminal it left behind.
 */
function start(args: string[], o: { width?: number; height?: number; env?: Record<string, string>; pipe?: string } = {}) {
  const name = `attn-${++sessions}`;
  const env = Object.entries({ TERM: 'xterm-256color', ...o.env }).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
  const command = `env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR -u FORCE_COLOR ${env} ${quote(process.execPath)} ${quote(cli)} ${args.map(quote).join(' ')}${o.pipe ?? ''}; echo "attn exited $?"; sleep 600`;
  tmux('new-session', '-d', '-s', name, '-x', String(o.width ?? 80), '-y', String(o.height ?? 24), '-c', tmp, command);
  const pane = {
    name,
    /** The visible screen, one string per line. */
    screen: (escapes = false) => tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', name),
    keys: async (...keys: string[]) => {
      for (const k of keys) {
        tmux('send-keys', '-t', name, k);
        await sleep(60);
      }
    },
    text: async (s: string) => {
      tmux('send-keys', '-t', name, '-l', s);
      await sleep(60);
    },
    /** The pane's format value, e.g. #{alternate_on}. */
    format: (f: string) => tmux('display-message', '-p', '-t', name, f).trim(),
    /** Polls the screen until it contains `text` (or matches it, or `text(screen)` is true). */
    async until(text: string | RegExp | ((screen: string) => boolean), timeout = 20_000) {
      const t0 = Date.now();
      for (;;) {
        const s = pane.screen();
        if (typeof text === 'string' ? s.includes(text) : typeof text === 'function' ? text(s) : text.test(s)) return s;
        if (Date.now() - t0 > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${String(text)} in ${name}; the screen is:\n${s}`);
        await sleep(100);
      }
    },
  };
  return pane;
}

describe('attn in a terminal (tmux)', () => {
  it('at 80×24: the tutorial, training it, the Train screen, saving, the playground, help, and q restores the terminal', async () => {
    const p = start([]);
    let s = await p.until('Step 1 of 8 · Input');
    const lines = s.split('\n');
    expect(lines[0]).toMatch(/^attn +1 Tutorial +2 Train +3 Playground +4 Inspect +5 Generate +\? help · q quit$/);
    expect(s).toContain('x = [3, 5]');
    expect(lines[22]).toContain('←/→ step · t train it'); // 23 lines: the last row stays free
    expect(p.format('#{alternate_on}')).toBe('1');

    await p.keys('Right', 'Right', 'Right', 'Right', 'Right');
    s = await p.until('Step 6 of 8 · Attention weights');
    expect(s.split('\n').filter((l) => /│ 1\.000$/.test(l.trimEnd()))).toHaveLength(2);

    await p.keys('t');
    s = await p.until('after training on add-two');
    expect(s).toContain('Token 3 puts 50.0% on 3, 50.0% on 5.');
    expect(s).toMatch(/answer 8\.0\d\d · expected 8/);

    // f saves the shown step of the trained model where add-two's runs go, and the footer says so
    await p.keys('f');
    await p.until('saved attn-runs/add-two/tutorial-step6-weights-trained.{svg,png,trace.json}');
    const saved = join(tmp, 'attn-runs', 'add-two', 'tutorial-step6-weights-trained');
    const trace = parseTrace(readFileSync(`${saved}.trace.json`, 'utf8'));
    expect(trace.attention[0].weights.data.map((w) => `${(100 * w).toFixed(1)}%`)).toEqual(['50.0%', '50.0%', '50.0%', '50.0%']);
    expect(readFileSync(`${saved}.svg`, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<g [^>]*aria-label="cell"/);
    expect([...readFileSync(`${saved}.png`).subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);

    await p.keys('2');
    await p.until('Train a model on a task');
    await p.keys('Enter');
    s = await p.until('✓ done');
    expect(s).toMatch(/2,000\/2,000 100% · [\d,]+ steps\/s · in \d/);
    expect(s).toContain('loss (log scale)');
    await p.keys('c');
    await p.until('saved attn-runs/add-two/last.ckpt');
    expect(decodeCheckpoint(readFileSync(join(tmp, 'attn-runs', 'add-two', 'last.ckpt'))).step).toBe(2000);

    await p.keys('3');
    s = await p.until(/answer 8\.0\d\d +expected 8/);
    expect(s).toContain('model: trained in Train, 2,000 steps');
    await p.keys('BSpace', 'BSpace', 'BSpace');
    await p.text('2 7');
    await p.until(/answer 9\.0\d\d +expected 9/);
    await p.text(' x');
    await p.until("error: add-two: expected a number, got 'x'");

    await p.keys('?');
    await p.until('Keys (esc closes) · 1-5 screens · tab next · f save figures · o colours · q quit');
    await p.keys('?');
    await p.until('Playground · add-two');

    await p.keys('q');
    s = await p.until('attn exited 0');
    expect(p.format('#{alternate_on}')).toBe('0');
    expect(p.format('#{cursor_flag}')).toBe('1');
    expect(s).not.toContain('Playground · add-two');
    expect(s).toContain([
      'attn: saved the checkpoint attn-runs/add-two/last.ckpt',
      '  try it:      attn playground --checkpoint attn-runs/add-two/last.ckpt',
      '  train on:    attn train --resume attn-runs/add-two/last.ckpt --steps N',
    ].join('\n'));
  }, 120_000);

  it('at 100×30 with 8 numbers, scaled: every step keeps its title, pipeline and answer lines in place (nothing drawn over another), and the next steps follow step 8', async () => {
    const p = start(['tutorial', '--input', '1 2 3 4 5 6 7 8', '--scale', 'sqrt'], { width: 100, height: 30 });
    await p.until('Step 1 of 8 · Input');
    for (let n = 1; n <= 8; n++) {
      // a capture can land in the middle of Ink's redraw (the new title over the old step): wait
      // until the step's frame is laid out as it must be (or time out showing the screen)
      const laidOut = (screen: string) => {
        const l = screen.split('\n');
        return l[2]?.startsWith(`Step ${n} of 8 · `) && /^ ?input .*answer ?$/.test(l[3] ?? '')
          && l.filter((x) => /^answer [\d.-]+ · expected 36 · off by/.test(x)).length === 1 && l.filter((x) => x.startsWith('Step ')).length === 1;
      };
      const lines = (await p.until(laidOut)).split('\n');
      // the header (2 lines), the title, the pipeline …, the answer and the model line above the footer
      expect(lines[2].startsWith(`Step ${n} of 8 · `), lines.join('\n')).toBe(true);
      expect(lines[3]).toMatch(/^ ?input .*answer ?$/);
      expect(lines.filter((l) => /^answer [\d.-]+ · expected 36 · off by/.test(l))).toHaveLength(1);
      expect(lines.findIndex((l) => l.startsWith('answer '))).toBeGreaterThan(3);
      expect(lines.filter((l) => l.startsWith('Step '))).toHaveLength(1);
      expect(lines.every((l) => l.length <= 100)).toBe(true);
      await p.keys('Right');
    }
    const s = await p.until('Next steps · from one head to a transformer');
    for (const name of ['Multi-head attention', 'Positional encoding', 'Layer normalization', 'Residual connections', 'Transformer blocks']) expect(s).toContain(name);
    expect(s).toContain('"Beyond the tutorial" (pnpm docs:dev).');
  });

  it('at 120×40: attn train --task sort shows every head, and the dashboard redraws at 80×24 after a resize', async () => {
    const p = start(['train', '--task', 'sort', '--steps', '60'], { width: 120, height: 40 });
    let s = await p.until('✓ done', 60_000);
    expect(s).toMatch(/^sort · [\d,]+ parameters · seed 0 · adamw lr 0\.01 · batch 32 +✓ done$/m);
    expect(s).toContain('attention · layer 0 head 0 (1/2)');
    expect(s).toMatch(/ 3 +1 +4 +1 +5 +→ +1 +1 +3 +4$/m); // the probe 3 1 4 1 5 → 1 1 3 4 labels the columns
    await p.keys('Right');
    await p.until('attention · layer 0 head 1 (2/2)');
    tmux('resize-window', '-t', p.name, '-x', '80', '-y', '24');
    // the hints line is on both layouts: wait for the 80-column rules, then for the hints under them
    s = await p.until(new RegExp(`^${'─'.repeat(80)}\n(?:.*\n){19}${'─'.repeat(80)}\nr run again · n new task`, 'm'), 10_000);
    const lines = s.split('\n');
    expect(lines[0]).toMatch(/^attn +1 Tutorial.*q quit$/);
    expect(lines[1]).toBe('─'.repeat(80));
    expect(lines[2]).toMatch(/^sort · .*✓ done$/);
    expect(lines[21]).toBe('─'.repeat(80));
    await p.keys('q');
    await p.until('attn exited 0');
  }, 120_000);

  it('at 80×24: 4 after training sort shows every head with its role; a zeroes one and the accuracy drops; leaving puts it back', async () => {
    const p = start(['train', '--task', 'sort']);
    await p.until('✓ done', 60_000);
    await p.keys('4');
    let s = await p.until('every head intact', 30_000);
    const lines = s.split('\n');
    expect(lines[0]).toMatch(/^attn +1 Tutorial +2 Train +3 Playground +4 Inspect +5 Generate +\? help · q quit$/);
    expect(lines[2]).toMatch(/^Inspect · sort +trained in Train, 400 steps, held-out accuracy 99\.7%$/);
    expect(s).toMatch(/^› 0\.0 +content +0\.\d\d/m);
    expect(s).toMatch(/^ {2}0\.1 +content +0\.\d\d/m);
    expect(lines[22]).toMatch(/^↑\/↓ head · a zero it · m mean/);
    await p.keys('a');
    s = await p.until(/held-out accuracy 99\.7% → [\d.]+% with 0\.0 zeroed/);
    expect(Number(/→ ([\d.]+)%/.exec(s)![1])).toBeLessThan(50);
    // the playground runs the model given back intact
    await p.keys('3');
    await p.until(/answer [\d ]+ +expected 1 1 3 4 5 +✓ right/, 20_000);
    await p.keys('Tab');
    await p.until('held-out accuracy 99.7%, every head intact');
    await p.keys('q');
    await p.until('attn exited 0');
  }, 120_000);

  it('at 80×24: attn open FILE (a sort model\'s link, made in Node) opens the playground on that model, without training; tab measures its heads', async () => {
    const task = sort();
    const run = train({ task, seed: 0 });
    const result = await run;
    const file = join(tmp, 'sort.link');
    writeFileSync(file, `https://attn.example/beyond/sort.html#${encodeModelLink({
      task: 'sort', seed: 0, step: result.steps, metrics: result.metrics, modelConfig: run.model.modelConfig(), model: run.model.stateDict(),
    })}\n`);
    const p = start(['open', file]);
    const s = await p.until(/answer [\d ]+ +expected 1 1 3 4 5/, 20_000);
    expect(s.split('\n')[2]).toMatch(/^Playground · sort/);
    expect(s).toContain(`model: link in ${file} (step 400)`);
    expect(s).toContain(`answer ${task.answer!(run.model, [3, 1, 4, 1, 5]).answer} `);
    expect(s).not.toContain('training sort');
    await p.keys('Tab');
    expect((await p.until('every head intact', 30_000)).split('\n')[2]).toMatch(/^Inspect · sort +link in .*sort\.link \(step 400\)$/);
    await p.keys('q');
    await p.until('attn exited 0');
  }, 120_000);

  it('attn --plugin (the example plugin) train --task max-two: the dashboard, the plugin\'s view, and the playground reading max-two\'s own input', async () => {
    const p = start(['--plugin', examplePlugin, 'train', '--task', 'max-two'], { width: 100, height: 30 });
    let s = await p.until('✓ done', 60_000);
    expect(s).toMatch(/^max-two · [\d,]+ parameters · seed 0 · adam lr 0\.02 · batch 32 +✓ done$/m);
    expect(s).toMatch(/3,000\/3,000 100%/);
    expect(s).toMatch(/test MSE [\d.e-]+ \(target ≤ 0\.05\)/);
    await p.keys('v');
    s = await p.until('attention on the larger number');
    expect(s).toContain('probe [3, 5]: weight on 5');
    expect(s).toMatch(/held-out focus 0\.9\d\d/); // the plugin's metric, read by the plugin's view

    await p.keys('3');
    s = await p.until('Playground · max-two');
    expect(s).toContain('Type two numbers (trained on numbers in [0, 10)); the model picks the larger.');
    expect(s).toContain('model: trained in Train, 3,000 steps');
    s = await p.until(/answer \d+\.\d{3} +expected 5/); // the example input, 3 5
    await p.keys('BSpace', 'BSpace', 'BSpace');
    await p.text('8 2');
    s = await p.until(/answer \d+\.\d{3} +expected 8/);
    const answer = Number(/answer (\d+\.\d{3})/.exec(s)![1]);
    expect(Math.abs(answer - 8)).toBeLessThan(0.5); // trained: held-out MSE below 0.05
    await p.keys('BSpace');
    await p.text('12');
    s = await p.until('warning: 12 is outside the training range [0, 10)');
    expect(s).toMatch(/answer \d+\.\d{3} +expected 12/); // read, and answered
    await p.text(' x');
    await p.until("error: max-two: expected a number, got 'x'");
    await p.keys('q');
    await p.until('attn exited 0');
  }, 120_000);

  it('at 80×24: 5 after attn train --text FILE writes with the model, each head\'s attention for the chosen token; a saved checkpoint opens on the Generate screen', async () => {
    const file = fileURLToPath(new URL('../../../packages/core/README.md', import.meta.url)); // a small real text
    const p = start(['train', '--text', file, '--steps', '40', '--context', '16'], { env: { NO_COLOR: '1' } });
    await p.until('✓ done', 60_000);
    await p.keys('5');
    let s = await p.until('64 tokens written', 30_000);
    let lines = s.split('\n');
    expect(lines[2]).toBe('Generate · text  trained in Train, 40 steps, validation loss ' + /validation loss ([\d.]+)/.exec(lines[2])![1]);
    expect(lines[3]).toBe('temperature 0.8 · top-k all · top-p 1 · seed 0 · 64 tokens');
    expect(lines[4]).toMatch(/^prompt › ./);
    expect(s).toContain('token 64 of 64 ');
    await p.keys('Left', 'Left', 'Left');
    s = await p.until("what each head looked at in the 16 tokens before it");
    expect(s).toMatch(/^token 61 of 64 '.+': what each head looked at in the 16 tokens before it$/m);
    // a row per head (2 layers of 4): a shade per token read, then the three it looked at most, their shares summing to at most 100%
    const heads = s.split('\n').filter((l) => /^\d\.\d /.test(l));
    expect(heads.map((l) => l.slice(0, 3))).toEqual(['0.0', '0.1', '0.2', '0.3', '1.0', '1.1', '1.2', '1.3']);
    for (const h of heads) {
      expect(h).toMatch(/^\d\.\d {2}[ ░▒▓█]{16} {2}'.+'-\d+ \d+% '.+'-\d+ \d+% '.+'-\d+ \d+%$/);
      expect(h.slice(5, 21)).toContain('█'); // the head's largest weight is the darkest
      const shares = [...h.matchAll(/ (\d+)%/g)].map((m) => Number(m[1]));
      expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(101);
    }
    // f saves that token's figure and the Trace of the pass that wrote it, in the run's folder
    await p.keys('f');
    await p.until('saved attn-runs/text/generate-token61-attention.{svg,png} generate-token61.tra'); // the rest is cut at 80 columns
    const saved = parseTrace(readFileSync(join(tmp, 'attn-runs/text/generate-token61.trace.json'), 'utf8'));
    expect(saved.attention.map((a) => `${a.layer}.${a.head}`)).toEqual(['0.0', '0.1', '0.2', '0.3', '1.0', '1.1', '1.2', '1.3']);
    expect(readFileSync(join(tmp, 'attn-runs/text/generate-token61-attention.svg'), 'utf8')).toContain('What each head looked at to write');
    // a value out of range is refused, saying what was typed; a good one writes again
    await p.keys('p', 'C-u');
    await p.text('1.5');
    await p.keys('Enter');
    await p.until("error: top-p must be a number above 0 and at most 1, got '1.5'");
    await p.keys('C-u');
    await p.text('0.5');
    await p.keys('Enter');
    s = await p.until('64 tokens written');
    expect(s).toContain('temperature 0.8 · top-k all · top-p 0.5 · seed 0 · 64 tokens');
    await p.keys('2', 'c');
    await p.until('saved attn-runs/text/last.ckpt');
    await p.keys('q');
    await p.until('attn exited 0');

    const q = start(['playground', '--checkpoint', 'attn-runs/text/last.ckpt'], { env: { NO_COLOR: '1' } });
    s = await q.until('64 tokens written', 30_000);
    lines = s.split('\n');
    expect(lines[2]).toBe('Generate · text  checkpoint attn-runs/text/last.ckpt (step 40)');
    expect(s).toMatch(/^token 64 of 64 '.+': what each head looked at in the 16 tokens before it$/m);
    await q.keys('q');
    await q.until('attn exited 0');
  }, 120_000);

  it('in a terminal, attn train --text refuses an empty, a binary and a too small file with one line and exit 2, before drawing anything', async () => {
    const files = {
      'empty.txt': new Uint8Array(),
      'image.png': Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d),
      'small.txt': new TextEncoder().encode('hello, world'),
    };
    const want = {
      'empty.txt': 'is empty',
      'image.png': 'looks binary, not text: it holds a NUL byte at offset 8',
      'small.txt': 'the training part holds 11 tokens (of 12, valFraction 0.1), but a window needs context + 1 = 33',
    };
    for (const [name, bytes] of Object.entries(files)) {
      const path = join(tmp, name);
      writeFileSync(path, bytes);
      const p = start(['train', '--text', path]);
      const s = await p.until('attn exited', 15_000);
      expect(s, name).toContain(`attn: --text: ${path}`);
      expect(s.replace(/\s+/g, ' '), name).toContain(want[name as keyof typeof want]);
      expect(s, name).toContain('attn exited 2');
      expect(s, name).not.toContain('1 Tutorial');
      expect(p.format('#{alternate_on}'), name).toBe('0');
    }
  }, 60_000);

  it('Ctrl-C in the middle of training quits at once and gives the terminal back; NO_COLOR draws without colours, the shown tab still inverse', async () => {
    const p = start(['train', '--task', 'digits-add', '--steps', '100000'], { env: { NO_COLOR: '1' } });
    await p.until('● running');
    await p.until(/loss [\d.]+/);
    const colored = p.screen(true);
    // no foreground or background colour (30–38, 40–48, 90–97, 100–107); 39 and 49 are the defaults
    expect(colored).not.toMatch(/\x1b\[(?:\d+;)*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;\d+)*m/);
    expect(colored).toMatch(/[░▒▓█]/);
    // NO_COLOR is about colour: the shown tab is still drawn inverse, the others not
    expect(colored).toMatch(/\x1b\[(?:\d+;)*7(?:;\d+)*m(?:\x1b\[[\d;]*m)* 2 Train /);
    expect(colored).not.toMatch(/\x1b\[(?:\d+;)*7(?:;\d+)*m(?:\x1b\[[\d;]*m)* 1 Tutorial /);
    await p.keys('C-c');
    const s = await p.until('attn exited', 10_000);
    expect(p.format('#{alternate_on}')).toBe('0');
    expect(p.format('#{cursor_flag}')).toBe('1');
    expect(s).not.toContain('● running');
  }, 60_000);

  it('under NO_COLOR the visual settings (o) turn colour on: the heatmaps get 256-colour backgrounds, and the grey palette only greys', async () => {
    const p = start(['tutorial'], { env: { NO_COLOR: '1' } });
    await p.until('Step 1 of 8');
    await p.keys('End', 'Left', 'Left');
    await p.until('Step 6 of 8');
    /** The 256-colour backgrounds (48;5;N) drawn on the screen. */
    const backgrounds = () => [...p.screen(true).matchAll(/\x1b\[(?:\d+;)*48;5;(\d+)/g)].map((m) => Number(m[1]));
    expect(backgrounds()).toEqual([]);
    expect(p.screen()).toMatch(/[░▒▓█]/);
    await p.keys('o');
    await p.until('Visual settings');
    await p.keys('c');
    await p.until(/c {2}colour +on/);
    await p.keys('o');
    await p.until('Step 6 of 8');
    const cividis = backgrounds();
    expect(cividis.length).toBeGreaterThanOrEqual(4);
    // xterm's 256 colours: greys are 16, 231 and the ramp 232–255; cividis's blues and yellows are not
    const grey = (n: number) => n === 16 || n === 231 || n >= 232;
    expect(cividis.some((n) => !grey(n))).toBe(true);
    await p.keys('o', 'p', 'o');
    await p.until('Step 6 of 8');
    const greys = backgrounds();
    expect(greys.length).toBe(cividis.length);
    expect(greys.filter((n) => !grey(n))).toEqual([]);
    await p.keys('q');
    await p.until('attn exited 0');
  }, 60_000);

  it('with stdout piped (no terminal to draw in) attn prints the text tutorial and exits without waiting for keys', async () => {
    const p = start([], { pipe: ' | cat' });
    const s = await p.until('attn exited 0', 15_000);
    expect(s).toContain('What is the model paying attention to?');
    expect(p.format('#{alternate_on}')).toBe('0');
  }, 30_000);
});
