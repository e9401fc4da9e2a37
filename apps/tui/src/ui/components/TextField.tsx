import { Text } from 'ink';
import stringWidth from 'string-width';
import type { Theme } from '../theme.js';

export interface TextFieldProps {
  label: string;
  value: string;
  /** Where the cursor is in `value` (its end by default). */
  cursor?: number;
  /** Shows a block cursor. */
  focused: boolean;
  width: number;
  theme: Theme;
}

/**
 * The part `[from, to)` of `value` to show in `room` columns with the cursor at `cursor`: all of
 * it when it fits (a blank cursor cell after the end included), else a window that keeps the
 * cursor in view, a column left for `…` on each side where text is cut off.
 *
 * @example
 * ```ts
 * visibleWindow('3 5', 3, 10);                         // { from: 0, to: 3 }
 * visibleWindow('1 2 3 4 5 6 7 8 9 10 11 12', 0, 12);  // { from: 0, to: 11 }: '1 2 3 4 5 6' and '…'
 * ```
 */
export function visibleWindow(value: string, cursor: number, room: number): { from: number; to: number } {
  const at = Math.max(0, Math.min(value.length, cursor));
  let from = 0;
  let to = value.length;
  const cells = () => to - from + (from > 0 ? 1 : 0) + (to < value.length ? 1 : 0) + (at === value.length ? 1 : 0);
  if (cells() <= room) return { from, to };
  from = Math.max(0, at - Math.floor(room / 2));
  to = Math.min(value.length, from + room);
  while (cells() > room && to - from > 0) {
    if (to > at + 1) to--;
    else from++;
  }
  while (from > 0 && cells() < room) from--;
  return { from, to };
}

/**
 * One line of input: `label › value` with a block cursor on the character it is before (after the
 * end: a blank block). Too long to fit, it is scrolled to keep the cursor in view, with `…` where
 * text is cut off.
 */
export function TextField({ label, value, cursor = value.length, focused, width, theme }: TextFieldProps) {
  const room = Math.max(3, width - stringWidth(label) - 4);
  const at = Math.max(0, Math.min(value.length, cursor));
  const { from, to } = visibleWindow(value, at, room);
  const before = value.slice(from, at);
  const under = value.slice(at, at + 1);
  const after = value.slice(at + 1, to);
  // one line, never wrapped
  return (
    <Text wrap="truncate">
      <Text bold>{label}</Text>
      <Text color={theme.color ? 'cyan' : undefined}>{' › '}</Text>
      {from > 0 ? <Text dimColor>…</Text> : null}
      <Text>{before}</Text>
      {focused ? <Text inverse>{under || ' '}</Text> : <Text>{under}</Text>}
      <Text>{after}</Text>
      {to < value.length ? <Text dimColor>…</Text> : null}
    </Text>
  );
}
