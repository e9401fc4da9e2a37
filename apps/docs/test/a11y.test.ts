// The built site on a phone, by keyboard, in light and dark mode, in Debian's chromium: every
// page of the build (all of dist/, the API reference included) at 390×844 scrolls only
// vertically; every visible piece of text, the figures' SVG text included, has WCAG AA contrast
// against what is really behind it, in light and in dark mode; nothing moves when the reader
// asks for reduced motion; every widget's controls are reached with Tab, show a focus outline
// that stands out, and work from the keyboard. Needs the built site (`pnpm docs:build`).
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, fileFor, openSite, VIEWPORTS, type Site } from './serve.mjs';

let site: Site;

beforeAll(async () => { site = await openSite(); });
afterAll(async () => { await site?.close(); });

/** Every page of the build, as its URL path, read from dist/ (the API's generated pages included). */
function builtPages(dir = ''): string[] {
  return readdirSync(`${DIST}${dir}`, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'assets' ? [] : builtPages(`${dir}${e.name}/`)) : e.name.endsWith('.html') ? [`/${dir}${e.name}`] : []);
}

/** The pages whose HTML holds one of the live widgets (the server renders their roots, class attn-widget). */
const widgetPages = () => builtPages().filter((path) => readFileSync(fileFor(path)!, 'utf8').includes('class="attn-widget'));

/** Waits until every visible figure of the page's widgets is drawn (figures drawn only by training are placeholders until then). */
const figuresDrawn = (page: Page) => page.waitForFunction(() => [...document.querySelectorAll('.attn-widget .figure:not(.placeholder)')]
  .filter((f) => f.checkVisibility()).every((f) => f.querySelector('svg')));

/**
 * Goes to `path` as a reader's click on a link does: VitePress's router swaps the page in place
 * (the API's ~320 pages are visited so; a full load of each would take minutes).
 */
async function follow(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    document.querySelector('.vp-doc > div')?.setAttribute('data-left', '');
    const a = Object.assign(document.createElement('a'), { href: p });
    document.body.append(a);
    a.click();
    a.remove();
  }, path);
  // the router shows a folder's index.html as the folder
  await page.waitForFunction((p) => location.pathname.replace(/index\.html$/, '') === p.replace(/index\.html$/, '') && document.querySelector('.vp-doc > div:not([data-left])'), path);
}

/** A piece of text whose contrast is below what WCAG AA asks of it. */
interface LowContrast { text: string; element: string; fg: string; bg: string; ratio: number; need: number }
interface Contrast { min: number; measured: number; low: LowContrast[]; unmeasurable: string[] }

/**
 * In the page: WCAG 2.x colour arithmetic on computed styles. `background(el)` is the opaque
 * colour behind `el`'s box: its background over its ancestors' (translucent ones blended), or
 * null over a background image, which cannot be measured.
 */
