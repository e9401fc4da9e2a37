// Saving what the widgets show, in the built site in Debian's chromium: every tutorial step's
// figure as SVG (it parses as XML, with the figure's marks), as PNG (a real PNG at twice the SVG's
// size, with ink on it) and its Trace as JSON (@attn/core's parseTrace reads back the numbers the
// page shows), through the browser's own downloads; and every figure of the Beyond pages as SVG.
// Needs the built site (`pnpm docs:build`).
import { readFileSync } from 'node:fs';
import { parseTrace, type Trace } from '@attn/core';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from './serve.mjs';

let site: Site;

beforeAll(async () => { site = await openSite(); });
afterAll(async () => { await site?.close(); });

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await site.context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  expect((await page.goto(site.url + path, { waitUntil: 'networkidle' }))?.status()).toBe(200);
  return { page, errors };
}

/** Clicks `button` (or presses Enter on it) and returns the download's file name and bytes. */
async function save(page: Page, button: Locator, how: 'click' | 'enter' = 'click'): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    how === 'click' ? button.click() : button.focus().then(() => page.keyboard.press('Enter')),
  ]);
  expect(await download.failure()).toBeNull();
  return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
}

/**
 * An SVG file read by the browser's XML parser, and the marks (Plot's `<g aria-label>` groups, as
 * `name:children` in document order) of the file and of the figure on the page it was saved from.
 */
async function readSvg(page: Page, text: string, figure: Locator) {
  const onPage = await figure.evaluate((root) => Array.from(root.querySelectorAll('g[aria-label]'), (g) => `${g.getAttribute('aria-label')}:${g.children.length}`));
  const file = await page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: root.tagName, width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')),
      title: doc.querySelector('svg > title')?.textContent ?? null,
      marks: Array.from(doc.querySelectorAll('g[aria-label]'), (g) => `${g.getAttribute('aria-label')}:${g.children.length}`),
      cells: Array.from(doc.querySelectorAll('g[aria-label="text"] text'), (t) => t.textContent ?? ''),
    };
  }, text);
  return { ...file, onPage };
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Buffer): [number, number] {
  expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/** How many pixels of a PNG are dark (text, axes, dark cells), decoded by the browser. */
function darkPixels(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (base64) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] < 200) dark++;
    return dark;
  }, png.toString('base64'));
}

const STEPS = [
  ['all', 'every-step'], ['input', 'step1-input'], ['qkv', 'step2-4-qkv'], ['scores', 'step5-scores'],
  ['weights', 'step6-weights'], ['attended', 'step7-attended'], ['output', 'step8-output'],
] as const;

