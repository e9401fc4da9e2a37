// Figures and a Trace as files: SVG (and PNG) through @attn/plot's Node renderer, the Trace as
// JSON through @attn/core, each written atomically (a reader never sees half a file). `attn plot`
// and the app's `f` key both save through here.
import { join } from 'node:path';
import { stringifyTrace, type Trace } from '@attn/core';
import { renderToPng, renderToSvg } from '@attn/plot/node';
import { ensureWritableDir, writeFileAtomic } from '@attn/train/node';

/** What to save, and where. */
export interface FigureFiles {
  /** The folder, created when missing. */
  dir: string;
  /** Figures by file name without extension (drawn in a document of `createDocument()`). */
  figures: readonly (readonly [name: string, figure: Element])[];
  /** A PNG next to every SVG. */
  png: boolean;
  /** The Trace the figures draw, saved as `NAME.trace.json`. */
  trace?: { name: string; trace: Trace };
}

/** Writes the files and returns their paths, in order: each figure's SVG (then PNG), then the Trace. */
export async function saveFigures({ dir, figures, png, trace }: FigureFiles): Promise<string[]> {
  ensureWritableDir(dir);
  const written: string[] = [];
  const write = (file: string, bytes: Uint8Array) => {
    const path = join(dir, file);
    writeFileAtomic(path, bytes);
    written.push(path);
  };
  const utf8 = new TextEncoder();
  for (const [name, figure] of figures) {
    const svg = renderToSvg(figure);
    write(`${name}.svg`, utf8.encode(svg));
    if (png) write(`${name}.png`, await renderToPng(svg));
  }
  if (trace) write(`${trace.name}.trace.json`, utf8.encode(stringifyTrace(trace.trace)));
  return written;
}
