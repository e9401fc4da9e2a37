import { AttnError } from '@attn/core';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const FONT = 'system-ui, sans-serif';

/** A laid-out piece of the figure: its size and how to draw it at (x, y). */
interface Box {
  width: number;
  height: number;
  draw(x: number, y: number): string;
}

/** Text styles of the HTML parts of a figure, with fixed sizes so output never depends on a browser. */
const TEXT: Record<string, { size: number; line: number; weight: string; color: string; after: number }> = {
  h2: { size: 16, line: 21, weight: 'bold', color: '#111', after: 2 },
  h3: { size: 12, line: 17, weight: 'normal', color: '#555', after: 6 },
  figcaption: { size: 11, line: 15, weight: 'normal', color: '#555', after: 0 },
  p: { size: 11, line: 15, weight: 'normal', color: '#555', after: 4 },
};

/** The title and subtitle of a combined figure (combineFigures) are larger and set further apart. */
const COMBINED: Record<string, (typeof TEXT)[string]> = {
  h2: { size: 20, line: 26, weight: 'bold', color: '#111', after: 2 },
  h3: { ...TEXT.h3, after: 16 },
};

/**
 * Serializes a figure (what the figure functions and `Plot.plot` return) as one standalone SVG
 * document: a plain `<svg>` as is; a `<figure>` with its title, subtitle, legends, plot and caption
 * laid out top to bottom in one SVG; combined figures row by row. The root carries `xmlns`, a
 * `<title>` and `<desc>` (the figure's title and accessible description) and a white background.
 * Plot's clip-path ids are renumbered from 1, so the same figure always gives the same string.
 * It runs in browsers too (a figure on the page, saved as a file) and in Node with a document of
 * `createDocument()` from `@attn/plot/node`.
 *
 * @example
 * ```ts
 * const svg = renderToSvg(weightsFigure(trace, { document: createDocument() }));
 * svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'); // true
 * ```
 */
export function renderToSvg(figure: Element): string {
  if (figure === null || typeof figure !== 'object' || typeof (figure as Element).tagName !== 'string' || typeof (figure as Element).getAttribute !== 'function') {
    throw new AttnError('ARGUMENT', `renderToSvg: expected a figure element (an <svg> or <figure>), got ${figure === null ? 'null' : typeof figure === 'object' ? 'an object that is not an element' : typeof figure}`);
  }
  const padding = 12;
  const box = measure(figure, 0);
  const width = Math.ceil(box.width + 2 * padding);
  const height = Math.ceil(box.height + 2 * padding);
  const title = titleOf(figure);
  const desc = descriptionOf(figure);
  const body = box.draw(padding, padding);
  const svg = `<svg xmlns="${SVG_NS}" xmlns:xlink="${XLINK_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img"${title ? ' aria-labelledby="attn-title"' : ''} font-family="${FONT}">` +
    (title ? `<title id="attn-title">${escapeXml(title)}</title>` : '') +
    (desc ? `<desc>${escapeXml(desc)}</desc>` : '') +
    `<rect width="100%" height="100%" fill="white"/>${body}</svg>\n`;
  return renumberIds(svg);
}

function measure(el: Element, maxTextWidth: number): Box {
  const tag = el.tagName.toLowerCase();
  if (tag === 'svg') return svgBox(el);
  if (tag in TEXT) {
    const combined = el.parentElement?.classList.contains('attn-plot-combined') && tag in COMBINED;
    return textBox(el.textContent ?? '', combined ? COMBINED[tag] : TEXT[tag], maxTextWidth);
  }
  const kids = Array.from(el.children);
  if (el.getAttribute('data-layout') === 'row') return rowBox(kids.map((k) => measure(k, 0)), 28);
  // A figure: its graphics set the width that its texts wrap to.
  const graphics = kids.filter((k) => !(k.tagName.toLowerCase() in TEXT)).map((k) => measure(k, 0));
  const widest = Math.max(280, maxTextWidth, ...graphics.map((g) => g.width));
  const boxes: Box[] = [];
  let g = 0;
  for (const k of kids) {
    const name = k.tagName.toLowerCase();
    boxes.push(name in TEXT ? measure(k, widest) : graphics[g++]);
  }
  return columnBox(boxes, 0);
}

