// A trained model in a link, end to end in Debian's chromium: a training widget trains in the
// browser and offers "Copy link to this model"; a fresh page opened with the copied link shows
// the model trained without training it, every weight bit for bit (both pages expose their
// model's link fragment as data-model-link, decoded here with @attn/train's decodeModelLink),
// with the same answer. The browser's weights are also the bits Node trains with the same seed.
// A bad link or another task's says so; a link to a heading keeps the heading in view while the
// figures above it draw. Needs the built site (`pnpm docs:build`).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Module, type StateDict, type Tensor, tensor, TutorialAttention } from '@attn/core';
import { maxTwo } from '@attn/plugin-example';
import { addTwo, decodeModelLink, encodeModelLink, sort, train, type Task } from '@attn/train';
import { openSite, type Site } from './serve.mjs';

let site: Site;

beforeAll(async () => {
  site = await openSite();
  await site.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
});
afterAll(async () => { await site?.close(); });

async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await site.context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  const response = await page.goto(url.startsWith('http') ? url : site.url + url, { waitUntil: 'networkidle' });
  expect(response?.status(), url).toBe(200);
  return { page, errors };
}

/** The raw bytes of a tensor's storage: equal bytes are equal bits. */
const bitsOf = (t: Tensor) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);

function expectSameBits(got: StateDict, want: StateDict): void {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const [name, t] of Object.entries(want)) {
    expect(got[name].dtype, name).toBe(t.dtype);
    expect(got[name].shape, name).toEqual(t.shape);
    expect(Buffer.from(bitsOf(got[name])).equals(Buffer.from(bitsOf(t))), `${name}: not the same bits`).toBe(true);
  }
}

/** The weights Node trains for `task` with `seed` (0) and the task's default steps, from `model` when given. */
async function trainedInNode(task: Task<any, any>, steps?: number, o: { seed?: number; model?: Module } = {}): Promise<StateDict> {
  const run = train({ task, seed: o.seed ?? 0, steps, ...(o.model && { model: o.model }) });
  await run;
  return run.model.stateDict();
}

/** Clicks "Copy link to this model" in `widget` and reads the clipboard. */
async function copyLink(page: Page, widget: string): Promise<string> {
  await page.locator(`${widget} .copy-link`).click();
  await expect.poll(() => page.locator(`${widget} .model-link .note`).textContent()).toMatch(/^Copied \([\d,]+ characters\)/);
  return page.evaluate(() => navigator.clipboard.readText());
}

