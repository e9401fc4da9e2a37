// A link to a heading (`tutorial.html#train-it-in-your-browser`) scrolls there when the page
// loads, and then the figures above it draw and push it down the page, thousands of pixels on the
// tutorial. This keeps the linked heading where VitePress put it (just below the nav bar) while
// the page's size changes, until the reader scrolls, clicks or types, or the figures had time to
// draw. A fragment that names no element, such as a model link's (`#model=…`), moves nothing.
import { getScrollOffset, inBrowser, type Router } from 'vitepress';

/** How long after a page opens its figures may still push the heading. */
const SETTLE_MS = 10_000;
/** What the reader does that takes over the scrolling. */
const TAKE_OVER = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;

let release = () => {};

/** Where VitePress scrolls for heading `el` (its own scrollTo: the nav bar's offset, the heading's padding). */
function headingTop(el: HTMLElement): number {
  return window.scrollY + el.getBoundingClientRect().top - getScrollOffset() + Number.parseInt(getComputedStyle(el).paddingTop, 10);
}

/** Keeps the heading the address names in place while the page settles. */
function hold(): void {
  release();
  const id = decodeURIComponent(location.hash.slice(1));
  if (id === '') return;
  const observer = new ResizeObserver(() => {
    const el = document.getElementById(id);
    if (!el) return;
    const top = headingTop(el);
    if (Math.abs(top - window.scrollY) > 1) window.scrollTo(0, top);
  });
  observer.observe(document.body);
  const timer = setTimeout(() => release(), SETTLE_MS);
  const done = () => release();
  for (const e of TAKE_OVER) window.addEventListener(e, done, { capture: true, passive: true });
  release = () => {
    observer.disconnect();
    clearTimeout(timer);
    for (const e of TAKE_OVER) window.removeEventListener(e, done, { capture: true });
    release = () => {};
  };
}

/** Holds a linked heading in place on the page first opened and after every route change. */
export function holdLinkedHeadings(router: Router): void {
  if (!inBrowser) return;
  hold();
  const after = router.onAfterRouteChange;
  router.onAfterRouteChange = async (to) => {
    await after?.(to);
    hold();
  };
}