describe('exporting the tutorial widgets', () => {
  it('every step widget saves its figure as SVG and PNG and its Trace as JSON, with the numbers the page shows', async () => {
    for (const [step, file] of STEPS) {
      // a page per step: headless Chromium here drops a tab's eleventh download in a row (seen: the
      // 11th save of a run never arrives, whatever its kind, and the 12th does)
      const { page, errors } = await open('/tutorial.html');
      // another input than the default, to see that the files follow the page
      await page.locator('.step-widget[data-step="all"] .input-a').fill('7');
      await page.waitForFunction(() => [...document.querySelectorAll('.step-widget .figure')].every((f) => f.getAttribute('data-a') === '7' && f.querySelector('svg')));
      const widget = page.locator(`.step-widget[data-step="${step}"]`);
      const figure = widget.locator('.figure');
      const svgButton = widget.getByRole('button', { name: /as SVG$/ });
      expect(await svgButton.getAttribute('aria-label'), step).toMatch(/^Save the .+ figure as SVG$/);

      const svg = await save(page, svgButton, step === 'weights' ? 'enter' : 'click'); // by keyboard too
      expect(svg.name).toBe(`attn-add-two-${file}.svg`);
      const read = await readSvg(page, svg.bytes.toString('utf8'), figure);
      expect(read.error, step).toBeNull();
      expect(read.root).toBe('svg');
      expect(read.title).toBe(await figure.locator('h2').first().textContent());
      expect(read.marks.length, step).toBeGreaterThan(0);
      expect(read.marks, step).toEqual(read.onPage);

      const png = await save(page, widget.getByRole('button', { name: /as PNG$/ }));
      expect(png.name).toBe(`attn-add-two-${file}.png`);
      expect(pngSize(png.bytes), step).toEqual([2 * read.width, 2 * read.height]);
      expect(await darkPixels(page, png.bytes), step).toBeGreaterThan(500);

      const json = await save(page, widget.getByRole('button', { name: /Trace of .+ as JSON$/ }));
      expect(json.name).toBe(`attn-add-two-${file}.trace.json`);
      const trace: Trace = parseTrace(json.bytes.toString('utf8'));
      expect(trace.input.data).toEqual([7, 5]);
      // the prediction the widget prints is the trace's output
      expect(await widget.locator('.controls .note').textContent()).toContain(`[7, 5] → ${trace.output.data[0].toFixed(3)}`);
      // the numbers printed in the weights figure are the trace's weights
      if (step === 'weights') expect(read.cells.slice().sort()).toEqual(trace.attention[0].weights.data.map((w) => w.toFixed(2)).sort());
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('the training widget saves the loss curve and the weights figure, whose Trace holds the weights the page reports', async () => {
    const { page, errors } = await open('/tutorial.html');
    const widget = page.locator('.train-widget');
    await widget.locator('.train-toggle').click();
    await expect.poll(() => widget.locator('.status').textContent(), { timeout: 60_000 }).toMatch(/^Done: /);

    const loss = await save(page, widget.getByRole('button', { name: 'Save the loss curve as SVG' }));
    expect(loss.name).toBe('attn-add-two-training-loss.svg');
    const lossSvg = await readSvg(page, loss.bytes.toString('utf8'), widget.locator('.loss-figure'));
    expect(lossSvg.error).toBeNull();
    expect(lossSvg.marks).toEqual(lossSvg.onPage);
    expect(lossSvg.marks.some((m) => m.startsWith('line:'))).toBe(true);
    const lossPng = await save(page, widget.getByRole('button', { name: 'Save the loss curve as PNG' }));
    expect(pngSize(lossPng.bytes)).toEqual([2 * lossSvg.width, 2 * lossSvg.height]);
    expect(await widget.getByRole('button', { name: /Trace of the loss curve/ }).count()).toBe(0);

    const weights = widget.getByRole('group', { name: 'Save the attention weights during training' });
    const json = await save(page, weights.getByRole('button', { name: /as JSON$/ }));
    expect(json.name).toBe('attn-add-two-training-step2000-weights.trace.json');
    const trace = parseTrace(json.bytes.toString('utf8'));
    // "Token 3 puts 50.0% on 3, 50.0% on 5." for each query row of the probe [3, 5]
    const [[w00, w01], [w10, w11]] = [trace.attention[0].weights.data.slice(0, 2), trace.attention[0].weights.data.slice(2, 4)];
    const pct = (w: number) => `${(100 * w).toFixed(1)}%`;
    expect(await widget.locator('.focus-answer').textContent()).toContain(`Token 3 puts ${pct(w00)} on 3, ${pct(w01)} on 5. Token 5 puts ${pct(w10)} on 3, ${pct(w11)} on 5.`);
    const svg = await save(page, weights.getByRole('button', { name: /as SVG$/ }));
    expect(svg.name).toBe('attn-add-two-training-step2000-weights.svg');
    const read = await readSvg(page, svg.bytes.toString('utf8'), widget.locator('.weights-figure'));
    expect(read.cells.slice().sort()).toEqual(trace.attention[0].weights.data.map((w) => w.toFixed(2)).sort());
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the plugin guide\'s task widget saves the attention of its answer, whose Trace holds the input and the answer shown', async () => {
    const { page, errors } = await open('/guide/plugins.html');
    const widget = page.locator('.task-widget[data-task="max-two"]');
    await widget.locator('.task-train').click();
    await expect.poll(() => widget.locator('.status').textContent(), { timeout: 90_000 }).toMatch(/^Done: /);
    await widget.getByLabel('Input').fill('8 2');
    const answer = widget.locator('.play-answer');
    await expect.poll(() => answer.getAttribute('data-expected')).toBe('8');
    const figure = widget.locator('.attention-figure');
    await figure.locator('svg').first().waitFor();
    const svg = await save(page, widget.getByRole('button', { name: /as SVG$/ }));
    expect(svg.name).toBe('attn-max-two-8-2-attention.svg');
    const read = await readSvg(page, svg.bytes.toString('utf8'), figure);
    expect(read.error).toBeNull();
    expect(read.title).toBe('Attention for 8 2');
    expect(read.marks).toEqual(read.onPage);
    const json = await save(page, widget.getByRole('button', { name: /as JSON$/ }));
    expect(json.name).toBe('attn-max-two-8-2-attention.trace.json');
    const trace = parseTrace(json.bytes.toString('utf8'));
    expect(trace.input.data).toEqual([8, 2]);
    expect(Number(await answer.getAttribute('data-answer'))).toBeCloseTo(trace.output.data[0], 2); // the answer as the task writes it
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(['/beyond/multi-head.html', '/beyond/positional.html', '/beyond/norms.html', '/beyond/transformer-block.html'])('every figure on %s saves as an SVG with its marks', async (path) => {
    const { page, errors } = await open(path);
    const groups = page.locator('.figure-export');
    const count = await groups.count();
    expect(count).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < count; i++) {
      const group = groups.nth(i);
      // the figure is the box just before its buttons
      const figure = group.locator('xpath=preceding-sibling::div[contains(concat(" ", @class, " "), " figure ")][1]');
      await figure.locator('svg').first().waitFor();
      const svg = await save(page, group.getByRole('button', { name: /as SVG$/ }));
      expect(svg.name).toMatch(/^attn-[a-z0-9-]+\.svg$/);
      const read = await readSvg(page, svg.bytes.toString('utf8'), figure);
      expect(read.error, svg.name).toBeNull();
      expect(read.marks.length, svg.name).toBeGreaterThan(0);
      expect(read.marks, svg.name).toEqual(read.onPage);
      const trace = group.getByRole('button', { name: /as JSON$/ });
      if (await trace.count()) expect(parseTrace((await save(page, trace)).bytes.toString('utf8')).attention.length, svg.name).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
