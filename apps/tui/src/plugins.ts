// Loading plugins from module paths given with --plugin, and the tasks they contribute.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { addTwo, digitsAdd, induction, reverse, sort, sumN, type AttnPlugin, type Task } from '@attn/train';
import { UsageError } from './args.js';
import { textTaskOf } from './text-task.js';

/** Model size flags (`--d`, `--heads`, `--layers`); unset ones keep the task's defaults. */
export interface ModelSize {
  /** Width: `d` of the tutorial model, `dModel` of the transformer tasks. */
  d?: number;
  heads?: number;
  layers?: number;
}

/** A task factory: the task with its model sized by the flags given. */
export type TaskFactory = (size?: ModelSize) => Task<any, any>;

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
const sizeFlags = (size: ModelSize) => Object.keys(defined(size)).map((k) => `--${k}`);

/** For the tutorial model's tasks: one attention head, no layers; only `d` can change. */
function tutorialSized(make: (o: { model?: { d?: number } }) => Task<any, any>, name: string): TaskFactory {
  return (size = {}) => {
    if (size.heads !== undefined || size.layers !== undefined) {
      throw new UsageError(`${name} uses the tutorial's model (one attention head, no layers): only --d applies, not --heads or --layers`);
    }
    return make(size.d === undefined ? {} : { model: { d: size.d } });
  };
}

/** The model options of a transformer task's size flags: `--d` is dModel. */
export const transformerModel = (size: ModelSize = {}) => defined({ dModel: size.d, heads: size.heads, layers: size.layers });

/** For the transformer tasks. */
function transformerSized(make: (o: { model?: ReturnType<typeof transformerModel> }) => Task<any, any>): TaskFactory {
  return (size = {}) => make({ model: transformerModel(size) });
}

/** The built-in tasks, by name. */
export const BUILTIN_TASKS: Record<string, TaskFactory> = {
  'add-two': tutorialSized(addTwo, 'add-two'),
  'sum-n': tutorialSized(sumN, 'sum-n'),
  sort: transformerSized(sort),
  reverse: transformerSized(reverse),
  'digits-add': transformerSized(digitsAdd),
  induction: transformerSized(induction),
  text: (size = {}) => textTaskOf({}, transformerModel(size)),
};

/**
 * Imports a plugin module: its default export (or export `plugin`) is an AttnPlugin object, or
 * a function that returns one. Its parts are checked here (views when they are shown).
 */
export async function loadPlugin(path: string): Promise<AttnPlugin> {
  let mod: Record<string, unknown>;
  // import() of a device or a FIFO would read it forever: only regular files are loaded
  const stats = statSync(resolve(path), { throwIfNoEntry: false });
  if (stats && !stats.isFile()) throw new UsageError(`--plugin: cannot load '${path}': it is not a regular file (a ${stats.isDirectory() ? 'directory' : stats.isFIFO() ? 'FIFO' : 'device or socket'})`);
  try {
    mod = await import(pathToFileURL(resolve(path)).href);
  } catch (e) {
    throw new UsageError(`--plugin: cannot load '${path}': ${(e as Error).message.split('\n')[0]}`);
  }
  let p = mod.default ?? mod.plugin;
  if (typeof p === 'function') p = await (p as () => unknown)();
  const plugin = p as AttnPlugin;
  if (plugin === null || typeof plugin !== 'object' || typeof plugin.name !== 'string') {
    throw new UsageError(`--plugin: '${path}' must export a plugin object with a name (as default or 'plugin'), got ${p === null ? 'null' : typeof p}`);
  }
  for (const part of ['hooks', 'tasks', 'views'] as const) {
    if (plugin[part] !== undefined && !Array.isArray(plugin[part])) throw new UsageError(`--plugin: '${path}': '${part}' must be an array`);
  }
  const loose = Object.keys(plugin).filter((k) => /^on[A-Z]/.test(k));
  if (loose.length) throw new UsageError(`--plugin: '${path}': trainer hooks go in 'hooks: [{ name, ${loose.join(', ')} }]', not on the plugin itself`);
  for (const h of plugin.hooks ?? []) {
    if (h === null || typeof h !== 'object' || typeof h.name !== 'string') throw new UsageError(`--plugin: '${path}': every hook must be a trainer plugin { name, on…() }`);
  }
  return plugin;
}

/** The trainer hooks of the plugins, in order: added to every run the app starts. */
export const hooksOf = (plugins: readonly AttnPlugin[]) => plugins.flatMap((p) => p.hooks ?? []);

/** Built-in tasks plus those of the plugins; a plugin may not reuse a taken name. */
export function taskRegistry(plugins: readonly AttnPlugin[]): Map<string, { task: TaskFactory; source: string }> {
  const reg = new Map(Object.entries(BUILTIN_TASKS).map(([name, task]) => [name, { task, source: 'built-in' }]));
  for (const p of plugins) {
    for (const t of p.tasks ?? []) {
      if (typeof t?.name !== 'string' || typeof t.sample !== 'function') throw new UsageError(`--plugin: plugin '${p.name}' contributes a task that is not a Task object`);
      if (reg.has(t.name)) throw new UsageError(`--plugin: plugin '${p.name}' contributes task '${t.name}', but that name is taken (${reg.get(t.name)!.source})`);
      reg.set(t.name, {
        task: (size = {}) => {
          const flags = sizeFlags(size);
          if (flags.length) throw new UsageError(`${flags.join(', ')}: task '${t.name}' comes from plugin ${p.name}, whose model size the flags cannot change`);
          return t;
        },
        source: `plugin ${p.name}`,
      });
    }
  }
  return reg;
}
