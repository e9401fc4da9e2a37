// Plugin views: panels a plugin adds to the Train screen (the View contract of @attn/train).
// A view is plain data in, lines of text out, so it cannot break the app's layout.
import type { AttnPlugin, View, ViewInput } from '@attn/train';
import { UsageError } from '../args.js';
import { clip } from './format.js';

/** The views of the plugins, checked. */
export function viewsOf(plugins: readonly AttnPlugin[]): View[] {
  const out: View[] = [];
  for (const p of plugins) {
    for (const v of (p.views ?? []) as Partial<View>[]) {
      if (typeof v?.name !== 'string' || typeof v.title !== 'string' || typeof v.render !== 'function') {
        throw new UsageError(`--plugin: plugin '${p.name}' contributes a view that is not { name, title, render(input) }`);
      }
      out.push(v as View);
    }
  }
  return out;
}

/** A view's lines, or the error it threw as one line (a view cannot crash the app). */
export function renderView(view: View, input: ViewInput): string[] {
  try {
    const lines = view.render(input);
    if (!Array.isArray(lines)) return [`view '${view.name}' returned ${typeof lines}, not an array of lines`];
    return lines.slice(0, input.height).map((l) => clip(String(l), input.width));
  } catch (e) {
    return [clip(`view '${view.name}' failed: ${(e as Error).message}`, input.width)];
  }
}
