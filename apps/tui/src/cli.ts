// The attn command line: `attn [--plugin FILE]… [COMMAND] [options]`.
import { AttnError } from '@attn/core';
import type { AttnPlugin } from '@attn/train';
import { parseArgs, splitCommand, UsageError, type ParsedArgs } from './args.js';
import { INSPECT_FLAGS, INSPECT_HELP, inspectCommand } from './commands/inspect.js';
import { modelFlags, OPEN_FLAGS, OPEN_HELP, PLAYGROUND_FLAGS, PLAYGROUND_HELP, playgroundCommand, playgroundFlags } from './commands/playground.js';
import { PLOT_FLAGS, PLOT_HELP, plotCommand } from './commands/plot.js';
import { TASKS_FLAGS, TASKS_HELP, tasksCommand } from './commands/tasks.js';
import { TRAIN_FLAGS, TRAIN_HELP, trainCommand, trainFlags } from './commands/train.js';
import { TUTORIAL_FLAGS, TUTORIAL_HELP, tutorialCommand, tutorialFlags } from './commands/tutorial.js';
import { hooksOf, loadPlugin, taskRegistry } from './plugins.js';
import { taskCatalog, type UiOptions } from './ui/options.js';
import { forceColorLevel, themeFor } from './ui/theme.js';
import { viewsOf } from './ui/views.js';

const HELP = `attn — learn attention by watching it work

Usage:
  attn [--plugin FILE]… [COMMAND] [options]

Commands:
  tutorial    the seed tutorial's eight steps with real numbers (the default)
  train       train a model on a task (add-two, sum-n, …) and see what it learned
  playground  your own input: a trained model's answer and attention
  open        a trained model from a link copied from the docs (or a file holding one)
  inspect     what each attention head of a trained model does, measured
  tasks       list the tasks
  plot        draw every step of attention (and training) as SVG/PNG figures

In a terminal, tutorial, train, playground and open start the interactive app (keys: ←/→,
tab, 1 2 3 4 5, ? for help, q to quit). Piped, in CI, or with --json or --plain they
print text (or JSON) instead.

Global options:
  --plugin FILE  load a plugin module (its tasks, training hooks and views); repeatable
  --help         help for attn, or for a command: attn train --help`;

const GLOBAL = { plugin: 'list', help: 'flag' } as const;
const COMMANDS = {
  tutorial: { flags: TUTORIAL_FLAGS, help: TUTORIAL_HELP },
  train: { flags: TRAIN_FLAGS, help: TRAIN_HELP },
  playground: { flags: PLAYGROUND_FLAGS, help: PLAYGROUND_HELP },
  open: { flags: OPEN_FLAGS, help: OPEN_HELP },
  inspect: { flags: INSPECT_FLAGS, help: INSPECT_HELP },
  tasks: { flags: TASKS_FLAGS, help: TASKS_HELP },
  plot: { flags: PLOT_FLAGS, help: PLOT_HELP },
} as const;

type Screen = 'tutorial' | 'train' | 'playground';

/** CI as Ink sees it (is-in-ci): there, Ink draws only the last frame, so the app is no use. */
const inCi = (env: NodeJS.ProcessEnv) => ['CI', 'CONTINUOUS_INTEGRATION'].some((k) => k in env && env[k] !== '0' && env[k] !== 'false');

/** Whether to open the interactive app: a terminal on both ends, not CI, and no --json or --plain. */
function interactive(args: ParsedArgs): boolean {
  return !args.flags.json && !args.flags.plain && process.stdin.isTTY === true && process.stdout.isTTY === true && !inCi(process.env);
}

/** The app's options from the command line, every flag checked before anything is drawn. */
function uiOptions(screen: Screen, args: ParsedArgs, registry: ReturnType<typeof taskRegistry>, plugins: AttnPlugin[]): UiOptions {
  const tutorial = screen === 'tutorial' ? tutorialFlags(args) : { input: [3, 5], seed: 0, d: 4, scale: 'none' as const };
  const t = screen === 'train' ? trainFlags(args, registry, { needTask: false }) : undefined;
  const m = screen === 'playground' ? modelFlags(args, registry) : undefined;
  // a model of a task on text writes rather than answers: it opens on the Generate screen
  const writes = m?.task.tokenizer !== undefined;
  const p = m && !writes ? playgroundFlags(args, registry, m) : undefined;
  const size = t?.size ?? {};
  const sized = new Map([...registry].map(([name, e]) => [name, { task: () => e.task(size), source: e.source }]));
  const catalog = taskCatalog(sized);
  const given = m ?? (t?.name !== undefined && t.task ? { name: t.name, task: t.task } : undefined);
  return {
    screen: writes ? 'generate' : screen,
    tutorial,
    train: t ? { task: t.name, steps: t.steps, seed: t.seed, lr: t.lr, batchSize: t.batchSize, resume: t.resume, out: t.out } : {},
    playground: p ? { task: p.name, input: p.input, checkpoint: p.checkpoint } : m ? { task: m.name, checkpoint: m.checkpoint } : {},
    // the task the flags built (a text task reads its file) stands in for the catalog's
    catalog: given ? { ...catalog, task: (name: string) => (name === given.name ? given.task : catalog.task(name)) } : catalog,
    plugins: hooksOf(plugins),
    views: viewsOf(plugins),
    theme: themeFor(process.env),
  };
}

async function main(argv: string[]): Promise<number> {
  const { command, rest } = splitCommand(argv, [GLOBAL, ...Object.values(COMMANDS).map((c) => c.flags)]);
  const name = command ?? 'tutorial';
  if (!(name in COMMANDS)) throw new UsageError(`unknown command '${name}' (try: attn tutorial, attn train, attn playground, attn open, attn inspect, attn tasks, attn plot, attn --help)`);
  const spec = COMMANDS[name as keyof typeof COMMANDS];
  const args = parseArgs(rest, { ...GLOBAL, ...spec.flags });
  if (args.flags.help) {
    console.log(command === undefined ? HELP : spec.help);
    return 0;
  }
  // only open takes an argument: the link (or the file that holds it)
  const takes = name === 'open' ? 1 : 0;
  if (args.positional.length > takes) throw new UsageError(`unexpected argument '${args.positional[takes]}'`);
  if (args.positional.length < takes) throw new UsageError('open needs a link or a file holding one: attn open LINK');
  const plugins: AttnPlugin[] = [];
  for (const path of (args.flags.plugin as string[] | undefined) ?? []) plugins.push(await loadPlugin(path));
  const registry = taskRegistry(plugins);
  if (name !== 'tasks' && name !== 'inspect' && interactive(args)) {
    const options = uiOptions(name === 'open' ? 'playground' : (name as Screen), args, registry, plugins);
    // before Ink and its chalk load: chalk reads the colour level once, at import
    process.env.FORCE_COLOR = forceColorLevel(process.env);
    const { runUi } = await import('./ui/run.js');
    return runUi(options);
  }
  switch (name) {
    case 'train':
      return trainCommand(args, registry, hooksOf(plugins));
    case 'playground':
    case 'open':
      return playgroundCommand(args, registry);
    case 'inspect':
      return inspectCommand(args, registry);
    case 'tasks':
      return tasksCommand(args, registry);
    case 'plot':
      return plotCommand(args, registry, hooksOf(plugins));
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
