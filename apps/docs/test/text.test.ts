// The text page (beyond/text.md) end to end in Debian's chromium: a character model trains in a
// Web Worker on the docs (and on the reader's own text) until its validation loss is below the
// untrained model's, writes from a prompt, and shows for a written character the attention of
// every head over the characters before it, each head's weights summing to 1; bad text (empty,
// binary, not UTF-8, shorter than a window) gets a sentence saying what is wrong. Needs the built
// site (`pnpm docs:build`). Runs are short (a few dozen steps of the page's small model).
import { readFileSync } from 'node:fs';
import { headWeights, parseTrace } from '@attn/core';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from './serve.mjs';

let site: Site;

beforeAll(async () => { site = await openSite(); });
afterAll(async () => { await site?.close(); });

async function open(): Promise<{ page: Page; widget: Locator; errors: string[] }> {
  const page = await site.context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  const response = await page.goto(`${site.url}/beyond/text.html`, { waitUntil: 'networkidle' });
  expect(response?.status()).toBe(200);
  return { page, widget: page.locator('.text-widget'), errors };
}

/** Trains for `steps` steps and waits for the run to end; its validation losses, untrained and last. */
async function train(page: Page, widget: Locator, steps: number): Promise<{ start: number; end: number; vocab: number }> {
  await widget.locator('.text-steps').fill(String(steps));
  await widget.locator('.text-train').click();
  await page.waitForFunction(() => /done|stopped|error/.test(document.querySelector('.text-widget')?.getAttribute('data-phase') ?? ''), undefined, { timeout: 120_000 });
  expect(await widget.getAttribute('data-phase'), (await widget.locator('.status').textContent())!).toBe('done');
  return {
    start: Number(await widget.getAttribute('data-start-val-loss')),
    end: Number(await widget.getAttribute('data-val-loss')),
    vocab: Number(await widget.getAttribute('data-vocab')),
  };
}

