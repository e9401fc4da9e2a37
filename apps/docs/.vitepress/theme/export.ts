// Saving what a widget shows: its figure as an SVG file (@attn/plot's renderToSvg, the same file
// Node writes), as a PNG rasterized here from that SVG, and its Trace as JSON (@attn/core's
// stringifyTrace). FigureExport.vue is the buttons; this is what they do.
import type { Trace } from '@attn/core';

/** Pixels per SVG unit of the PNGs: 2, as `renderToPng` in Node, sharp on high-density screens. */
export const PNG_SCALE = 2;

/**
 * The figure drawn in a widget's box as a standalone SVG document: the box's one element, or
 * (for a figure of several parts, such as a legend over a grid) the box with all of them.
 */
export async function figureSvg(box: HTMLElement): Promise<string> {
  if (box.childElementCount === 0) throw new Error('nothing drawn yet');
  const { renderToSvg } = await import('@attn/plot');
  return renderToSvg(box.childElementCount === 1 ? box.firstElementChild! : box);
}

/**
 * An SVG document as a PNG at `scale` pixels per unit, drawn by the browser itself. The SVG holds
 * its styles inline and its fonts are the system's (`system-ui, sans-serif`, as on the page), so
 * the image reads like the figure on the page.
 */
export async function svgToPng(svg: string, scale = PNG_SCALE): Promise<Blob> {
  const root = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
  const width = Number(root.getAttribute('width'));
  const height = Number(root.getAttribute('height'));
  if (!(width > 0 && height > 0)) throw new Error(`the SVG has no size, got width ${root.getAttribute('width')} and height ${root.getAttribute('height')}`);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser has no 2D canvas');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A Trace as the JSON text of a `.trace.json` file. */
export async function traceJson(trace: Trace): Promise<Blob> {
  const { stringifyTrace } = await import('@attn/core');
  return new Blob([stringifyTrace(trace)], { type: 'application/json' });
}

/** Hands `blob` to the browser as a download named `filename`. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // the download has started from the URL by now; a later revoke only frees the memory
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