function svgBox(el: Element): Box {
  const width = Number(el.getAttribute('width')) || 0;
  const height = Number(el.getAttribute('height')) || 0;
  return {
    width, height,
    draw(x, y) {
      const copy = el.cloneNode(true) as Element;
      copy.setAttribute('x', String(x));
      copy.setAttribute('y', String(y));
      copy.removeAttribute('style');
      return serialize(copy);
    },
  };
}

/**
 * An element as XML: a browser's `outerHTML` follows HTML's rules (`&nbsp;`, unescaped `<style>`
 * text), which an SVG file must not; linkedom (Node) has no XMLSerializer and writes XML already.
 */
function serialize(el: Element): string {
  return typeof XMLSerializer === 'function' ? new XMLSerializer().serializeToString(el) : el.outerHTML;
}

function textBox(text: string, style: (typeof TEXT)[string], maxWidth: number): Box {
  const lines = wrap(text.trim().replace(/\s+/g, ' '), style.size, maxWidth);
  const width = Math.max(0, ...lines.map((l) => estimate(l, style.size)));
  const height = lines.length * style.line + style.after;
  return {
    width, height,
    draw(x, y) {
      return lines.map((l, i) => `<text x="${x}" y="${y + (i + 1) * style.line - (style.line - style.size) / 2 - 2}" font-size="${style.size}" font-weight="${style.weight}" fill="${style.color}">${escapeXml(l)}</text>`).join('');
    },
  };
}

function columnBox(boxes: Box[], gap: number): Box {
  return {
    width: Math.max(0, ...boxes.map((b) => b.width)),
    height: boxes.reduce((h, b) => h + b.height, 0) + gap * Math.max(0, boxes.length - 1),
    draw(x, y) {
      let top = y;
      return boxes.map((b) => {
        const s = b.draw(x, top);
        top += b.height + gap;
        return s;
      }).join('');
    },
  };
}

function rowBox(boxes: Box[], gap: number): Box {
  return {
    width: boxes.reduce((w, b) => w + b.width, 0) + gap * Math.max(0, boxes.length - 1),
    height: Math.max(0, ...boxes.map((b) => b.height)) + 20,
    draw(x, y) {
      let left = x;
      return boxes.map((b) => {
        const s = b.draw(left, y);
        left += b.width + gap;
        return s;
      }).join('');
    },
  };
}

/** Estimated width of a line of text: 0.6 em per character (fonts vary; this errs wide). */
function estimate(text: string, size: number): number {
  return Math.ceil(text.length * size * 0.6);
}

function wrap(text: string, size: number, maxWidth: number): string[] {
  if (!text) return [];
  if (maxWidth <= 0) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && estimate(next, size) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function titleOf(el: Element): string {
  if (el.tagName.toLowerCase() === 'svg') return el.getAttribute('aria-label') ?? '';
  const h2 = Array.from(el.children).find((k) => k.tagName.toLowerCase() === 'h2');
  return h2?.textContent?.trim() ?? el.getAttribute('aria-label') ?? '';
}

function descriptionOf(el: Element): string {
  const own = el.getAttribute('aria-description');
  if (own) return own;
  const svg = el.tagName.toLowerCase() === 'svg' ? null : Array.from(el.querySelectorAll('svg')).find((s) => s.hasAttribute('aria-description'));
  return svg?.getAttribute('aria-description') ?? '';
}

function renumberIds(svg: string): string {
  const seen = new Map<string, string>();
  return svg.replace(/plot-(clip|pattern)-\d+/g, (id, kind: string) => {
    if (!seen.has(id)) seen.set(id, `attn-${kind}-${seen.size + 1}`);
    return seen.get(id)!;
  });
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
