import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseTrace, type Trace } from '@attn/core';
import { addTwo, decodeCheckpoint, decodeModelLink, encodeModelLink, textTask, train, type Task } from '@attn/train';
import { BUILTIN_TASKS } from '../plugins.js';
import { App } from './App.js';
import { NEXT_STEPS } from './screens/NextSteps.js';
import { taskCatalog, type UiOptions } from './options.js';
import type { View } from '@attn/train';

const tmp = mkdtempSync(join(tmpdir(), 'attn-app-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => cleanup());

const registry = new Map(Object.entries(BUILTIN_TASKS).map(([name, f]) => [name, { task: () => f(), source: 'built-in' }]));
const options = (over: Partial<UiOptions> = {}): UiOptions => ({
  screen: 'tutorial', tutorial: { input: [3, 5], seed: 0, d: 4, scale: 'none' }, train: {}, playground: {},
  catalog: taskCatalog(registry), plugins: [], views: [], theme: { color: true, palette: 'cividis' } as const, frameMs: 20, ...over,
});

const KEY = { right: '\x1b[C', left: '\x1b[D', up: '\x1b[A', down: '\x1b[B', enter: '\r', esc: '\x1b', tab: '\t', backspace: '\x7f', end: '\x1b[F' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same run as the Train screen's (the task's defaults, seed 0, 20 steps), in Node. */
async function finished(task: Task<any, any>) {
  const run = train({ task, seed: 0, steps: 20 });
  await run;
  return { model: run.model }; // not the run itself: it is awaitable, and would resolve to its result
}

/** Renders the app at a terminal size; `press` writes keys and gives them ~50 ms to settle. */
function app(o: UiOptions, columns = 80, rows = 24) {
  const r = render(<App options={o} columns={columns} rows={rows} />);
  const frame = () => r.lastFrame() ?? '';
  return {
    frame,
    /** Every frame drawn so far. */
    frames: () => r.frames,
    async press(...keys: string[]) {
      for (const k of keys) {
        r.stdin.write(k);
        await sleep(50);
      }
    },
    /** Waits until the frame contains `text` (or matches it). */
    async until(text: string | RegExp, timeout = 15_000) {
      const start = Date.now();
      for (;;) {
        const f = frame();
        if (typeof text === 'string' ? f.includes(text) : text.test(f)) return f;
        if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${String(text)}; the frame is:\n${f}`);
        await sleep(25);
      }
    },
  };
}

describe('<App> tutorial', { timeout: 30_000 }, () => {
  it('<App> opens on step 1 of the tutorial for [3, 5], in 23 lines of at most 80 columns', async () => {
    const a = app(options());
    const f = await a.until('Step 1 of 8 · Input');
    const lines = f.split('\n');
    expect(lines).toHaveLength(23);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^attn +1 Tutorial +2 Train +3 Playground +4 Inspect +5 Generate +\? help · q quit$/);
    expect(f).toContain('x = [3, 5]');
    expect(f).toContain('expected 8');
    expect(lines[22]).toContain('←/→ step');
  });

  it('<App> → steps to the attention weights, whose rows sum to 1, and says what the model attends to', async () => {
    const a = app(options());
    await a.until('Step 1 of 8');
    await a.press(KEY.right, KEY.right, KEY.right, KEY.right, KEY.right);
    const f = await a.until('Step 6 of 8 · Attention weights');
    expect(f).toContain('weights = softmax(scores)');
    const rows = f.split('\n').filter((l) => /^ +[35] .*│/.test(l));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.trim().endsWith('│ 1.000')).toBe(true);
    expect(f).toContain('What is the model paying attention to?');
    expect(f).toMatch(/Token 3 puts \d+\.\d% on 3, \d+\.\d% on 5\./);
    await a.press(KEY.left);
    expect(await a.until('Step 5 of 8 · Scores')).toContain('the scores are used as they are');
  });

  it.each(['none', 'sqrt'] as const)('<App> with 8 numbers, every step still fits 80×24 line for line (nothing squeezed out), scaling %s', async (scale) => {
    const a = app(options({ tutorial: { input: [1, 2, 3, 4, 5, 6, 7, 8], seed: 0, d: 4, scale } }));
    await a.until('Step 1 of 8');
    for (let n = 1; n <= 8; n++) {
      const lines = (await a.until(`Step ${n} of 8 · `)).split('\n');
      expect(lines).toHaveLength(23);
      expect(lines[2].startsWith(`Step ${n} of 8 · `)).toBe(true);
      expect(lines[3]).toMatch(/^ ?input .*answer ?$/);
      expect(lines[18]).toMatch(/^answer [\d.-]+ · expected 36 · off by/);
      expect(lines[19]).toContain('Random initialization');
      // scaled, step 5's Q·Kᵀ gives way to the scores softmax reads, and it says so
      if (scale === 'sqrt' && n === 5) expect(lines.join('\n')).toContain('Q·Kᵀ left out to fit: a taller terminal shows it');
      await a.press(KEY.right);
    }
  });

  it.each([[80, 24], [100, 30], [120, 40]])('<App> after step 8, → opens the next steps (multi-head, positions, layer norm, residuals, blocks), whole at %i×%i; ← goes back', async (columns, rows) => {
    const a = app(options(), columns, rows);
    await a.until('Step 1 of 8');
    await a.press(KEY.end);
    await a.until('Step 8 of 8');
    await a.press(KEY.right);
    const f = await a.until('Next steps · from one head to a transformer');
    // every idea whole, its name and every word of its text (lines squeezed out would lose some)
    const flat = f.replace(/\s+/g, ' ');
    for (const { name, text } of NEXT_STEPS) expect(flat).toContain(`${name} ${text}`);
    expect(f).toContain('"Beyond the tutorial" (pnpm docs:dev).'); // the last line is there: nothing cut off
    expect(f.split('\n').length).toBeLessThanOrEqual(rows - 1);
    await a.press(KEY.left);
    await a.until('Step 8 of 8');
  });

  it('<App> a long error in the input line keeps to its line at 80×24: the title and the tables stay where they are', async () => {
    const a = app(options({ tutorial: { input: [1, 2, 3, 4, 5, 6, 7, 8], seed: 0, d: 4, scale: 'sqrt' } }));
    await a.until('Step 1 of 8');
    await a.press(KEY.right, KEY.right, KEY.right, KEY.right, 'e', ' 9', KEY.enter);
    const lines = (await a.until('error: tutorial: reads 1 to 8 numbers')).split('\n');
    expect(lines).toHaveLength(23);
    expect(lines[2].startsWith('Step 5 of 8 · Scores')).toBe(true);
    expect(lines[3]).toMatch(/^ ?input .*answer ?$/);
    expect(lines[18]).toMatch(/^answer /);
    expect(lines[20]).toMatch(/^input › 1, 2, 3, 4, 5, 6, 7, 8 9.* +error: tutorial: reads 1 to 8 numbers/);
  });

  it('<App> s switches to scores scaled by 1/√d, and back', async () => {
    const a = app(options());
    await a.until('Step 1 of 8');
    await a.press(KEY.right, KEY.right, KEY.right, KEY.right, 's');
    expect(await a.until('divided by √d = 2')).toContain('1/√d-scaled');
    await a.press('s');
    await a.until('the scores are used as they are');
  });

  it('<App> e edits the input: a non-number is refused with a message, a good line recomputes every step', async () => {
    const a = app(options());
    await a.until('Step 1 of 8');
    await a.press('e');
    await a.until('input › 3, 5');
    await a.press(KEY.backspace, 'x', KEY.enter);
    expect(await a.until("error: tutorial: expected a number, got 'x'")).toContain('input › 3, x');
    await a.press(KEY.backspace, '2 7', KEY.enter);
    const f = await a.until('x = [3, 2, 7]');
    expect(f).toContain('expected 12');
    expect(f).not.toContain('input ›');
  });

  it('<App> t trains the model right in the tutorial; the trained model attends 50/50 and answers 8, b shows it before', async () => {
    const a = app(options());
    await a.until('Step 1 of 8');
    await a.press(KEY.right, KEY.right, KEY.right, KEY.right, KEY.right, 't');
    const f = await a.until('after training on add-two');
    expect(f).toMatch(/answer 8\.0\d\d · expected 8 · off by/);
    expect(f).toContain('Token 3 puts 50.0% on 3, 50.0% on 5.');
    await a.press('b');
    expect(await a.until('before training: the random initialization')).not.toContain('Token 3 puts 50.0% on 3, 50.0% on 5.');
  });

  it('<App> [ and ] step back through the recorded training: step 0 is the random initialization, ] returns to the trained model', async () => {
    const a = app(options());
    await a.until('Step 1 of 8');
    await a.press(KEY.right, KEY.right, KEY.right, KEY.right, KEY.right);
    // the untrained weights' table, to compare with the recording at step 0
    const table = (f: string) => f.split('\n').filter((l) => /^ +[35] +[\d.]+ +[\d.]+ │/.test(l)).join('\n');
    const untrained = table(await a.until('Random initialization'));
    await a.press('t');
    const trained = table(await a.until('after training on add-two (b: before, [: step back through it)'));
    await a.press('[');
    let f = await a.until('during training: step 1,950 of 2,000 ([ back, ] on)');
    for (let i = 0; i < 40; i++) await a.press('[');
    f = await a.until('during training: step 0 of 2,000');
    expect(table(f)).toBe(untrained); // before the first step, the recorded weights are the initial ones
    expect(f).toContain('It looks almost only at');
    await a.press('[');
    await a.until('step 0 of 2,000'); // nothing before the start
    for (let i = 0; i < 10; i++) await a.press(']');
    f = await a.until('during training: step 500 of 2,000');
    expect(table(f)).not.toBe(untrained);
    for (let i = 0; i < 40; i++) await a.press(']');
    expect(table(await a.until('after training on add-two (b: before'))).toBe(trained);
  }, 60_000);

  it('<App> w trains the tutorial model in slow motion, its numbers changing frame by frame, and w again goes to full speed', async () => {
    const a = app(options());
    await a.until('Step 1 of 8');
    await a.press(KEY.right, KEY.right, KEY.right, KEY.right, KEY.right, 'w');
    await a.until('slow · w: full speed');
    // at full speed the whole run takes a frame or two; slowed, a learner sees it step by step
    const steps = new Set<string>();
    while (steps.size < 8) {
      const m = /training add-two .* ([\d,]+)\/2,000 · loss/.exec(a.frame());
      if (m) steps.add(m[1]);
      await sleep(20);
    }
    expect(a.frame()).toContain('slow · w: full speed');
    await a.press('w');
    await a.until('after training on add-two');
    expect(a.frame()).toMatch(/answer 8\.0\d\d · expected 8/);
  });

  it('<App> shows the random and the trained model side by side on a wide terminal', async () => {
    const a = app(options(), 130, 40);
    await a.until('Step 1 of 8');
    await a.press('t');
    let f = await a.until('left: random initialization · right: after training');
    expect(f).toMatch(/before training +after training/);
    expect(f.split('\n')).toHaveLength(39);
    // every number names its model: the W row of each, both answers, what each attends to
    expect(f).toMatch(/answer 8\.0\d\d after training · expected 8 · off by .*\(before training: 0\.124, off by 7\.876\)/);
    await a.press(KEY.right);
    f = await a.until('W_q: before [');
    expect(f).toMatch(/W_q: before \[[-\d., ]+\], after \[[-\d., ]+\]/);
    await a.press(KEY.right, KEY.right, KEY.right, KEY.right);
    f = await a.until('Step 6 of 8');
    expect(f).toContain('Before training, it looks almost only at 3 (the smallest number)');
    expect(f).toContain('After training, it attends to both numbers equally');
  });
});

describe('<App> train', { timeout: 30_000 }, () => {
  it('<App> 2 lists the tasks; enter trains the chosen one to the end with progress, loss curve and attention', async () => {
    const a = app(options({ train: { steps: 300 } }));
    await a.until('Step 1 of 8');
    await a.press('2');
    let f = await a.until('Train a model on a task');
    for (const t of ['add-two', 'sum-n', 'sort', 'reverse', 'digits-add', 'induction']) expect(f).toContain(t);
    await a.press(KEY.down, KEY.enter);
    f = await a.until('✓ done');
    expect(f).toMatch(/^sum-n · \d+ parameters · seed 0 · adam lr 0\.01 · batch 32 +✓ done$/m);
    expect(f).toMatch(/300\/300 100% · [\d,]+ steps\/s · in \d/);
    expect(f).toMatch(/test MSE [\d.e-]+ \(target ≤ 0\.01\)/);
    expect(f).toContain('loss (log scale)');
    expect(f).toContain('└0');
    expect(f).toMatch(/probe at step 300: rows attend to/);
    expect(f).toContain('r run again');
    // run again: the next seed, not the same run bit for bit
    await a.press('r');
    f = await a.until(/^sum-n · \d+ parameters · seed 1 · .*✓ done$/m);
  });

  it('<App> space pauses and resumes a run, x stops it, c saves a checkpoint of it', async () => {
    const out = join(tmp, 'pause');
    const a = app(options({ screen: 'train', train: { task: 'add-two', steps: 10_000_000, out } }));
    await a.until('● running');
    await a.press(' ');
    let f = await a.until('❚❚ paused');
    // the steps done before the pause took hold are drawn within a frame (20 ms here); then nothing moves
    await sleep(100);
    const at = /([\d,]+)\/10,000,000/.exec(a.frame())![1];
    await sleep(200);
    expect(/([\d,]+)\/10,000,000/.exec(a.frame())![1]).toBe(at);
    await a.press('c');
    f = await a.until('saved ');
    const path = join(out, 'last.ckpt');
    expect(f).toContain(`saved ${path}`);
    expect(decodeCheckpoint(readFileSync(path)).step).toBe(Number(at.replaceAll(',', '')));
    await a.press(' ');
    await a.until('● running');
    await a.press('x');
    await a.until('■ stopped');
  }, 30_000);

  it('<App> a plugin view replaces the attention panel with v', async () => {
    const view: View = { name: 'steps', title: 'plugin view', render: (v) => [`at step ${v.step} of ${v.totalSteps}`] };
    const a = app(options({ screen: 'train', train: { task: 'add-two', steps: 200 }, views: [view] }));
    await a.until('✓ done');
    await a.press('v');
    expect(await a.until('plugin view (v: next view)')).toContain('at step 200 of 200');
    await a.press('v');
    await a.until('probe at step');
  });
});

describe('<App> playground', { timeout: 30_000 }, () => {
  it('<App> 3 trains a model for the playground, then answers what is typed, and explains bad input', async () => {
    const a = app(options({ playground: { task: 'add-two' } }));
    await a.until('Step 1 of 8');
    await a.press('3');
    let f = await a.until(/answer \d/);
    expect(f).toContain('input › 3 5');
    expect(f).toMatch(/answer 8\.0\d\d +expected 8/);
    expect(f).toContain('attention · rows attend to columns');
    await a.press(KEY.esc);
    await a.until('type 2 numbers');
    await a.press('2', ' ', '7');
    f = await a.until('expected 9');
    expect(f).toMatch(/answer 9\.0\d\d/);
    await a.press(' ', 'x');
    expect(await a.until("error: add-two: expected a number, got 'x'")).not.toContain('expected 9');
    await a.press(KEY.backspace, '1');
    await a.until('error: add-two: reads 2 numbers, got 3');
  });

  it('<App> the playground opens with the model of a checkpoint given with --checkpoint', async () => {
    const out = join(tmp, 'reverse');
    const a = app(options({ screen: 'train', train: { task: 'reverse', steps: 40, out } }));
    await a.until('✓ done', 30_000);
    await a.press('c');
    await a.until('saved ');
    cleanup();
    const checkpoint = decodeCheckpoint(readFileSync(join(out, 'last.ckpt')));
    const b = app(options({ screen: 'playground', playground: { task: 'reverse', checkpoint: { label: 'checkpoint runs/last.ckpt', saved: checkpoint } } }));
    const f = await b.until(/answer [\d →]+/);
    expect(f).toContain('model: checkpoint runs/last.ckpt (step 40)');
    expect(f).not.toContain('training reverse');
  });

  it('<App> the playground opens with the model of a link (attn open), its answer the linked model\'s, and Inspect measures it', async () => {
    const task = addTwo();
    const run = train({ task, seed: 5, steps: 300 });
    const result = await run;
    const link = encodeModelLink({ task: 'add-two', seed: 5, step: result.steps, metrics: result.metrics, modelConfig: run.model.modelConfig(), model: run.model.stateDict() });
    const expected = task.answer!(run.model, [3, 5]).answer;
    const a = app(options({ screen: 'playground', playground: { task: 'add-two', checkpoint: { label: 'link', saved: decodeModelLink(link) } } }));
    const f = await a.until(/answer [\d.]+/);
    expect(f).toContain('model: link (step 300)');
    expect(f).toContain(`answer ${expected} `);
    expect(f).not.toContain('training add-two');
    await a.press(KEY.tab);
    expect(await a.until('Inspect · add-two')).toContain('link (step 300)');
  });

  it('<App> t in the playground trains the model again with the next seed', async () => {
    const a = app(options({ screen: 'playground' }));
    await a.until('model: trained here, 2,000 steps, seed 0');
    await a.press('t');
    await a.until('training add-two for the playground');
    expect(await a.until('model: trained here, 2,000 steps, seed 1')).toMatch(/answer 8\.0\d\d/);
  });

  it('<App> 3 after a run on the Train screen opens the playground on that task with the model just trained', async () => {
    const a = app(options({ screen: 'train', train: { task: 'reverse', steps: 30 } }));
    await a.until('✓ done', 30_000);
    await a.press('3');
    const f = await a.until(/answer [\d →]+/);
    expect(f).toContain('Playground · reverse');
    expect(f).toMatch(/model: trained in Train, 30 steps, held-out accuracy \d+(\.\d)?%/);
  });

  it('<App> a text task\'s run shows what the model writes after each evaluation, from the start of the held-out text', async () => {
    const text = 'the cat sat on the mat. the dog ran on the rug. '.repeat(40);
    const task = textTask({ text, context: 8, model: { dModel: 8, heads: 1, layers: 1 } });
    const catalog = taskCatalog(new Map([['text', { task: () => task, source: 'a test' }]]));
    const a = app(options({ screen: 'train', train: { steps: 20 }, catalog }));
    await a.until('Train a model on a task');
    await a.press(KEY.enter);
    const f = await a.until('✓ done', 30_000);
    // the end of the run evaluates: what the trained model writes then, seeded, as task.write says
    const written = task.write!((await finished(task)).model);
    expect(f).toContain(`writes at step 20: ${JSON.stringify(written.prompt)} → ${JSON.stringify(written.text)}`.slice(0, 70));
  });

  it('<App> 3 after a run of a task chosen in the picker opens the playground on that task, before the playground was ever shown', async () => {
    const a = app(options({ screen: 'train', train: { steps: 30 } }));
    await a.until('Train a model on a task');
    await a.press(KEY.down, KEY.down, KEY.down, KEY.enter); // add-two → sum-n → sort → reverse
    await a.until('✓ done', 30_000);
    await a.press('3');
    const f = await a.until(/answer [\d →]+/);
    expect(f).toContain('Playground · reverse');
    expect(f).toContain('model: trained in Train, 30 steps');
  });

  it('<App> the playground reads digits for sort and shows each head of the trained transformer', async () => {
    const a = app(options({ screen: 'playground', playground: { task: 'sort', input: '3 1 4 1 5' } }));
    await a.until('training sort for the playground');
    const f = await a.until(/answer [\d ]+ +expected 1 1 3 4 5/, 60_000);
    expect(f).toContain('layer 0 head 0 (1/2, [ ])');
    expect(f.split('\n').filter((l) => /^[0-9→] /.test(l))).toHaveLength(10);
    await a.press(']');
    await a.until('layer 0 head 1 (2/2, [ ])');
  }, 90_000);
});

describe('<App> shell', { timeout: 30_000 }, () => {
  it('<App> ? opens the help with every screen\'s keys, ? closes it', async () => {
    const a = app(options());
    await a.until('Step 1 of 8');
    await a.press('?');
    const f = await a.until('(esc closes)');
    for (const t of ['1-5 screens', 'Tutorial', 'Train', 'Playground', 'Inspect', 'save a checkpoint', 'mean-ablate the head', 'Generate: press ? on its screen']) expect(f).toContain(t);
    await a.press('?');
    await a.until('Step 1 of 8');
  });

  it('<App> tab cycles the screens and the header marks the shown one', async () => {
    const a = app(options());
    await a.until('Step 1 of 8');
    await a.press(KEY.tab);
    await a.until('Train a model on a task');
    await a.press(KEY.tab);
    await a.until('Playground · add-two');
    await a.press(KEY.tab);
    // the Inspect screen: the playground's add-two model once its training has ended, or how to get one
    await a.until(/Inspect · add-two|train a model on screen 2 first/);
  });

  it('<App> in a terminal smaller than 80×24 asks for a larger one instead of drawing a broken layout', async () => {
    const a = app(options(), 60, 20);
    const f = await a.until('attn needs a terminal of at least 80×24');
    expect(f).toContain('This one is 60×20');
    expect(f.replace(/\s+/g, ' ')).toContain('run attn --plain for text');
  });

  it('<App> without colour draws heatmap cells with shade glyphs', async () => {
    const a = app(options({ theme: { color: false, palette: 'cividis' } as const }));
    await a.until('Step 1 of 8');
    await a.press(KEY.right, KEY.right, KEY.right, KEY.right, KEY.right);
    const f = await a.until('Step 6 of 8');
    expect(f.split('\n').filter((l) => /^ +[35] .*│/.test(l)).join('')).toMatch(/[░▒▓█]/);
  });
});

describe('<App> visual settings', { timeout: 30_000 }, () => {
  /** Step 6's two rows of weights, where a heatmap without colour puts its shade glyphs. */
  const weightRows = (f: string) => f.split('\n').filter((l) => /^ +[35] .*│/.test(l)).join('');

  it('<App> o opens the visual settings; c turns colour off (the heatmaps shade with glyphs) and on again; they stay as set on every screen', async () => {
    const a = app(options());
    await a.until('Step 1 of 8');
    await a.press(KEY.end, KEY.left, KEY.left);
    expect(weightRows(await a.until('Step 6 of 8'))).not.toMatch(/[░▒▓█]/);
    await a.press('o');
    let f = await a.until('Visual settings');
    expect(f).toMatch(/c {2}colour +on\n/);
    expect(f).toMatch(/p {2}palette {2}cividis/);
    expect(f.split('\n').at(-1)).toMatch(/^c colour on\/off · p palette · o close · q quit/);
    await a.press('c');
    f = await a.until(/c {2}colour +off/);
    expect(f).toContain('shade glyphs ░▒▓█ carry the values');
    expect(f).toContain('low  ░▒▓█ high');
    await a.press('o');
    expect(weightRows(await a.until('Step 6 of 8'))).toMatch(/[░▒▓█]/);
    await a.press('2', '1');
    expect(weightRows(await a.until('Step 6 of 8'))).toMatch(/[░▒▓█]/);
    await a.press('o', 'c', KEY.esc);
    expect(weightRows(await a.until('Step 6 of 8'))).not.toMatch(/[░▒▓█]/);
  });

  it('<App> p in the visual settings cycles the palette, cividis → grey → cividis; ? opens the help in its place', async () => {
    const a = app(options());
    await a.until('Step 1 of 8');
    await a.press('o', 'p');
    await a.until(/p {2}palette {2}grey\n +black to white, no hue/);
    await a.press('p');
    await a.until(/p {2}palette {2}cividis/);
    await a.press('?');
    await a.until('(esc closes)');
    expect(a.frame()).not.toContain('Visual settings');
  });
});

describe('<App> inspect', { timeout: 60_000 }, () => {
  it('<App> 4 with no model trained yet says to train one on screen 2 first, and t trains the Train screen\'s task', async () => {
    const a = app(options({ train: { steps: 30 } }));
    await a.until('Step 1 of 8');
    await a.press('4');
    const f = await a.until('train a model on screen 2 first');
    expect(f.split('\n')[0]).toMatch(/^attn +1 Tutorial +2 Train +3 Playground +4 Inspect +5 Generate +\? help · q quit$/);
    expect(f).toContain('press t to train add-two');
    await a.press('t');
    const g = await a.until('every head intact', 30_000);
    expect(g).toContain('Inspect · add-two');
    expect(g).toMatch(/› 0\.0 +self /);
    // the tutorial's model has one head, 0.0, and a knocks it out like any other
    await a.press('a');
    await a.until(/test MSE [\d.e+-]+ → [\d.e+-]+ with 0\.0 zeroed/);
  });

  it('<App> 4 after training sort on the Train screen shows each head with its role; a zeroes the selected head and the held-out accuracy drops, 0 puts it back', async () => {
    const a = app(options());
    await a.until('Step 1 of 8');
    await a.press('2');
    await a.until('Train a model on a task');
    await a.press(KEY.down, KEY.down, KEY.enter); // add-two → sum-n → sort
    await a.until('✓ done', 60_000);
    await a.press('4');
    let f = await a.until('every head intact', 30_000);
    const lines = f.split('\n');
    expect(lines).toHaveLength(23);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(f).toMatch(/Inspect · sort +trained in Train, 400 steps, held-out accuracy 99\.7%/);
    expect(f).toMatch(/head role +entropy +first +prev +self +dup +induct +zeroed +now/);
    expect(f).toMatch(/› 0\.0 +content +0\.\d\d/);
    expect(f).toMatch(/^ {2}0\.1 +content +0\.\d\d/m);
    expect(f).toContain('head 0.0 on the probe · rows attend to columns');
    expect(f).toMatch(/… \d more rows?: a taller terminal shows them/);
    await a.press('a');
    f = await a.until(/held-out accuracy 99\.7% → \d+(\.\d)?% with 0\.0 zeroed/);
    const after = Number(/99\.7% → ([\d.]+)%/.exec(f)![1]);
    expect(after).toBeLessThan(50);
    expect(f).toMatch(/› 0\.0 +content .* zero$/m);
    await a.press('0');
    await a.until('held-out accuracy 99.7%, every head intact');
    await a.press(KEY.down, 'm');
    await a.until(/99\.7% → [\d.]+% with 0\.1 mean-ablated/);
    await a.press('i');
    f = await a.until('✱ important', 30_000);
    // drawn before the measurement blocked the event loop (the test could not look in between)
    expect(a.frames().some((x) => x.includes('measuring: each head knocked out'))).toBe(true);
    expect(f).toMatch(/^ {2}0\.0 +content .* [\d.]+% ✱/m);
    expect(f).toContain('mean-ablated'); // the ablation stays on after measuring
    // leaving the screen gives the model back intact: the playground answers with every head
    await a.press('1');
    await a.press('4');
    await a.until('held-out accuracy 99.7%, every head intact');
  }, 120_000);
});

/** The SVG, PNG and Trace JSON `f` saved as `name` in `dir`, read back and checked; the SVG's text and the Trace. */
function readSaved(dir: string, figures: readonly string[], traceName: string): { svgs: string[]; trace: Trace } {
  const svgs = figures.map((name) => {
    const svg = readFileSync(join(dir, `${name}.svg`), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), name).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>'), name).toBe(true);
    expect(svg, name).toMatch(/<g [^>]*aria-label="(cell|line)"/);
    const png = readFileSync(join(dir, `${name}.png`));
    expect([...png.subarray(0, 8)], name).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const [w, h] = [Number(/ width="(\d+)"/.exec(svg)![1]), Number(/ height="(\d+)"/.exec(svg)![1])];
    expect([png.readUInt32BE(16), png.readUInt32BE(20)], name).toEqual([2 * w, 2 * h]);
    return svg;
  });
  return { svgs, trace: parseTrace(readFileSync(join(dir, `${traceName}.trace.json`), 'utf8')) };
}

const pct = (w: number) => `${(100 * w).toFixed(1)}%`;

describe('<App> f saves figures', { timeout: 60_000 }, () => {
  it('<App> f on the tutorial saves the shown step as SVG and PNG and its Trace as JSON in the run folder, and says where', async () => {
    const out = join(tmp, 'figures-tutorial');
    const a = app(options({ train: { out } }), 160);
    await a.until('Step 1 of 8');
    await a.press(KEY.right, KEY.right, KEY.right, KEY.right, KEY.right);
    const screen = await a.until('Step 6 of 8 · Attention weights');
    await a.press('f');
    const dir = out; // --out without --task: every run's folder (checkpointPath)
    expect(await a.until('saved ')).toContain(`saved ${join(dir, 'tutorial-step6-weights')}.{svg,png,trace.json}`);
    const { svgs: [svg], trace } = readSaved(dir, ['tutorial-step6-weights'], 'tutorial-step6-weights');
    expect(trace.input.data).toEqual([3, 5]);
    const [w00, w01, w10, w11] = trace.attention[0].weights.data;
    // the numbers the screen showed are the Trace's, and the figure draws them
    expect(screen).toContain(`Token 3 puts ${pct(w00)} on 3, ${pct(w01)} on 5.`);
    expect(screen).toContain(`Token 5 puts ${pct(w10)} on 3, ${pct(w11)} on 5.`);
    for (const w of [w00, w01, w10, w11]) expect(svg).toContain(`<title>${w.toFixed(4)}</title>`);
    // the next key brings the footer back
    await a.press(KEY.left);
    expect((await a.until('Step 5 of 8')).split('\n').at(-1)).toContain('←/→ step');
  });

  it('<App> f on the Train screen saves the loss curve and the probe\'s attention, and on the Inspect screen the probe as the model now is', async () => {
    const out = join(tmp, 'figures-train');
    const a = app(options({ screen: 'train', train: { task: 'add-two', steps: 200, out } }), 160);
    await a.press('f');
    await a.until('✓ done', 30_000);
    await a.press('f');
    expect(await a.until('saved ')).toContain(`saved ${join(out, 'train-step200-loss')}.{svg,png} train-step200-attention.{svg,png} train-step200.trace.json`);
    const { svgs: [loss, attention], trace } = readSaved(out, ['train-step200-loss', 'train-step200-attention'], 'train-step200');
    expect(loss).toMatch(/<g [^>]*aria-label="line"><path d="M[^"]+"/);
    expect(trace.input.data).toEqual([3, 5]);
    for (const w of trace.attention[0].weights.data) expect(attention).toContain(`<title>${w.toFixed(4)}</title>`);
    await a.press('4');
    await a.until('every head intact', 30_000);
    await a.press('f');
    expect(await a.until('saved ')).toContain(`saved ${join(out, 'inspect-attention')}.{svg,png} inspect.trace.json`);
    // the model inspected is the one trained: the same probe, the same weights
    expect(readSaved(out, ['inspect-attention'], 'inspect').trace.attention[0].weights).toEqual(trace.attention[0].weights);
  });

  it('<App> f in the playground saves the attention of the answer to what was typed', async () => {
    const out = join(tmp, 'figures-playground');
    const a = app(options({ screen: 'playground', playground: { task: 'add-two' }, train: { out } }), 160);
    await a.press('f');
    expect(await a.until('nothing to save yet')).not.toContain('saved ');
    const f = await a.until(/answer 8\.\d+/);
    await a.press('f');
    const dir = out; // --out without --task: every run's folder (checkpointPath)
    expect(await a.until('saved ')).toContain(`saved ${join(dir, 'playground-3-5-attention')}.{svg,png} playground-3-5.trace.json`);
    const { trace } = readSaved(dir, ['playground-3-5-attention'], 'playground-3-5');
    expect(trace.input.data).toEqual([3, 5]);
    expect(f).toContain(`answer ${trace.output.data[0].toFixed(3)}`);
  });
});