describe('a trained model in a link', () => {
  it('the tutorial: trained in the browser, its copied link opens in a fresh page as the same model, bit for bit, without training', async () => {
    const { page, errors } = await open('/tutorial.html');
    await page.locator('.train-toggle').click();
    const status = page.locator('.train-widget .status');
    await expect.poll(() => status.textContent(), { timeout: 90_000 }).toMatch(/^Done: 2000 steps/);
    const fragment = (await page.locator('.train-widget .model-link').getAttribute('data-model-link'))!;
    const copied = await copyLink(page, '.train-widget');
    expect(copied).toBe(`${site.url}/tutorial.html#${fragment}`);
    const trained = decodeModelLink(fragment);
    expect(trained).toMatchObject({ task: 'add-two', seed: 0, step: 2000, modelConfig: { class: 'TutorialAttention' } });
    // attn's math gives the same bits everywhere: Node trains the very weights the browser did,
    // from the untrained model the tutorial's figures show (TutorialAttention of seed 0)
    expectSameBits(trained.model, await trainedInNode(addTwo(), 2000, { model: new TutorialAttention({ seed: 0 }) }));
    const learned = (await status.textContent())!.replace(/^Done: .*?final loss [^,]+, /, '');

    const fresh = await open(copied);
    const freshStatus = fresh.page.locator('.train-widget .status');
    await expect.poll(() => freshStatus.textContent()).toMatch(/^Opened from the link: trained 2,000 steps with seed 0 \(not in this tab\), /);
    // the same metric and answer for [3, 5], and the same attention in words (the untrained model's is not in the link)
    expect((await freshStatus.textContent())!.replace(/^Opened from the link: .*? \(not in this tab\), /, '')).toBe(learned);
    expect(learned).toMatch(/^test MSE .* \(target reached: below 0\.001\)\. \[3, 5\] → \d\.\d{4}\.$/);
    expect(Math.abs(Number(/→ (\d\.\d{4})/.exec(learned)![1]) - 8)).toBeLessThan(0.01);
    const inWords = (p: Page) => p.locator('.train-widget .focus-answer p:not(.before)').allTextContents();
    expect(await inWords(fresh.page)).toEqual(await inWords(page));
    expect((await inWords(page))[0]).toMatch(/^What is the model paying attention to\? /);
    expect(await fresh.page.locator('.train-widget .focus-answer .before').count()).toBe(0);
    expect(await fresh.page.locator('.train-toggle').textContent()).toBe('Start training');
    expect(await fresh.page.locator('.train-widget .weights-figure svg').count()).toBeGreaterThan(0);
    expect(await fresh.page.locator('.train-widget .loss-figure svg').count()).toBe(0);
    expect(await fresh.page.locator('.train-widget').textContent()).toContain('The loss curve and its replay are not in the link');
    // the reopened page's model, as it links to it again: every weight the trained page's
    expectSameBits(decodeModelLink((await fresh.page.locator('.train-widget .model-link').getAttribute('data-model-link'))!).model, trained.model);
    // the tutorial's figures use the linked model's weights, as after training
    const stepText = await page.locator('.step-widget[data-step="weights"]').textContent();
    expect(stepText).toMatch(/trained model: \[3, 5\] → 8\.\d{3}/);
    await expect.poll(() => fresh.page.locator('.step-widget[data-step="weights"]').textContent()).toBe(stepText);
    expect([...errors, ...fresh.errors]).toEqual([]);
    await page.close();
    await fresh.page.close();
  }, 180_000);

  it('the tutorial after "new initialization": every figure shows the seed-1 model, and training trains that very model', async () => {
    const { page, errors } = await open('/tutorial.html');
    const weights = page.locator('.step-widget[data-step="weights"]');
    await weights.locator('.figure svg').first().waitFor();
    const seed0 = await weights.locator('.figure').textContent();
    await expect.poll(() => weights.locator('.note').textContent()).toMatch(/^untrained model \(seed 0\)/);
    await page.locator('.step-widget[data-step="input"] .reinit').click();
    // every step widget shares the seed
    for (const step of ['all', 'input', 'qkv', 'scores', 'weights', 'attended', 'output']) {
      await expect.poll(() => page.locator(`.step-widget[data-step="${step}"] .note`).textContent(), { message: step }).toMatch(/^untrained model \(seed 1\)/);
    }
    await expect.poll(() => weights.locator('.figure').textContent()).not.toBe(seed0);
    // the answer for [3, 5] is the seed-1 model's, as Node computes it
    const want = new TutorialAttention({ seed: 1 }).forward(tensor([[3, 5]])).item();
    expect(await weights.locator('.note').textContent()).toContain(`[3, 5] → ${want.toFixed(3)}`);
    expect(await page.locator('.train-widget .controls .note').textContent()).toContain('add-two, seed 1, 2000 steps');
    await page.locator('.train-toggle').click();
    await expect.poll(() => weights.locator('.reinit').isDisabled()).toBe(true);
    await expect.poll(() => page.locator('.train-widget .status').textContent(), { timeout: 90_000 }).toMatch(/^Done: 2000 steps/);
    expect(await weights.locator('.reinit').isDisabled()).toBe(false);
    const trained = decodeModelLink((await page.locator('.train-widget .model-link').getAttribute('data-model-link'))!);
    expect(trained).toMatchObject({ task: 'add-two', seed: 1, step: 2000 });
    expectSameBits(trained.model, await trainedInNode(addTwo(), 2000, { seed: 1, model: new TutorialAttention({ seed: 1 }) }));
    // a new initialization again: the trained model and its results are gone, the seed-2 model shown
    await weights.locator('.reinit').click();
    await expect.poll(() => weights.locator('.note').textContent()).toMatch(/^untrained model \(seed 2\)/);
    expect(await page.locator('.train-widget .status').textContent()).toMatch(/^Not trained yet/);
    expect(await page.locator('.train-widget .model-link').count()).toBe(0);
    expect(await page.locator('.train-widget .weights-figure svg').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('the plugin guide: the example plugin\'s max-two, trained in the browser, opens from its link with the same weights and answers', async () => {
    const { page, errors } = await open('/guide/plugins.html');
    const widget = '.task-widget[data-task="max-two"]';
    await page.locator(`${widget} .task-train`).click();
    await expect.poll(() => page.locator(`${widget} .status`).textContent(), { timeout: 90_000 }).toMatch(/^Done: 3000 steps/);
    const copied = await copyLink(page, widget);
    const trained = decodeModelLink(copied);
    expect(trained).toMatchObject({ task: 'max-two', seed: 0, step: 3000 });
    expectSameBits(trained.model, await trainedInNode(maxTwo()));

    const fresh = await open(copied);
    await expect.poll(() => fresh.page.locator(`${widget} .status`).textContent()).toMatch(/^Opened from the link: trained 3,000 steps with seed 0 \(not in this tab\), test MSE .* \(target reached: ≤ 0\.05\)\.$/);
    expectSameBits(decodeModelLink((await fresh.page.locator(`${widget} .model-link`).getAttribute('data-model-link'))!).model, trained.model);
    expect(await fresh.page.locator(`${widget}`).getAttribute('data-metric')).toBe(String(trained.metrics.testMse));
    for (const input of ['3 5', '8 2', '0.5 9.25']) {
      const answers = [];
      for (const p of [page, fresh.page]) {
        await p.locator(widget).getByLabel('Input').fill(input);
        await expect.poll(() => p.locator(`${widget} .play-answer`).textContent()).toContain(`${input} →`);
        answers.push(await p.locator(`${widget} .play-answer`).getAttribute('data-answer'));
      }
      expect(answers[1], input).toBe(answers[0]);
    }
    await fresh.page.locator(`${widget} .attention-figure svg`).first().waitFor();
    expect([...errors, ...fresh.errors]).toEqual([]);
    await page.close();
    await fresh.page.close();
  }, 180_000);

  it('a bad link, or one of another task, says so in the widget; a heading anchor still scrolls to its heading', async () => {
    const truncated = await open('/tutorial.html#model=v1.AAAAAAAA');
    await expect.poll(() => truncated.page.locator('.train-widget .status').textContent())
      .toMatch(/^The link in this page's address holds no model this page can open: decodeModelLink: the link is truncated or corrupted \(decodeSafetensors: /);
    expect(truncated.errors).toEqual([]);
    await truncated.page.close();

    const run = train({ task: sort(), seed: 0, steps: 5 });
    const result = await run;
    const sortLink = encodeModelLink({ task: 'sort', seed: 0, step: 5, metrics: result.metrics, modelConfig: run.model.modelConfig(), model: run.model.stateDict() });
    const other = await open(`/guide/plugins.html#${sortLink}`);
    await expect.poll(() => other.page.locator('.task-widget .status').textContent()).toBe("The link in this page's address holds a model of the task 'sort'; this widget trains max-two.");
    expect(await other.page.locator('.task-widget .model-link').count()).toBe(0);
    await other.page.close();

    const { page: plain } = await open('/tutorial.html');
    const id = await plain.locator('h2[id]').last().getAttribute('id');
    await plain.close();
    const anchored = await open(`/tutorial.html#${id}`);
    expect(await anchored.page.evaluate(() => location.hash)).toBe(`#${id}`);
    expect(await anchored.page.locator('.train-widget .status').textContent()).toMatch(/^Not trained yet/);
    expect(anchored.errors).toEqual([]);
    await anchored.page.close();

    // every figure above the heading drawn after the page scrolled to it: the heading is still
    // where the link put it, just below the nav bar, not pushed down the page by the figures
    for (const heading of ['train-it-in-your-browser', '_6-weights-softmax']) {
      const { page, errors } = await open(`/tutorial.html#${heading}`);
      await page.locator('.step-widget[data-step="output"] .figure svg').first().waitFor();
      await page.locator('.step-widget[data-step="all"] .figure svg').first().waitFor();
      // ResizeObserver callbacks and a frame to scroll in
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const top = await page.locator(`h2[id="${heading}"]`).evaluate((h) => h.getBoundingClientRect().top);
      const nav = await page.locator('.VPNav').evaluate((n) => n.getBoundingClientRect().height);
      expect(top, heading).toBeGreaterThanOrEqual(nav - 1);
      expect(top, heading).toBeLessThan(nav + 60);
      expect(errors).toEqual([]);
      await page.close();
    }
    // once the reader scrolls, the page is theirs: a figure that changes size does not pull them back
    const { page: reader } = await open('/tutorial.html#train-it-in-your-browser');
    await reader.mouse.move(400, 400);
    await reader.mouse.wheel(0, -100_000);
    await expect.poll(() => reader.evaluate(() => window.scrollY)).toBe(0);
    await reader.locator('.step-widget[data-step="all"] .input-a').fill('12');
    await reader.locator('.step-widget[data-step="all"] .warning').waitFor();
    await reader.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await reader.evaluate(() => window.scrollY)).toBe(0);
    await reader.close();
  }, 120_000);
});