function colours() {
  const styles = new Map<Element, CSSStyleDeclaration>();
  const style = (el: Element) => {
    let s = styles.get(el);
    if (!s) styles.set(el, (s = getComputedStyle(el)));
    return s;
  };
  const parse = (css: string): number[] | null => {
    const m = /^rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:[,/] ?([\d.]+))?\)$/.exec(css);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
  };
  /** `top` (with its alpha) over the opaque `bottom`. */
  const over = (top: number[], bottom: number[]) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3]));
  const luminance = (c: number[]) => {
    const [r, g, b] = c.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a: number[], b: number[]) => {
    const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  const hex = (c: number[]) => `#${c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
  const backgrounds = new Map<Element, number[] | null>();
  const background = (el: Element | null): number[] | null => {
    if (!el) return [255, 255, 255]; // the canvas, under everything
    if (!backgrounds.has(el)) {
      const s = style(el);
      const c = parse(s.backgroundColor);
      const below = c && c[3] >= 1 ? null : background(el.parentElement);
      backgrounds.set(el, s.backgroundImage !== 'none' && s.backgroundClip !== 'text' ? null
        : c && c[3] >= 1 ? c.slice(0, 3) : below && (c && c[3] > 0 ? over(c, below) : below));
    }
    return backgrounds.get(el)!;
  };
  return { style, parse, over, ratio, hex, background };
}

/**
 * In the page: the WCAG 2.x contrast ratio of every visible piece of text against what is behind
 * it. HTML text is measured against the first opaque background up its ancestors (translucent
 * ones blended on the way); SVG text against the filled shapes drawn under its centre, then the
 * figure's background. Text of disabled controls is left out, as WCAG leaves it out. Returns the
 * smallest ratio, how many texts were measured, those below 4.5 (3 for large text: 24 px, or
 * 18.66 px bold) and those on a background image, which cannot be measured.
 */
function measureContrast(): Contrast {
  const { style, parse, over, ratio, hex, background } = colours();
  const describe = (el: Element) => `${el.tagName.toLowerCase()}${[...el.classList].slice(0, 2).map((c) => `.${c}`).join('')} in .${el.parentElement?.closest('[class]:not(svg *)')?.classList[0] ?? 'page'}`;

  /** The product of the opacities of `el` and its ancestors. */
  const opacities = new Map<Element, number>();
  const opacity = (el: Element | null): number => {
    if (!el) return 1;
    if (!opacities.has(el)) opacities.set(el, Number(style(el).opacity) * opacity(el.parentElement));
    return opacities.get(el)!;
  };
  /** Whether `el` is visually hidden (clipped away, as screen-reader-only text is). */
  const clipped = new Map<Element, boolean>();
  const hidden = (el: Element | null): boolean => {
    if (!el) return false;
    if (!clipped.has(el)) {
      const s = style(el);
      clipped.set(el, s.clipPath === 'inset(50%)' || s.clip === 'rect(0px, 0px, 0px, 0px)' || hidden(el.parentElement));
    }
    return clipped.get(el)!;
  };

  /** The shapes drawn before `text` in its SVG whose fill covers the point (x, y), topmost first, down to an opaque one. */
  const shapesUnder = (text: SVGGraphicsElement, x: number, y: number): number[][] => {
    const svg = text.ownerSVGElement!;
    const layers: number[][] = [];
    const shapes = [...svg.querySelectorAll<SVGGeometryElement>('rect, path, circle, ellipse, polygon')]
      .filter((s) => s.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING && !s.closest('defs, clipPath, mask'));
    for (const shape of shapes.reverse()) {
      const r = shape.getBoundingClientRect();
      if (x < r.left || x > r.right || y < r.top || y > r.bottom) continue;
      const s = style(shape);
      const fill = parse(s.fill);
      if (!fill || s.visibility === 'hidden') continue;
      const alpha = fill[3] * Number(s.fillOpacity) * opacity(shape) / opacity(svg);
      if (alpha === 0 || !shape.isPointInFill(new DOMPoint(x, y).matrixTransform(shape.getScreenCTM()!.inverse()))) continue;
      layers.push([...fill.slice(0, 3), alpha]);
      if (alpha >= 1) break;
    }
    return layers;
  };

  const elements = new Set<Element>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent!.trim() && node.parentElement) elements.add(node.parentElement);
  }
  for (const control of document.querySelectorAll('input:not([type=radio], [type=checkbox], [type=range], [type=hidden]), select, textarea')) {
    if ((control as HTMLInputElement).value) elements.add(control);
  }

  const result: Contrast = { min: Infinity, measured: 0, low: [], unmeasurable: [] };
  for (const el of elements) {
    if (/^(SCRIPT|STYLE|NOSCRIPT|OPTION|TITLE|DESC)$/i.test(el.tagName)) continue;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1 || hidden(el) || el.closest(':disabled')) continue;
    const s = style(el);
    const isSvg = el instanceof SVGElement;
    const ink = parse(isSvg ? s.fill : s.webkitTextFillColor || s.color);
    if (!ink) continue; // fill: none (or a gradient)
    const svg = isSvg ? (el as SVGElement).ownerSVGElement : null;
    let bg = background(svg ?? el);
    const text = (el instanceof HTMLInputElement || el instanceof HTMLSelectElement ? el.value : el.textContent!).trim().slice(0, 40);
    if (!bg) {
      result.unmeasurable.push(`${describe(el)}: “${text}”`);
      continue;
    }
    if (svg) for (const layer of shapesUnder(el as SVGGraphicsElement, rect.left + rect.width / 2, rect.top + rect.height / 2).reverse()) bg = over(layer, bg);
    const fg = over([...ink.slice(0, 3), ink[3] * (isSvg ? Number(s.fillOpacity) : 1) * opacity(el)], bg);
    const size = parseFloat(s.fontSize);
    const need = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700) ? 3 : 4.5;
    const r = ratio(fg, bg);
    result.measured++;
    result.min = Math.min(result.min, r);
    if (r < need) result.low.push({ text, element: describe(el), fg: hex(fg), bg: hex(bg), ratio: Math.round(r * 100) / 100, need });
  }
  return result;
}

/** In the page: what moves although the reader asked for reduced motion (CSS transitions and animations, smooth scrolling). */
function motionLeft(): string[] {
  const moving: string[] = [];
  for (const a of document.getAnimations()) {
    const duration = Number(a.effect?.getComputedTiming().duration ?? 0);
    if (a.playState === 'running' && duration > 1) moving.push(`${a.constructor.name} of ${duration} ms on ${(a.effect as KeyframeEffect | null)?.target?.className}`);
  }
  for (const el of document.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    const name = `${el.tagName.toLowerCase()}.${el.classList[0] ?? ''}`;
    if (s.transitionDuration.split(', ').some((d) => parseFloat(d) > 0)) moving.push(`transition of ${s.transitionProperty} for ${s.transitionDuration} on ${name}`);
    if (s.animationName !== 'none' && parseFloat(s.animationDuration) > 0.001) moving.push(`animation ${s.animationName} on ${name}`);
    if (s.scrollBehavior === 'smooth') moving.push(`smooth scrolling on ${name}`);
  }
  // the widgets that can pace training to watch it start at full speed
  for (const speed of document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('.attn-widget select[class*="speed"], .attn-widget input[type=radio][class*="speed"]:checked')) {
    if (speed.value !== 'full') moving.push(`${speed.className} starts at ${speed.value}, not full speed`);
  }
  return moving;
}

/** In the page: the page's width against the viewport's, what still moves, and the text contrast in light then dark mode (VitePress's html.dark). */
function audit(): { scroll: number; client: number; moving: string[]; light: Contrast; dark: Contrast } {
  const html = document.documentElement;
  const light = measureContrast();
  html.classList.add('dark');
  const dark = measureContrast();
  html.classList.remove('dark');
  return { scroll: html.scrollWidth, client: html.clientWidth, moving: motionLeft(), light, dark };
}

/** A widget control as the keyboard test knows it: a radio group is one Tab stop. */
interface Control { key: string; native: boolean }

/**
 * In the page: the controls of every widget a keyboard must reach (enabled and shown), and what
 * a mouse can click but a keyboard cannot reach (styled as clickable, not focusable).
 */
function widgetControls(): { controls: Control[]; mouseOnly: string[] } {
  const focusable = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';
  const keyOf = (el: Element, i: number) => (el instanceof HTMLInputElement && el.type === 'radio' ? `radio ${el.name}` : `${el.tagName.toLowerCase()}.${el.classList[0] ?? ''}#${i}`);
  const controls = new Map<string, Control>();
  [...document.querySelectorAll('.attn-widget')].flatMap((w) => [...w.querySelectorAll<HTMLElement>(focusable)])
    .filter((el) => !(el as HTMLButtonElement).disabled && el.checkVisibility({ visibilityProperty: true }))
    .forEach((el, i) => {
      el.dataset.control ??= keyOf(el, i);
      // native controls work with Enter and Space by themselves; a figure is focusable to scroll it with the arrows
      controls.set(el.dataset.control, { key: el.dataset.control, native: el.matches('a[href], button, input, select, textarea') || (el.getAttribute('role') === 'region' && el.tabIndex === 0) });
    });
  const mouseOnly = [...document.querySelectorAll('.attn-widget *')]
    .filter((el) => getComputedStyle(el).cursor === 'pointer' && !el.closest(`${focusable}, label`))
    .map((el) => `${el.tagName.toLowerCase()}.${el.classList[0] ?? ''}`);
  return { controls: [...controls.values()], mouseOnly };
}

