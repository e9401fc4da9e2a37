import { Text } from 'ink';
import stringWidth from 'string-width';
import type { Hint } from '../keys.js';
import type { Theme } from '../theme.js';

export interface KeyHintsProps {
  hints: readonly Hint[];
  width: number;
  theme: Theme;
}

// the footer is measured on every frame, and its few labels never change
const widths = new Map<string, number>();
const widthOf = (text: string) => {
  let w = widths.get(text);
  if (w === undefined) widths.set(text, (w = stringWidth(text)));
  return w;
};

/** The hints that fit in `width` columns, as `key label · key label`, in order. */
export function fitHints(hints: readonly Hint[], width: number): Hint[] {
  const out: Hint[] = [];
  let used = 0;
  for (const h of hints) {
    const w = widthOf(h.key) + 1 + widthOf(h.label) + (out.length ? 3 : 0);
    if (used + w > width) break;
    out.push(h);
    used += w;
  }
  return out;
}

/** What the footer ends with when not every hint fits: where the rest are. */
export const MORE = '? more keys';

/** One line of key hints (the footer): as many as fit, and a pointer to the help when some do not. */
export function KeyHints({ hints, width, theme }: KeyHintsProps) {
  const all = fitHints(hints, width);
  const shown = all.length < hints.length ? fitHints(hints, width - widthOf(MORE) - 3) : all;
  return (
    <Text wrap="truncate">
      {shown.map((h, i) => (
        <Text key={h.key + h.label}>
          {i > 0 ? <Text dimColor> · </Text> : null}
          <Text bold color={theme.color ? 'cyan' : undefined}>{h.key}</Text>
          <Text> {h.label}</Text>
        </Text>
      ))}
      {shown.length < hints.length ? <Text dimColor>{`${shown.length > 0 ? ' · ' : ''}${MORE}`}</Text> : null}
    </Text>
  );
}
