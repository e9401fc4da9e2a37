import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { expectAttnError, parseSvg, tutorialTrace } from '../../test/helpers.js';
import { stepByStepFigure } from '../tutorial/step-by-step.js';
import { weightsFigure } from '../tutorial/weights.js';
import { createDocument } from './document.js';
import { renderToPng } from './png.js';
import { renderToSvg } from '../marks/svg.js';

/** Width, height and RGBA pixels of a PNG written by the canvas shim (8-bit RGBA, filter 0). */
function decodePng(bytes: Uint8Array): { width: number; height: number; pixels: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  let o = 8;
  const idat: Uint8Array[] = [];
  while (o < bytes.length) {
    const len = view.getUint32(o);
    const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
    if (type === 'IDAT') idat.push(bytes.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) pixels.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  return { width, height, pixels };
}

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

describe('renderToSvg', () => {
  it('renderToSvg(figure) is a standalone SVG document with xmlns, a title and a description', () => {
    const svg = renderToSvg(weightsFigure(tutorialTrace(), { document: createDocument() }));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ')).toBe(true);
    const doc = parseSvg(svg);
    expect(doc.querySelector('svg > title')!.textContent).toBe('Attention weights');
    expect(doc.querySelector('svg > desc')!.textContent).not.toBe('');
  });

  it('renderToSvg gives the same string for the same figure, in a fresh document or not, with stable class names', () => {
    const a = renderToSvg(stepByStepFigure(tutorialTrace(), { document: createDocument(), expected: 8 }));
    const doc = createDocument();
    renderToSvg(stepByStepFigure(tutorialTrace([1, 2]), { document: doc }));
    const b = renderToSvg(stepByStepFigure(tutorialTrace(), { document: doc, expected: 8 }));
    expect(b).toBe(a);
    expect(new Set(a.match(/class="[^"]+"/g))).toEqual(new Set(['class="attn-plot"', 'class="attn-plot-ramp"', 'class="tick"']));
  });

  it('renderToSvg renumbers Plot\'s clip-path ids from 1, so clipped figures are deterministic too', () => {
    const render = (document: Document) => renderToSvg(Plot.plot({ document, clip: true, marks: [Plot.dot([1, 2, 3], { x: (d: number) => d })] }));
    const doc = createDocument();
    const a = render(doc);
    const b = render(doc);
    expect(a).toContain('attn-clip-1');
    expect(a).not.toMatch(/plot-clip-\d/);
    expect(b).toBe(a);
  });

  it('renderToSvg(plain <svg>) keeps it and adds xmlns, title and description from its ARIA attributes', () => {
    const document = createDocument();
    const svg = renderToSvg(Plot.plot({ document, ariaLabel: 'dots', ariaDescription: 'three dots', marks: [Plot.dot([1, 2, 3], { x: (d: number) => d })] }));
    const doc = parseSvg(svg);
    expect(doc.querySelector('svg > title')!.textContent).toBe('dots');
    expect(doc.querySelector('svg > desc')!.textContent).toBe('three dots');
    expect(doc.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(3);
  });

  it('renderToSvg(not an element) says what it got', () => {
    expectAttnError(() => renderToSvg('<svg/>' as never), 'ARGUMENT', 'renderToSvg: expected a figure element (an <svg> or <figure>), got string');
  });
});

describe('createDocument', () => {
  it("createDocument()'s canvas encodes the pixels Plot draws as a PNG data URL (colour ramps of legends)", () => {
    const document = createDocument();
    const canvas = document.createElement('canvas');
    canvas.width = 6;
    canvas.height = 1;
    const ctx = canvas.getContext('2d')!;
    // CSS colours as Plot's schemes and users write them; rebeccapurple is #663399, hsl(120, 100%, 25%) is rgb(0, 127.5, 0)
    for (const [i, c] of ['rgb(255, 0, 0)', '#00ff00', 'rgba(0, 0, 255, 0.5)', 'rebeccapurple', 'hsl(120, 100%, 25%)', '#0f08'].entries()) {
      ctx.fillStyle = c;
      ctx.fillRect(i, 0, 1, 1);
    }
    const url = canvas.toDataURL();
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const png = decodePng(new Uint8Array(Buffer.from(url.slice(22), 'base64')));
    expect([png.width, png.height]).toEqual([6, 1]);
    expect(Array.from(png.pixels)).toEqual([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 128, 102, 51, 153, 255, 0, 128, 0, 255, 0, 255, 0, 136]);
  });
});

describe('renderToPng', () => {
  it('renderToPng(svg) draws a PNG at twice the SVG size, the same bytes every time', async () => {
    const svg = renderToSvg(weightsFigure(tutorialTrace(), { document: createDocument() }));
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    const height = Number(/height="(\d+)"/.exec(svg)![1]);
    const a = await renderToPng(svg);
    expect(Array.from(a.subarray(0, 8))).toEqual(PNG_SIGNATURE);
    const view = new DataView(a.buffer, a.byteOffset);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([2 * width, 2 * height]);
    expect(Buffer.from(await renderToPng(svg)).equals(Buffer.from(a))).toBe(true);
  });

  it('renderToPng draws the text (a font is found)', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"><text x="2" y="15" font-family="system-ui, sans-serif" font-size="14">attn</text></svg>';
    const png = await renderToPng(svg, { scale: 1 });
    expect(png.length).toBeGreaterThan(100);
  });

  it('renderToPng checks its input and options', async () => {
    await expect(renderToPng('<html/>')).rejects.toThrow('renderToPng: expected an SVG string, got "<html/>"');
    await expect(renderToPng('<svg/>', { scale: 0 })).rejects.toThrow('renderToPng: scale must be in (0, 8], got 0');
  });
});

describe('the published builds', () => {
  it('the CommonJS builds load with require() and list the same names as the ESM source', async () => {
    const dir = fileURLToPath(new URL('../../', import.meta.url));
    const r = spawnSync(process.execPath, ['-e', "console.log(JSON.stringify([Object.keys(require('./dist/index.cjs')).sort(), Object.keys(require('./dist/node.cjs')).sort()]))"], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const [main, node] = JSON.parse(r.stdout);
    expect(main).toEqual(Object.keys(await import('../index.js')).sort());
    expect(node).toEqual(['createDocument', 'renderToPng', 'renderToSvg']);
  });
});
