import * as Plot from '@observablehq/plot';
import { checkLabels, fail, need, optionsOf } from './matrix.js';

/**
 * The class name every figure of @attn/plot passes to Plot, so the SVG (its inline stylesheet
 * included) is the same on every run instead of depending on Plot's default.
 *
 * @example
 * ```ts
 * document.querySelectorAll(`svg.${PLOT_CLASS}`); // the plots of every figure on the page
 * ```
 */
export const PLOT_CLASS = 'attn-plot';

/** Options every figure function takes besides its data. */
export interface FigureOptions {
  /** The document to create elements in: `window.document` in browsers (the default when there is one), `createDocument()` from `@attn/plot/node` in Node. */
  document?: Document;
}

/** Title, subtitle, caption and accessible description of a figure; each has a default. */
export interface Labels {
  /** The heading of the figure. */
  title?: string;
  /** A line under the title; `null` for none. */
  subtitle?: string | null;
  /** A note under the figure; `null` for none. */
  caption?: string | null;
  /** The accessible description (read by screen readers); generated from the data by default. */
  description?: string;
}

/** @internal The document to draw in: the given one, or the global one in browsers. */
export function documentOf(op: string, options: FigureOptions | undefined): Document {
  const given = optionsOf(op, options).document;
  const doc = given ?? (globalThis as { document?: Document }).document;
  if (!doc) fail(op, "no document: pass { document } (in Node: createDocument() from '@attn/plot/node')");
  need(typeof doc.createElement === 'function' && typeof doc.createElementNS === 'function', op, 'document', 'a DOM Document (createDocument() in Node)', doc);
  return doc;
}

/**
 * The font of every figure of @attn/plot, for what you draw beside them (a `Plot.legend`, say).
 *
 * @example
 * ```ts
 * Plot.legend({ color: colorScale(weightsColor(), 'weight'), style: FIGURE_STYLE, document });
 * ```
 */
export const FIGURE_STYLE = { fontSize: '11px', fontFamily: 'system-ui, sans-serif' } as const;

/** The labels {@link plotLabels} reads: a title and a description are required, `null` or a missing subtitle or caption draws none. */
export interface PlotLabels extends Labels {
  title: string;
  description: string;
}

/**
 * The Plot options that make a figure of your own look like those of @attn/plot: its class
 * name, font, title, subtitle, caption and accessible label and description. Spread them into
 * the Plot options of your figure.
 *
 * @example
 * ```ts
 * plotFigure({ ...plotLabels({ title: 'Three bars', description: 'A bar chart of 1, 2, 3.' }), marks: [Plot.barY([1, 2, 3])] }, { document });
 * ```
 */
export function plotLabels(labels: PlotLabels): Plot.PlotOptions {
  checkLabels('plotLabels', optionsOf('plotLabels', labels, 'labels'));
  need(typeof labels.title === 'string' && typeof labels.description === 'string', 'plotLabels', 'labels', 'an object with a string title and description', labels);
  const { title, subtitle, caption } = labels;
  return {
    className: PLOT_CLASS,
    style: FIGURE_STYLE,
    title,
    ...(subtitle != null ? { subtitle } : {}),
    ...(caption != null ? { caption } : {}),
    ariaLabel: title,
    ariaDescription: labels.description,
  };
}

/** @internal {@link plotLabels} with a figure's default for every label not given. */
export function base(labels: Labels, defaults: PlotLabels): Plot.PlotOptions {
  return plotLabels({
    title: labels.title ?? defaults.title,
    subtitle: labels.subtitle === undefined ? defaults.subtitle : labels.subtitle,
    caption: labels.caption === undefined ? defaults.caption : labels.caption,
    description: labels.description ?? defaults.description,
  });
}

/**
 * Draws Plot options as a finished figure in `document`: `Plot.plot({ ...options, document })`
 * with a check that a document exists.
 *
 * @example
 * ```ts
 * const element = plotFigure(weightsPlot(trace), { document });
 * ```
 */
