import { readFileSync } from 'node:fs';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '@attn/core';
import { textTask } from '@attn/train';
import { App } from '../App.js';
import { taskCatalog, type UiOptions } from '../options.js';
import { describeModel, generateTokens, promptTokens, textModelOf } from '../session/generate.js';
import { DEFAULT_SAMPLING, type GenerateState, initialGenerate, generateReducer } from '../state/generate.js';
import { shade } from '../theme.js';
import { GenerateScreen } from './GenerateScreen.js';

afterEach(() => cleanup());

// a real text: the start of the tutorial page
const text = readFileSync(new URL('../../../../docs/tutorial.md', import.meta.url), 'utf8').slice(0, 4000);

/** The screen's state after a real model wrote `n` tokens after `prompt` (an untrained model of `heads` heads: the layout is what is tested). */
function written(prompt: string, n: number, model: { heads?: number; layers?: number; dModel?: number } = {}): GenerateState {
  const task = textTask({ text, context: 24, model });
  const tm = textModelOf(task, task.createModel(new Rng(0)))!;
  const p = promptTokens(prompt, tm);
  if (!p.ok) throw new Error(p.message);
  const tokens = [...generateTokens(tm.model, p.tokens, { ...DEFAULT_SAMPLING, tokens: n })];
  let s = generateReducer(initialGenerate(), { type: 'model', model: describeModel('text', 'here', tm), prompt });
  s = generateReducer(s, { type: 'started', request: s.request, promptTokens: p.tokens, source: 'here' });
  s = generateReducer(s, { type: 'tokens', request: s.request, tokens, done: true });
  return { ...s, sampling: { ...s.sampling, tokens: n } };
}

