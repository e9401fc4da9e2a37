import type { ParsedArgs } from '../args.js';
import { goal } from '../metric-text.js';
import type { taskRegistry } from '../plugins.js';

export const TASKS_FLAGS = { json: 'flag' } as const;

export const TASKS_HELP = `attn tasks — list the tasks attn can train

Usage:
  attn [--plugin FILE]… tasks [--json]

Lists the built-in tasks and those contributed by plugins (--plugin), with the
metric each is judged by.`;

export function tasksCommand(args: ParsedArgs, registry: ReturnType<typeof taskRegistry>): number {
  const rows = [...registry].map(([name, { task, source }]) => {
    const t = task();
    return { name, description: t.description, metric: t.metric.name, higherIsBetter: t.metric.higherIsBetter, target: t.metric.target ?? null, source, goal: goal(t) };
  });
  // --json keeps the task's keys and values as they are; the text says them as the task labels them
  if (args.flags.json) {
    console.log(JSON.stringify(rows.map(({ goal: _goal, ...row }) => row)));
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    console.log(`${r.name.padEnd(width)}  ${r.description} [${r.goal}]${r.source === 'built-in' ? '' : ` (${r.source})`}`);
  }
  return 0;
}
