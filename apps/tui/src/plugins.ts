// Loading plugins from module paths given with --plugin, and the tasks they contribute.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { addTwo, digitsAdd, reverse, sort, sumN, type Plugin, type Task } from '@attn/train';
import { UsageError } from './args.js';

/** The built-in tasks, by name. */
export const BUILTIN_TASKS: Record<string, () => Task<any, any>> = {
  'add-two': addTwo,
  'sum-n': sumN,
  sort,
  reverse,
  'digits-add': digitsAdd,
};

/**
 * Imports a plugin module: its default export (or export `plugin`) is a Plugin object, or a
 * function that returns one.
 */
export async function loadPlugin(path: string): Promise<Plugin> {
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(resolve(path)).href);
  } catch (e) {
    throw new UsageError(`--plugin: cannot load '${path}': ${(e as Error).message.split('\n')[0]}`);
  }
  let p = mod.default ?? mod.plugin;
  if (typeof p === 'function') p = await (p as () => unknown)();
  const plugin = p as Plugin;
  if (plugin === null || typeof plugin !== 'object' || typeof plugin.name !== 'string') {
    throw new UsageError(`--plugin: '${path}' must export a plugin object with a name (as default or 'plugin'), got ${p === null ? 'null' : typeof p}`);
  }
  if (plugin.tasks !== undefined && !Array.isArray(plugin.tasks)) throw new UsageError(`--plugin: '${path}': 'tasks' must be an array`);
  return plugin;
}

/** Built-in tasks plus those of the plugins; a plugin may not reuse a taken name. */
export function taskRegistry(plugins: readonly Plugin[]): Map<string, { task: () => Task<any, any>; source: string }> {
  const reg = new Map(Object.entries(BUILTIN_TASKS).map(([name, task]) => [name, { task, source: 'built-in' }]));
  for (const p of plugins) {
    for (const t of p.tasks ?? []) {
      if (typeof t?.name !== 'string' || typeof t.sample !== 'function') throw new UsageError(`--plugin: plugin '${p.name}' contributes a task that is not a Task object`);
      if (reg.has(t.name)) throw new UsageError(`--plugin: plugin '${p.name}' contributes task '${t.name}', but that name is taken (${reg.get(t.name)!.source})`);
      reg.set(t.name, { task: () => t, source: `plugin ${p.name}` });
    }
  }
  return reg;
}
