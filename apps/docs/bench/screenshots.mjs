// Screenshots of the built site for a person to look at (not a test): the home page, the
// tutorial before and after training, every Beyond page and guide and the API index, at 1280×900 and 390×844,
// full page, into screenshots/ (gitignored). Tall pages are also cut into tiles of two screens
// each, which an image viewer shows at a readable size.
//
//   pnpm docs:build && pnpm --filter @attn/docs screenshots [PAGE…]   (e.g. /guide/models.html)
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DIST, openSite, VIEWPORTS } from '../test/serve.mjs';

const out = fileURLToPath(new URL('../screenshots/', import.meta.url));
const htmlIn = (dir) => readdirSync(`${DIST}${dir}`).filter((f) => f.endsWith('.html')).sort().map((f) => `/${dir}/${f}`);
const pages = process.argv.length > 2 ? process.argv.slice(2) : ['/', '/tutorial.html', ...htmlIn('beyond'), ...htmlIn('guide'), '/api/'];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const site = await openSite();
const nameOf = (path) => path.replace(/^\/$/, '/home').replace(/\.html$/, '').replace(/\/$/, '').replace(/^\//, '').replaceAll('/', '-') || 'home';

/** Full page, and tiles of two screens' height. */
async function shoot(page, name, viewport) {
  // fixed elements (the nav bar, the sidebar) are drawn where the page is scrolled to
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(100);
  const file = `${out}${name}-${viewport.width}.png`;
  await page.screenshot({ path: file, fullPage: true });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const tile = viewport.height * 2;
  if (height > tile * 1.2) {
    for (let y = 0, i = 1; y < height; y += tile, i++) {
      await page.screenshot({ path: `${out}${name}-${viewport.width}-${i}.png`, fullPage: true, clip: { x: 0, y, width: viewport.width, height: Math.min(tile, height - y) } });
    }
  }
  console.log(`${file} (${height} px tall)`);
}

try {
  for (const viewport of Object.values(VIEWPORTS)) {
    for (const path of pages) {
      const page = await site.context.newPage();
      await page.setViewportSize(viewport);
      await page.goto(site.url + path, { waitUntil: 'networkidle' });
      await page.waitForTimeout(500);
      const name = nameOf(path);
      await shoot(page, name, viewport);
      if (path === '/tutorial.html') {
        await page.locator('.train-toggle').click();
        await page.waitForFunction(() => document.querySelector('.train-widget .status')?.hasAttribute('data-test-mse'), undefined, { timeout: 120_000 });
        await page.waitForTimeout(500);
        await shoot(page, `${name}-trained`, viewport);
      }
      await page.close();
    }
  }
} finally {
  await site.close();
}
