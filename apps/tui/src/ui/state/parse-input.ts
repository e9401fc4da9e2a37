// Reading what a learner types with a task's own input reader (`task.input` of @attn/train):
// the screens only need to know whether a line is read, still incomplete, or refused.
import type { TaskInput } from '@attn/train';

/** The outcome of reading a line: values (and warnings), or why not (`incomplete` while more is still to come). */
export type Parsed =
  | { ok: true; values: number[]; warnings: string[] }
  | { ok: false; incomplete: boolean; message: string };

/**
 * Reads a line with a task's input: its `missing` note makes the line incomplete, its error
 * (an `AttnError` naming the problem) a refusal.
 *
 * @example
 * ```ts
 * readInput(addTwo().input, '3, 5'); // { ok: true, values: [3, 5], warnings: [] }
 * readInput(addTwo().input, '3');    // { ok: false, incomplete: true, message: 'type 2 numbers, got 1' }
 * ```
 */
export function readInput(input: TaskInput | undefined, text: string): Parsed {
  if (!input) return { ok: false, incomplete: true, message: 'no task' };
  try {
    const { values, warnings, missing } = input.parse(text);
    return missing === undefined ? { ok: true, values, warnings } : { ok: false, incomplete: true, message: missing };
  } catch (e) {
    return { ok: false, incomplete: false, message: (e as Error).message };
  }
}
