// The attn command line: `attn [--plugin FILE]… [COMMAND] [options]`.
import { AttnError } from '@attn/core';
import type { Plugin } from '@attn/train';
import { parseArgs, splitCommand, UsageError } from './args.js';
import { PLOT_FLAGS, PLOT_HELP, plotCommand } from './commands/plot.js';
import { TASKS_FLAGS, TASKS_HELP, tasksCommand } from './commands/tasks.js';
import { TRAIN_FLAGS, TRAIN_HELP, trainCommand } from './commands/train.js';
import { TUTORIAL_FLAGS, TUTORIAL_HELP, tutorialCommand } from './commands/tutorial.js';
import { loadPlugin, taskRegistry } from './plugins.js';

const HELP = `attn — learn attention by watching it work

Usage:
  attn [--plugin FILE]… [COMMAND] [options]

Commands:
  tutorial   the seed tutorial's eight steps with real numbers (the default)
  train      train a model on a task (add-two, sum-n, …) and report what it learned
  tasks      list the tasks
  plot       draw every step of attention (and training) as SVG/PNG figures

Global options:
  --plugin FILE  load a plugin module (its tasks and training hooks); repeatable
  --help         help for attn, or for a command: attn train --help`;

const GLOBAL = { plugin: 'list', help: 'flag' } as const;
const COMMANDS = {
  tutorial: { flags: TUTORIAL_FLAGS, help: TUTORIAL_HELP },
  train: { flags: TRAIN_FLAGS, help: TRAIN_HELP },
  tasks: { flags: TASKS_FLAGS, help: TASKS_HELP },
  plot: { flags: PLOT_FLAGS, help: PLOT_HELP },
} as const;

async function main(argv: string[]): Promise<number> {
  const { command, rest } = splitCommand(argv, ['plugin']);
  const name = command ?? 'tutorial';
  if (!(name in COMMANDS)) throw new UsageError(`unknown command '${name}' (try: attn tutorial, attn train, attn tasks, attn plot, attn --help)`);
  const spec = COMMANDS[name as keyof typeof COMMANDS];
  const args = parseArgs(rest, { ...GLOBAL, ...spec.flags });
  if (args.positional.length > 0) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
  if (args.flags.help) {
    console.log(command === undefined ? HELP : spec.help);
    return 0;
  }
  const plugins: Plugin[] = [];
  for (const path of (args.flags.plugin as string[] | undefined) ?? []) plugins.push(await loadPlugin(path));
  const registry = taskRegistry(plugins);
  switch (name) {
    case 'train':
      return trainCommand(args, registry, plugins);
    case 'tasks':
      return tasksCommand(args, registry);
    case 'plot':
      return plotCommand(args, registry, plugins);
    default:
      return tutorialCommand(args);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`attn: ${e.message}`);
      process.exitCode = 2;
    } else if (e instanceof AttnError) {
      console.error(`attn: ${e.message}`);
      process.exitCode = 1;
    } else {
      console.error(e);
      process.exitCode = 1;
    }
  },
);
