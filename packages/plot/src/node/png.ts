import { AttnError } from '@attn/core';

/** Options of {@link renderToPng}. */
export interface PngOptions {
  /** Pixels per SVG unit; 2 by default (sharp on high-density screens). */
  scale?: number;
  /** The family that `sans-serif` (and so the figures' text) resolves to; `DejaVu Sans` by default. */
  fontFamily?: string;
  /** Extra font files to load besides the system's fonts. */
  fontFiles?: string[];
}

/**
 * Renders an SVG string (from `renderToSvg`) to PNG bytes with resvg. Needs the optional peer
 * dependency `@resvg/resvg-js` and a font on the machine (`DejaVu Sans` by default; Debian:
 * `fonts-dejavu-core`) — resvg would drop text silently without one, so a missing font is an error here.
 *
 * @example
 * ```ts
 * writeFileSync('weights.png', await renderToPng(renderToSvg(weightsFigure(trace, { document: createDocument() }))));
 * ```
 */
export async function renderToPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  if (typeof svg !== 'string' || !svg.trimStart().startsWith('<svg')) {
    throw new AttnError('ARGUMENT', `renderToPng: expected an SVG string, got ${typeof svg === 'string' ? JSON.stringify(svg.slice(0, 20)) : typeof svg}`);
  }
  if (options === null || typeof options !== 'object') throw new AttnError('ARGUMENT', `renderToPng: options must be an object, got ${options === null ? 'null' : typeof options}`);
  const scale = options.scale ?? 2;
  if (!(typeof scale === 'number' && scale > 0 && scale <= 8)) throw new AttnError('ARGUMENT', `renderToPng: scale must be in (0, 8], got ${typeof scale === 'string' ? JSON.stringify(scale) : scale}`);
  if (options.fontFamily !== undefined && typeof options.fontFamily !== 'string') throw new AttnError('ARGUMENT', `renderToPng: fontFamily must be a string, got ${typeof options.fontFamily}`);
  if (options.fontFiles !== undefined && !(Array.isArray(options.fontFiles) && options.fontFiles.every((f) => typeof f === 'string'))) throw new AttnError('ARGUMENT', `renderToPng: fontFiles must be an array of paths, got ${typeof options.fontFiles === 'string' ? JSON.stringify(options.fontFiles) : typeof options.fontFiles}`);
  let resvg: typeof import('@resvg/resvg-js');
  try {
    resvg = await import('@resvg/resvg-js');
  } catch (e) {
    throw new AttnError('ARGUMENT', `renderToPng: needs the optional dependency @resvg/resvg-js (install it next to @attn/plot), got ${(e as Error).message.split('\n')[0]}`);
  }
  const family = options.fontFamily ?? 'DejaVu Sans';
  const r = new resvg.Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, fontFiles: options.fontFiles ?? [], defaultFontFamily: family, sansSerifFamily: family },
    imageRendering: 0,
    shapeRendering: 2,
    textRendering: 1,
  });
  checkFonts(resvg, family, options.fontFiles ?? []);
  return new Uint8Array(r.render().asPng());
}

const fontsChecked = new Set<string>();

/** Throws when resvg finds no font for `family`: it would drop every text silently. */
function checkFonts(resvg: typeof import('@resvg/resvg-js'), family: string, fontFiles: string[]): void {
  const key = `${family}\n${fontFiles.join('\n')}`;
  if (fontsChecked.has(key)) return;
  const probe = new resvg.Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="2" y="16" font-size="16" font-family="sans-serif">MW</text></svg>', {
    font: { loadSystemFonts: true, fontFiles, defaultFontFamily: family, sansSerifFamily: family },
  });
  const { pixels } = probe.render();
  let ink = false;
  for (let i = 3; i < pixels.length && !ink; i += 4) ink = pixels[i] > 0;
  if (!ink) throw new AttnError('ARGUMENT', `renderToPng: no font found for '${family}', so text would be missing; install one (Debian: fonts-dejavu-core) or pass fontFamily/fontFiles`);
  fontsChecked.add(key);
}