/** Clicks `button` and returns the download's file name and text. */
async function save(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(await download.failure()).toBeNull();
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

/** Generates `n` characters with the widget's settings and waits until they are all written. */
async function generate(widget: Locator, n: number): Promise<string> {
  const text = widget.locator('.written-text');
  const before = Number((await text.count()) ? await text.getAttribute('data-generation') : 0);
  await widget.locator('.gen-length').fill(String(n));
  await widget.locator('.gen-write').click();
  // this text written to its end, not the one before
  await expect.poll(async () => (await text.getAttribute('data-generation')) === String(before + 1) && (await text.getAttribute('aria-busy')) === 'false').toBe(true);
  expect(await text.getAttribute('data-written')).toBe(String(n));
  return (await text.locator('.char').allTextContents()).join('');
}

/** The attention rows the figure shows: from the data the widget drew, and from the cells' titles (4 decimals). */
async function shownAttention(widget: Locator): Promise<{ rows: number[][]; titles: number[] }> {
  const figure = widget.locator('.attention-figure');
  await expect.poll(() => figure.getAttribute('data-weights')).toBeTruthy();
  const rows = JSON.parse((await figure.getAttribute('data-weights'))!) as number[][];
  const titles = (await figure.locator('svg rect title').allTextContents()).map(Number);
  return { rows, titles };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('beyond/text: a model that writes', () => {
  it('trains on the docs until the validation loss is below the untrained one, writes from the prompt, and shows each head\'s attention summing to 1', async () => {
    const { page, widget, errors } = await open();
    expect(await widget.locator('.text-source[value="docs"]').isChecked()).toBe(true);
    expect(await widget.locator('.gen-write').isDisabled()).toBe(true); // nothing to write with yet
    const { start, end, vocab } = await train(page, widget, 40);
    // the docs hold well over a hundred distinct characters; untrained, the model guesses about evenly among them
    expect(vocab).toBeGreaterThan(100);
    expect(Math.abs(start - Math.log(vocab))).toBeLessThan(0.5);
    expect(end).toBeLessThan(start);
    expect(await widget.locator('.status').textContent()).toMatch(/^Done: 40 steps\. Validation loss \d\.\d{3} \(perplexity [\d.]+\), from \d\.\d{3} untrained\./);
    // a sample written at the run's last evaluation, from the task's prompt
    const sample = widget.locator('.sample').first();
    expect(await sample.getAttribute('data-step')).toBe('40');
    expect((await sample.locator('.written').textContent())!.length).toBeGreaterThan(80);
    expect(await widget.locator('.loss-figure svg').count()).toBeGreaterThan(0);

    // the same seed writes the same text; another seed another
    const first = await generate(widget, 30);
    expect([...first]).toHaveLength(30);
    expect(await generate(widget, 30)).toBe(first);
    await widget.locator('.gen-seed').fill('7');
    const other = await generate(widget, 30);
    expect(other).not.toBe(first);

    // the 10th written character was written after reading the prompt ('Attention ', 10) and the 9 before it
    await widget.locator('.written-text .char').nth(9).click();
    let { rows, titles } = await shownAttention(widget);
    expect(rows).toHaveLength(8); // 2 layers of 4 heads
    for (const row of rows) {
      expect(row).toHaveLength(19);
      expect(row.every((w) => w >= 0)).toBe(true);
      expect(sum(row)).toBeCloseTo(1, 12);
    }
    // the cells drawn carry the same weights, rounded to 4 decimals
    expect(titles).toHaveLength(8 * 19);
    for (let h = 0; h < 8; h++) expect(Math.abs(sum(titles.slice(h * 19, (h + 1) * 19)) - 1)).toBeLessThan(19 * 5e-5);
    expect(await widget.locator('.attention-figure h2').textContent()).toBe(`What each head read to write “${other[9]}”`); // a newline shows as ↵ in both
    // saved: the figure as SVG with its cells, and the Trace of the forward pass, whose last query holds the weights shown
    const svg = await save(page, widget.locator('.attention-figure .export-svg'));
    expect(svg.name).toBe('attn-text-attention.svg');
    expect(svg.text).toContain('What each head read to write');
    expect(svg.text.match(/<rect[^>]*><title>/g)).toHaveLength(8 * 19);
    const trace = parseTrace((await save(page, widget.locator('.attention-figure .export-trace'))).text);
    expect(trace.input.shape).toEqual([1, 19]);
    expect(trace.attention.map((a) => headWeights(trace, a).at(-1))).toEqual(rows);

    // from the keyboard: the chosen character is the written text's one Tab stop, and the arrows move to the next, whose window is one longer
    expect(await widget.locator('.written-text .char[tabindex="0"]').count()).toBe(1);
    await widget.locator('.written-text .char[tabindex="0"]').focus();
    expect(await widget.locator('.written-text .char').nth(9).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (JSON.parse((await widget.locator('.attention-figure').getAttribute('data-weights'))!) as number[][])[0].length).toBe(20);
    expect(await widget.locator('.written-text .char').nth(10).evaluate((el) => el === document.activeElement)).toBe(true);
    ({ rows } = await shownAttention(widget));
    for (const row of rows) expect(sum(row)).toBeCloseTo(1, 12);
    // the 30th written character, the text's 40th: the window is the model's whole context, the 32 characters before it
    await widget.locator('.written-text .char').nth(29).click();
    await expect.poll(async () => (JSON.parse((await widget.locator('.attention-figure').getAttribute('data-weights'))!) as number[][])[0].length).toBe(32);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains on the reader\'s pasted text: its own characters, a falling validation loss, samples in its alphabet', async () => {
    const { page, widget, errors } = await open();
    await widget.locator('.text-source[value="own"]').check();
    const text = 'the cat sat on the mat. '.repeat(40);
    await widget.locator('.own-text').fill(text);
    const { start, end, vocab } = await train(page, widget, 30);
    expect(vocab).toBe(12); // t h e c a s o n m . and the space, and one for any other character
    expect(end).toBeLessThan(start);
    expect(await widget.locator('.corpus').textContent()).toContain('960 characters, 12 tokens');
    const alphabet = new Set([...text, '\uFFFD']);
    const sample = (await widget.locator('.sample .written').first().textContent())!;
    expect([...sample].filter((c) => !alphabet.has(c))).toEqual([]);
    // the prompt is the text's start; what it writes uses the text's characters only
    expect(await widget.locator('.gen-prompt').inputValue()).toBe('the cat sa');
    expect([...await generate(widget, 40)].filter((c) => !alphabet.has(c))).toEqual([]);
    // a sampling setting generate() refuses is said in the page, and writes nothing
    await widget.locator('.gen-topp').fill('0');
    await widget.locator('.gen-write').click();
    await expect.poll(() => widget.locator('.generate .input-error').textContent()).toBe('Cannot write: topP must be a number in (0, 1], got 0.');
    expect(await widget.locator('.written-text').getAttribute('data-generation')).toBe('1');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('empty, binary, not-UTF-8 and too-short texts are refused with a sentence saying why, and start no run', async () => {
    const { page, widget, errors } = await open();
    await widget.locator('.text-source[value="own"]').check();
    const alert = widget.locator('.input-error');
    // nothing pasted
    await widget.locator('.text-train').click();
    await expect.poll(() => alert.textContent()).toBe('Cannot train on your text: the text is empty.');
    // shorter than a window of 32 characters and the one after
    await widget.locator('.own-text').fill('hello there');
    await widget.locator('.text-train').click();
    await expect.poll(() => alert.textContent()).toBe('Cannot train on your text: the training part holds 10 tokens (of 11, valFraction 0.1), but a window needs context + 1 = 33: give a longer text or a smaller context.');
    // files chosen: empty, then not UTF-8
    const file = widget.locator('.text-file');
    await file.setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
    await expect.poll(() => alert.textContent()).toBe('Cannot use this file: empty.txt is empty.');
    await file.setInputFiles({ name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from([0x63, 0x61, 0x66, 0xe9]) });
    await expect.poll(() => alert.textContent()).toBe('Cannot use this file: latin1.txt is not UTF-8 text: it holds bytes UTF-8 cannot decode (a binary file, or text in another encoding).');
    // a binary file dropped on the box
    const dropped = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d, 0x0a)], 'logo.png', { type: 'image/png' }));
      return transfer;
    });
    await widget.locator('.own').dispatchEvent('drop', { dataTransfer: dropped });
    await expect.poll(() => alert.textContent()).toBe('Cannot use this file: logo.png looks binary, not text: it holds a NUL byte at offset 4.');
    // none of it started a run, and the pasted text is still there
    expect(await widget.getAttribute('data-phase')).toBe('idle');
    expect(await widget.locator('.own-text').inputValue()).toBe('hello there');
    // a good file replaces it and clears the message
    await file.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('ça va\n'.repeat(20)) });
    await expect.poll(() => widget.locator('.own-text').inputValue()).toBe('ça va\n'.repeat(20));
    expect(await alert.count()).toBe(0);
    expect(await widget.locator('.status').textContent()).toBe('Read notes.txt: 120 characters. Press Train.');
    expect(errors).toEqual([]);
    await page.close();
  });
});
