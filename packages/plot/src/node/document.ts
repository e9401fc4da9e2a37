import { deflateSync } from 'node:zlib';
import { color as parseColor } from 'd3-color';
import { parseHTML } from 'linkedom';
import { crc32 } from '@attn/core';

/**
 * A DOM document for drawing figures in Node (linkedom), with the one piece Plot needs that
 * linkedom lacks: a 2D canvas for color-ramp legends, whose `toDataURL()` encodes its pixels as a
 * PNG (deterministically, so the same figure gives the same SVG).
 *
 * @example
 * ```ts
 * const document = createDocument();
 * const svg = renderToSvg(weightsFigure(trace, { document }));
 * ```
 */
export function createDocument(): Document {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  const create = document.createElement.bind(document);
  document.createElement = ((name: string, options?: ElementCreationOptions) => {
    const el = create(name, options);
    if (String(name).toLowerCase() === 'canvas') attachCanvas(el as unknown as CanvasLike);
    return el;
  }) as typeof document.createElement;
  return document as unknown as Document;
}

interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: string): unknown;
  toDataURL(): string;
}

/** Gives a linkedom `<canvas>` a minimal 2D context (fillStyle + fillRect) and a PNG `toDataURL`. */
function attachCanvas(canvas: CanvasLike): void {
  let pixels: Uint8Array | null = null;
  let w = 0;
  let h = 0;
  const size = () => {
    // linkedom keeps width/height as attributes; Plot sets them as properties before drawing
    const cw = Math.max(1, Math.floor(Number(canvas.width) || 300));
    const ch = Math.max(1, Math.floor(Number(canvas.height) || 150));
    if (!pixels || cw !== w || ch !== h) {
      w = cw;
      h = ch;
      pixels = new Uint8Array(w * h * 4);
    }
    return pixels;
  };
  let fill: [number, number, number, number] = [0, 0, 0, 255];
  const context = {
    get fillStyle() {
      return `rgba(${fill.join(',')})`;
    },
    set fillStyle(css: string) {
      fill = rgbaBytes(String(css));
    },
    fillRect(x: number, y: number, rw: number, rh: number) {
      const px = size();
      for (let j = Math.max(0, Math.floor(y)); j < Math.min(h, Math.floor(y + rh)); j++) {
        for (let i = Math.max(0, Math.floor(x)); i < Math.min(w, Math.floor(x + rw)); i++) px.set(fill, (j * w + i) * 4);
      }
    },
  };
  canvas.getContext = (kind: string) => (kind === '2d' ? (size(), context) : null);
  canvas.toDataURL = () => `data:image/png;base64,${Buffer.from(encodePng(size(), w, h)).toString('base64')}`;
}

/** A CSS color as RGBA bytes; opaque black when it does not parse. */
function rgbaBytes(css: string): [number, number, number, number] {
  const c = parseColor(css)?.rgb();
  if (!c) return [0, 0, 0, 255];
  return [c.r, c.g, c.b, c.opacity * 255].map((v) => Math.max(0, Math.min(255, Math.round(v)))) as [number, number, number, number];
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** @internal An RGBA image as PNG bytes (8-bit, no filtering, zlib level 9). */
export function encodePng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter, no interlace
  const raw = new Uint8Array((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
