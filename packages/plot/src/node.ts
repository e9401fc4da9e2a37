// @attn/plot/node: drawing figures in Node — a DOM shim and rendering to SVG strings and PNG bytes.
export { createDocument } from './node/document.js';
export { renderToSvg } from './marks/svg.js';
export { renderToPng, type PngOptions } from './node/png.js';