describe('<GenerateScreen>', () => {
  it('<GenerateScreen> at 80×24 shows the settings, the prompt, the text and, for the last token, a row per head with its shading and top keys', () => {
    const s = written('Attention is', 30);
    const frame = render(<GenerateScreen state={s} training={false} width={80} height={19} theme={{ color: false, palette: 'cividis' } as const} />).lastFrame()!;
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(19);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(lines[0]).toBe('Generate · text  here');
    expect(lines[1]).toBe('temperature 0.8 · top-k all · top-p 1 · seed 0 · 30 tokens');
    expect(lines[2]).toBe('prompt › Attention is');
    expect(lines[3]).toBe('30 tokens written · ←/→ choose one to see what each head looked at');
    const last = s.tokens[29];
    const read = 12 + 29 - last.start; // the prompt's 12 characters and 29 tokens before the last, at most the context of 24
    expect(read).toBe(24);
    expect(frame).toContain(`token 30 of 30 '${s.model!.labels[last.token]}': what each head looked at in the 24 tokens before it`);
    // one row per head: label, a shade per token read (relative to the head's largest weight), the three largest with their shares
    const heads = lines.filter((l) => /^\d\.\d /.test(l));
    expect(heads.map((l) => l.slice(0, 3))).toEqual(['0.0', '0.1', '0.2', '0.3', '1.0', '1.1', '1.2', '1.3']);
    for (const [i, h] of last.heads.entries()) {
      const max = Math.max(...h.weights);
      expect(heads[i].slice(5, 5 + 24)).toBe(h.weights.map((w) => shade(w / max)).join(''));
      const top = h.weights.map((w, k) => [w, k] as const).sort((a, b) => b[0] - a[0])[0];
      expect(heads[i]).toContain(`-${24 - top[1]} ${Math.round(top[0] * 100)}%`);
    }
  });

  it('<GenerateScreen> lists the heads that fit and says how to see the others; ↑/↓ scroll them', () => {
    const s = written('Attention is', 5, { heads: 8, layers: 2, dModel: 32 });
    const frame = render(<GenerateScreen state={s} training={false} width={80} height={19} theme={{ color: false, palette: 'cividis' } as const} />).lastFrame()!;
    expect(frame).toContain('heads 1–9 of 16 · ↑/↓ for the others');
    expect(frame.split('\n')).toHaveLength(19);
    const scrolled = generateReducer(s, { type: 'heads', by: 9 });
    const f2 = render(<GenerateScreen state={scrolled} training={false} width={80} height={19} theme={{ color: false, palette: 'cividis' } as const} />).lastFrame()!;
    expect(f2).toContain('heads 8–16 of 16');
    expect(f2).toMatch(/^1\.7 /m);
    expect(f2).not.toMatch(/^0\.0 /m);
  });

  it('<GenerateScreen> with a context wider than the room shows the last tokens read and says how many of them', () => {
    const task = textTask({ text, context: 64 });
    const tm = textModelOf(task, task.createModel(new Rng(0)))!;
    const p = promptTokens(text.slice(0, 60), tm);
    if (!p.ok) throw new Error(p.message);
    let s = generateReducer(initialGenerate(), { type: 'model', model: describeModel('text', 'here', tm), prompt: text.slice(0, 60) });
    s = generateReducer(s, { type: 'started', request: s.request, promptTokens: p.tokens, source: 'here' });
    s = generateReducer(s, { type: 'tokens', request: s.request, tokens: [...generateTokens(tm.model, p.tokens, { ...DEFAULT_SAMPLING, tokens: 2 })], done: true });
    const frame = render(<GenerateScreen state={s} training={false} width={80} height={19} theme={{ color: false, palette: 'cividis' } as const} />).lastFrame()!;
    // 61 tokens read, 80 − 5 − 2 − 32 = 41 of them shown (head label, gap, top list)
    expect(frame).toContain(`token 2 of 2 '${s.model!.labels[s.tokens[1].token]}': what each head looked at, the last 41 of 61 tokens before it`);
    expect(frame).toMatch(/^0\.0 {2}[ ░▒▓█]{41} {2}'/m);
    expect(Math.max(...frame.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
  });

  it('<GenerateScreen> without a text model says how to get one', () => {
    const frame = render(<GenerateScreen state={initialGenerate()} training={false} width={80} height={19} theme={{ color: false, palette: 'cividis' } as const} />).lastFrame()!;
    expect(frame).toContain('No text model yet.');
    expect(frame).toContain('t trains the text task here');
  });
});

describe('<App> Generate', { timeout: 60_000 }, () => {
  it('<App> 5 writes with the text model the Train screen trained, streams it, and ←/→ move over its tokens', async () => {
    const registry = new Map([['text', { task: () => textTask({ text, context: 16 }), source: 'built-in' }]]);
    const options: UiOptions = {
      screen: 'train', tutorial: { input: [3, 5], seed: 0, d: 4, scale: 'none' }, train: { task: 'text', steps: 20 }, playground: {},
      catalog: taskCatalog(registry), plugins: [], views: [], theme: { color: false, palette: 'cividis' } as const, frameMs: 20,
    };
    const r = render(<App options={options} columns={80} rows={24} />);
    const until = async (what: string | RegExp) => {
      const t0 = Date.now();
      for (;;) {
        const f = r.lastFrame() ?? '';
        if (typeof what === 'string' ? f.includes(what) : what.test(f)) return f;
        if (Date.now() - t0 > 30_000) throw new Error(`timed out waiting for ${String(what)}; the frame is:\n${f}`);
        await new Promise((ok) => setTimeout(ok, 25));
      }
    };
    await until('✓ done');
    r.stdin.write('5');
    let f = await until('64 tokens written');
    expect(f).toContain('Generate · text  trained in Train, 20 steps');
    expect(f).toContain('token 64 of 64');
    r.stdin.write('\x1b[D');
    await new Promise((ok) => setTimeout(ok, 50));
    r.stdin.write('\x1b[D');
    f = await until('token 62 of 64');
    r.stdin.write('n');
    await until('tokens › 64');
    r.stdin.write('\x15');
    r.stdin.write('x');
    r.stdin.write('\r');
    f = await until("error: tokens must be a whole number from 1 to 2000, got 'x'");
    r.stdin.write('\x15');
    r.stdin.write('5');
    r.stdin.write('\r');
    f = await until('5 tokens written');
    expect(f).toContain('token 5 of 5');
  });
});