export function plotFigure(options: Plot.PlotOptions, figure: FigureOptions = {}): HTMLElement | SVGSVGElement {
  need(options !== null && typeof options === 'object' && !Array.isArray(options), 'plotFigure', 'options', 'Plot options (an object)', options);
  return styled(Plot.plot({ ...options, document: documentOf('plotFigure', figure) }));
}

/**
 * Inline styles for the HTML parts of a figure, so it reads the same on any page as in its SVG
 * file: every property a page's own heading styles set (a documentation theme's border, padding
 * and letter spacing on `h2`, say) is set here too.
 */
const RESET = 'padding: 0; border: 0; letter-spacing: normal;';
const STYLES: Record<string, string> = {
  h2: `font-size: 16px; font-weight: bold; line-height: 21px; margin: 0 0 2px; ${RESET}`,
  h3: `font-size: 12px; font-weight: normal; line-height: 17px; color: #555; margin: 0 0 6px; ${RESET}`,
  figcaption: `font-size: 11px; line-height: 15px; color: #555; ${RESET}`,
};

/** @internal Styles a Plot figure's title, subtitle and caption, and wraps them to the plot's width. */
function styled<E extends HTMLElement | SVGSVGElement>(el: E): E {
  if (el.tagName.toLowerCase() !== 'figure') return el;
  let width = 0;
  for (const child of Array.from(el.children)) {
    const tag = child.tagName.toLowerCase();
    if (tag in STYLES) child.setAttribute('style', STYLES[tag]);
    if (tag === 'svg') width = Math.max(width, Number(child.getAttribute('width')) || 0);
  }
  el.setAttribute('style', `max-width: ${Math.max(280, width)}px; margin: 0; font-family: system-ui, sans-serif;`);
  return el;
}

/** One row of figures in {@link combineFigures}. */
export type FigureRow = readonly (HTMLElement | SVGSVGElement)[];

/** Options of {@link combineFigures}. */
export interface CombineOptions extends FigureOptions {
  title: string;
  /** The accessible description of the whole. */
  description: string;
  /** A line under the title. */
  subtitle?: string;
}

/**
 * Lays figures out in rows under one title, as an HTML `<figure>` (rows are flex boxes that wrap on
 * narrow screens; `renderToSvg` lays the same rows out in one SVG).
 *
 * @example
 * ```ts
 * combineFigures([[inputFigure(trace, { document })], [weightsFigure(trace, { document })]], { document, title: 'Two views', description: 'input and weights' });
 * ```
 */
export function combineFigures(rows: readonly FigureRow[], options: CombineOptions): HTMLElement {
  const op = 'combineFigures';
  const doc = documentOf(op, options);
  need(typeof options.title === 'string' && typeof options.description === 'string', op, 'options', 'an object with a string title and description', options);
  need(options.subtitle === undefined || typeof options.subtitle === 'string', op, 'subtitle', 'a string', options.subtitle);
  need(Array.isArray(rows) && rows.every((r) => Array.isArray(r) && r.every((f) => typeof (f as { nodeType?: unknown })?.nodeType === 'number')), op, 'rows', 'an array of rows of figure elements', rows);
  const figure = doc.createElement('figure');
  figure.className = `${PLOT_CLASS}-combined`;
  figure.setAttribute('aria-label', options.title);
  figure.setAttribute('aria-description', options.description);
  figure.setAttribute('style', 'margin: 0; font-family: system-ui, sans-serif;');
  const h2 = doc.createElement('h2');
  h2.textContent = options.title;
  h2.setAttribute('style', STYLES.h2.replace('16px', '20px').replace('21px', '26px'));
  figure.append(h2);
  if (options.subtitle) {
    const h3 = doc.createElement('h3');
    h3.textContent = options.subtitle;
    h3.setAttribute('style', STYLES.h3.replace('margin: 0 0 6px', 'margin: 0 0 16px'));
    figure.append(h3);
  }
  for (const row of rows) {
    const div = doc.createElement('div');
    div.setAttribute('data-layout', 'row');
    div.setAttribute('style', 'display: flex; flex-wrap: wrap; gap: 16px 28px; align-items: flex-start; margin-bottom: 20px;');
    for (const f of row) div.append(f);
    figure.append(div);
  }
  return figure;
}