/**
 * In the page: records every widget control that gets the focus, with its focus outline: style,
 * width, and its contrast against what is around it (WCAG 1.4.11 asks 3:1).
 */
function recordFocus(): void {
  const seen: { key: string; outline: string; width: number; contrast: number }[] = [];
  (window as unknown as { focused: typeof seen }).focused = seen;
  document.addEventListener('focusin', (e) => {
    const el = e.target as HTMLElement;
    if (!el.dataset?.control) return;
    const { style, parse, ratio, background } = colours();
    const s = style(el);
    const ring = parse(s.outlineColor);
    const around = background(el.parentElement);
    seen.push({ key: el.dataset.control, outline: s.outlineStyle, width: parseFloat(s.outlineWidth), contrast: ring && around ? ratio(ring, around) : 0 });
  });
}

/** {@link audit} with the functions it calls, as one script for the page. */
const inPage = `(() => { ${colours}; ${measureContrast}; ${motionLeft}; return (${audit})(); })()`;

describe('the built docs site on a phone, in light and dark mode, and by keyboard', () => {
  it('every page is no wider than a 390 px phone, has AA contrast in light and dark mode, and nothing moves with reduced motion', async () => {
    const pages = builtPages();
    const page = await site.context.newPage();
    await page.setViewportSize(VIEWPORTS.phone);
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    const wide: string[] = [];
    const moving: string[] = [];
    const unmeasurable: string[] = [];
    const min = { light: Infinity, dark: Infinity };
    let measured = 0;
    /** Low-contrast texts by what they are (element, colours), with the pages they are on. */
    const low = new Map<string, LowContrast & { mode: string; pages: string[] }>();
    // the hand-written pages loaded afresh, the API reference by the router from its index
    const api = pages.filter((p) => p.startsWith('/api/') && p !== '/api/index.html');
    for (const path of [...pages.filter((p) => !api.includes(p)), ...api]) {
      if (api.includes(path)) await follow(page, path);
      else await page.goto(site.url + path, { waitUntil: 'networkidle' });
      await figuresDrawn(page);
      const result: ReturnType<typeof audit> = await page.evaluate(inPage);
      if (result.scroll > result.client) wide.push(`${path}: ${result.scroll} px wide in ${result.client}`);
      moving.push(...result.moving.map((m) => `${path}: ${m}`));
      for (const mode of ['light', 'dark'] as const) {
        const r = result[mode];
        min[mode] = Math.min(min[mode], r.min);
        measured += r.measured;
        unmeasurable.push(...r.unmeasurable.map((u) => `${path} (${mode}): ${u}`));
        for (const l of r.low) {
          const key = `${mode} ${l.element} ${l.fg} on ${l.bg}`;
          const seen = low.get(key) ?? { ...l, mode, pages: [] };
          if (!seen.pages.includes(path)) seen.pages.push(path);
          low.set(key, seen);
        }
      }
    }
    await page.close();
    const lows = [...low.values()].map((l) => `${l.mode}: ${l.ratio} < ${l.need} “${l.text}” ${l.element} ${l.fg} on ${l.bg} (${l.pages.length} pages, e.g. ${l.pages[0]})`);
    console.log(`docs a11y: ${pages.length} pages at ${VIEWPORTS.phone.width}×${VIEWPORTS.phone.height}, ${measured} texts measured; lowest contrast ${min.light.toFixed(2)} in light mode, ${min.dark.toFixed(2)} in dark mode`);
    expect(wide).toEqual([]);
    expect(lows).toEqual([]);
    expect(unmeasurable).toEqual([]);
    expect(moving).toEqual([]);
    expect(pages).toEqual(expect.arrayContaining(['/index.html', '/tutorial.html', '/beyond/induction-heads.html', '/api/index.html']));
    expect(pages.length).toBeGreaterThan(300);
  }, 240_000);
  it('every widget control is reached with Tab, shows a focus outline of 3:1 or more, and its buttons work from the keyboard', async () => {
    const pages = widgetPages();
    const missed: string[] = [];
    const badFocus: string[] = [];
    const lows: string[] = [];
    let reached = 0;
    let pressed = 0;
    for (const path of pages) {
      const page = await site.context.newPage();
      // without transitions, the contrast measured at the end is not caught halfway through a fade
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(site.url + path, { waitUntil: 'networkidle' });
      await figuresDrawn(page);
      const { controls, mouseOnly } = await page.evaluate(`(() => { ${widgetControls}; return widgetControls(); })()`) as ReturnType<typeof widgetControls>;
      expect(mouseOnly, path).toEqual([]);
      expect(controls.filter((c) => !c.native).map((c) => c.key), `${path}: focusable widget elements that are neither native controls nor scrollable figures`).toEqual([]);
      await page.evaluate(`(() => { ${colours}; (${recordFocus})(); })()`);
      const focused = () => page.evaluate(() => (window as unknown as { focused: { key: string; outline: string; width: number; contrast: number }[] }).focused);
      for (let i = 0; i < 400 && new Set((await focused()).map((f) => f.key)).size < controls.length; i += 10) {
        for (let j = 0; j < 10; j++) await page.keyboard.press('Tab');
      }
      const got = await focused();
      for (const c of controls) if (!got.some((f) => f.key === c.key)) missed.push(`${path}: ${c.key}`);
      for (const f of got) {
        if (f.outline === 'none' || f.width < 2 || f.contrast < 3) badFocus.push(`${path}: ${f.key} outline ${f.outline} ${f.width} px at ${f.contrast.toFixed(2)}:1`);
      }
      reached += new Set(got.map((f) => f.key)).size;

      // every button works from the keyboard: Enter starts what it starts, Space on Stop stops
      // it, and the buttons a stopped run brings (the induction widget's ablations) work with Enter.
      // Saving a figure and copying a link change no widget: the export and link tests press those.
      const acts = 'button:not(:disabled):not(.figure-export button):not(.model-link button)';
      for (const widget of await page.locator(`.attn-widget:has(${acts})`).all()) {
        const changed = async (act: () => Promise<void>) => {
          const before = await widget.innerHTML();
          await act();
          await expect.poll(() => widget.innerHTML(), { timeout: 30_000 }).not.toBe(before);
          pressed++;
        };
        const buttons = async () => Promise.all((await widget.locator(acts).all()).map(async (b) => ({ b, text: (await b.textContent())!.trim() })));
        const first = (await buttons()).find((x) => x.text !== 'Stop')!;
        await changed(async () => { await first.b.focus(); await page.keyboard.press('Enter'); });
        const stop = (await buttons()).find((x) => x.text === 'Stop');
        if (stop) {
          await stop.b.focus();
          await page.keyboard.press('Space');
          await expect.poll(async () => (await buttons()).some((x) => x.text === 'Stop'), { timeout: 60_000 }).toBe(false);
        }
        const added = (await buttons()).find((x) => x.text !== first.text && x.text !== 'Stop' && !/^Start|^Train/.test(x.text));
        if (added) await changed(async () => { await added.b.focus(); await page.keyboard.press('Enter'); });
      }
      // the figures the runs drew (keys in series colours) read as well as the rest
      const after = await page.evaluate(`(() => { ${colours}; return (${measureContrast})(); })()`) as Contrast;
      lows.push(...after.low.map((l) => `${path} after training: ${l.ratio} < ${l.need} “${l.text}” ${l.element} ${l.fg} on ${l.bg}`));
      await page.close();
    }
    console.log(`docs a11y: ${reached} widget controls reached with Tab on ${pages.length} pages, ${pressed} buttons worked from the keyboard`);
    expect(missed).toEqual([]);
    expect(badFocus).toEqual([]);
    expect(lows).toEqual([]);
    expect(pages).toEqual(expect.arrayContaining(['/tutorial.html', '/beyond/sort.html', '/beyond/induction-heads.html', '/guide/plugins.html']));
    expect(pressed).toBeGreaterThanOrEqual(5); // four trainings started, one head ablated
  }, 240_000);
});
